#include "frontend/ast_dump.h"

#include <fmt/format.h>

#include <set>

#include "frontend/printer.h"

namespace p4nfc {

namespace {

const char* propertyKindName(TableProperty::Kind k) {
  switch (k) {
    case TableProperty::Kind::Key: return "key";
    case TableProperty::Kind::Actions: return "actions";
    case TableProperty::Kind::Entries: return "entries";
    case TableProperty::Kind::Value: return "value";
  }
  return "?";
}

std::string pathName(const Path& p) { return p.global ? "." + p.name : p.name; }

class Dumper {
 public:
  explicit Dumper(const DumpOptions& options) : options_(options) {}
  std::string take() { return std::move(out_); }

  void node(const char* role, const Node* n);

 private:
  // Writes one line: `role: head <loc>`, indented to the current depth.
  void line(const char* role, const std::string& head, SourceLoc loc, bool hasLoc = true);
  std::string location(SourceLoc loc) const;
  struct Nested {
    explicit Nested(Dumper& d) : d(d) { ++d.depth_; }
    ~Nested() { --d.depth_; }
    Dumper& d;
  };

  std::string head(const Node& n) const;
  void children(const Node& n);
  void annotations(const Annotations& annos);
  void typeParams(const TypeParams& params);
  void params(const char* role, const Parameters& params);
  void arguments(const std::vector<Argument>& args);
  void members(const EnumMembers& members);
  void decls(const char* role, const std::vector<DeclPtr>& decls);
  void stmts(const std::vector<StmtPtr>& stmts);
  void exprs(const char* role, const std::vector<ExprPtr>& exprs);
  void types(const char* role, const std::vector<TypeRefPtr>& types);
  void tableProperty(const TableProperty& p);
  void program(const Program& p);

