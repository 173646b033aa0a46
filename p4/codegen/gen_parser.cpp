// The parser: one basic block per state. Headers are not copied: extract checks the
// packet bounds once and keeps the checked pointer, through which the rest of the
// pipeline reads and writes the header's fields.
#include <llvm/IR/Constants.h>

#include <functional>
#include <set>

#include "bpf/bpf_program.h"
#include "codegen/generator.h"
#include "codegen/network_bytes.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {
namespace {

const ParserState* stateOf(const Expr* e) {
  auto* path = dyn_cast<PathExpr>(e);
  return path ? dyn_cast<ParserState>(path->decl) : nullptr;
}

void successors(const ParserState* s, std::vector<const ParserState*>& out) {
  if (!s->transition) return;
  if (auto* st = stateOf(s->transition.get())) out.push_back(st);
  if (auto* sel = dyn_cast<SelectExpr>(s->transition.get()))
    for (const auto& c : sel->cases)
      if (c.state)
        if (auto* st = dyn_cast<ParserState>(c.state->decl)) out.push_back(st);
}

// Does the state extract into a header stack's .next? Such a state cannot run more
// often than the stack has elements (the extract fails with StackOutOfBounds), so a loop
// through it is bounded and the verifier walks it once per element.
bool extractsNext(const ParserState* s) {
  for (const auto& stmt : s->stmts) {
    auto* call = dyn_cast<CallStmt>(stmt.get());
    auto* callee = call ? dyn_cast<MemberExpr>(call->call->callee.get()) : nullptr;
    if (!callee || callee->member != "extract" || call->call->args.empty()) continue;
    auto* target = dyn_cast<MemberExpr>(call->call->args[0].value.get());
    if (target && target->member == "next") return true;
  }
  return false;
}

// A cycle in the state graph that does not pass through a state extracting into a stack's
// .next (TLV loops) would be a loop the verifier cannot bound; not supported yet.
const ParserState* findCycle(const ParserDecl* parser) {
  std::map<const ParserState*, int> color;  // 0 new, 1 on stack, 2 done
  const ParserState* found = nullptr;
  std::function<void(const ParserState*, int)> visit = [&](const ParserState* s, int depth) {
    if (found || depth > 10000 || extractsNext(s)) return;
    color[s] = 1;
    std::vector<const ParserState*> next;
    successors(s, next);
    for (auto* n : next) {
      if (color[n] == 1) { found = n; return; }
      if (color[n] == 0) visit(n, depth + 1);
    }
    color[s] = 2;
  };
  for (const auto& s : parser->states)
    if (color[s.get()] == 0) visit(s.get(), 0);
  return found;
}

}  // namespace

void Generator::setParserError(uint32_t code) { b_->CreateStore(b_->getInt32(code), parserError_); }

void Generator::declareParserLocals(const ParserDecl* parser) {
  for (const auto& local : parser->locals) {
    try {
      if (auto* v = dyn_cast<VarDecl>(local.get())) {
        LValuePtr storage = makeStorage(sema_.typeOfDecl(v), parser->name + "." + v->name, false, v->loc);
        if (v->init) assignFrom(storage, v->init.get(), v->loc);
        env_[v] = storage;
      } else if (auto* inst = dyn_cast<InstantiationDecl>(local.get())) {
        const Type* type = underlyingType(sema_.typeOfDecl(inst));
        if (type && type->is(TypeKind::Parser)) continue;  // a sub-parser: inlined where applied
        defineExtern(nullptr, inst);
      } else if (!isa<ConstDecl>(local.get())) {
        unsupported(local->loc, "this declaration in a parser (value sets ...)");
      }
    } catch (Unsupported&) {
    }
  }
}

