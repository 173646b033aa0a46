// Sema: statements — assignments (plain and compound), calls, if, switch, for loops,
// blocks, return, exit, local declarations — and where each is allowed.
#include <map>

#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

void Sema::checkBlock(BlockStmt* b, bool newScope) {
  if (!b) return;
  checkAnnotations(b->annotations);
  if (newScope) {
    ScopeGuard scope(*this, Scope::Kind::Block);
    for (auto& s : b->stmts) checkStmt(s.get());
  } else {
    for (auto& s : b->stmts) checkStmt(s.get());
  }
}

void Sema::checkStmt(Stmt* s) {
  if (!s) return;
  if (++depth_ > kMaxNesting) {
    if (depth_ == kMaxNesting + 1) diags_.error(s->loc, "statements nested too deeply");
    --depth_;
    return;
  }
  switch (s->kind) {
    case NodeKind::AssignStmt:
      checkAssign(cast<AssignStmt>(s));
      break;
    case NodeKind::CallStmt:
      checkCallStmt(cast<CallStmt>(s));
      break;
    case NodeKind::IfStmt:
      checkIf(cast<IfStmt>(s));
      break;
    case NodeKind::SwitchStmt:
      checkSwitch(cast<SwitchStmt>(s));
      break;
    case NodeKind::BlockStmt:
      checkBlock(cast<BlockStmt>(s));
      break;
    case NodeKind::ExitStmt:
      checkExit(cast<ExitStmt>(s));
      break;
    case NodeKind::ReturnStmt:
      checkReturn(cast<ReturnStmt>(s));
      break;
    case NodeKind::EmptyStmt:
      break;
    case NodeKind::ForStmt:
      checkFor(cast<ForStmt>(s));
      break;
    case NodeKind::ForInStmt:
      checkForIn(cast<ForInStmt>(s));
      break;
    case NodeKind::BreakStmt:
    case NodeKind::ContinueStmt:
      if (ctx_.loops == 0)
        diags_.error(s->loc, "{} is only allowed in a for loop",
                     s->kind == NodeKind::BreakStmt ? "break" : "continue");
      break;
    case NodeKind::DeclStmt: {
      Decl* d = cast<DeclStmt>(s)->decl.get();
      if (!d) break;
      if (!isa<ConstDecl>(d) && !isa<VarDecl>(d) && !isa<InstantiationDecl>(d)) {
        diags_.error(d->loc, "{} cannot be declared inside a block", describeDecl(d));
        break;
      }
      checkLocalDecl(d);
      break;
    }
    default:
      break;
  }
  --depth_;
}

void Sema::checkAssign(AssignStmt* s) {
  const Type* lt = checkValue(s->lhs.get());
  if (s->compound && !s->compoundLowered) lowerCompoundAssign(s, lt);
  checkValue(s->rhs.get(), lt);
  if (!lt->isUnknown()) requireLValue(s->lhs.get(), "assign to");
  coerce(s->rhs.get(), lt, "assigned value");
}

// `a op= b` is `a = a op b` (P4-16 "Assignment statement"): the right side becomes that
// binary expression over a copy of `a`, checked like any other. Its operator rules (the
// widths, the shift amount, no saturation on int) then apply as written.
void Sema::lowerCompoundAssign(AssignStmt* s, const Type* lhsType) {
  ExprPtr target = cloneExpr(s->lhs.get());
  if (!target || lhsType->isUnknown()) {
    // Unknown already reported: check the written value alone, once.
    checkValue(s->rhs.get());
    return;
  }
  auto value = std::make_unique<BinaryExpr>(s->loc, *s->compound);
  value->lhs = std::move(target);
  value->rhs = std::move(s->rhs);
  s->rhs = std::move(value);
  s->compoundLowered = true;
}

// Loops are statements of controls, actions and functions; a parser loops through its
// states instead (P4-16 "Parser states": parser statements have no for).
bool Sema::loopAllowedHere(SourceLoc loc) {
  if (ctx_.body != Body::Parser && ctx_.body != Body::ParserState) return true;
  diags_.error(loc, "for loops are not allowed in a parser; loop through parser states instead");
  return false;
}

void Sema::checkLoopBody(Stmt* body) {
  Context c = ctx_;
  ++c.loops;
  ContextGuard loop(*this, c);
  ScopeGuard scope(*this, Scope::Kind::Block);
  checkStmt(body);
}

void Sema::checkFor(ForStmt* s) {
  loopAllowedHere(s->loc);
  checkAnnotations(s->annotations);
  ScopeGuard scope(*this, Scope::Kind::Block);  // the init's variables end with the loop
  for (auto& init : s->init) checkStmt(init.get());
  const Type* c = checkValue(s->cond.get(), types_.boolType());
  if (!c->isUnknown() && c->kind != TypeKind::Bool)
    diags_.error(s->cond->loc, "the condition of a for loop must be a bool, not {}",
                 typeToString(c));
  checkLoopBody(s->body.get());
  for (auto& update : s->update) checkStmt(update.get());
}

