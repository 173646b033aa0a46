// The parser: one basic block per state. Headers are not copied: extract checks the
// packet bounds once and keeps the checked pointer, through which the rest of the
// pipeline reads and writes the header's fields.
#include <llvm/IR/Constants.h>

#include <functional>
#include <set>

#include "backend/bpf_program.h"
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

// A cycle in the state graph (header stacks, TLV loops) would be a loop the verifier walks
// once per iteration; not supported yet.
const ParserState* findCycle(const ParserDecl* parser) {
  std::map<const ParserState*, int> color;  // 0 new, 1 on stack, 2 done
  const ParserState* found = nullptr;
  std::function<void(const ParserState*, int)> visit = [&](const ParserState* s, int depth) {
    if (found || depth > 10000) return;
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

void Generator::genParser(const ParserDecl* parser, llvm::BasicBlock* done) {
  acceptBlock_ = done;
  rejectBlock_ = done;  // PNA: the main control runs and sees istd.parser_error
  for (const auto& local : parser->locals) {
    try {
      if (auto* v = dyn_cast<VarDecl>(local.get())) {
        LValuePtr storage = makeStorage(sema_.typeOfDecl(v), parser->name + "." + v->name, false, v->loc);
        if (v->init) assignFrom(storage, v->init.get(), v->loc);
        env_[v] = storage;
      } else if (auto* inst = dyn_cast<InstantiationDecl>(local.get())) {
        defineExtern(nullptr, inst);
      } else if (!isa<ConstDecl>(local.get())) {
        unsupported(local->loc, "this declaration in a parser (value sets, sub-parsers ...)");
      }
    } catch (Unsupported&) {
    }
  }
  if (const ParserState* cyclic = findCycle(parser)) {
    try {
      unsupported(cyclic->loc, "parser loops (state '" + cyclic->name + "' can repeat)");
    } catch (Unsupported&) {
    }
    b_->CreateBr(done);
    return;
  }
  const ParserState* start = nullptr;
  for (const auto& s : parser->states) {
    stateBlocks_[s.get()] = newBlock("state." + s->name);
    if (s->name == "start") start = s.get();
  }
  if (!start) {
    try {
      unsupported(parser->loc, "a parser without a start state");
    } catch (Unsupported&) {
    }
    b_->CreateBr(done);
    return;
  }
  b_->CreateBr(stateBlocks_[start]);
  for (const auto& s : parser->states) {
    b_->SetInsertPoint(stateBlocks_[s.get()]);
    setLocation(s->loc);
    genStmts(s->stmts);
    if (b_->GetInsertBlock()->getTerminator()) continueInNewBlock("dead");
    try {
      genTransition(s.get());
    } catch (Unsupported&) {
      if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(rejectBlock_);
    }
  }
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
  for (const auto& s : select->selectors) {
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
  if (target.argForParam.size() > 1 && target.argForParam[1])
    unsupported(call->loc, "extracting variable-size headers (varbit)");
  const Expr* arg = target.argForParam.empty() ? nullptr : target.argForParam[0];
  if (!arg) unsupported(call->loc, "this extract");
  LValuePtr lv = genLValue(arg);
  if (lv->kind == LValue::Kind::Unsupported) unsupported(arg->loc, lv->what);
  if (lv->kind != LValue::Kind::Header || !lv->header->inPacket)
    unsupported(arg->loc, "extracting into '" + printExpr(*arg) +
                              "', which is not a header of the parsed headers struct");
  HeaderSlot& h = *lv->header;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = backend::packetAddress(*b_, packet_, offset, h.name);
  llvm::BasicBlock* tooShort = newBlock(h.name + ".too_short");
  backend::checkPacketBounds(*b_, packet_, start, h.byteSize, tooShort);
  b_->CreateStore(start, h.ptr);
  b_->CreateStore(b_->getInt1(true), h.valid);
  b_->CreateStore(b_->CreateAdd(offset, b_->getInt64(h.byteSize)), cursor_);
  h.extracted = true;
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
}

llvm::Value* Generator::genLookahead(const CallExpr* call, const CallTarget& target) {
  const Type* type = target.typeArgs.empty() ? call->type : target.typeArgs[0];
  const Type* vt = valueType(type);
  if (!vt || !(vt->is(TypeKind::Bits) || vt->is(TypeKind::Bool)))
    unsupported(call->loc, "lookahead of a type other than bit<W>");
  int width = widthOf(vt, call->loc);
  uint32_t bytes = (width + 7) / 8;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = backend::packetAddress(*b_, packet_, offset, "lookahead");
  llvm::BasicBlock* tooShort = newBlock("lookahead.too_short");
  backend::checkPacketBounds(*b_, packet_, start, bytes, tooShort);
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
  auto bits = arg ? sema_.constantValue(arg) : std::nullopt;
  if (!bits || *bits < 0 || *bits % 8 != 0 || *bits > 8 * 1500)
    unsupported(call->loc, "advance by an amount that is not a constant number of bytes");
  uint64_t bytes = bits->get_ui() / 8;
  if (bytes == 0) return;
  llvm::Value* offset = b_->CreateLoad(b_->getInt64Ty(), cursor_, "cursor");
  llvm::Value* start = backend::packetAddress(*b_, packet_, offset, "advance");
  llvm::BasicBlock* tooShort = newBlock("advance.too_short");
  backend::checkPacketBounds(*b_, packet_, start, bytes, tooShort);
  b_->CreateStore(b_->CreateAdd(offset, b_->getInt64(bytes)), cursor_);
  llvm::BasicBlock* here = b_->GetInsertBlock();
  b_->SetInsertPoint(tooShort);
  setParserError(errors_->codeOf("PacketTooShort"));
  b_->CreateBr(rejectBlock_);
  b_->SetInsertPoint(here);
}

}  // namespace p4nfc::codegen
