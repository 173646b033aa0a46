// Statements and calls. Actions, functions and sub-controls are inlined at their call
// sites: parameters are bound to the argument's storage (out/inout, and in for structs and
// headers, which callees cannot modify) or to its value (scalar in).
#include <llvm/IR/Constants.h>

#include "codegen/generator.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {

llvm::BasicBlock* Generator::newBlock(const std::string& name) {
  return llvm::BasicBlock::Create(ctx_, name, program_.function);
}

void Generator::continueInNewBlock(const std::string& name) {
  b_->SetInsertPoint(newBlock(name));
}

void Generator::genStmts(const std::vector<StmtPtr>& stmts) {
  for (const auto& s : stmts) genStmt(s.get());
}

void Generator::genBlock(const BlockStmt* block) {
  if (block) genStmts(block->stmts);
}

void Generator::genStmt(const Stmt* s) {
  if (b_->GetInsertBlock()->getTerminator()) continueInNewBlock("dead");
  setLocation(s->loc);
  try {
    switch (s->kind) {
      case NodeKind::AssignStmt: genAssign(cast<AssignStmt>(s)); return;
      case NodeKind::CallStmt: genCall(cast<CallStmt>(s)->call.get()); return;
      case NodeKind::IfStmt: genIf(cast<IfStmt>(s)); return;
      case NodeKind::SwitchStmt: genSwitch(cast<SwitchStmt>(s)); return;
      case NodeKind::BlockStmt: genBlock(cast<BlockStmt>(s)); return;
      case NodeKind::EmptyStmt: return;
      case NodeKind::DeclStmt: genLocalDecl(cast<DeclStmt>(s)->decl.get()); return;
      case NodeKind::ForInStmt: genForIn(cast<ForInStmt>(s)); return;
      case NodeKind::ForStmt:
        unsupported(s->loc, "for loops with a condition (a loop over a constant range, "
                            "for (T x in lo .. hi), is unrolled)");
      case NodeKind::BreakStmt:
      case NodeKind::ContinueStmt:
        if (loops_.empty()) unsupported(s->loc, "break or continue here");
        b_->CreateBr(s->kind == NodeKind::BreakStmt ? loops_.back().breakTarget
                                                    : loops_.back().continueTarget);
        continueInNewBlock("after.jump");
        return;
      case NodeKind::ExitStmt:
        b_->CreateBr(exitTarget_);
        continueInNewBlock("after.exit");
        return;
      case NodeKind::ReturnStmt: {
        auto* ret = cast<ReturnStmt>(s);
        if (frames_.empty()) unsupported(s->loc, "return outside an action, function or control");
        Frame& f = frames_.back();
        if (ret->value) {
          if (!f.returnSlot) unsupported(s->loc, "returning a value here");
          b_->CreateStore(genValue(ret->value.get(), f.returnType), f.returnSlot);
        }
        b_->CreateBr(f.returnTarget);
        continueInNewBlock("after.return");
        return;
      }
      default:
        unsupported(s->loc, "this statement");
    }
  } catch (Unsupported&) {
    // Reported already; carry on with the next statement in a fresh block.
    continueInNewBlock("after.error");
  }
}