  const DumpOptions& options_;
  std::string out_;
  int depth_ = 0;
};

std::string Dumper::location(SourceLoc loc) const {
  if (options_.sources) return options_.sources->describe(loc);
  return fmt::format("#{}:{}:{}", loc.file, loc.line, loc.col);
}

void Dumper::line(const char* role, const std::string& head, SourceLoc loc, bool hasLoc) {
  out_.append(static_cast<size_t>(depth_ * 2), ' ');
  if (role && *role) {
    out_ += role;
    out_ += ": ";
  }
  out_ += head;
  if (options_.withLocations && hasLoc) {
    out_ += " <";
    out_ += location(loc);
    out_ += '>';
  }
  out_ += '\n';
}

void Dumper::node(const char* role, const Node* n) {
  if (!n) {
    line(role, "<null>", SourceLoc{}, false);
    return;
  }
  line(role, head(*n), n->loc);
  Nested nested(*this);
  if (const auto* d = dyn_cast<Decl>(n)) annotations(d->annotations);
  children(*n);
}

// The node's kind and the attributes that identify it, on one line.
std::string Dumper::head(const Node& n) const {
  std::string h = nodeKindName(n.kind);
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    h += ' ';
    h += s;
  };
  switch (n.kind) {
    case NodeKind::BaseTypeRef: add(baseTypeSpelling(cast<BaseTypeRef>(&n)->base, SignedIntSpelling::Signed)); break;
    case NodeKind::NamedTypeRef: add(pathName(cast<NamedTypeRef>(&n)->path)); break;
    case NodeKind::IntLit: {
      const auto& lit = *cast<IntLit>(&n);
      add(lit.value.get_str());
      if (lit.width) add(fmt::format("width={}", *lit.width));
      if (lit.isSigned) add("signed");
      break;
    }
    case NodeKind::BoolLit: add(cast<BoolLit>(&n)->value ? "true" : "false"); break;
    case NodeKind::StringLit: add(quoteString(cast<StringLit>(&n)->value)); break;
    case NodeKind::PathExpr: add(pathName(cast<PathExpr>(&n)->path)); break;
    case NodeKind::MemberExpr: add("." + cast<MemberExpr>(&n)->member); break;
    case NodeKind::UnaryExpr: add(unaryOpSpelling(cast<UnaryExpr>(&n)->op)); break;
    case NodeKind::BinaryExpr: add(binaryOpSpelling(cast<BinaryExpr>(&n)->op)); break;
    case NodeKind::ListExpr:
      if (cast<ListExpr>(&n)->defaultRest) add("...");
      break;
    case NodeKind::StructExpr:
      if (cast<StructExpr>(&n)->defaultRest) add("...");
      break;
    case NodeKind::AssignStmt:
      if (auto op = cast<AssignStmt>(&n)->compound) add(std::string(binaryOpSpelling(*op)) + "=");
      break;
    case NodeKind::TypedefDecl: add(cast<TypedefDecl>(&n)->isNewType ? "type" : "typedef"); break;
    case NodeKind::StructLikeDecl: add(structFlavorSpelling(cast<StructLikeDecl>(&n)->flavor)); break;
    case NodeKind::Parameter: add(directionSpelling(cast<Parameter>(&n)->direction)); break;
    case NodeKind::MethodDecl: {
      const auto& m = *cast<MethodDecl>(&n);
      if (m.isAbstract) add("abstract");
      if (m.isConstructor) add("constructor");
      break;
    }
    case NodeKind::InstantiationDecl:
      if (cast<InstantiationDecl>(&n)->hasInitializer) add("with-initializer");
      break;
    default: break;
  }
  if (const auto* d = dyn_cast<Decl>(&n)) add(d->name);
  return h;
}

void Dumper::annotations(const Annotations& annos) {
  for (const auto& a : annos) {
    std::string text = "@" + a.name;
    if (a.form == Annotation::Form::Parens) text += "(" + a.body + ")";
    if (a.form == Annotation::Form::Brackets) text += "[" + a.body + "]";
    line("annotation", text, a.loc);
    Nested nested(*this);
    for (const auto& arg : a.args) node("arg", arg.get());
    for (const auto& [key, value] : a.kvs) {
      line("kv", key, SourceLoc{}, false);
      Nested inner(*this);
      node("value", value.get());
    }
  }
}

void Dumper::typeParams(const TypeParams& params) {
  for (const auto& p : params) node("type-param", p.get());
}

void Dumper::params(const char* role, const Parameters& params) {
  for (const auto& p : params) node(role, p.get());
}

void Dumper::arguments(const std::vector<Argument>& args) {
  for (const auto& a : args) {
    line("arg", a.name.empty() ? "Argument" : "Argument " + a.name, a.loc);
    Nested nested(*this);
    node("value", a.value.get());
  }
}

void Dumper::members(const EnumMembers& members) {
  for (const auto& m : members) node("member", m.get());
}

void Dumper::decls(const char* role, const std::vector<DeclPtr>& decls) {
  for (const auto& d : decls) node(role, d.get());
}

void Dumper::stmts(const std::vector<StmtPtr>& stmts) {
  for (const auto& s : stmts) node("stmt", s.get());
}

void Dumper::exprs(const char* role, const std::vector<ExprPtr>& exprs) {
  for (const auto& e : exprs) node(role, e.get());
}

void Dumper::types(const char* role, const std::vector<TypeRefPtr>& types) {
  for (const auto& t : types) node(role, t.get());
}

void Dumper::tableProperty(const TableProperty& p) {
  std::string head = fmt::format("TableProperty {} {}", propertyKindName(p.kind), p.name);
  if (p.isConst) head += " const";
  line("property", head, p.loc);
  Nested nested(*this);
  annotations(p.annotations);
  for (const auto& k : p.keys) {
    line("key", "KeyElement " + k.matchKind, k.loc);
    Nested inner(*this);
    annotations(k.annotations);
    node("expr", k.expr.get());
  }
  for (const auto& a : p.actions) {
    line("action", "ActionRef", a.loc);
    Nested inner(*this);
    annotations(a.annotations);
    node("expr", a.action.get());
  }
  for (const auto& e : p.entries) {
    line("entry", e.isConst ? "TableEntry const" : "TableEntry", e.loc);
    Nested inner(*this);
    annotations(e.annotations);
    if (e.priority) node("priority", e.priority.get());
    node("keyset", e.keyset.get());
    node("action", e.action.get());
  }
  if (p.kind == TableProperty::Kind::Value) node("value", p.value.get());
}

void Dumper::program(const Program& p) {
  std::set<std::string> included;
  const SourceManager* sources = options_.sources;
  for (const auto& d : p.decls) {
    if (d && options_.skipSystemDecls && sources && sources->isSystemFile(d->loc.file)) {
      std::string name = systemIncludeName(sources->fileName(d->loc.file));
      if (included.insert(name).second) line("decl", "Include <" + name + ">", d->loc, false);
      continue;
    }
    node("decl", d.get());
  }
}

void Dumper::children(const Node& n) {
  switch (n.kind) {
    case NodeKind::BaseTypeRef: {
      const auto& b = *cast<BaseTypeRef>(&n);
      if (b.width) node("width", b.width.get());
      return;
    }
    case NodeKind::NamedTypeRef: types("arg", cast<NamedTypeRef>(&n)->args); return;
    case NodeKind::StackTypeRef: {
      const auto& s = *cast<StackTypeRef>(&n);
      node("element", s.element.get());
      node("size", s.size.get());
      return;
    }
    case NodeKind::TupleTypeRef: types("element", cast<TupleTypeRef>(&n)->elements); return;
    case NodeKind::ListTypeRef: node("element", cast<ListTypeRef>(&n)->element.get()); return;

    case NodeKind::IntLit:
    case NodeKind::BoolLit:
    case NodeKind::StringLit:
    case NodeKind::PathExpr:
    case NodeKind::InvalidHeaderExpr:
    case NodeKind::DefaultExpr:
    case NodeKind::DontCareExpr:
    case NodeKind::DefaultValueExpr: return;
    case NodeKind::TypeNameExpr: node("type", cast<TypeNameExpr>(&n)->typeRef.get()); return;
    case NodeKind::MemberExpr: node("base", cast<MemberExpr>(&n)->base.get()); return;
    case NodeKind::IndexExpr: {
      const auto& i = *cast<IndexExpr>(&n);
      node("base", i.base.get());
      node("index", i.index.get());
      return;
    }
    case NodeKind::SliceExpr: {
      const auto& s = *cast<SliceExpr>(&n);
      node("base", s.base.get());
      node("hi", s.hi.get());
      node("lo", s.lo.get());
      return;
    }
    case NodeKind::CallExpr: {
      const auto& c = *cast<CallExpr>(&n);
      node("callee", c.callee.get());
      types("type-arg", c.typeArgs);
      arguments(c.args);
      return;
    }
    case NodeKind::UnaryExpr: node("operand", cast<UnaryExpr>(&n)->operand.get()); return;
    case NodeKind::BinaryExpr: {
      const auto& b = *cast<BinaryExpr>(&n);
      node("lhs", b.lhs.get());
      node("rhs", b.rhs.get());
      return;
    }
    case NodeKind::TernaryExpr: {
      const auto& t = *cast<TernaryExpr>(&n);
      node("cond", t.cond.get());
      node("then", t.thenExpr.get());
      node("else", t.elseExpr.get());
      return;
    }
    case NodeKind::CastExpr: {
      const auto& c = *cast<CastExpr>(&n);
      node("type", c.target.get());
      node("expr", c.expr.get());
      return;
    }
    case NodeKind::ListExpr: exprs("element", cast<ListExpr>(&n)->elements); return;
    case NodeKind::StructExpr:
      for (const auto& f : cast<StructExpr>(&n)->fields) {
        line("field", "FieldInit " + f.name, f.loc);
        Nested nested(*this);
        node("value", f.value.get());
      }
      return;
    case NodeKind::SelectExpr: {
      const auto& s = *cast<SelectExpr>(&n);
      exprs("selector", s.selectors);
      for (const auto& c : s.cases) {
        line("case", "SelectCase", c.loc);
        Nested nested(*this);
        node("keyset", c.keyset.get());
        node("state", c.state.get());
      }
      return;
    }

    case NodeKind::AssignStmt: {
      const auto& a = *cast<AssignStmt>(&n);
      node("lhs", a.lhs.get());
      node("rhs", a.writtenRhs());
      return;
    }
    case NodeKind::ForStmt: {
      const auto& f = *cast<ForStmt>(&n);
      annotations(f.annotations);
      for (const auto& s : f.init) node("init", s.get());
      node("cond", f.cond.get());
      for (const auto& s : f.update) node("update", s.get());
      node("body", f.body.get());
      return;
    }
    case NodeKind::ForInStmt: {
      const auto& f = *cast<ForInStmt>(&n);
      annotations(f.annotations);
      node("var", f.var.get());
      node("collection", f.collection.get());
      node("body", f.body.get());
      return;
    }
    case NodeKind::BreakStmt:
    case NodeKind::ContinueStmt: return;
    case NodeKind::CallStmt: node("call", cast<CallStmt>(&n)->call.get()); return;
    case NodeKind::IfStmt: {
      const auto& i = *cast<IfStmt>(&n);
      node("cond", i.cond.get());
      node("then", i.thenStmt.get());
      if (i.elseStmt) node("else", i.elseStmt.get());
      return;
    }
    case NodeKind::SwitchStmt: {
      const auto& s = *cast<SwitchStmt>(&n);
      node("expr", s.expr.get());
      for (const auto& c : s.cases) {
        line("case", c.body ? "SwitchCase" : "SwitchCase fallthrough", c.loc);
        Nested nested(*this);
        node("label", c.label.get());
        if (c.body) node("body", c.body.get());
      }
      return;
    }
    case NodeKind::BlockStmt: {
      const auto& b = *cast<BlockStmt>(&n);
      annotations(b.annotations);
      stmts(b.stmts);
      return;
    }
    case NodeKind::ExitStmt:
    case NodeKind::EmptyStmt: return;
    case NodeKind::ReturnStmt: {
      const auto& r = *cast<ReturnStmt>(&n);
      if (r.value) node("value", r.value.get());
      return;
    }
    case NodeKind::DeclStmt: node("decl", cast<DeclStmt>(&n)->decl.get()); return;

    case NodeKind::ConstDecl: {
      const auto& c = *cast<ConstDecl>(&n);
      node("type", c.typeRef.get());
      node("init", c.init.get());
      return;
    }
    case NodeKind::VarDecl: {
      const auto& v = *cast<VarDecl>(&n);
      node("type", v.typeRef.get());
      if (v.init) node("init", v.init.get());
      return;
    }
    case NodeKind::TypedefDecl: node("type", cast<TypedefDecl>(&n)->typeRef.get()); return;
    case NodeKind::EnumDecl: {
      const auto& e = *cast<EnumDecl>(&n);
      if (e.underlying) node("underlying", e.underlying.get());
      members(e.members);
      return;
    }
    case NodeKind::ErrorDecl: members(cast<ErrorDecl>(&n)->members); return;
    case NodeKind::MatchKindDecl: members(cast<MatchKindDecl>(&n)->members); return;
    case NodeKind::StructLikeDecl: {
      const auto& s = *cast<StructLikeDecl>(&n);
      typeParams(s.typeParams);
      for (const auto& f : s.fields) node("field", f.get());
      return;
    }
    case NodeKind::ExternDecl: {
      const auto& e = *cast<ExternDecl>(&n);
      typeParams(e.typeParams);
      for (const auto& m : e.methods) node("method", m.get());
      return;
    }
    case NodeKind::ExternFunctionDecl: {
      const auto& f = *cast<ExternFunctionDecl>(&n);
      node("return", f.returnType.get());
      typeParams(f.typeParams);
      params("param", f.params);
      return;
    }
    case NodeKind::MethodDecl: {
      const auto& m = *cast<MethodDecl>(&n);
      if (m.returnType) node("return", m.returnType.get());
      typeParams(m.typeParams);
      params("param", m.params);
      return;
    }
    case NodeKind::ParserTypeDecl: {
      const auto& p = *cast<ParserTypeDecl>(&n);
      typeParams(p.typeParams);
      params("param", p.params);
      return;
    }
    case NodeKind::ParserDecl: {
      const auto& p = *cast<ParserDecl>(&n);
      typeParams(p.typeParams);
      params("param", p.params);
      params("ctor-param", p.ctorParams);
      decls("local", p.locals);
      for (const auto& s : p.states) node("state", s.get());
      return;
    }
    case NodeKind::ParserState: {
      const auto& s = *cast<ParserState>(&n);
      stmts(s.stmts);
      if (s.transition) node("transition", s.transition.get());
      return;
    }
    case NodeKind::ControlTypeDecl: {
      const auto& c = *cast<ControlTypeDecl>(&n);
      typeParams(c.typeParams);
      params("param", c.params);
      return;
    }
    case NodeKind::ControlDecl: {
      const auto& c = *cast<ControlDecl>(&n);
      typeParams(c.typeParams);
      params("param", c.params);
      params("ctor-param", c.ctorParams);
      decls("local", c.locals);
      node("apply", c.body.get());
      return;
    }
    case NodeKind::PackageTypeDecl: {
      const auto& p = *cast<PackageTypeDecl>(&n);
      typeParams(p.typeParams);
      params("param", p.params);
      return;
    }
    case NodeKind::InstantiationDecl: {
      const auto& i = *cast<InstantiationDecl>(&n);
      node("type", i.typeRef.get());
      arguments(i.args);
      decls("initializer", i.initializer);
      return;
    }
    case NodeKind::ActionDecl: {
      const auto& a = *cast<ActionDecl>(&n);
      params("param", a.params);
      node("body", a.body.get());
      return;
    }
    case NodeKind::FunctionDecl: {
      const auto& f = *cast<FunctionDecl>(&n);
      node("return", f.returnType.get());
      typeParams(f.typeParams);
      params("param", f.params);
      node("body", f.body.get());
      return;
    }
    case NodeKind::TableDecl:
      for (const auto& p : cast<TableDecl>(&n)->properties) tableProperty(p);
      return;
    case NodeKind::ValueSetDecl: {
      const auto& v = *cast<ValueSetDecl>(&n);
      node("element", v.elementType.get());
      node("size", v.size.get());
      return;
    }
    case NodeKind::Parameter: {
      const auto& p = *cast<Parameter>(&n);
      node("type", p.typeRef.get());
      if (p.defaultValue) node("default", p.defaultValue.get());
      return;
    }
    case NodeKind::TypeParamDecl: return;
    case NodeKind::EnumMember: {
      const auto& m = *cast<EnumMember>(&n);
      if (m.value) node("value", m.value.get());
      return;
    }
    case NodeKind::Field: node("type", cast<Field>(&n)->typeRef.get()); return;
    case NodeKind::Program: program(*cast<Program>(&n)); return;
  }
}

}  // namespace

std::string dumpAst(const Node& node, bool withLocations) {
  DumpOptions options;
  options.withLocations = withLocations;
  return dumpAst(node, options);
}

std::string dumpAst(const Node& node, const DumpOptions& options) {
  Dumper d(options);
  d.node("", &node);
  return d.take();
}

}  // namespace p4nfc
