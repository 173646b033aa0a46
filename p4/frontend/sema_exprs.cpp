// Sema: expressions — names, members, indexing, slices, operators, casts, initializers,
// implicit conversions and l-values. Calls are in sema_calls.cpp.
//
// Typing is bottom-up with an optional `expected` type passed down as a hint: it lets
// `{#}`, `{a, b}` and shifts of int literals find their type from their context. Int
// literals (type `int`) adopt the width of the other operand or of their target through
// coerce(), which also rewrites their Expr::type so the mid end sees sized types.
#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

const Type* Sema::checkExpr(Expr* e, const Type* expected) {
  if (!e) return types_.unknown();
  if (e->type)
    return e->type;  // already checked (shared sub-expressions never happen,
                     // but re-checks after overload resolution do)
  const Type* t = types_.unknown();
  if (++depth_ > kMaxNesting) {
    if (depth_ == kMaxNesting + 1) diags_.error(e->loc, "expression nested too deeply");
  } else {
    t = checkExprKind(e, expected);
  }
  --depth_;
  if (!t) t = types_.unknown();
  e->type = t;
  foldConstant(e);  // may turn the type to Unknown (division by zero, overflow)
  return e->type;
}

const Type* Sema::checkValue(Expr* e, const Type* expected) {
  const Type* t = checkExpr(e, expected);
  const char* problem = nullptr;
  switch (t->kind) {
    case TypeKind::TypeOf:
      problem = "is a type, not a value";
      break;
    case TypeKind::Callable:
      problem = "must be called";
      break;
    case TypeKind::Table:
      problem = "is a table: apply it with .apply()";
      break;
    case TypeKind::State:
      problem = "is a parser state, not a value";
      break;
    case TypeKind::Void:
      problem = "has no value (it returns void)";
      break;
    default:
      break;
  }
  if (!problem) return t;
  std::string what = "expression";
  if (auto* p = dyn_cast<PathExpr>(e))
    what = quoted(p->path.name);
  else if (auto* m = dyn_cast<MemberExpr>(e))
    what = quoted(m->member);
  else if (auto* tn = dyn_cast<TypeNameExpr>(e); tn && isa<TypeOfType>(t))
    what = quoted(typeToString(cast<TypeOfType>(t)->named));
  else if (isa<CallExpr>(e))
    what = "call";
  diags_.error(e->loc, "{} {}", what, problem);
  e->type = types_.unknown();
  return e->type;
}

const Type* Sema::checkExprKind(Expr* e, const Type* expected) {
  switch (e->kind) {
    case NodeKind::IntLit: {
      auto* lit = cast<IntLit>(e);
      if (!lit->width) {
        setConstant(e, lit->value);
        return types_.infInt();
      }
      if (*lit->width < 0 || *lit->width > kMaxBitWidth) {
        diags_.error(e->loc, "invalid width {} in literal {}", *lit->width, lit->text);
        return types_.unknown();
      }
      const Type* t = types_.bits(*lit->width, lit->isSigned);
      // A signed literal may spell its two's complement bit pattern (8s0xFF is -1).
      if (!fitsIn(lit->value, t) && !(lit->isSigned && lit->value < (mpz_class(1) << *lit->width)))
        diags_.warning(e->loc, "value of {} does not fit in {}; it is truncated", lit->text,
                       typeToString(t));
      setConstant(e, normalize(lit->value, t));
      return t;
    }
    case NodeKind::BoolLit:
      setConstant(e, cast<BoolLit>(e)->value ? 1 : 0);
      return types_.boolType();
    case NodeKind::StringLit:
      markKnown(e);
      return types_.stringType();
    case NodeKind::PathExpr:
      return checkPath(cast<PathExpr>(e), expected);
    case NodeKind::TypeNameExpr: {
      const Type* t = resolveType(cast<TypeNameExpr>(e)->typeRef.get());
      return t->isUnknown() ? t : types_.typeOf(t);
    }
    case NodeKind::MemberExpr:
      return checkMember(cast<MemberExpr>(e));
    case NodeKind::IndexExpr:
      return checkIndex(cast<IndexExpr>(e));
    case NodeKind::SliceExpr:
      return checkSlice(cast<SliceExpr>(e));
    case NodeKind::CallExpr:
      return checkCall(cast<CallExpr>(e), expected);
    case NodeKind::UnaryExpr:
      return checkUnary(cast<UnaryExpr>(e), expected);
    case NodeKind::BinaryExpr:
      return checkBinary(cast<BinaryExpr>(e), expected);
    case NodeKind::TernaryExpr:
      return checkTernary(cast<TernaryExpr>(e), expected);
    case NodeKind::CastExpr:
      return checkCast(cast<CastExpr>(e));
    case NodeKind::ListExpr:
      return checkList(cast<ListExpr>(e), expected);
    case NodeKind::StructExpr:
      return checkStructExpr(cast<StructExpr>(e), expected);
    case NodeKind::InvalidHeaderExpr: {
      const Type* u = expected ? underlyingType(expected) : nullptr;
      if (u && (u->kind == TypeKind::Header || u->kind == TypeKind::HeaderUnion ||
                u->kind == TypeKind::TypeVar || u->isUnknown()))
        return expected;
      diags_.error(e->loc,
                   "cannot tell the type of {#} here: it needs a header or header_union target");
      return types_.unknown();
    }
    case NodeKind::DefaultExpr:
      diags_.error(e->loc, "'default' is only allowed in keysets and switch labels");
      return types_.unknown();
    case NodeKind::DontCareExpr:
      return types_.dontCare();
    case NodeKind::DefaultValueExpr:
      return checkDefaultValue(cast<DefaultValueExpr>(e), expected);
    case NodeKind::SelectExpr:
      diags_.error(e->loc, "select is only allowed as the transition of a parser state");
      return types_.unknown();
    default:
      return types_.unknown();
  }
}

