// Sema: parser checks — states and transitions, select expressions and keysets.
//
// All states of a parser are declared before any is checked, since transitions may go
// forward. `accept` and `reject` are built in and cannot be declared; a `start` state
// must exist; states that no transition reaches get a warning.
#include <unordered_map>

#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

void Sema::checkParserStates(ParserDecl* d) {
  states_.clear();
  for (auto& s : d->states) {
    if (!s) continue;
    setDeclType(s.get(), types_.stateType());
    if (s->name == "accept" || s->name == "reject") {
      diags_.error(s->loc, "state {} is built in and cannot be declared", quoted(s->name));
      continue;
    }
    if (auto [it, inserted] = states_.emplace(s->name, s.get()); !inserted) {
      diags_.error(s->loc, "state {} is already declared", quoted(s->name));
      diags_.note(it->second->loc, "previous declaration of {}", quoted(s->name));
      continue;
    }
    declare(s.get(), s->loc);
  }
  if (!states_.count("start"))
    diags_.error(d->loc, "parser {} has no 'start' state", quoted(d->name));
  for (auto& s : d->states)
    if (s) checkState(s.get());
  warnUnreachableStates(d);
  states_.clear();
}

void Sema::checkState(ParserState* s) {
  checkAnnotations(s->annotations);
  Context c = ctx_;
  c.body = Body::ParserState;
  ContextGuard context(*this, c);
  ScopeGuard scope(*this, Scope::Kind::State);
  for (auto& stmt : s->stmts) checkStmt(stmt.get());
  checkTransition(s);
}

void Sema::checkTransition(ParserState* s) {
  Expr* t = s->transition.get();
  if (!t) return;  // no transition statement: the state goes to reject
  if (auto* p = dyn_cast<PathExpr>(t)) {
    resolveStateName(p);
  } else if (auto* sel = dyn_cast<SelectExpr>(t)) {
    checkSelect(sel);
  } else {
    checkExpr(t);
    diags_.error(t->loc, "a transition must name a state or be a select expression");
  }
}

void Sema::resolveStateName(PathExpr* p) {
  if (!p) return;
  p->type = types_.stateType();
  if (p->path.name == "accept") {
    p->decl = acceptState_.get();
    return;
  }
  if (p->path.name == "reject") {
    p->decl = rejectState_.get();
    return;
  }
  auto it = states_.find(p->path.name);
  if (it == states_.end()) {
    diags_.error(p->loc, "state {} is not declared", quoted(p->path.name));
    p->type = types_.unknown();
    return;
  }
  p->decl = it->second;
}

void Sema::checkSelect(SelectExpr* e) {
  e->type = types_.stateType();
  std::vector<const Type*> selectorTypes;
  for (auto& sel : e->selectors) {
    const Type* t = checkValue(sel.get());
    // A struct or tuple selector is the tuple of its fields: `select(pair)` takes
    // keysets `(a, b)` as `select(pair.x, pair.y)` would.
    const Type* u = underlyingType(t);
    if (e->selectors.size() == 1 && (u->kind == TypeKind::Struct || u->kind == TypeKind::Tuple)) {
      std::vector<const Type*> parts;
      if (auto* st = dyn_cast<StructType>(u))
        for (auto& f : st->fields) parts.push_back(f.type);
      else
        parts = cast<TupleType>(u)->elements;
      bool scalar = !parts.empty();
      for (auto* p : parts) {
        const Type* pu = underlyingType(p);
        scalar = scalar && (isBits(pu) || pu->kind == TypeKind::Bool || pu->kind == TypeKind::Enum ||
                            pu->kind == TypeKind::Error);
      }
      if (scalar) {
        selectorTypes = parts;
        splitSelector(e, u);
        break;
      }
    }
    if (t->kind == TypeKind::InfInt) {
      // A constant selector: its cases decide its width; treat it as int.
    } else if (!t->isUnknown() && !isBits(underlyingType(t)) && t->kind != TypeKind::Bool &&
               t->kind != TypeKind::Enum && t->kind != TypeKind::Error) {
      diags_.error(sel->loc, "cannot select on a value of type {}", typeToString(t));
      t = types_.unknown();
    }
    selectorTypes.push_back(t);
  }
  size_t n = selectorTypes.size();
  for (auto& c : e->cases) {
    Expr* k = c.keyset.get();
    if (k) {
      auto* list = dyn_cast<ListExpr>(k);
      if (isa<DefaultExpr>(k) || isa<DontCareExpr>(k)) {
        checkKeyset(k, n == 1 ? selectorTypes[0] : types_.unknown());
      } else if (list && list->elements.size() == n) {
        std::vector<const Type*> elements;
        for (size_t i = 0; i < n; ++i)
          elements.push_back(checkKeyset(list->elements[i].get(), selectorTypes[i]));
        list->type = types_.tuple(std::move(elements));
      } else if (n == 1 && !list) {
        checkKeyset(k, selectorTypes[0]);
      } else if (!list && n > 1 && isa<PathExpr>(k)) {
        // A value set of tuples/structs covers all selectors at once.
        const Type* t = checkKeyset(k, types_.tuple(selectorTypes));
        (void)t;
      } else {
        size_t have = list ? list->elements.size() : 1;
        diags_.error(k->loc, "keyset has {} element{}, but select has {} expression{}", have,
                     have == 1 ? "" : "s", n, n == 1 ? "" : "s");
        if (list)
          for (auto& el : list->elements) checkExpr(el.get());
        else
          checkExpr(k);
        k->type = types_.unknown();
      }
    }
    resolveStateName(c.state.get());
  }
}