// The states of `parser` from the current block on: accept goes to `accept`, reject to
// the reject block in force. The extracts count as the calling state's (`caller`, or
// each state's own for the main parser), so that header order follows the main parser.
void Generator::genParserStates(const ParserDecl* parser, llvm::BasicBlock* accept,
                                const ParserState* caller) {
  const ParserState* start = nullptr;
  for (const auto& s : parser->states) {
    stateBlocks_[s.get()] = newBlock(parser->name + ".state." + s->name);
    if (s->name == "start") start = s.get();
  }
  if (!start) unsupported(parser->loc, "a parser without a start state");
  llvm::BasicBlock* savedAccept = acceptBlock_;
  acceptBlock_ = accept;
  b_->CreateBr(stateBlocks_[start]);
  for (const auto& s : parser->states) {
    b_->SetInsertPoint(stateBlocks_[s.get()]);
    setLocation(s->loc);
    currentState_ = caller ? caller : s.get();
    genStmts(s->stmts);
    if (b_->GetInsertBlock()->getTerminator()) continueInNewBlock("dead");
    try {
      genTransition(s.get());
    } catch (Unsupported&) {
      if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(rejectBlock_);
    }
  }
  currentState_ = caller;
  acceptBlock_ = savedAccept;
  for (const auto& s : parser->states) stateBlocks_.erase(s.get());
}

// `sub.apply(pkt, ...)` in a parser state: the sub-parser's states run inline; its
// accept continues the calling state, its reject rejects the whole parse (P4-16
// "Invoking sub-parsers").
void Generator::inlineParser(const ParserDecl* parser, const CallTarget& target,
                             const InstantiationDecl* instance, SourceLoc loc) {
  if (!currentState_) unsupported(loc, "a parser applied outside a parser state");
  if (inlineDepth_ > 16) unsupported(loc, "sub-parsers nested this deeply");
  if (const ParserState* cyclic = findCycle(parser))
    unsupported(cyclic->loc, "loops in a sub-parser (state '" + cyclic->name + "' can repeat)");
  for (const auto& s : parser->states)
    if (extractsNext(s.get())) unsupported(s->loc, "header stack .next in a sub-parser");
  auto saved = saveBindings(parser->params, parser->ctorParams);
  bindConstructorArguments(parser->ctorParams, instance, loc);
  for (size_t i = 0; i < parser->params.size(); ++i) {
    const Type* type = underlyingType(sema_.typeOfDecl(parser->params[i].get()));
    if (type && type->is(TypeKind::Extern)) continue;  // packet_in: the one packet
    bindArgument(parser->params[i].get(), i < target.argForParam.size() ? target.argForParam[i] : nullptr, loc);
  }
  ++inlineDepth_;
  declareParserLocals(parser);
  llvm::BasicBlock* after = newBlock(parser->name + ".accepted");
  genParserStates(parser, after, currentState_);
  b_->SetInsertPoint(after);
  --inlineDepth_;
  restoreBindings(saved);
}

void Generator::genParser(const ParserDecl* parser, llvm::BasicBlock* done) {
  acceptBlock_ = done;
  rejectBlock_ = done;  // PNA: the main control runs and sees istd.parser_error
  declareParserLocals(parser);
  if (const ParserState* cyclic = findCycle(parser)) {
    try {
      unsupported(cyclic->loc, "parser loops (state '" + cyclic->name + "' can repeat)");
    } catch (Unsupported&) {
    }
    b_->CreateBr(done);
    return;
  }
  try {
    genParserStates(parser, done, nullptr);
  } catch (Unsupported&) {
    if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
  }
  currentState_ = nullptr;
}

std::set<std::pair<const HeaderSlot*, const HeaderSlot*>> Generator::extractOrder() const {
  // before[s]: headers some path extracts before reaching state s. The state graph has
  // no cycles (genParser rejects them), so iterating to a fixed point terminates.
  std::map<const ParserState*, std::set<const HeaderSlot*>> before, inState;
  for (const auto& [state, header] : extracts_) inState[state].insert(header);
  const ParserDecl* parser = pipeline_ ? pipeline_->parser : nullptr;
  if (parser) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& s : parser->states) {
        std::set<const HeaderSlot*> out = before[s.get()];
        out.insert(inState[s.get()].begin(), inState[s.get()].end());
        std::vector<const ParserState*> next;
        successors(s.get(), next);
        for (const ParserState* n : next)
          for (const HeaderSlot* h : out) changed |= before[n].insert(h).second;
      }
    }
  }
  std::set<std::pair<const HeaderSlot*, const HeaderSlot*>> order;
  std::map<const ParserState*, std::vector<const HeaderSlot*>> earlier;
  // Elements of one stack are always extracted in index order, whatever the loop.
  auto add = [&](const HeaderSlot* a, const HeaderSlot* b) {
    if (a->stack && a->stack == b->stack && a->stackIndex >= b->stackIndex) return;
    order.emplace(a, b);
  };
  for (const auto& [state, header] : extracts_) {
    for (const HeaderSlot* a : before[state]) add(a, header);
    for (const HeaderSlot* a : earlier[state]) add(a, header);
    earlier[state].push_back(header);
  }
  return order;
}