// `for (T x in lo .. hi)` takes each value from lo to hi, both included; `for (T x in e)`
// each element of a list, tuple of one type, or header stack.
void Sema::checkForIn(ForInStmt* s) {
  loopAllowedHere(s->loc);
  checkAnnotations(s->annotations);
  ScopeGuard scope(*this, Scope::Kind::Block);
  VarDecl* var = s->var.get();
  if (!var) return;
  checkAnnotations(var->annotations);
  const Type* vt = resolveType(var->typeRef.get());
  setDeclType(var, vt);
  if (vt->kind == TypeKind::InfInt)
    diags_.error(var->loc, "loop variable {} needs a type with a width, not int", quoted(var->name));
  auto* range = dyn_cast<BinaryExpr>(s->collection.get());
  if (range && range->op == BinaryOp::Range) {
    const Type* hint = isBits(vt) ? vt : nullptr;
    range->type = types_.set(vt);
    for (Expr* end : {range->lhs.get(), range->rhs.get()}) {
      const Type* t = checkValue(end, hint);
      if (t->isUnknown() || vt->isUnknown()) continue;
      if (!isNumeric(underlyingType(t)))
        diags_.error(end->loc, "the ends of a range must be integers, not {}", typeToString(t));
      else
        coerce(end, vt, "end of the range");
    }
  } else if (s->collection) {
    const Type* t = checkValue(s->collection.get());
    const Type* element = nullptr;
    if (auto* l = dyn_cast<ListType>(t)) element = l->element;
    if (auto* st = dyn_cast<StackType>(t)) {
      element = st->element;
      // Its elements one by one, for the back end (a copy of a plain reference only).
      if (s->elements.empty() && isPlainReference(s->collection.get()))
        for (int64_t i = 0; i < st->size; ++i) {
          s->elements.push_back(indexedCopy(s->collection.get(), static_cast<size_t>(i)));
          checkValue(s->elements.back().get());
        }
    }
    if (auto* tt = dyn_cast<TupleType>(t)) {
      // A list initializer `{1, 2, 3}` is typed as a tuple; its elements take the
      // variable's type one by one.
      element = vt;
      if (auto* list = dyn_cast<ListExpr>(s->collection.get()))
        for (auto& e : list->elements) coerce(e.get(), vt, "element of the loop's list");
      else
        for (auto* et : tt->elements)
          if (et != vt && !et->isUnknown() && !vt->isUnknown()) {
            diags_.error(s->collection->loc, "cannot loop with a {} over an element of type {}",
                         typeToString(vt), typeToString(et));
            break;
          }
    }
    if (!t->isUnknown() && !element) {
      diags_.error(s->collection->loc,
                   "a for loop goes over a range (lo .. hi), a list or a header stack, not {}",
                   typeToString(t));
    } else if (element && element != vt && !element->isUnknown() && !vt->isUnknown() &&
               !isa<TupleType>(t)) {
      diags_.error(var->loc, "loop variable {} has type {}, but the elements are {}",
                   quoted(var->name), typeToString(vt), typeToString(element));
    }
  }
  declare(var, var->loc);
  checkLoopBody(s->body.get());
}

void Sema::checkCallStmt(CallStmt* s) {
  if (!s->call) return;
  checkExpr(s->call.get());
}

void Sema::checkIf(IfStmt* s) {
  const Type* c = checkValue(s->cond.get(), types_.boolType());
  if (!c->isUnknown() && c->kind != TypeKind::Bool)
    diags_.error(s->cond->loc, "the condition of if must be a bool, not {}", typeToString(c));
  {
    ScopeGuard scope(*this, Scope::Kind::Block);
    checkStmt(s->thenStmt.get());
  }
  if (s->elseStmt) {
    ScopeGuard scope(*this, Scope::Kind::Block);
    checkStmt(s->elseStmt.get());
  }
}