// A variable, parameter, or a field or constant index of one: what a copy evaluates the
// same way as the original.
bool Sema::isPlainReference(const Expr* e) const {
  for (int depth = 0; e && depth < kMaxNesting; ++depth) {
    if (isa<PathExpr>(e)) return true;
    if (auto* m = dyn_cast<MemberExpr>(e))
      e = m->base.get();
    else if (auto* i = dyn_cast<IndexExpr>(e); i && isCompileTimeKnown(i->index.get()))
      e = i->base.get();
    else
      return false;
  }
  return false;
}

// `e[index]` over a copy of `e`.
ExprPtr Sema::indexedCopy(const Expr* e, size_t index) {
  auto indexed = std::make_unique<IndexExpr>(e->loc);
  indexed->base = cloneExpr(e);
  auto lit = std::make_unique<IntLit>(e->loc);
  lit->value = static_cast<unsigned long>(index);
  lit->text = std::to_string(index);
  indexed->index = std::move(lit);
  return indexed;
}

// The fields of a struct or tuple selector as expressions of their own, for the back end
// to match keysets against. Only a plain reference is split (a copy evaluates it again).
void Sema::splitSelector(SelectExpr* e, const Type* selectorType) {
  const Expr* sel = e->selectors[0].get();
  if (!isPlainReference(sel)) return;
  size_t n = 0;
  if (auto* st = dyn_cast<StructType>(selectorType))
    n = st->fields.size();
  else
    n = cast<TupleType>(selectorType)->elements.size();
  for (size_t i = 0; i < n; ++i) {
    ExprPtr part;
    if (auto* st = dyn_cast<StructType>(selectorType)) {
      auto member = std::make_unique<MemberExpr>(sel->loc);
      member->base = cloneExpr(sel);
      member->member = st->fields[i].name;
      part = std::move(member);
    } else {
      part = indexedCopy(sel, i);
    }
    checkValue(part.get());
    e->selectorParts.push_back(std::move(part));
  }
}