void Generator::genTransition(const ParserState* state) {
  const Expr* t = state->transition.get();
  if (t) setLocation(t->loc);
  if (!t) {
    b_->CreateBr(rejectBlock_);
    return;
  }
  if (auto* select = dyn_cast<SelectExpr>(t)) {
    genSelect(select);
    return;
  }
  auto* path = dyn_cast<PathExpr>(t);
  if (!path) unsupported(t->loc, "this transition");
  const Decl* target = path->decl;
  if (target == sema_.acceptState()) b_->CreateBr(acceptBlock_);
  else if (target == sema_.rejectState()) b_->CreateBr(rejectBlock_);
  else if (auto it = stateBlocks_.find(dyn_cast<ParserState>(target)); it != stateBlocks_.end())
    b_->CreateBr(it->second);
  else
    unsupported(t->loc, "this transition target");
}

llvm::Value* Generator::genKeysetMatch(const Expr* keyset, const Expr* selector) {
  if (isa<DefaultExpr>(keyset) || isa<DontCareExpr>(keyset)) return b_->getInt1(true);
  const Type* type = selector->type;
  llvm::Value* value = genExpr(selector);
  bool sign = isSigned(type);
  if (auto* bin = dyn_cast<BinaryExpr>(keyset)) {
    if (bin->op == BinaryOp::Mask) {
      llvm::Value* v = genValue(bin->lhs.get(), type);
      llvm::Value* m = genValue(bin->rhs.get(), type);
      return b_->CreateICmpEQ(b_->CreateAnd(value, m), b_->CreateAnd(v, m));
    }
    if (bin->op == BinaryOp::Range) {
      llvm::Value* lo = genValue(bin->lhs.get(), type);
      llvm::Value* hi = genValue(bin->rhs.get(), type);
      llvm::Value* geLo = sign ? b_->CreateICmpSGE(value, lo) : b_->CreateICmpUGE(value, lo);
      llvm::Value* leHi = sign ? b_->CreateICmpSLE(value, hi) : b_->CreateICmpULE(value, hi);
      return b_->CreateAnd(geLo, leHi);
    }
  }
  if (auto* path = dyn_cast<PathExpr>(keyset); path && isa<ValueSetDecl>(path->decl))
    unsupported(keyset->loc, "value sets");
  return b_->CreateICmpEQ(value, genValue(keyset, type));
}