// ---------------------------------------------------------------------------------------
// Names and members

const Type* Sema::checkPath(PathExpr* e, const Type* expected) {
  auto* found = lookup(e->path);
  if (!found || found->empty()) {
    diags_.error(e->loc, "undeclared name {}", quoted(e->path.name));
    return types_.unknown();
  }
  Decl* d = found->front();
  e->decl = d;
  const Type* t = typeOfDecl(d);
  if (!t) t = types_.unknown();
  if (isTypeDecl(d)) return t->isUnknown() ? t : types_.typeOf(t);
  switch (d->kind) {
    case NodeKind::ConstDecl:
      if (auto v = constantValue(d)) {
        setConstant(e, *v);
      } else if (auto* c = cast<ConstDecl>(d); c->init && isCompileTimeKnown(c->init.get())) {
        markKnown(e);
      }
      break;
    case NodeKind::EnumMember:  // a match_kind member
      markKnown(e);
      break;
    case NodeKind::Parameter:
      // Constructor parameters of parsers and controls are fixed at instantiation.
      if (ctorParams_.count(cast<Parameter>(d))) markKnown(e);
      break;
    case NodeKind::ActionDecl:
    case NodeKind::FunctionDecl:
    case NodeKind::ExternFunctionDecl:
    case NodeKind::MethodDecl:
      if (auto it = signatures_.find(d); it != signatures_.end()) t = it->second;
      break;
    case NodeKind::TableDecl:
      t = types_.table(TypeKind::Table, cast<TableDecl>(d));
      break;
    case NodeKind::ParserState:
      t = types_.stateType();
      break;
    default:
      break;
  }
  return t;
}

const Type* Sema::checkMember(MemberExpr* e) {
  const Type* base = checkExpr(e->base.get());
  if (base->isUnknown()) return base;
  const std::string& name = e->member;
  SourceLoc at = e->memberLoc.valid() ? e->memberLoc : e->loc;

  if (auto* tt = dyn_cast<TypeOfType>(base)) {
    const Type* named = tt->named;
    if (auto* en = dyn_cast<EnumType>(named)) {
      for (auto& m : en->decl->members) {
        if (!m || m->name != name) continue;
        memberDecls_[e] = m.get();
        if (auto v = constantValue(m.get()))
          setConstant(e, *v);
        else
          markKnown(e);
        return en;
      }
      diags_.error(at, "enum {} has no member {}", quoted(en->decl->name), quoted(name));
      return types_.unknown();
    }
    if (named->kind == TypeKind::Error) {
      auto it = errorMembers_.find(name);
      if (it == errorMembers_.end()) {
        diags_.error(at, "error.{} is not declared", name);
        return types_.unknown();
      }
      memberDecls_[e] = it->second;
      markKnown(e);
      return types_.errorType();
    }
    diags_.error(at, "type {} has no member {}", typeToString(named), quoted(name));
    return types_.unknown();
  }

  base = checkValue(e->base.get());
  if (base->isUnknown()) return base;
  if (auto* s = dyn_cast<StructType>(base)) {
    if (auto* f = s->field(name)) {
      if (f->decl) memberDecls_[e] = f->decl;
      if (isCompileTimeKnown(e->base.get())) knowPart(e, e->base.get(), s->fieldIndex(name), f->type);
      return f->type;
    }
    diags_.error(at, "{} has no field {}", typeToString(base), quoted(name));
    return types_.unknown();
  }
  if (auto* st = dyn_cast<StackType>(base)) {
    if (name == "next" || name == "last") {
      // They follow the parser's progress through the stack (P4-16, "Header stacks").
      if (!ctx_.parser)
        diags_.error(at, "{} of a header stack can only be used in a parser; elsewhere index the stack "
                         "(s[0], s[i])",
                     quoted("." + name));
      return st->element;
    }
    if (name == "size") {
      setConstant(e, st->size);
      return types_.bits(32);
    }
    if (name == "lastIndex" || name == "nextIndex") {
      // Like .last, lastIndex follows the parser's progress (P4-16 "Header stacks").
      if (name == "lastIndex" && !ctx_.parser)
        diags_.error(at, "'.lastIndex' of a header stack can only be used in a parser");
      return types_.bits(32);
    }
    diags_.error(at, "header stack has no member {}", quoted(name));
    return types_.unknown();
  }
  if (auto* tt = dyn_cast<TableType>(base); tt && tt->kind == TypeKind::ApplyResult) {
    if (name == "hit" || name == "miss") return types_.boolType();
    if (name == "action_run") {
      if (e != switchExpression_) {
        diags_.error(at, "action_run can only be the expression of a switch statement");
        return types_.unknown();
      }
      return types_.table(TypeKind::ActionEnum, tt->decl);
    }
    diags_.error(at,
                 "the result of applying a table has no member {} (it has hit, miss, action_run)",
                 quoted(name));
    return types_.unknown();
  }
  if (base->kind == TypeKind::Extern || isa<BlockType>(base) || base->kind == TypeKind::Table) {
    diags_.error(at, "method {} of {} must be called", quoted(name), typeToString(base));
    return types_.unknown();
  }
  diags_.error(at, "a value of type {} has no member {}", typeToString(base), quoted(name));
  return types_.unknown();
}