// One element of a keyset (select case or table entry) against the type it matches:
// a value, `default`, `_`, `v &&& mask`, `lo .. hi`, or a value set.
const Type* Sema::checkKeyset(Expr* e, const Type* keyType) {
  if (!e) return types_.unknown();
  bool keyKnown = keyType && !keyType->isUnknown();
  if (isa<DefaultExpr>(e) || isa<DontCareExpr>(e)) {
    e->type = keyKnown ? static_cast<const Type*>(types_.set(keyType)) : types_.dontCare();
    markKnown(e);
    return e->type;
  }
  if (auto* b = dyn_cast<BinaryExpr>(e);
      b && (b->op == BinaryOp::Mask || b->op == BinaryOp::Range)) {
    const Type* hint = keyKnown && keyType->kind != TypeKind::InfInt ? keyType : nullptr;
    const Type* l = checkValue(b->lhs.get(), hint);
    const Type* r = checkValue(b->rhs.get(), hint);
    if (l->isUnknown() || r->isUnknown()) return e->type = types_.unknown();
    const char* op = b->op == BinaryOp::Mask ? "&&&" : "..";
    if (hint) {
      bool ok = coerce(b->lhs.get(), keyType, std::string("left operand of ") + op) &&
                coerce(b->rhs.get(), keyType, std::string("right operand of ") + op);
      if (!ok) return e->type = types_.unknown();
    } else if (b->lhs->type != b->rhs->type && l->kind != TypeKind::InfInt &&
               r->kind != TypeKind::InfInt) {
      diags_.error(e->loc, "operands of {} have different types: {} and {}", op, typeToString(l),
                   typeToString(r));
      return e->type = types_.unknown();
    }
    const Type* operand = b->lhs->type;
    if (!isNumeric(underlyingType(operand)) &&
        !(isa<EnumType>(operand) && cast<EnumType>(operand)->isSerializable())) {
      diags_.error(e->loc, "operator {} needs integer operands, not {}", op, typeToString(operand));
      return e->type = types_.unknown();
    }
    for (Expr* side : {b->lhs.get(), b->rhs.get()})
      if (!isCompileTimeKnown(side))
        diags_.error(side->loc, "keyset values must be compile-time constants");
    markKnown(e);
    return e->type = types_.set(hint ? keyType : operand);
  }
  if (auto* p = dyn_cast<PathExpr>(e)) {
    Decl* d = lookupOne(p->path);
    if (isa<ValueSetDecl>(d)) {
      const Type* t = checkExpr(e);
      auto* set = dyn_cast<SetType>(t);
      if (set && keyKnown && set->element != keyType && !set->element->isUnknown()) {
        bool ok = false;
        // A value set of structs may match a tuple of selectors field by field.
        if (auto* tuple = dyn_cast<TupleType>(keyType))
          if (auto* st = dyn_cast<StructType>(set->element);
              st && st->fields.size() == tuple->elements.size()) {
            ok = true;
            for (size_t i = 0; i < st->fields.size(); ++i)
              ok = ok && (st->fields[i].type == tuple->elements[i] ||
                          tuple->elements[i]->kind == TypeKind::InfInt);
          }
        if (!ok)
          diags_.error(e->loc, "value_set {} holds {}, but the selector has type {}",
                       quoted(p->path.name), typeToString(set->element), typeToString(keyType));
      }
      markKnown(e);
      return t;
    }
  }
  const Type* hint = keyKnown && keyType->kind != TypeKind::InfInt ? keyType : nullptr;
  const Type* t = checkValue(e, hint);
  if (t->isUnknown()) return t;
  if (hint && !coerce(e, keyType, "keyset value")) return e->type = types_.unknown();
  if (!isCompileTimeKnown(e)) diags_.error(e->loc, "keyset values must be compile-time constants");
  return e->type;
}

void Sema::warnUnreachableStates(ParserDecl* d) {
  auto start = states_.find("start");
  if (start == states_.end()) return;
  std::unordered_map<const ParserState*, bool> reached;
  std::vector<const ParserState*> work{start->second};
  reached[start->second] = true;
  auto visit = [&](const PathExpr* p) {
    if (!p) return;
    auto* s = dyn_cast<ParserState>(p->decl);
    if (s && !reached[s]) {
      reached[s] = true;
      work.push_back(s);
    }
  };
  while (!work.empty()) {
    const ParserState* s = work.back();
    work.pop_back();
    if (auto* p = dyn_cast<PathExpr>(s->transition.get())) visit(p);
    if (auto* sel = dyn_cast<SelectExpr>(s->transition.get()))
      for (auto& c : sel->cases) visit(c.state.get());
  }
  for (auto& s : d->states) {
    if (!s || reached[s.get()]) continue;
    auto declared = states_.find(s->name);
    if (declared == states_.end() || declared->second != s.get()) continue;  // already reported
    diags_.warning(s->loc, "state {} is unreachable", quoted(s->name));
  }
}

}  // namespace p4nfc