void Sema::checkSwitch(SwitchStmt* s) {
  switchExpression_ = s->expr.get();  // the one place `.action_run` may appear
  const Type* t = checkValue(s->expr.get());
  switchExpression_ = nullptr;
  auto* actionEnum = dyn_cast<TableType>(t);
  if (actionEnum && actionEnum->kind != TypeKind::ActionEnum) actionEnum = nullptr;
  const Type* u = underlyingType(t);
  bool valueSwitch = isBits(u) || u->kind == TypeKind::Enum || u->kind == TypeKind::Error ||
                     u->kind == TypeKind::InfInt;
  if (!t->isUnknown() && !actionEnum && !valueSwitch) {
    diags_.error(
        s->expr->loc,
        "switch needs a table's action_run or a bit<W>, int<W>, enum or error value, not {}",
        typeToString(t));
    t = types_.unknown();
  }
  const TableInfo* info = actionEnum ? tableInfo(actionEnum->decl) : nullptr;
  std::map<std::string, SourceLoc> seenNames;  // action or member names
  std::map<mpz_class, SourceLoc> seenValues;
  bool sawDefault = false;
  for (size_t i = 0; i < s->cases.size(); ++i) {
    auto& c = s->cases[i];
    Expr* label = c.label.get();
    if (!label) continue;
    if (isa<DefaultExpr>(label)) {
      label->type = t;
      if (sawDefault) diags_.error(label->loc, "switch has more than one default label");
      sawDefault = true;
      if (i + 1 != s->cases.size())
        diags_.error(label->loc, "the 'default' label of a switch must be the last one");
    } else if (t->isUnknown()) {
      // The switch expression failed; do not pile errors on its labels.
      if (auto* p = dyn_cast<PathExpr>(label)) {
        p->decl = lookupOne(p->path);
        p->type = t;
      } else {
        checkExpr(label);
      }
    } else if (actionEnum) {
      auto* p = dyn_cast<PathExpr>(label);
      if (!p) {
        diags_.error(label->loc, "a label of a switch on action_run must be an action name");
        label->type = types_.unknown();
      } else {
        Decl* d = lookupOne(p->path);
        p->type = t;
        bool inTable = false;
        if (d && info)
          for (auto& a : info->actions) inTable = inTable || a.decl == d;
        if (!d) {
          diags_.error(p->loc, "undeclared name {}", quoted(p->path.name));
        } else if (!isa<ActionDecl>(d)) {
          diags_.error(p->loc, "{} is not an action", quoted(p->path.name));
        } else if (info && !inTable) {
          p->decl = d;
          diags_.error(p->loc, "action {} is not in the actions of table {}", quoted(p->path.name),
                       quoted(actionEnum->decl->name));
        } else {
          p->decl = d;
        }
        if (auto [it, inserted] = seenNames.emplace(p->path.name, p->loc); !inserted)
          diags_.error(p->loc, "duplicate switch label {}", quoted(p->path.name));
      }
    } else {
      const Type* lt = checkValue(label, t->isUnknown() ? nullptr : t);
      if (!t->isUnknown() && !lt->isUnknown() && coerce(label, t, "switch label")) {
        if (!isCompileTimeKnown(label)) {
          diags_.error(label->loc, "a switch label must be a compile-time constant");
        } else if (auto v = constantValue(label)) {
          if (auto [it, inserted] = seenValues.emplace(*v, label->loc); !inserted)
            diags_.error(label->loc, "duplicate switch label {}", v->get_str());
        } else if (auto* m = dyn_cast<MemberExpr>(label)) {
          if (auto [it, inserted] = seenNames.emplace(m->member, label->loc); !inserted)
            diags_.error(label->loc, "duplicate switch label {}", quoted(m->member));
        }
      }
    }
    if (c.body) checkBlock(c.body.get());
  }
}

void Sema::checkReturn(ReturnStmt* s) {
  switch (ctx_.body) {
    case Body::Function: {
      const Type* rt = ctx_.returnType ? ctx_.returnType : types_.unknown();
      std::string fn = ctx_.owner ? quoted(ctx_.owner->name) : "function";
      if (rt->kind == TypeKind::Void) {
        if (s->value) {
          checkValue(s->value.get());
          diags_.error(s->value->loc, "function {} returns void, so return takes no value", fn);
        }
        return;
      }
      if (!s->value) {
        if (!rt->isUnknown())
          diags_.error(s->loc, "function {} must return a value of type {}", fn, typeToString(rt));
        return;
      }
      checkValue(s->value.get(), rt);
      coerce(s->value.get(), rt, "return value");
      return;
    }
    case Body::Action:
    case Body::ControlApply:
      if (s->value) {
        checkValue(s->value.get());
        diags_.error(s->value->loc, "return in {} cannot have a value",
                     ctx_.body == Body::Action ? "an action" : "a control");
      }
      return;
    case Body::Parser:
    case Body::ParserState:
      diags_.error(s->loc, "return is not allowed in a parser");
      if (s->value) checkValue(s->value.get());
      return;
    default:
      diags_.error(s->loc, "return is not allowed here");
      return;
  }
}

void Sema::checkExit(ExitStmt* s) {
  switch (ctx_.body) {
    case Body::Action:
    case Body::ControlApply:
      return;
    case Body::Function:
      diags_.error(s->loc, "exit is not allowed in a function");
      return;
    case Body::Parser:
    case Body::ParserState:
      diags_.error(s->loc, "exit is not allowed in a parser");
      return;
    default:
      diags_.error(s->loc, "exit is not allowed here");
      return;
  }
}

}  // namespace p4nfc
