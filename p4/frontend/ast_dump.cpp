#include "frontend/ast_dump.h"

#include <fmt/format.h>

#include <set>

#include "frontend/printer.h"

namespace p4nfc {

namespace {

std::string pathName(const Path& p) { return p.global ? "." + p.name : p.name; }

// One line per node or grouping, indented by depth; what lies below a node comes from
// forEachChild (ast_children.cpp), so the dump shows every child every walk sees.
class Dumper : public ChildVisitor {
 public:
  explicit Dumper(const DumpOptions& options) : options_(options) {}
  std::string take() { return std::move(out_); }

  void node(const char* role, const Node* n);
  void child(const char* role, const Node* n) override { node(role, n); }
  void group(const char* role, const std::string& head, std::optional<SourceLoc> loc,
             const std::function<void()>& contents) override {
    line(role, head, loc.value_or(SourceLoc{}), loc.has_value());
    Nested nested(*this);
    contents();
  }

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
  // The program leaves out the system include files' declarations when asked to.
  if (const auto* p = dyn_cast<Program>(n)) program(*p);
  else forEachChild(*n, *this);
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