void Generator::genSelect(const SelectExpr* select) {
  std::vector<const Expr*> selectors;
  for (const auto& part : select->selectorParts) selectors.push_back(part.get());
  for (const auto& s : select->selectors) {
    if (!select->selectorParts.empty()) break;  // a struct or tuple selector, split by sema
    // select((a, b)) arrives as one ListExpr selector.
    if (auto* list = dyn_cast<ListExpr>(s.get()))
      for (const auto& e : list->elements) selectors.push_back(e.get());
    else
      selectors.push_back(s.get());
  }
  for (const auto& c : select->cases) {
    setLocation(c.loc);
    llvm::Value* match = b_->getInt1(true);
    const Expr* keyset = c.keyset.get();
    if (isa<DefaultExpr>(keyset) || isa<DontCareExpr>(keyset)) {
      // matches everything
    } else if (auto* list = dyn_cast<ListExpr>(keyset); list && selectors.size() > 1) {
      if (list->elements.size() != selectors.size()) unsupported(c.loc, "this keyset");
      for (size_t i = 0; i < selectors.size(); ++i)
        match = b_->CreateAnd(match, genKeysetMatch(list->elements[i].get(), selectors[i]));
    } else {
      if (selectors.size() != 1) unsupported(c.loc, "this keyset");
      const Expr* k = keyset;
      if (auto* list = dyn_cast<ListExpr>(keyset); list && list->elements.size() == 1)
        k = list->elements[0].get();
      match = genKeysetMatch(k, selectors[0]);
    }
    llvm::BasicBlock* target = nullptr;
    const Decl* state = c.state ? c.state->decl : nullptr;
    if (state == sema_.acceptState()) target = acceptBlock_;
    else if (state == sema_.rejectState()) target = rejectBlock_;
    else if (auto it = stateBlocks_.find(state ? dyn_cast<ParserState>(state) : nullptr); it != stateBlocks_.end())
      target = it->second;
    if (!target) unsupported(c.loc, "this select target");
    llvm::BasicBlock* next = newBlock("select.next");
    if (target == rejectBlock_) {
      // An explicit reject keeps the error as it is.
      b_->CreateCondBr(match, target, next);
    } else {
      b_->CreateCondBr(match, target, next);
    }
    b_->SetInsertPoint(next);
  }
  setParserError(errors_->codeOf("NoMatch"));
  b_->CreateBr(rejectBlock_);
}

void Generator::genExtract(const CallExpr* call, const CallTarget& target) {
  const Expr* varbitBits = target.argForParam.size() > 1 ? target.argForParam[1] : nullptr;
  const Expr* arg = target.argForParam.empty() ? nullptr : target.argForParam[0];
  if (!arg) unsupported(call->loc, "this extract");
  LValuePtr lv = genLValue(arg);
  if (lv->kind == LValue::Kind::Unsupported) unsupported(arg->loc, lv->what);
  if (lv->kind == LValue::Kind::StackElement) {
    if (lv->what != "next") unsupported(arg->loc, "extracting into a header stack other than through .next");
    LValuePtr stack = lv->base;
    llvm::BasicBlock* full = newBlock("stack.full");
    llvm::Value* index = lv->value;
    forStackElement(stack, index, [&](const LValuePtr& element) -> llvm::Value* {
      extractInto(element, arg, call->loc);
      return nullptr;
    }, nullptr, full);
    b_->CreateStore(b_->CreateAdd(index, b_->getInt32(1)), stack->slot);
    llvm::BasicBlock* here = b_->GetInsertBlock();
    b_->SetInsertPoint(full);
    stackOutOfBounds();
    b_->SetInsertPoint(here);
    return;
  }
  if (varbitBits) {
    if (lv->kind != LValue::Kind::Header || lv->header->varbitField < 0 || !lv->header->inPacket)
      unsupported(arg->loc, "this two-argument extract (the header must be a parsed header with a varbit field)");
    extractVarbit(*lv->header, genExpr(varbitBits), call->loc);
  }
  extractInto(lv, arg, call->loc);
}

// The varbit part of a two-argument extract: checks the run-time size (whole bytes, at
// most the field's maximum: else ParserInvalidArgument or HeaderTooShort) and that the
// packet holds the fixed part plus that many bytes; extractInto then covers the fixed part
// and moves the cursor past both.
void Generator::extractVarbit(HeaderSlot& h, llvm::Value* bits, SourceLoc loc) {
  setLocation(loc);
  llvm::Value* wide = b_->CreateZExtOrTrunc(bits, b_->getInt64Ty());
  auto failWith = [&](llvm::Value* bad, const char* error) {
    llvm::BasicBlock* fail = newBlock(h.name + ".varbit_bad");
    llvm::BasicBlock* ok = newBlock(h.name + ".varbit_ok");
    b_->CreateCondBr(bad, fail, ok);
    b_->SetInsertPoint(fail);
    setParserError(errors_->codeOf(error));
    b_->CreateBr(rejectBlock_);
    b_->SetInsertPoint(ok);
  };
  failWith(b_->CreateICmpUGT(wide, b_->getInt64(8ull * h.varbitMaxBytes)), "HeaderTooShort");
  failWith(b_->CreateICmpNE(b_->CreateAnd(wide, b_->getInt64(7)), b_->getInt64(0)), "ParserInvalidArgument");
  // A mask the verifier can read as the bound (the check above already holds it).
  uint64_t mask = 1;
  while (mask < h.varbitMaxBytes + 1ull) mask <<= 1;
  llvm::Value* bytes = b_->CreateAnd(b_->CreateLShr(wide, 3), b_->getInt64(mask - 1), h.name + ".varbit_bytes");
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* end = b_->CreateAdd(b_->CreateAdd(offset, b_->getInt64(h.byteSize)), bytes);
  requirePacketUpTo(end, bytes, h.name + ".varbit");
  b_->CreateStore(bytes, h.varbitBytes);
}