const Type* Sema::checkIndex(IndexExpr* e) {
  const Type* base = checkValue(e->base.get());
  const Type* index = checkValue(e->index.get());
  if (base->isUnknown() || index->isUnknown()) return types_.unknown();
  if (!isNumeric(index)) {
    diags_.error(e->index->loc, "an index must be an integer, not {}", typeToString(index));
    return types_.unknown();
  }
  auto v = constantValue(e->index.get());
  if (auto* st = dyn_cast<StackType>(base)) {
    if (v && (*v < 0 || *v >= st->size)) {
      diags_.error(e->index->loc, "index {} is out of bounds of {}", v->get_str(),
                   typeToString(base));
      return types_.unknown();
    }
    return st->element;
  }
  if (auto* tt = dyn_cast<TupleType>(base)) {
    if (!v) {
      diags_.error(e->index->loc, "a tuple index must be a compile-time constant");
      return types_.unknown();
    }
    if (*v < 0 || *v >= static_cast<long>(tt->elements.size())) {
      diags_.error(e->index->loc, "index {} is out of bounds of {}", v->get_str(),
                   typeToString(base));
      return types_.unknown();
    }
    if (isCompileTimeKnown(e->base.get()))
      knowPart(e, e->base.get(), static_cast<int>(v->get_si()), tt->elements[v->get_ui()]);
    return tt->elements[v->get_ui()];
  }
  diags_.error(e->loc, "cannot index a value of type {}{}", typeToString(base),
               isBits(base) ? " (use a slice [hi:lo] to take bits)" : "");
  return types_.unknown();
}

const Type* Sema::checkSlice(SliceExpr* e) {
  const Type* base = checkValue(e->base.get());
  checkValue(e->hi.get());
  checkValue(e->lo.get());
  if (base->isUnknown()) return base;
  const Type* u = base;
  if (auto* en = dyn_cast<EnumType>(base); en && en->underlying) u = en->underlying;
  if (!isNumeric(u)) {
    diags_.error(e->loc, "cannot slice a value of type {}", typeToString(base));
    return types_.unknown();
  }
  auto hi = constantValue(e->hi.get());
  auto lo = constantValue(e->lo.get());
  if (!hi || !lo) {
    if (e->hi && e->lo && !e->hi->type->isUnknown() && !e->lo->type->isUnknown())
      diags_.error(e->loc, "the bounds of a slice must be compile-time constants");
    return types_.unknown();
  }
  int64_t limit = isBits(u) ? cast<BitsType>(u)->width : kMaxBitWidth;
  if (*lo < 0 || *hi >= limit || *hi < 0) {
    diags_.error(e->loc, "slice [{}:{}] is out of range for {}", hi->get_str(), lo->get_str(),
                 typeToString(base));
    return types_.unknown();
  }
  if (*hi < *lo) {
    diags_.error(e->loc, "slice [{}:{}] has its high bound below its low bound", hi->get_str(),
                 lo->get_str());
    return types_.unknown();
  }
  return types_.bits(static_cast<int>(hi->get_si() - lo->get_si() + 1), false);
}

// The initializer a compile-time known struct or tuple value was written with: a
// constant's initializer, followed through fields and indices (`LIMITS.high`, `T[0]`).
const Expr* Sema::knownInitializer(const Expr* e, int depth) const {
  if (!e || depth > kMaxNesting) return nullptr;
  if (auto* c = dyn_cast<CastExpr>(e)) return knownInitializer(c->expr.get(), depth + 1);
  if (auto* p = dyn_cast<PathExpr>(e)) {
    auto* c = dyn_cast<ConstDecl>(p->decl);
    return c ? knownInitializer(c->init.get(), depth + 1) : nullptr;
  }
  if (isa<StructExpr>(e) || isa<ListExpr>(e) || isa<DefaultValueExpr>(e)) return e;
  if (auto* m = dyn_cast<MemberExpr>(e)) {
    auto* st = dyn_cast<StructType>(m->base->type ? underlyingType(m->base->type) : nullptr);
    return st ? partOf(knownInitializer(m->base.get(), depth + 1), st->fieldIndex(m->member), m->member)
              : nullptr;
  }
  if (auto* i = dyn_cast<IndexExpr>(e)) {
    auto v = constantValue(i->index.get());
    return v ? partOf(knownInitializer(i->base.get(), depth + 1), static_cast<int>(v->get_si()), "")
             : nullptr;
  }
  return nullptr;
}

// Element `index` (or field `name`) of an initializer; a `...` stands for all its parts.
const Expr* Sema::partOf(const Expr* init, int index, const std::string& name) const {
  if (!init || index < 0) return nullptr;
  if (isa<DefaultValueExpr>(init)) return init;
  if (auto* se = dyn_cast<StructExpr>(init)) {
    for (auto& f : se->fields)
      if (f.name == name) return f.value.get();
    return se->defaultRest ? init : nullptr;
  }
  if (auto* list = dyn_cast<ListExpr>(init)) {
    if (static_cast<size_t>(index) < list->elements.size()) return list->elements[index].get();
    return list->defaultRest ? init : nullptr;
  }
  return nullptr;
}

// `e`, a part of the compile-time known `whole`, is known too; its value is the part's
// (0 when a `...` gave it its default).
void Sema::knowPart(const Expr* e, const Expr* whole, int index, const Type* partType) {
  markKnown(e);
  const Expr* init = nullptr;
  if (auto* m = dyn_cast<MemberExpr>(e))
    init = partOf(knownInitializer(whole), index, m->member);
  else
    init = partOf(knownInitializer(whole), index, "");
  if (!init) return;
  if (auto v = constantValue(init)) {
    setConstant(e, *v);
    return;
  }
  const Type* u = underlyingType(partType);
  bool zeroDefault = isNumeric(u) || u->kind == TypeKind::Bool ||
                     (u->kind == TypeKind::Enum && cast<EnumType>(u)->isSerializable());
  if (zeroDefault && (isa<DefaultValueExpr>(init) || isa<StructExpr>(init) || isa<ListExpr>(init)))
    setConstant(e, 0);
}

// ---------------------------------------------------------------------------------------
// Operators

namespace {

const Type* stripSerEnum(const Type* t) {
  if (auto* e = dyn_cast<EnumType>(t); e && e->underlying) return e->underlying;
  return t;
}

}  // namespace