void Generator::assignFrom(const LValuePtr& lv, const Expr* rhs, SourceLoc loc) {
  if (lv->kind == LValue::Kind::Unsupported) unsupported(loc, lv->what);
  bool aggregate = lv->kind == LValue::Kind::Struct || lv->kind == LValue::Kind::Header;
  if (!aggregate) {
    writeLValue(lv, genValue(rhs, lv->type), loc);
    return;
  }
  // `...` is the type's default: zero fields (enums count from 0, error.NoError is 0),
  // and an invalid header, as `{#}` is.
  if (isa<InvalidHeaderExpr>(rhs) || isa<DefaultValueExpr>(rhs)) {
    zeroLValue(lv, loc);
    return;
  }
  std::vector<std::pair<std::string, const Expr*>> inits;
  bool defaultRest = false;  // `{a, ...}`: the fields not given take their defaults
  if (auto* se = dyn_cast<StructExpr>(rhs)) {
    for (const auto& f : se->fields) inits.emplace_back(f.name, f.value.get());
    defaultRest = se->defaultRest;
  } else if (auto* list = dyn_cast<ListExpr>(rhs)) {
    const auto* st = dyn_cast<StructType>(underlyingType(lv->type));
    defaultRest = list->defaultRest;
    if (!st || st->fields.size() < list->elements.size() ||
        (!defaultRest && st->fields.size() != list->elements.size()))
      unsupported(loc, "this list initializer");
    for (size_t i = 0; i < list->elements.size(); ++i)
      inits.emplace_back(st->fields[i].name, list->elements[i].get());
  } else if (auto* cast = dyn_cast<CastExpr>(rhs); cast && isa<StructExpr>(cast->expr.get())) {
    assignFrom(lv, cast->expr.get(), loc);
    return;
  } else {
    copyLValue(lv, genLValue(rhs), loc);
    return;
  }
  if (lv->kind == LValue::Kind::Struct) {
    if (defaultRest) zeroLValue(lv, loc);
    for (const auto& [name, value] : inits) {
      LValuePtr member = lv->member(name);
      if (!member) unsupported(loc, "initializing '" + name + "'");
      assignFrom(member, value, loc);
    }
    return;
  }
  HeaderSlot& h = *lv->header;
  if (h.inPacket) detachHeader(h, loc);
  b_->CreateStore(b_->getInt1(true), h.valid);
  if (defaultRest)
    for (size_t i = 0; i < h.type->fields.size(); ++i) {
      const auto& field = h.type->fields[i];
      bool given = false;
      for (const auto& init : inits) given = given || init.first == field.name;
      if (!given)
        writeLValue(h.fields[i], llvm::Constant::getNullValue(lowerType(field.type, loc)), loc);
    }
  for (const auto& [name, value] : inits) {
    int index = h.type->fieldIndex(name);
    if (index < 0) unsupported(loc, "initializing '" + name + "'");
    assignFrom(h.fields[index], value, loc);
  }
}

namespace {

// Whether evaluating `e` calls something (a function, method or table), which a compound
// assignment must then do once only.
bool containsCall(const Expr* e, int depth = 0) {
  if (!e || depth > 256) return false;
  if (isa<CallExpr>(e)) return true;
  if (auto* m = dyn_cast<MemberExpr>(e)) return containsCall(m->base.get(), depth + 1);
  if (auto* i = dyn_cast<IndexExpr>(e))
    return containsCall(i->base.get(), depth + 1) || containsCall(i->index.get(), depth + 1);
  if (auto* s = dyn_cast<SliceExpr>(e)) return containsCall(s->base.get(), depth + 1);
  if (auto* b = dyn_cast<BinaryExpr>(e))
    return containsCall(b->lhs.get(), depth + 1) || containsCall(b->rhs.get(), depth + 1);
  if (auto* u = dyn_cast<UnaryExpr>(e)) return containsCall(u->operand.get(), depth + 1);
  if (auto* c = dyn_cast<CastExpr>(e)) return containsCall(c->expr.get(), depth + 1);
  if (auto* t = dyn_cast<TernaryExpr>(e))
    return containsCall(t->cond.get(), depth + 1) || containsCall(t->thenExpr.get(), depth + 1) ||
           containsCall(t->elseExpr.get(), depth + 1);
  return false;
}

}  // namespace

void Generator::genAssign(const AssignStmt* s) {
  // Sema lowered `a op= b` to `a = a op b` over a copy of `a`; that evaluates `a` twice,
  // which is only the same when `a` calls nothing.
  if (s->compoundLowered && containsCall(s->lhs.get()))
    unsupported(s->loc, "a compound assignment whose target calls a function");
  LValuePtr lv = genLValue(s->lhs.get());
  assignFrom(lv, s->rhs.get(), s->loc);
}