// The packet holds the bytes before offset `end` (i64), or the parser rejects with
// PacketTooShort; nothing is checked when `bytes` (what the caller adds) is 0. `end` may
// sit exactly at the packet's end: the check is of its last byte, end - 1, plus one.
void Generator::requirePacketUpTo(llvm::Value* end, llvm::Value* bytes, const std::string& name) {
  llvm::BasicBlock* tooShort = newBlock(name + ".too_short");
  llvm::BasicBlock* check = newBlock(name + ".check");
  llvm::BasicBlock* done = newBlock(name + ".done");
  b_->CreateCondBr(b_->CreateICmpEQ(bytes, b_->getInt64(0)), done, check);
  b_->SetInsertPoint(check);
  llvm::Value* last = bpf::packetAddress(*b_, packet_, b_->CreateSub(end, b_->getInt64(1)), name + ".last");
  bpf::checkPacketBounds(*b_, packet_, last, 1, tooShort);
  b_->CreateBr(done);
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(done);
}

void Generator::extractInto(const LValuePtr& lv, const Expr* arg, SourceLoc loc) {
  if (lv->kind != LValue::Kind::Header || !lv->header->inPacket)
    unsupported(loc, "extracting into '" + printExpr(*arg) +
                         "', which is not a header of the parsed headers struct");
  HeaderSlot& h = *lv->header;
  if (h.varbitField >= 0 && !h.varbitBytes) unsupported(loc, "this varbit header");
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = bpf::packetAddress(*b_, packet_, offset, h.name);
  llvm::BasicBlock* tooShort = newBlock(h.name + ".too_short");
  bpf::checkPacketBounds(*b_, packet_, start, h.byteSize, tooShort);
  b_->CreateStore(start, h.ptr);
  b_->CreateStore(offset, h.offset);
  b_->CreateStore(b_->getInt1(true), h.valid);
  for (HeaderSlot* other : h.unionSiblings) {
    b_->CreateStore(b_->getInt1(false), other->valid);
    if (other->ptr) b_->CreateStore(invalidHeaderStorage(), other->ptr);
  }
  if (h.detached) b_->CreateStore(b_->getInt1(false), h.detached);
  llvm::Value* size = b_->getInt64(h.byteSize);
  if (h.varbitBytes) size = b_->CreateAdd(size, b_->CreateLoad(b_->getInt64Ty(), h.varbitBytes));
  b_->CreateStore(b_->CreateAdd(offset, size), cursor_);
  h.extracted = true;
  extracts_.emplace_back(currentState_, &h);
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
}

LValuePtr Generator::genLookaheadHeader(const CallExpr* call) {
  const CallTarget* target = sema_.callTarget(call);
  if (!target || target->kind != CallTarget::Kind::ExternMethod || !target->decl ||
      target->decl->name != "lookahead")
    return nullptr;
  const Type* type = target->typeArgs.empty() ? call->type : target->typeArgs[0];
  auto* header = dyn_cast<StructType>(underlyingType(type));
  if (!header || !header->is(TypeKind::Header)) return nullptr;
  // A copy: the header is peeked at, not extracted, so it has no place in the packet.
  LValuePtr copy = makeStorage(type, "lookahead", false, call->loc);
  if (copy->kind != LValue::Kind::Header) unsupported(call->loc, copy->what.empty() ? "this lookahead" : copy->what);
  HeaderSlot& h = *copy->header;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = bpf::packetAddress(*b_, packet_, offset, "lookahead");
  llvm::BasicBlock* tooShort = newBlock("lookahead.too_short");
  bpf::checkPacketBounds(*b_, packet_, start, h.byteSize, tooShort);
  for (size_t f = 0; f < h.fields.size(); ++f) {
    int width = widthOf(header->fields[f].type, call->loc);
    writeLValue(h.fields[f], loadNetworkBits(*b_, start, h.bitOffsets[f], width, 0), call->loc);
  }
  b_->CreateStore(b_->getInt1(true), h.valid);
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
  return copy;
}