const Type* Sema::checkUnary(UnaryExpr* e, const Type* expected) {
  const Type* hint = expected && isBits(expected) ? expected : nullptr;
  if (e->op == UnaryOp::Not) {
    const Type* t = checkValue(e->operand.get(), types_.boolType());
    if (t->isUnknown()) return t;
    if (t->kind != TypeKind::Bool) {
      diags_.error(e->loc, "operator ! needs a bool operand, not {}", typeToString(t));
      return types_.unknown();
    }
    return t;
  }
  const Type* t = checkValue(e->operand.get(), hint);
  if (t->isUnknown()) return t;
  t = stripSerEnum(t);
  if (!isNumeric(t)) {
    diags_.error(e->loc, "operator {} needs a bit<W>, int<W> or int operand, not {}",
                 unaryOpSpelling(e->op), typeToString(e->operand->type));
    return types_.unknown();
  }
  if (e->op == UnaryOp::Complement && t->kind == TypeKind::InfInt) {
    if (hint && coerce(e->operand.get(), hint, "operand of ~")) return hint;
    diags_.error(e->loc,
                 "operator ~ needs an operand with a width; cast the literal, e.g. (bit<8>)");
    return types_.unknown();
  }
  return t;
}

// Makes the two operands of a binary operator agree: an int literal adopts the type of
// the other side, a serializable enum compares as its underlying type.
const Type* Sema::unifyOperands(BinaryExpr* e) {
  const Type* l = checkValue(e->lhs.get());
  const Type* hint = isBits(stripSerEnum(l)) ? stripSerEnum(l) : nullptr;
  const Type* r =
      checkValue(e->rhs.get(), hint ? hint : (l->kind != TypeKind::InfInt ? l : nullptr));
  if (l->isUnknown() || r->isUnknown()) return types_.unknown();
  // An initializer ({a, b}, {f = x}, {#}) compared with a typed value takes its type.
  auto isInitializer = [](const Expr* x) {
    return isa<ListExpr>(x) || isa<StructExpr>(x) || isa<InvalidHeaderExpr>(x);
  };
  if (l != r && isInitializer(e->rhs.get()) && !isInitializer(e->lhs.get())) {
    if (coerce(e->rhs.get(), l, std::string("right operand of ") + binaryOpSpelling(e->op)))
      r = l;
    else
      return types_.unknown();
  } else if (l != r && isInitializer(e->lhs.get()) && !isInitializer(e->rhs.get())) {
    if (coerce(e->lhs.get(), r, std::string("left operand of ") + binaryOpSpelling(e->op)))
      l = r;
    else
      return types_.unknown();
  }
  if (l != r) {
    const Type* lu = stripSerEnum(l);
    const Type* ru = stripSerEnum(r);
    if (l->kind == TypeKind::Enum && r->kind == TypeKind::Enum) {
      // Two different enums never mix (even with the same underlying type).
    } else {
      l = lu;
      r = ru;
    }
    if (l->kind == TypeKind::InfInt && r->kind != TypeKind::InfInt &&
        (isBits(r) || underlyingType(r)->kind == TypeKind::Bits)) {
      if (coerce(e->lhs.get(), r, "operand")) l = r;
    } else if (r->kind == TypeKind::InfInt && l->kind != TypeKind::InfInt &&
               (isBits(l) || underlyingType(l)->kind == TypeKind::Bits)) {
      if (coerce(e->rhs.get(), l, "operand")) r = l;
    }
  }
  return l == r ? l : nullptr;
}

const Type* Sema::checkBinary(BinaryExpr* e, const Type* expected) {
  switch (e->op) {
    case BinaryOp::LogicalAnd:
    case BinaryOp::LogicalOr: {
      const Type* l = checkValue(e->lhs.get(), types_.boolType());
      const Type* r = checkValue(e->rhs.get(), types_.boolType());
      if (l->isUnknown() || r->isUnknown()) return types_.boolType();
      for (auto [side, t] : {std::pair{e->lhs.get(), l}, std::pair{e->rhs.get(), r}})
        if (t->kind != TypeKind::Bool) {
          diags_.error(side->loc, "operator {} needs bool operands, not {}",
                       binaryOpSpelling(e->op), typeToString(t));
          return types_.unknown();
        }
      return types_.boolType();
    }
    case BinaryOp::Mask:
    case BinaryOp::Range:
      checkValue(e->lhs.get());
      checkValue(e->rhs.get());
      diags_.error(e->loc,
                   "operator {} is only allowed in keysets (select cases and table entries)",
                   binaryOpSpelling(e->op));
      return types_.unknown();
    case BinaryOp::Shl:
    case BinaryOp::Shr: {
      const Type* hint = expected && isBits(expected) ? expected : nullptr;
      const Type* l = checkValue(e->lhs.get(), hint);
      const Type* r = checkValue(e->rhs.get());
      return checkShift(e, l, r, expected);
    }
    case BinaryOp::Concat: {
      const Type* l = checkValue(e->lhs.get());
      const Type* r = checkValue(e->rhs.get());
      return checkConcat(e, l, r);
    }
    default:
      break;
  }
  const Type* common = unifyOperands(e);
  if (common && common->isUnknown()) return common;  // already reported
  const Type* l = e->lhs->type;
  const Type* r = e->rhs->type;
  if (l->isUnknown() || r->isUnknown()) return types_.unknown();
  switch (e->op) {
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      return checkComparison(e, common ? common : l, common ? common : r);
    default:
      return checkArith(e, common ? common : stripSerEnum(l), common ? common : stripSerEnum(r),
                        expected);
  }
}

