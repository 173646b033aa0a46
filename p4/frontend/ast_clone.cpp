// Copies of expressions and type references as written: the syntax and source locations,
// not what sema attached (types, resolved names), so that sema checks a copy afresh.
#include "frontend/ast.h"

namespace p4nfc {

namespace {

template <class T>
std::unique_ptr<T> cloneAs(const T* node) {
  ExprPtr e = cloneExpr(node);
  return std::unique_ptr<T>(static_cast<T*>(e.release()));
}

std::vector<ExprPtr> cloneExprs(const std::vector<ExprPtr>& exprs) {
  std::vector<ExprPtr> out;
  for (const auto& e : exprs) out.push_back(cloneExpr(e.get()));
  return out;
}

std::vector<TypeRefPtr> cloneTypeRefs(const std::vector<TypeRefPtr>& refs) {
  std::vector<TypeRefPtr> out;
  for (const auto& r : refs) out.push_back(cloneTypeRef(r.get()));
  return out;
}

}  // namespace

TypeRefPtr cloneTypeRef(const TypeRef* t) {
  if (!t) return nullptr;
  switch (t->kind) {
    case NodeKind::BaseTypeRef: {
      auto* b = cast<BaseTypeRef>(t);
      auto out = std::make_unique<BaseTypeRef>(b->loc, b->base);
      out->width = cloneExpr(b->width.get());
      return out;
    }
    case NodeKind::NamedTypeRef: {
      auto* n = cast<NamedTypeRef>(t);
      auto out = std::make_unique<NamedTypeRef>(n->loc, n->path);
      out->args = cloneTypeRefs(n->args);
      return out;
    }
    case NodeKind::StackTypeRef: {
      auto* s = cast<StackTypeRef>(t);
      auto out = std::make_unique<StackTypeRef>(s->loc);
      out->element = cloneTypeRef(s->element.get());
      out->size = cloneExpr(s->size.get());
      return out;
    }
    case NodeKind::TupleTypeRef: {
      auto out = std::make_unique<TupleTypeRef>(t->loc);
      out->elements = cloneTypeRefs(cast<TupleTypeRef>(t)->elements);
      return out;
    }
    case NodeKind::ListTypeRef: {
      auto out = std::make_unique<ListTypeRef>(t->loc);
      out->element = cloneTypeRef(cast<ListTypeRef>(t)->element.get());
      return out;
    }
    default:
      return nullptr;
  }
}

ExprPtr cloneExpr(const Expr* e) {
  if (!e) return nullptr;
  switch (e->kind) {
    case NodeKind::IntLit: {
      auto* lit = cast<IntLit>(e);
      auto out = std::make_unique<IntLit>(lit->loc);
      out->value = lit->value;
      out->width = lit->width;
      out->isSigned = lit->isSigned;
      out->text = lit->text;
      return out;
    }
    case NodeKind::BoolLit:
      return std::make_unique<BoolLit>(e->loc, cast<BoolLit>(e)->value);
    case NodeKind::StringLit:
      return std::make_unique<StringLit>(e->loc, cast<StringLit>(e)->value);
    case NodeKind::PathExpr:
      return std::make_unique<PathExpr>(e->loc, cast<PathExpr>(e)->path);
    case NodeKind::TypeNameExpr:
      return std::make_unique<TypeNameExpr>(e->loc,
                                            cloneTypeRef(cast<TypeNameExpr>(e)->typeRef.get()));
    case NodeKind::MemberExpr: {
      auto* m = cast<MemberExpr>(e);
      auto out = std::make_unique<MemberExpr>(m->loc);
      out->base = cloneExpr(m->base.get());
      out->member = m->member;
      out->memberLoc = m->memberLoc;
      return out;
    }
    case NodeKind::IndexExpr: {
      auto* i = cast<IndexExpr>(e);
      auto out = std::make_unique<IndexExpr>(i->loc);
      out->base = cloneExpr(i->base.get());
      out->index = cloneExpr(i->index.get());
      return out;
    }
    case NodeKind::SliceExpr: {
      auto* s = cast<SliceExpr>(e);
      auto out = std::make_unique<SliceExpr>(s->loc);
      out->base = cloneExpr(s->base.get());
      out->hi = cloneExpr(s->hi.get());
      out->lo = cloneExpr(s->lo.get());
      return out;
    }
    case NodeKind::CallExpr: {
      auto* c = cast<CallExpr>(e);
      auto out = std::make_unique<CallExpr>(c->loc);
      out->callee = cloneExpr(c->callee.get());
      out->typeArgs = cloneTypeRefs(c->typeArgs);
      for (const auto& a : c->args) out->args.push_back({a.loc, a.name, cloneExpr(a.value.get())});
      return out;
    }
    case NodeKind::UnaryExpr: {
      auto* u = cast<UnaryExpr>(e);
      auto out = std::make_unique<UnaryExpr>(u->loc, u->op);
      out->operand = cloneExpr(u->operand.get());
      return out;
    }
    case NodeKind::BinaryExpr: {
      auto* b = cast<BinaryExpr>(e);
      auto out = std::make_unique<BinaryExpr>(b->loc, b->op);
      out->lhs = cloneExpr(b->lhs.get());
      out->rhs = cloneExpr(b->rhs.get());
      return out;
    }
    case NodeKind::TernaryExpr: {
      auto* t = cast<TernaryExpr>(e);
      auto out = std::make_unique<TernaryExpr>(t->loc);
      out->cond = cloneExpr(t->cond.get());
      out->thenExpr = cloneExpr(t->thenExpr.get());
      out->elseExpr = cloneExpr(t->elseExpr.get());
      return out;
    }
    case NodeKind::CastExpr: {
      auto* c = cast<CastExpr>(e);
      auto out = std::make_unique<CastExpr>(c->loc);
      out->target = cloneTypeRef(c->target.get());
      out->expr = cloneExpr(c->expr.get());
      return out;
    }
    case NodeKind::ListExpr: {
      auto* l = cast<ListExpr>(e);
      auto out = std::make_unique<ListExpr>(l->loc);
      out->elements = cloneExprs(l->elements);
      out->defaultRest = l->defaultRest;
      return out;
    }
    case NodeKind::StructExpr: {
      auto* s = cast<StructExpr>(e);
      auto out = std::make_unique<StructExpr>(s->loc);
      for (const auto& f : s->fields) out->fields.push_back({f.loc, f.name, cloneExpr(f.value.get())});
      out->defaultRest = s->defaultRest;
      return out;
    }
    case NodeKind::InvalidHeaderExpr:
      return std::make_unique<InvalidHeaderExpr>(e->loc);
    case NodeKind::DefaultExpr:
      return std::make_unique<DefaultExpr>(e->loc);
    case NodeKind::DontCareExpr:
      return std::make_unique<DontCareExpr>(e->loc);
    case NodeKind::DefaultValueExpr:
      return std::make_unique<DefaultValueExpr>(e->loc);
    case NodeKind::SelectExpr: {
      auto* s = cast<SelectExpr>(e);
      auto out = std::make_unique<SelectExpr>(s->loc);
      out->selectors = cloneExprs(s->selectors);
      for (const auto& c : s->cases)
        out->cases.push_back({c.loc, cloneExpr(c.keyset.get()), cloneAs(c.state.get())});
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace p4nfc