llvm::Value* Generator::genLookahead(const CallExpr* call, const CallTarget& target) {
  const Type* type = target.typeArgs.empty() ? call->type : target.typeArgs[0];
  const Type* vt = valueType(type);
  if (!vt || !(vt->is(TypeKind::Bits) || vt->is(TypeKind::Bool)))
    unsupported(call->loc, "lookahead of a type other than bit<W>");
  int width = widthOf(vt, call->loc);
  uint32_t bytes = (width + 7) / 8;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = bpf::packetAddress(*b_, packet_, offset, "lookahead");
  llvm::BasicBlock* tooShort = newBlock("lookahead.too_short");
  bpf::checkPacketBounds(*b_, packet_, start, bytes, tooShort);
  llvm::Value* value = loadNetworkBits(*b_, start, 0, width, 0);
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
  return value;
}

void Generator::genAdvance(const CallExpr* call, const CallTarget& target) {
  const Expr* arg = target.argForParam.empty() ? nullptr : target.argForParam[0];
  if (!arg) unsupported(call->loc, "this advance");
  auto bits = sema_.constantValue(arg);
  if (!bits) {
    genAdvanceBy(genExpr(arg), call->loc);
    return;
  }
  if (*bits < 0 || *bits % 8 != 0 || *bits > 8 * kMaxSkippedBytes)
    unsupported(call->loc, "advance by a constant that is not a whole number of bytes up to " +
                               std::to_string(kMaxSkippedBytes));
  uint64_t bytes = bits->get_ui() / 8;
  if (bytes == 0) return;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = bpf::packetAddress(*b_, packet_, offset, "advance");
  llvm::BasicBlock* tooShort = newBlock("advance.too_short");
  bpf::checkPacketBounds(*b_, packet_, start, bytes, tooShort);
  b_->CreateStore(b_->CreateAdd(offset, b_->getInt64(bytes)), cursor_);
  advanced_ = true;
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
}

}  // namespace p4nfc::codegen

namespace p4nfc::codegen {

// advance by a run-time number of bits: whole bytes only (the packet is addressed in
// bytes), at most kMaxSkippedBytes so that the verifier sees a bounded offset. Anything
// else is a parser error (ParserInvalidArgument); past the end, PacketTooShort.
void Generator::genAdvanceBy(llvm::Value* bits, SourceLoc loc) {
  llvm::Value* wide = b_->CreateZExtOrTrunc(bits, b_->getInt64Ty());
  llvm::BasicBlock* invalid = newBlock("advance.invalid");
  llvm::BasicBlock* ok = newBlock("advance.ok");
  llvm::Value* bad = b_->CreateOr(b_->CreateICmpNE(b_->CreateAnd(wide, b_->getInt64(7)), b_->getInt64(0)),
                                  b_->CreateICmpUGT(wide, b_->getInt64(8 * kMaxSkippedBytes)));
  b_->CreateCondBr(bad, invalid, ok);
  b_->SetInsertPoint(invalid);
  setParserError(errors_->codeOf("ParserInvalidArgument"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(ok);
  llvm::Value* bytes = b_->CreateAnd(b_->CreateLShr(wide, 3), b_->getInt64(kMaxSkippedBytes * 2 - 1));
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* next = b_->CreateAdd(offset, bytes, "advanced");
  requirePacketUpTo(next, bytes, "advance");
  b_->CreateStore(next, cursor_);
  advanced_ = true;
  setLocation(loc);
}

}  // namespace p4nfc::codegen