const Type* Sema::checkArith(BinaryExpr* e, const Type* l, const Type* r, const Type* expected) {
  const char* op = binaryOpSpelling(e->op);
  for (const Type* t : {l, r}) {
    if (!isNumeric(t)) {
      diags_.error(e->loc, "operator {} needs bit<W>, int<W> or int operands, not {}", op,
                   typeToString(t));
      return types_.unknown();
    }
  }
  if (l != r) {
    auto* lb = dyn_cast<BitsType>(l);
    auto* rb = dyn_cast<BitsType>(r);
    if (lb && rb && lb->isSigned == rb->isSigned)
      diags_.error(e->loc, "width mismatch: {} {} {}", typeToString(l), op, typeToString(r));
    else
      diags_.error(e->loc, "type mismatch: {} {} {}", typeToString(l), op, typeToString(r));
    return types_.unknown();
  }
  bool saturating = e->op == BinaryOp::AddSat || e->op == BinaryOp::SubSat;
  if (saturating && l->kind == TypeKind::InfInt) {
    diags_.error(e->loc, "saturating operator {} needs operands with a width, not int", op);
    return types_.unknown();
  }
  if ((e->op == BinaryOp::Div || e->op == BinaryOp::Mod) && isBits(l) &&
      cast<BitsType>(l)->isSigned) {
    diags_.error(e->loc, "operator {} is not defined on signed {}", op, typeToString(l));
    return types_.unknown();
  }
  return l;
}

const Type* Sema::checkShift(BinaryExpr* e, const Type* l, const Type* r, const Type* expected) {
  if (l->isUnknown() || r->isUnknown()) return types_.unknown();
  l = stripSerEnum(l);
  r = stripSerEnum(r);
  const char* op = binaryOpSpelling(e->op);
  if (!isNumeric(l)) {
    diags_.error(e->lhs->loc, "operator {} needs a bit<W>, int<W> or int left operand, not {}", op,
                 typeToString(l));
    return types_.unknown();
  }
  if (!isNumeric(r)) {
    diags_.error(e->rhs->loc, "the shift amount must be an unsigned integer, not {}",
                 typeToString(r));
    return types_.unknown();
  }
  if (isBits(r) && cast<BitsType>(r)->isSigned) {
    diags_.error(e->rhs->loc, "the shift amount must be unsigned, not {}", typeToString(r));
    return types_.unknown();
  }
  auto amount = constantValue(e->rhs.get());
  if (amount && *amount < 0) {
    diags_.error(e->rhs->loc, "negative shift amount {}", amount->get_str());
    return types_.unknown();
  }
  if (l->kind == TypeKind::InfInt && !amount) {
    if (expected && isBits(expected) && coerce(e->lhs.get(), expected, "operand")) return expected;
    diags_.error(e->lhs->loc,
                 "a shift by a non-constant amount needs a left operand with a width; cast the "
                 "literal, e.g. (bit<32>)1");
    return types_.unknown();
  }
  return l;
}

const Type* Sema::checkComparison(BinaryExpr* e, const Type* l, const Type* r) {
  const char* op = binaryOpSpelling(e->op);
  bool ordering = e->op != BinaryOp::Eq && e->op != BinaryOp::Ne;
  if (isa<TableType>(l) || isa<TableType>(r)) {
    diags_.error(e->loc, "the results of applying tables cannot be compared");
    return types_.unknown();
  }
  if (l != r) {
    auto* lb = dyn_cast<BitsType>(l);
    auto* rb = dyn_cast<BitsType>(r);
    if (lb && rb && lb->isSigned == rb->isSigned)
      diags_.error(e->loc, "width mismatch: {} {} {}", typeToString(l), op, typeToString(r));
    else
      diags_.error(e->loc, "cannot compare {} with {}", typeToString(e->lhs->type),
                   typeToString(e->rhs->type));
    return types_.unknown();
  }
  if (ordering && !isNumeric(l)) {
    diags_.error(e->loc, "operator {} needs bit<W>, int<W> or int operands, not {}", op,
                 typeToString(l));
    return types_.unknown();
  }
  if (l->kind == TypeKind::TypeVar) {
    // P4-16 "Operations on types that are type variables": only assignment.
    diags_.error(e->loc, "values of type parameter {} cannot be compared", typeToString(l));
    return types_.unknown();
  }
  if (!ordering) {
    switch (l->kind) {
      case TypeKind::Extern:
      case TypeKind::Parser:
      case TypeKind::Control:
      case TypeKind::Package:
      case TypeKind::String:
        diags_.error(e->loc, "values of type {} cannot be compared", typeToString(l));
        return types_.unknown();
      default:
        break;
    }
  }
  return types_.boolType();
}

const Type* Sema::checkConcat(BinaryExpr* e, const Type* l, const Type* r) {
  if (l->isUnknown() || r->isUnknown()) return types_.unknown();
  if (l->kind == TypeKind::String && r->kind == TypeKind::String) {
    // Compile-time string concatenation.
    if (isCompileTimeKnown(e->lhs.get()) && isCompileTimeKnown(e->rhs.get())) markKnown(e);
    return l;
  }
  l = stripSerEnum(l);
  r = stripSerEnum(r);
  for (auto [side, t] : {std::pair{e->lhs.get(), l}, std::pair{e->rhs.get(), r}}) {
    if (t->kind == TypeKind::InfInt) {
      diags_.error(side->loc, "operand of ++ needs a width; write it as e.g. 8w{}",
                   constantValue(side) ? constantValue(side)->get_str() : "0");
      return types_.unknown();
    }
    if (!isBits(t)) {
      diags_.error(side->loc, "operator ++ needs bit<W> or int<W> operands, not {}",
                   typeToString(t));
      return types_.unknown();
    }
  }
  int64_t width = int64_t{cast<BitsType>(l)->width} + cast<BitsType>(r)->width;
  if (width > kMaxBitWidth) {
    diags_.error(e->loc, "result of ++ is too wide ({} bits)", width);
    return types_.unknown();
  }
  return types_.bits(static_cast<int>(width), cast<BitsType>(l)->isSigned);
}

