// What a node holds below it, in one place for every walk over the tree, and the structural
// comparison of storage locations (ast.h).
#include <fmt/format.h>

#include "frontend/ast.h"

namespace p4nfc {
namespace {

template <class T>
void each(ChildVisitor& v, const char* role, const std::vector<T>& nodes) {
  for (const auto& n : nodes) v.child(role, n.get());
}

void annotations(ChildVisitor& v, const Annotations& annos) {
  for (const auto& a : annos) {
    std::string text = "@" + a.name;
    if (a.form == Annotation::Form::Parens) text += "(" + a.body + ")";
    if (a.form == Annotation::Form::Brackets) text += "[" + a.body + "]";
    v.group("annotation", text, a.loc, [&] {
      for (const auto& arg : a.args) v.child("arg", arg.get());
      for (const auto& [key, value] : a.kvs)
        v.group("kv", key, std::nullopt, [&] { v.child("value", value.get()); });
    });
  }
}

void arguments(ChildVisitor& v, const std::vector<Argument>& args) {
  for (const auto& a : args)
    v.group("arg", a.name.empty() ? "Argument" : "Argument " + a.name, a.loc, [&] { v.child("value", a.value.get()); });
}

void tableProperty(ChildVisitor& v, const TableProperty& p) {
  std::string head = fmt::format("TableProperty {} {}", propertyKindName(p.kind), p.name);
  if (p.isConst) head += " const";
  v.group("property", head, p.loc, [&] {
    annotations(v, p.annotations);
    for (const auto& k : p.keys)
      v.group("key", "KeyElement " + k.matchKind, k.loc, [&] {
        annotations(v, k.annotations);
        v.child("expr", k.expr.get());
      });
    for (const auto& a : p.actions)
      v.group("action", "ActionRef", a.loc, [&] {
        annotations(v, a.annotations);
        v.child("expr", a.action.get());
      });
    for (const auto& e : p.entries)
      v.group("entry", e.isConst ? "TableEntry const" : "TableEntry", e.loc, [&] {
        annotations(v, e.annotations);
        if (e.priority) v.child("priority", e.priority.get());
        v.child("keyset", e.keyset.get());
        v.child("action", e.action.get());
      });
    if (p.kind == TableProperty::Kind::Value) v.child("value", p.value.get());
  });
}

}  // namespace

bool sameLValue(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return false;
  if (const auto* pa = dyn_cast<PathExpr>(&a)) return pa->decl && pa->decl == cast<PathExpr>(&b)->decl;
  if (const auto* ma = dyn_cast<MemberExpr>(&a)) {
    const auto* mb = cast<MemberExpr>(&b);
    return ma->member == mb->member && sameLValue(*ma->base, *mb->base);
  }
  if (const auto* ia = dyn_cast<IndexExpr>(&a)) {
    const auto* ib = cast<IndexExpr>(&b);
    const auto* la = dyn_cast<IntLit>(ia->index.get());
    const auto* lb = dyn_cast<IntLit>(ib->index.get());
    return la && lb && la->value == lb->value && sameLValue(*ia->base, *ib->base);
  }
  return false;
}

const char* propertyKindName(TableProperty::Kind k) {
  switch (k) {
    case TableProperty::Kind::Key: return "key";
    case TableProperty::Kind::Actions: return "actions";
    case TableProperty::Kind::Entries: return "entries";
    case TableProperty::Kind::Value: return "value";
  }
  return "?";
}

namespace {

// Type references: widths, type arguments, elements.
void typeRefChildren(const Node& n, ChildVisitor& v) {
  switch (n.kind) {
    case NodeKind::BaseTypeRef: {
      const auto& b = *cast<BaseTypeRef>(&n);
      if (b.width) v.child("width", b.width.get());
      return;
    }
    case NodeKind::NamedTypeRef: each(v, "arg", cast<NamedTypeRef>(&n)->args); return;
    case NodeKind::StackTypeRef: {
      const auto& s = *cast<StackTypeRef>(&n);
      v.child("element", s.element.get());
      v.child("size", s.size.get());
      return;
    }
    case NodeKind::TupleTypeRef: each(v, "element", cast<TupleTypeRef>(&n)->elements); return;
    case NodeKind::ListTypeRef: v.child("element", cast<ListTypeRef>(&n)->element.get()); return;
    default: return;
  }
}

// Expressions: operands, callees and arguments, struct fields, select cases.
void exprChildren(const Node& n, ChildVisitor& v) {
  switch (n.kind) {
    case NodeKind::IntLit:
    case NodeKind::BoolLit:
    case NodeKind::StringLit:
    case NodeKind::PathExpr:
    case NodeKind::InvalidHeaderExpr:
    case NodeKind::DefaultExpr:
    case NodeKind::DontCareExpr:
    case NodeKind::DefaultValueExpr: return;
    case NodeKind::TypeNameExpr: v.child("type", cast<TypeNameExpr>(&n)->typeRef.get()); return;
    case NodeKind::MemberExpr: v.child("base", cast<MemberExpr>(&n)->base.get()); return;
    case NodeKind::IndexExpr: {
      const auto& i = *cast<IndexExpr>(&n);
      v.child("base", i.base.get());
      v.child("index", i.index.get());
      return;
    }
    case NodeKind::SliceExpr: {
      const auto& s = *cast<SliceExpr>(&n);
      v.child("base", s.base.get());
      v.child("hi", s.hi.get());
      v.child("lo", s.lo.get());
      return;
    }
    case NodeKind::CallExpr: {
      const auto& c = *cast<CallExpr>(&n);
      v.child("callee", c.callee.get());
      each(v, "type-arg", c.typeArgs);
      arguments(v, c.args);
      return;
    }
    case NodeKind::UnaryExpr: v.child("operand", cast<UnaryExpr>(&n)->operand.get()); return;
    case NodeKind::BinaryExpr: {
      const auto& b = *cast<BinaryExpr>(&n);
      v.child("lhs", b.lhs.get());
      v.child("rhs", b.rhs.get());
      return;
    }
    case NodeKind::TernaryExpr: {
      const auto& t = *cast<TernaryExpr>(&n);
      v.child("cond", t.cond.get());
      v.child("then", t.thenExpr.get());
      v.child("else", t.elseExpr.get());
      return;
    }
    case NodeKind::CastExpr: {
      const auto& c = *cast<CastExpr>(&n);
      v.child("type", c.target.get());
      v.child("expr", c.expr.get());
      return;
    }
    case NodeKind::ListExpr: each(v, "element", cast<ListExpr>(&n)->elements); return;
    case NodeKind::StructExpr:
      for (const auto& f : cast<StructExpr>(&n)->fields)
        v.group("field", "FieldInit " + f.name, f.loc, [&] { v.child("value", f.value.get()); });
      return;
    case NodeKind::SelectExpr: {
      const auto& s = *cast<SelectExpr>(&n);
      each(v, "selector", s.selectors);
      for (const auto& c : s.cases)
        v.group("case", "SelectCase", c.loc, [&] {
          v.child("keyset", c.keyset.get());
          v.child("state", c.state.get());
        });
      return;
    }
    default: return;
  }
}

// Statements: conditions, bodies, the parts of loops and switches.
void stmtChildren(const Node& n, ChildVisitor& v) {
  switch (n.kind) {
    case NodeKind::AssignStmt: {
      const auto& a = *cast<AssignStmt>(&n);
      v.child("lhs", a.lhs.get());
      v.child("rhs", a.writtenRhs());
      return;
    }
    case NodeKind::ForStmt: {
      const auto& f = *cast<ForStmt>(&n);
      annotations(v, f.annotations);
      for (const auto& s : f.init) v.child("init", s.get());
      v.child("cond", f.cond.get());
      for (const auto& s : f.update) v.child("update", s.get());
      v.child("body", f.body.get());
      return;
    }
    case NodeKind::ForInStmt: {
      const auto& f = *cast<ForInStmt>(&n);
      annotations(v, f.annotations);
      v.child("var", f.var.get());
      v.child("collection", f.collection.get());
      v.child("body", f.body.get());
      return;
    }
    case NodeKind::BreakStmt:
    case NodeKind::ContinueStmt: return;
    case NodeKind::CallStmt: v.child("call", cast<CallStmt>(&n)->call.get()); return;
    case NodeKind::IfStmt: {
      const auto& i = *cast<IfStmt>(&n);
      v.child("cond", i.cond.get());
      v.child("then", i.thenStmt.get());
      if (i.elseStmt) v.child("else", i.elseStmt.get());
      return;
    }
    case NodeKind::SwitchStmt: {
      const auto& s = *cast<SwitchStmt>(&n);
      v.child("expr", s.expr.get());
      for (const auto& c : s.cases)
        v.group("case", c.body ? "SwitchCase" : "SwitchCase fallthrough", c.loc, [&] {
          v.child("label", c.label.get());
          if (c.body) v.child("body", c.body.get());
        });
      return;
    }
    case NodeKind::BlockStmt: {
      const auto& b = *cast<BlockStmt>(&n);
      annotations(v, b.annotations);
      each(v, "stmt", b.stmts);
      return;
    }
    case NodeKind::ExitStmt:
    case NodeKind::EmptyStmt: return;
    case NodeKind::ReturnStmt: {
      const auto& r = *cast<ReturnStmt>(&n);
      if (r.value) v.child("value", r.value.get());
      return;
    }
    case NodeKind::DeclStmt: v.child("decl", cast<DeclStmt>(&n)->decl.get()); return;
    default: return;
  }
}

// Declarations: types, parameters, locals, states, bodies, table properties.
void declChildren(const Node& n, ChildVisitor& v) {
  switch (n.kind) {
    case NodeKind::ConstDecl: {
      const auto& c = *cast<ConstDecl>(&n);
      v.child("type", c.typeRef.get());
      v.child("init", c.init.get());
      return;
    }
    case NodeKind::VarDecl: {
      const auto& var = *cast<VarDecl>(&n);
      v.child("type", var.typeRef.get());
      if (var.init) v.child("init", var.init.get());
      return;
    }
    case NodeKind::TypedefDecl: v.child("type", cast<TypedefDecl>(&n)->typeRef.get()); return;
    case NodeKind::EnumDecl: {
      const auto& e = *cast<EnumDecl>(&n);
      if (e.underlying) v.child("underlying", e.underlying.get());
      each(v, "member", e.members);
      return;
    }
    case NodeKind::ErrorDecl: each(v, "member", cast<ErrorDecl>(&n)->members); return;
    case NodeKind::MatchKindDecl: each(v, "member", cast<MatchKindDecl>(&n)->members); return;
    case NodeKind::StructLikeDecl: {
      const auto& s = *cast<StructLikeDecl>(&n);
      each(v, "type-param", s.typeParams);
      for (const auto& f : s.fields) v.child("field", f.get());
      return;
    }
    case NodeKind::ExternDecl: {
      const auto& e = *cast<ExternDecl>(&n);
      each(v, "type-param", e.typeParams);
      for (const auto& m : e.methods) v.child("method", m.get());
      return;
    }
    case NodeKind::ExternFunctionDecl: {
      const auto& f = *cast<ExternFunctionDecl>(&n);
      v.child("return", f.returnType.get());
      each(v, "type-param", f.typeParams);
      each(v, "param", f.params);
      return;
    }
    case NodeKind::MethodDecl: {
      const auto& m = *cast<MethodDecl>(&n);
      if (m.returnType) v.child("return", m.returnType.get());
      each(v, "type-param", m.typeParams);
      each(v, "param", m.params);
      return;
    }
    case NodeKind::ParserTypeDecl: {
      const auto& p = *cast<ParserTypeDecl>(&n);
      each(v, "type-param", p.typeParams);
      each(v, "param", p.params);
      return;
    }
    case NodeKind::ParserDecl: {
      const auto& p = *cast<ParserDecl>(&n);
      each(v, "type-param", p.typeParams);
      each(v, "param", p.params);
      each(v, "ctor-param", p.ctorParams);
      each(v, "local", p.locals);
      for (const auto& s : p.states) v.child("state", s.get());
      return;
    }
    case NodeKind::ParserState: {
      const auto& s = *cast<ParserState>(&n);
      each(v, "stmt", s.stmts);
      if (s.transition) v.child("transition", s.transition.get());
      return;
    }
    case NodeKind::ControlTypeDecl: {
      const auto& c = *cast<ControlTypeDecl>(&n);
      each(v, "type-param", c.typeParams);
      each(v, "param", c.params);
      return;
    }
    case NodeKind::ControlDecl: {
      const auto& c = *cast<ControlDecl>(&n);
      each(v, "type-param", c.typeParams);
      each(v, "param", c.params);
      each(v, "ctor-param", c.ctorParams);
      each(v, "local", c.locals);
      v.child("apply", c.body.get());
      return;
    }
    case NodeKind::PackageTypeDecl: {
      const auto& p = *cast<PackageTypeDecl>(&n);
      each(v, "type-param", p.typeParams);
      each(v, "param", p.params);
      return;
    }
    case NodeKind::InstantiationDecl: {
      const auto& i = *cast<InstantiationDecl>(&n);
      v.child("type", i.typeRef.get());
      arguments(v, i.args);
      each(v, "initializer", i.initializer);
      return;
    }
    case NodeKind::ActionDecl: {
      const auto& a = *cast<ActionDecl>(&n);
      each(v, "param", a.params);
      v.child("body", a.body.get());
      return;
    }
    case NodeKind::FunctionDecl: {
      const auto& f = *cast<FunctionDecl>(&n);
      v.child("return", f.returnType.get());
      each(v, "type-param", f.typeParams);
      each(v, "param", f.params);
      v.child("body", f.body.get());
      return;
    }
    case NodeKind::TableDecl:
      for (const auto& p : cast<TableDecl>(&n)->properties) tableProperty(v, p);
      return;
    case NodeKind::ValueSetDecl: {
      const auto& set = *cast<ValueSetDecl>(&n);
      v.child("element", set.elementType.get());
      v.child("size", set.size.get());
      return;
    }
    case NodeKind::Parameter: {
      const auto& p = *cast<Parameter>(&n);
      v.child("type", p.typeRef.get());
      if (p.defaultValue) v.child("default", p.defaultValue.get());
      return;
    }
    case NodeKind::TypeParamDecl: return;
    case NodeKind::EnumMember: {
      const auto& m = *cast<EnumMember>(&n);
      if (m.value) v.child("value", m.value.get());
      return;
    }
    case NodeKind::Field: v.child("type", cast<Field>(&n)->typeRef.get()); return;
    default: return;
  }
}

}  // namespace

void forEachChild(const Node& n, ChildVisitor& v) {
  if (const auto* d = dyn_cast<Decl>(&n)) annotations(v, d->annotations);
  if (isa<TypeRef>(&n)) return typeRefChildren(n, v);
  if (isa<Expr>(&n)) return exprChildren(n, v);
  if (isa<Stmt>(&n)) return stmtChildren(n, v);
  if (const auto* p = dyn_cast<Program>(&n)) return each(v, "decl", p->decls);
  declChildren(n, v);
}

}  // namespace p4nfc