// Loops are unrolled: the BPF verifier then sees straight-line code whatever it can or
// cannot prove about a loop. A range must have constant ends; a list is evaluated once,
// element by element, before the first iteration (P4-16 "For statement").
void Generator::genForIn(const ForInStmt* s) {
  constexpr int64_t kMaxIterations = 256;
  const VarDecl* var = s->var.get();
  const Type* varType = sema_.typeOfDecl(var);
  std::vector<llvm::Value*> values;
  auto* range = dyn_cast<BinaryExpr>(s->collection.get());
  if (range && range->op == BinaryOp::Range) {
    auto lo = sema_.constantValue(range->lhs.get());
    auto hi = sema_.constantValue(range->rhs.get());
    if (!lo || !hi) unsupported(s->collection->loc, "a loop over a range whose ends are not constants");
    if (*hi - *lo >= kMaxIterations)
      unsupported(s->collection->loc, "a loop of more than 256 iterations");
    llvm::Type* type = lowerType(varType, var->loc);
    for (mpz_class v = *lo; v <= *hi; ++v) values.push_back(constant(v, type));
  } else if (auto* list = dyn_cast<ListExpr>(s->collection.get())) {
    if (static_cast<int64_t>(list->elements.size()) > kMaxIterations)
      unsupported(s->collection->loc, "a loop of more than 256 iterations");
    for (const auto& e : list->elements) values.push_back(genValue(e.get(), varType));
  } else if (s->elements.empty()) {
    unsupported(s->collection->loc, "a loop over this collection (ranges, lists and header stacks are supported)");
  }
  LValuePtr storage = makeStorage(varType, var->name, false, var->loc);
  env_[var] = storage;
  llvm::BasicBlock* done = newBlock("for.done");
  // A header stack's elements are copied into the loop variable one by one (sema gave
  // their expressions); ranges and lists were evaluated above.
  size_t iterations = s->elements.empty() ? values.size() : s->elements.size();
  for (size_t i = 0; i < iterations; ++i) {
    llvm::BasicBlock* next = newBlock("for.next");
    if (s->elements.empty())
      writeLValue(storage, values[i], var->loc);
    else
      assignFrom(storage, s->elements[i].get(), var->loc);
    loops_.push_back({done, next});
    genStmt(s->body.get());
    loops_.pop_back();
    if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(next);
    b_->SetInsertPoint(next);
  }
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

void Generator::genIf(const IfStmt* s) {
  llvm::Value* cond = genCondition(s->cond.get());
  llvm::BasicBlock* thenBlock = newBlock("if.then");
  llvm::BasicBlock* done = newBlock("if.done");
  llvm::BasicBlock* elseBlock = s->elseStmt ? newBlock("if.else") : done;
  b_->CreateCondBr(cond, thenBlock, elseBlock);
  b_->SetInsertPoint(thenBlock);
  genStmt(s->thenStmt.get());
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
  if (s->elseStmt) {
    b_->SetInsertPoint(elseBlock);
    genStmt(s->elseStmt.get());
    if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
  }
  b_->SetInsertPoint(done);
}

void Generator::genSwitch(const SwitchStmt* s) {
  llvm::Value* value = nullptr;
  const TableState* table = nullptr;
  auto* member = dyn_cast<MemberExpr>(s->expr.get());
  if (member && member->member == "action_run" && member->base->type &&
      member->base->type->is(TypeKind::ApplyResult)) {
    auto* call = dyn_cast<CallExpr>(member->base.get());
    const CallTarget* target = call ? sema_.callTarget(call) : nullptr;
    if (!target || target->kind != CallTarget::Kind::TableApply)
      unsupported(s->loc, "this switch expression");
    ApplyResult r = genTableApply(cast<TableDecl>(target->decl), s->loc);
    value = r.actionId;
    table = r.table;
  } else {
    value = genExpr(s->expr.get());
  }
  auto* type = llvm::cast<llvm::IntegerType>(value->getType());
  llvm::BasicBlock* done = newBlock("switch.done");
  llvm::BasicBlock* defaultBlock = done;
  // Bodies in order; a label without a body shares the next body.
  std::vector<llvm::BasicBlock*> bodies(s->cases.size(), nullptr);
  llvm::BasicBlock* next = nullptr;
  for (size_t i = s->cases.size(); i-- > 0;) {
    if (s->cases[i].body) next = newBlock("switch.case");
    bodies[i] = next ? next : done;
  }
  llvm::SwitchInst* sw = b_->CreateSwitch(value, done);
  std::set<uint64_t> seen;
  for (size_t i = 0; i < s->cases.size(); ++i) {
    const Expr* label = s->cases[i].label.get();
    if (isa<DefaultExpr>(label)) {
      defaultBlock = bodies[i];
      continue;
    }
    llvm::ConstantInt* c = nullptr;
    if (table) {
      auto* path = dyn_cast<PathExpr>(label);
      auto* action = path ? dyn_cast<ActionDecl>(path->decl) : nullptr;
      const midend::TableActionLayout* a = action ? table->layout.action(action) : nullptr;
      if (!a) unsupported(label->loc, "this switch label");
      c = b_->getInt32(a->id);
    } else {
      llvm::BasicBlock* here = b_->GetInsertBlock();
      b_->SetInsertPoint(sw);
      c = llvm::dyn_cast<llvm::ConstantInt>(genValue(label, s->expr->type));
      b_->SetInsertPoint(here);
      if (!c) unsupported(label->loc, "switch labels that are not constants");
      c = llvm::cast<llvm::ConstantInt>(llvm::ConstantInt::get(type, c->getValue().zextOrTrunc(type->getBitWidth())));
    }
    if (seen.insert(c->getZExtValue()).second) sw->addCase(c, bodies[i]);
  }
  sw->setDefaultDest(defaultBlock);
  for (size_t i = 0; i < s->cases.size(); ++i) {
    if (!s->cases[i].body) continue;
    b_->SetInsertPoint(bodies[i]);
    genBlock(s->cases[i].body.get());
    if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
  }
  b_->SetInsertPoint(done);
}

void Generator::genLocalDecl(const Decl* d) {
  if (isa<ConstDecl>(d)) return;
  if (auto* v = dyn_cast<VarDecl>(d)) {
    LValuePtr storage = makeStorage(sema_.typeOfDecl(v), v->name, false, v->loc);
    // A fresh variable on every execution: reset, so a re-run (an action applied twice)
    // does not see the previous value.
    zeroLValue(storage, v->loc);
    if (v->init) assignFrom(storage, v->init.get(), v->loc);
    env_[v] = storage;
    return;
  }
  unsupported(d->loc, std::string("the local declaration '") + d->name + "'");
}

void Generator::bindArgument(const Parameter* p, const Expr* arg, SourceLoc loc) {
  const Type* type = sema_.typeOfDecl(p);
  const Type* t = underlyingType(type);
  bool aggregate = t && (t->isStructLike() || t->is(TypeKind::Stack) || t->is(TypeKind::Extern));
  if (!arg) {
    if (p->defaultValue) arg = p->defaultValue.get();
    else {
      LValuePtr storage = makeStorage(type, p->name, false, loc);
      zeroLValue(storage, loc);
      env_[p] = storage;
      return;
    }
  }
  if (isa<DontCareExpr>(arg)) {
    LValuePtr storage = makeStorage(type, p->name, false, loc);
    zeroLValue(storage, loc);
    env_[p] = storage;
    return;
  }
  if (p->direction == Direction::Out || p->direction == Direction::InOut) {
    env_[p] = genLValue(arg);
    return;
  }
  if (aggregate) {
    if (isa<PathExpr>(arg) || isa<MemberExpr>(arg)) {
      env_[p] = genLValue(arg);
    } else {
      LValuePtr storage = makeStorage(type, p->name, false, loc);
      assignFrom(storage, arg, loc);
      env_[p] = storage;
    }
    return;
  }
  auto lv = std::make_shared<LValue>();
  lv->kind = LValue::Kind::Value;
  lv->type = type;
  lv->value = genValue(arg, type);
  env_[p] = lv;
}

llvm::Value* Generator::inlineCallable(const CallTarget& target, const Parameters& params,
                                       const BlockStmt* body, const Type* returnType,
                                       SourceLoc loc) {
  if (inlineDepth_ > 64) unsupported(loc, "calls nested more than 64 deep");
  std::vector<std::pair<const Decl*, LValuePtr>> saved;
  for (const auto& p : params) {
    auto it = env_.find(p.get());
    saved.emplace_back(p.get(), it == env_.end() ? nullptr : it->second);
  }
  // Arguments are evaluated in the caller's bindings, then bound all at once.
  std::vector<std::pair<const Decl*, LValuePtr>> bound;
  for (size_t i = 0; i < params.size(); ++i) {
    const Expr* arg = i < target.argForParam.size() ? target.argForParam[i] : nullptr;
    bindArgument(params[i].get(), arg, loc);
    bound.emplace_back(params[i].get(), env_[params[i].get()]);
  }
  for (auto& [decl, lv] : bound) env_[decl] = lv;
  Frame frame;
  frame.returnTarget = newBlock("return");
  frame.returnType = returnType;
  const Type* rt = underlyingType(returnType);
  if (rt && !rt->is(TypeKind::Void)) {
    frame.returnSlot = entryAlloca(lowerType(returnType, loc), "retval");
    b_->CreateStore(llvm::Constant::getNullValue(frame.returnSlot->getAllocatedType()), frame.returnSlot);
  }
  frames_.push_back(frame);
  ++inlineDepth_;
  genBlock(body);
  --inlineDepth_;
  frames_.pop_back();
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(frame.returnTarget);
  b_->SetInsertPoint(frame.returnTarget);
  for (auto& [decl, lv] : saved) {
    if (lv) env_[decl] = lv;
    else env_.erase(decl);
  }
  if (!frame.returnSlot) return nullptr;
  return b_->CreateLoad(frame.returnSlot->getAllocatedType(), frame.returnSlot);
}

llvm::Value* Generator::genBuiltin(const CallExpr* call, const CallTarget& target) {
  if (!target.receiver) unsupported(call->loc, "this built-in method");
  LValuePtr lv = genLValue(target.receiver);
  if (lv->kind == LValue::Kind::Unsupported) unsupported(call->loc, lv->what);
  if (lv->kind == LValue::Kind::Stack) {
    genStackBuiltin(call, target, lv);  // gen_stack.cpp
    return nullptr;
  }
  if (lv->kind == LValue::Kind::Struct && target.builtin == CallTarget::Builtin::IsValid) {
    // A header union: valid when one of its members is.
    llvm::Value* any = b_->getInt1(false);
    for (const auto& [name, member] : lv->members)
      if (member->kind == LValue::Kind::Header)
        any = b_->CreateOr(any, b_->CreateLoad(b_->getInt1Ty(), member->header->valid));
    return any;
  }
  if (lv->kind != LValue::Kind::Header) unsupported(call->loc, "this built-in method");
  HeaderSlot& h = *lv->header;
  switch (target.builtin) {
    case CallTarget::Builtin::IsValid:
      return b_->CreateLoad(b_->getInt1Ty(), h.valid);
    case CallTarget::Builtin::SetValid:
    case CallTarget::Builtin::SetInvalid:
      setHeaderValidity(h, target.builtin == CallTarget::Builtin::SetValid, call->loc);
      return nullptr;
    default:
      unsupported(call->loc, "this built-in method");
  }
}

llvm::Value* Generator::genCall(const CallExpr* call) {
  setLocation(call->loc);
  const CallTarget* target = sema_.callTarget(call);
  if (!target) unsupported(call->loc, "this call");
  switch (target->kind) {
    case CallTarget::Kind::Action: {
      auto* action = cast<ActionDecl>(target->decl);
      return inlineCallable(*target, action->params, action->body.get(), nullptr, call->loc);
    }
    case CallTarget::Kind::Function: {
      auto* f = cast<FunctionDecl>(target->decl);
      if (!f->typeParams.empty()) unsupported(call->loc, "generic functions");
      const Type* rt = f->returnType ? f->returnType->resolved : nullptr;
      return inlineCallable(*target, f->params, f->body.get(), rt, call->loc);
    }
    case CallTarget::Kind::ExternFunction:
      return genExternFunction(call, *target);
    case CallTarget::Kind::ExternMethod:
      return genExternMethod(call, *target);
    case CallTarget::Kind::TableApply:
      genTableApply(cast<TableDecl>(target->decl), call->loc);
      return nullptr;
    case CallTarget::Kind::ControlApply:
      if (auto* control = dyn_cast<ControlDecl>(target->decl)) {
        inlineControl(control, *target, instanceApplied(call), call->loc);
        return nullptr;
      }
      unsupported(call->loc, "applying this control");
    case CallTarget::Kind::Builtin:
      return genBuiltin(call, *target);
    case CallTarget::Kind::ParserApply:
      if (auto* parser = dyn_cast<ParserDecl>(target->decl)) {
        inlineParser(parser, *target, instanceApplied(call), call->loc);
        return nullptr;
      }
      unsupported(call->loc, "applying this parser");
    default:
      unsupported(call->loc, "this call");
  }
}

void Generator::declareControlLocals(const ControlDecl* control) {
  for (const auto& local : control->locals) {
    try {
      setLocation(local->loc);
      if (auto* v = dyn_cast<VarDecl>(local.get())) {
        LValuePtr storage = makeStorage(sema_.typeOfDecl(v), control->name + "." + v->name, false, v->loc);
        zeroLValue(storage, v->loc);
        if (v->init) assignFrom(storage, v->init.get(), v->loc);
        env_[v] = storage;
      } else if (auto* t = dyn_cast<TableDecl>(local.get())) {
        defineTable(control, t);
      } else if (auto* inst = dyn_cast<InstantiationDecl>(local.get())) {
        const Type* type = underlyingType(sema_.typeOfDecl(inst));
        if (type && type->is(TypeKind::Control)) continue;  // inlined where applied
        defineExtern(control, inst);
      } else if (isa<ActionDecl>(local.get()) || isa<ConstDecl>(local.get())) {
        continue;
      } else {
        unsupported(local->loc, "this declaration in a control");
      }
    } catch (Unsupported&) {
      if (b_->GetInsertBlock()->getTerminator()) continueInNewBlock("after.error");
    }
  }
}

void Generator::genControl(const ControlDecl* control) {
  declareControlLocals(control);
  Frame frame;
  frame.returnTarget = newBlock(control->name + ".done");
  frames_.push_back(frame);
  genBlock(control->body.get());
  frames_.pop_back();
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(frame.returnTarget);
  b_->SetInsertPoint(frame.returnTarget);
}

// The instance `x` of `x.apply(...)`; null for a type applied directly (`Parser.apply`).
const InstantiationDecl* Generator::instanceApplied(const CallExpr* call) {
  auto* member = dyn_cast<MemberExpr>(call->callee.get());
  auto* path = member ? dyn_cast<PathExpr>(member->base.get()) : nullptr;
  return path && path->decl ? dyn_cast<InstantiationDecl>(path->decl) : nullptr;
}

// Constructor parameters of an inlined parser or control take the instance's arguments
// (by name, or by position), as read-only values; LLVM folds them where they are used.
// Only values used at run time: a size or width taken from one is not known to sema.
void Generator::bindConstructorArguments(const Parameters& ctorParams, const InstantiationDecl* instance,
                                         SourceLoc loc) {
  if (ctorParams.empty()) return;
  if (!instance) unsupported(loc, "applying a parser or control with constructor parameters without an instance");
  std::vector<const Expr*> positional;
  for (const Argument& a : instance->args)
    if (a.name.empty()) positional.push_back(a.value.get());
  size_t next = 0;
  for (const auto& p : ctorParams) {
    const Expr* arg = nullptr;
    for (const Argument& a : instance->args)
      if (a.name == p->name) arg = a.value.get();
    if (!arg && next < positional.size()) arg = positional[next++];
    bindArgument(p.get(), arg, loc);
  }
}

// What inlining binds: the parameters' and constructor parameters' previous bindings,
// put back afterwards (the same parser or control may be inlined again, or nested).
std::vector<std::pair<const Decl*, LValuePtr>> Generator::saveBindings(const Parameters& params,
                                                                       const Parameters& ctorParams) {
  std::vector<std::pair<const Decl*, LValuePtr>> saved;
  for (const Parameters* list : {&params, &ctorParams})
    for (const auto& p : *list) {
      auto it = env_.find(p.get());
      saved.emplace_back(p.get(), it == env_.end() ? nullptr : it->second);
    }
  return saved;
}

void Generator::restoreBindings(const std::vector<std::pair<const Decl*, LValuePtr>>& saved) {
  for (const auto& [decl, lv] : saved) {
    if (lv) env_[decl] = lv;
    else env_.erase(decl);
  }
}

void Generator::inlineControl(const ControlDecl* control, const CallTarget& target,
                              const InstantiationDecl* instance, SourceLoc loc) {
  if (inlineDepth_ > 16) unsupported(loc, "controls nested this deeply");
  auto saved = saveBindings(control->params, control->ctorParams);
  bindConstructorArguments(control->ctorParams, instance, loc);
  for (size_t i = 0; i < control->params.size(); ++i)
    bindArgument(control->params[i].get(), i < target.argForParam.size() ? target.argForParam[i] : nullptr, loc);
  ++inlineDepth_;
  genControl(control);
  --inlineDepth_;
  restoreBindings(saved);
}

}  // namespace p4nfc::codegen