const Type* Sema::checkTernary(TernaryExpr* e, const Type* expected) {
  const Type* c = checkValue(e->cond.get(), types_.boolType());
  if (!c->isUnknown() && c->kind != TypeKind::Bool)
    diags_.error(e->cond->loc, "the condition of ?: must be a bool, not {}", typeToString(c));
  const Type* a = checkValue(e->thenExpr.get(), expected);
  const Type* b = checkValue(e->elseExpr.get(), a->kind == TypeKind::InfInt ? expected : a);
  if (a->isUnknown() || b->isUnknown()) return types_.unknown();
  if (a->kind == TypeKind::InfInt && b->kind != TypeKind::InfInt) {
    if (coerce(e->thenExpr.get(), b, "branch of ?:")) a = b;
  } else if (b->kind == TypeKind::InfInt && a->kind != TypeKind::InfInt) {
    if (coerce(e->elseExpr.get(), a, "branch of ?:")) b = a;
  } else if (a->kind == TypeKind::InfInt && b->kind == TypeKind::InfInt && expected &&
             isBits(expected)) {
    coerce(e->thenExpr.get(), expected, "branch of ?:");
    coerce(e->elseExpr.get(), expected, "branch of ?:");
    return expected;
  }
  if (a != b) {
    // Untyped initializers in the branches take the other branch's type.
    if (coerce(e->elseExpr.get(), a, "branch of ?:")) return a;
    return types_.unknown();
  }
  return a;
}

// ---------------------------------------------------------------------------------------
// Casts

bool Sema::castAllowed(const Type* from, const Type* to, const Expr* e) const {
  if (from == to || from->isUnknown() || to->isUnknown()) return true;
  if (from->kind == TypeKind::TypeVar || to->kind == TypeKind::TypeVar) return true;
  // A `type` converts to and from what it is defined as (P4 allows exactly one step; we
  // also accept a step that another legal cast completes, which some programs rely on).
  if (auto* n = dyn_cast<NewTypeType>(to))
    return from == n->underlying || castAllowed(from, n->underlying, e);
  if (auto* n = dyn_cast<NewTypeType>(from))
    return to == n->underlying || castAllowed(n->underlying, to, e);
  const Type* f = from;
  const Type* t = to;
  if (f->kind == TypeKind::InfInt)
    return isBits(t) || t->kind == TypeKind::InfInt || t->kind == TypeKind::Bool ||
           (t->kind == TypeKind::Enum && cast<EnumType>(t)->isSerializable());
  if (isBits(f) && isBits(t)) return true;
  if (isBits(f) && t->kind == TypeKind::InfInt) return true;
  if (f->kind == TypeKind::Bool && isBits(t)) return cast<BitsType>(t)->width == 1;
  if (isBits(f) && t->kind == TypeKind::Bool) return cast<BitsType>(f)->width == 1;
  if (auto* en = dyn_cast<EnumType>(t); en && en->underlying) return isBits(f);
  if (auto* en = dyn_cast<EnumType>(f); en && en->underlying)
    return isBits(t) || t->kind == TypeKind::InfInt;
  return false;
}

const Type* Sema::checkCast(CastExpr* e) {
  const Type* target = resolveType(e->target.get());
  if (isa<ListExpr>(e->expr.get()) || isa<StructExpr>(e->expr.get()) ||
      isa<InvalidHeaderExpr>(e->expr.get())) {
    // `(S){...}`: an initializer with an explicit type.
    checkValue(e->expr.get(), target);
    if (!coerce(e->expr.get(), target, "initializer")) return types_.unknown();
    if (isCompileTimeKnown(e->expr.get())) markKnown(e);
    return target;
  }
  const Type* from = checkValue(e->expr.get(), isBits(target) ? target : nullptr);
  if (from->isUnknown() || target->isUnknown()) return types_.unknown();
  if (!castAllowed(from, target, e->expr.get())) {
    diags_.error(e->loc, "cannot cast {} to {}", typeToString(from), typeToString(target));
    return types_.unknown();
  }
  if (from->kind == TypeKind::InfInt && target->kind == TypeKind::Bool) {
    auto v = constantValue(e->expr.get());
    if (v && *v != 0 && *v != 1) {
      diags_.error(e->loc, "only 0 and 1 can be cast to bool, not {}", v->get_str());
      return types_.unknown();
    }
  }
  if (isCompileTimeKnown(e->expr.get())) markKnown(e);
  return target;
}

// ---------------------------------------------------------------------------------------
// Initializers

const Type* Sema::checkList(ListExpr* e, const Type* expected) {
  const Type* hint = expected ? underlyingType(expected) : nullptr;
  size_t n = e->elements.size();
  auto fits = [&](size_t have) { return e->defaultRest ? n <= have : n == have; };
  std::vector<const Type*> hints(n, nullptr);
  if (auto* s = dyn_cast<StructType>(hint); s && fits(s->fields.size())) {
    for (size_t i = 0; i < n; ++i) hints[i] = s->fields[i].type;
  } else if (auto* t = dyn_cast<TupleType>(hint); t && fits(t->elements.size())) {
    std::copy(t->elements.begin(), t->elements.begin() + static_cast<long>(n), hints.begin());
  } else if (auto* l = dyn_cast<ListType>(hint)) {
    std::fill(hints.begin(), hints.end(), l->element);
  } else if (auto* st = dyn_cast<StackType>(hint)) {
    std::fill(hints.begin(), hints.end(), st->element);
  }
  std::vector<const Type*> elements;
  bool known = true;
  for (size_t i = 0; i < e->elements.size(); ++i) {
    elements.push_back(checkValue(e->elements[i].get(), hints[i]));
    known = known && isCompileTimeKnown(e->elements[i].get());
  }
  if (known) markKnown(e);
  return types_.tuple(std::move(elements));
}

const Type* Sema::checkStructExpr(StructExpr* e, const Type* expected) {
  const auto* hint = dyn_cast<StructType>(expected ? underlyingType(expected) : nullptr);
  auto* t = types_.anonymousStruct(TypeKind::Struct);
  bool known = true;
  for (auto& f : e->fields) {
    const Type* fieldHint = nullptr;
    if (hint)
      if (auto* info = hint->field(f.name)) fieldHint = info->type;
    const Type* ft = checkValue(f.value.get(), fieldHint);
    known = known && isCompileTimeKnown(f.value.get());
    if (t->field(f.name)) {
      diags_.error(f.loc, "field {} is initialized twice", quoted(f.name));
      continue;
    }
    t->fields.push_back({f.name, ft, nullptr});
  }
  if (known) markKnown(e);
  return t;
}

// `...`: the default value of the type its context expects (P4-16 "Initializing with
// default values"): 0 for numbers and serializable enums, false, error.NoError, "", the
// first member of other enums, an invalid header (or stack, or union), and field by
// field for structs and tuples.
const Type* Sema::checkDefaultValue(DefaultValueExpr* e, const Type* expected) {
  if (!expected || expected->kind == TypeKind::TypeVar) {
    diags_.error(e->loc, "cannot tell the type of '...' here: it needs a typed target");
    return types_.unknown();
  }
  if (expected->isUnknown()) return expected;
  if (!hasDefaultValue(expected)) {
    diags_.error(e->loc, "type {} has no default value", typeToString(expected));
    return types_.unknown();
  }
  const Type* u = underlyingType(expected);
  if (isNumeric(u) || u->kind == TypeKind::Bool ||
      (u->kind == TypeKind::Enum && cast<EnumType>(u)->isSerializable()))
    setConstant(e, 0);
  else
    markKnown(e);
  return expected;
}

bool Sema::hasDefaultValue(const Type* t, int depth) const {
  if (depth > kMaxTypeDepth) return false;
  const Type* u = underlyingType(t);
  switch (u->kind) {
    case TypeKind::Bits:
    case TypeKind::InfInt:
    case TypeKind::Varbit:
    case TypeKind::Bool:
    case TypeKind::Error:
    case TypeKind::String:
    case TypeKind::Enum:
    case TypeKind::Header:
    case TypeKind::HeaderUnion:
    case TypeKind::Stack:
    case TypeKind::Unknown:
      return true;
    case TypeKind::Struct:
      for (auto& f : cast<StructType>(u)->fields)
        if (!hasDefaultValue(f.type, depth + 1)) return false;
      return true;
    case TypeKind::Tuple:
      for (auto* element : cast<TupleType>(u)->elements)
        if (!hasDefaultValue(element, depth + 1)) return false;
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------
// Implicit conversions

bool Sema::canCoerce(const Expr* e, const Type* from, const Type* to) const {
  if (!from || !to || from == to || from->isUnknown() || to->isUnknown()) return true;
  if (from->kind == TypeKind::TypeVar || to->kind == TypeKind::TypeVar) return true;
  if (from->kind == TypeKind::DontCare) return true;
  if (from->kind == TypeKind::InfInt)
    return isBits(to) || (to->kind == TypeKind::NewType && isBits(underlyingType(to)));
  if (auto* en = dyn_cast<EnumType>(from); en && en->underlying && to == en->underlying)
    return true;
  if (isa<InvalidHeaderExpr>(e))
    return to->kind == TypeKind::Header || to->kind == TypeKind::HeaderUnion;
  return false;
}

bool Sema::coerce(Expr* e, const Type* target, const std::string& what) {
  if (!e) return true;
  const Type* from = e->type;
  if (!from || !target || from == target || from->isUnknown() || target->isUnknown()) return true;
  if (target->kind == TypeKind::TypeVar || from->kind == TypeKind::TypeVar) return true;
  if (from->kind == TypeKind::DontCare) return true;

  if (from->kind == TypeKind::InfInt && canCoerce(e, from, target)) {
    const Type* bits = underlyingType(target);
    if (auto v = constantValue(e)) {
      if (!fitsIn(*v, bits))
        diags_.warning(e->loc, "value {} does not fit in {}; it is truncated to {}", v->get_str(),
                       typeToString(target), normalize(*v, bits).get_str());
      setConstant(e, normalize(*v, bits));
    }
    e->type = target;
    return true;
  }
  if (canCoerce(e, from, target)) return true;
  // A parser/control declaration fits a parser/control type with the same parameters.
  if (auto* want = dyn_cast<BlockType>(target))
    if (auto* have = dyn_cast<BlockType>(from); have && blockCompatible(want, have)) return true;
  if (auto* want = dyn_cast<ExternType>(target))
    if (auto* have = dyn_cast<ExternType>(from);
        have && have->decl == want->decl && (containsTypeVar(want) || containsTypeVar(have)))
      return true;

  // Initializers: {a, b} and {f = a} take the type of their target, element by element.
  const Type* u = underlyingType(target);
  if (auto* list = dyn_cast<ListExpr>(e)) {
    std::vector<const Type*> elementTypes;
    // `{a, ...}`: the elements not written take their default values.
    auto countFits = [&](size_t have) {
      return list->defaultRest ? list->elements.size() <= have : list->elements.size() == have;
    };
    if (auto* s = dyn_cast<StructType>(u)) {
      if (!countFits(s->fields.size())) {
        diags_.error(e->loc, "{}: {} has {} field{}, but the initializer has {} element{}", what,
                     typeToString(target), s->fields.size(), s->fields.size() == 1 ? "" : "s",
                     list->elements.size(), list->elements.size() == 1 ? "" : "s");
        return false;
      }
      for (auto& f : s->fields) elementTypes.push_back(f.type);
    } else if (auto* t = dyn_cast<TupleType>(u)) {
      if (!countFits(t->elements.size())) {
        diags_.error(e->loc, "{}: {} has {} element{}, but the initializer has {}", what,
                     typeToString(target), t->elements.size(), t->elements.size() == 1 ? "" : "s",
                     list->elements.size());
        return false;
      }
      elementTypes = t->elements;
    } else if (auto* l = dyn_cast<ListType>(u)) {
      elementTypes.assign(list->elements.size(), l->element);
    } else if (auto* st = dyn_cast<StackType>(u)) {
      if (!countFits(static_cast<size_t>(st->size))) {
        diags_.error(e->loc, "{}: {} has {} elements, but the initializer has {}", what,
                     typeToString(target), st->size, list->elements.size());
        return false;
      }
      elementTypes.assign(static_cast<size_t>(st->size), st->element);
    }
    if (list->defaultRest)
      for (size_t i = list->elements.size(); i < elementTypes.size(); ++i)
        if (!hasDefaultValue(elementTypes[i])) {
          diags_.error(e->loc, "{}: '...' stands for an element of type {}, which has no default value",
                       what, typeToString(elementTypes[i]));
          return false;
        }
    if (!elementTypes.empty() ||
        (list->elements.empty() &&
         (u->isStructLike() || u->kind == TypeKind::Tuple || u->kind == TypeKind::List))) {
      bool ok = true;
      for (size_t i = 0; i < list->elements.size(); ++i) {
        std::string elementWhat = what;
        if (auto* s = dyn_cast<StructType>(u)) elementWhat = "field " + quoted(s->fields[i].name);
        ok = coerce(list->elements[i].get(), elementTypes[i], elementWhat) && ok;
      }
      if (ok) e->type = target;
      return ok;
    }
  }
  if (auto* se = dyn_cast<StructExpr>(e)) {
    if (auto* s = dyn_cast<StructType>(u)) {
      bool ok = true;
      for (auto& f : se->fields) {
        auto* info = s->field(f.name);
        if (!info) {
          diags_.error(f.loc, "{} has no field {}", typeToString(target), quoted(f.name));
          ok = false;
          continue;
        }
        ok = coerce(f.value.get(), info->type, "field " + quoted(f.name)) && ok;
      }
      for (auto& f : s->fields) {
        bool given = se->defaultRest && hasDefaultValue(f.type);  // `{a = 1, ...}`
        for (auto& init : se->fields) given = given || init.name == f.name;
        if (!given) {
          diags_.error(e->loc, "{}: field {} of {} is not initialized", what, quoted(f.name),
                       typeToString(target));
          ok = false;
        }
      }
      if (ok) e->type = target;
      return ok;
    }
  }
  if (auto* tern = dyn_cast<TernaryExpr>(e)) {
    // Both branches convert (e.g. int literals in both).
    bool ok =
        coerce(tern->thenExpr.get(), target, what) && coerce(tern->elseExpr.get(), target, what);
    if (ok) e->type = target;
    return ok;
  }
  // Tuples of the same shape whose elements convert (e.g. {1, 2} checked earlier).
  if (auto* ft = dyn_cast<TupleType>(from)) {
    if (auto* tt = dyn_cast<TupleType>(u); tt && tt->elements.size() == ft->elements.size()) {
      bool ok = true;
      for (size_t i = 0; i < ft->elements.size(); ++i)
        ok = ok && canCoerce(nullptr, ft->elements[i], tt->elements[i]);
      if (ok) return true;
    }
  }
  auto* fb = dyn_cast<BitsType>(from);
  auto* tb = dyn_cast<BitsType>(target);
  if (fb && tb && fb->isSigned == tb->isSigned)
    diags_.error(e->loc, "width mismatch: {} has type {}, expected {}", what, typeToString(from),
                 typeToString(target));
  else
    diags_.error(e->loc, "type mismatch: {} has type {}, expected {}", what, typeToString(from),
                 typeToString(target));
  return false;
}

// ---------------------------------------------------------------------------------------
// L-values

const Parameter* Sema::rootParameter(const Expr* e) const {
  for (int i = 0; e && i < kMaxNesting; ++i) {
    if (auto* p = dyn_cast<PathExpr>(e)) return dyn_cast<Parameter>(p->decl);
    if (auto* m = dyn_cast<MemberExpr>(e))
      e = m->base.get();
    else if (auto* x = dyn_cast<IndexExpr>(e))
      e = x->base.get();
    else if (auto* s = dyn_cast<SliceExpr>(e))
      e = s->base.get();
    else
      return nullptr;
  }
  return nullptr;
}

bool Sema::isLValue(const Expr* e, std::string* why) const {
  for (int i = 0; e && i < kMaxNesting; ++i) {
    if (e->type && e->type->isUnknown()) return true;  // already reported
    switch (e->kind) {
      case NodeKind::DontCareExpr:
        return true;
      case NodeKind::PathExpr: {
        const Decl* d = cast<PathExpr>(e)->decl;
        if (!d) return true;
        if (isa<VarDecl>(d)) return true;
        if (auto* p = dyn_cast<Parameter>(d)) {
          if (p->direction == Direction::Out || p->direction == Direction::InOut) return true;
          *why = p->direction == Direction::In ? "'in' parameter " + quoted(p->name)
                                               : "parameter " + quoted(p->name) +
                                                     " (it has no direction, so it is read-only)";
          return false;
        }
        *why = describeDecl(d);
        return false;
      }
      case NodeKind::MemberExpr: {
        auto* m = cast<MemberExpr>(e);
        const Type* bt = m->base->type;
        if (isa<StackType>(bt) && m->member != "next" && m->member != "last") {
          *why = "'." + m->member + "' of a header stack";
          return false;
        }
        if (bt && !bt->isStructLike() && !isa<StackType>(bt)) {
          *why = "member " + quoted(m->member);
          return false;
        }
        e = m->base.get();
        break;
      }
      case NodeKind::IndexExpr:
        e = cast<IndexExpr>(e)->base.get();
        break;
      case NodeKind::SliceExpr:
        e = cast<SliceExpr>(e)->base.get();
        break;
      default:
        *why = "this expression";
        return false;
    }
  }
  return true;
}

void Sema::requireLValue(const Expr* e, const char* context) {
  std::string why;
  if (isLValue(e, &why)) return;
  diags_.error(e->loc, "cannot {} {}", context, why);
}

}  // namespace p4nfc
