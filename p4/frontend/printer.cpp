#include "frontend/printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "frontend/preprocess.h"

namespace p4nfc {

namespace {

constexpr int kIndentWidth = 4;
constexpr size_t kLineLimit = 100;

// An annotation body comes as its tokens joined by single spaces (`[a = 1 , b = 2]`).
// Dropping the space before `,` `)` `]` and after `(` `[` outside string literals reads
// better and re-lexes to the same tokens, hence the same body.
std::string tidyAnnotationBody(const std::string& body) {
  std::string out;
  bool inString = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (inString) {
      out += c;
      if (c == '\\' && i + 1 < body.size()) {
        out += body[++i];
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') inString = true;
    if (c == ' ' && !out.empty() && (out.back() == '(' || out.back() == '[')) continue;
    if (c == ' ' && i + 1 < body.size() &&
        (body[i + 1] == ',' || body[i + 1] == ')' || body[i + 1] == ']'))
      continue;
    out += c;
  }
  return out;
}

// Precedence levels on which C and P4 agree. The bitwise operators, `++` and the saturating
// ones sit elsewhere in P4 than a C reader expects (`a & b == c` is `(a & b) == c`), so they
// get level 0: the printer parenthesizes them whenever they meet a different operator,
// which reads unambiguously to anyone and re-parses the same under either reading.
int conventionalLevel(BinaryOp op) {
  switch (op) {
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod: return 7;
    case BinaryOp::Add:
    case BinaryOp::Sub: return 6;
    case BinaryOp::Shl:
    case BinaryOp::Shr: return 5;
    case BinaryOp::Le:
    case BinaryOp::Ge:
    case BinaryOp::Lt:
    case BinaryOp::Gt: return 4;
    case BinaryOp::Ne:
    case BinaryOp::Eq: return 3;
    case BinaryOp::LogicalAnd: return 2;
    case BinaryOp::LogicalOr: return 1;
    default: return 0;
  }
}

// Whether `child`, an operand of a binary `parent`, must be written in parentheses. All
// binary operators of P4 associate to the left.
bool binaryOperandNeedsParens(BinaryOp parent, const Expr& child, bool isRight) {
  if (isa<TernaryExpr>(&child) || isa<SelectExpr>(&child)) return true;
  const auto* bin = dyn_cast<BinaryExpr>(&child);
  if (!bin) return false;  // primaries, postfix, prefix and casts bind tighter than any binary
  if (parent == BinaryOp::Mask || parent == BinaryOp::Range) return true;
  int parentLevel = conventionalLevel(parent);
  int childLevel = conventionalLevel(bin->op);
  if (parentLevel == 0 || childLevel == 0) return isRight || bin->op != parent;
  if (childLevel != parentLevel) return childLevel < parentLevel;
  return isRight;
}

// Primary and postfix expressions: those that can stand before `.m`, `[i]` or `(args)`, and
// after a prefix operator or a cast, without parentheses.
bool isPostfixOrPrimary(const Expr& e) {
  switch (e.kind) {
    case NodeKind::IntLit: return cast<IntLit>(&e)->value >= 0;
    case NodeKind::BoolLit:
    case NodeKind::StringLit:
    case NodeKind::PathExpr:
    case NodeKind::TypeNameExpr:
    case NodeKind::MemberExpr:
    case NodeKind::IndexExpr:
    case NodeKind::SliceExpr:
    case NodeKind::CallExpr:
    case NodeKind::ListExpr:
    case NodeKind::StructExpr:
    case NodeKind::InvalidHeaderExpr:
    case NodeKind::DefaultExpr:
    case NodeKind::DontCareExpr:
    case NodeKind::DefaultValueExpr: return true;
    default: return false;
  }
}

// True when `s`, written without braces as the then-branch of an if with an else, would
// capture that else: it is an if whose last else-branch is missing.
bool endsWithOpenIf(const Stmt& s) {
  const auto* ifStmt = dyn_cast<IfStmt>(&s);
  if (!ifStmt) return false;
  if (!ifStmt->elseStmt) return true;
  return endsWithOpenIf(*ifStmt->elseStmt);
}

class Printer {
 public:
  explicit Printer(int indent) : indent_(indent) {}

  std::string take() { return std::move(out_); }

  void program(const Program& program, const SourceManager& sources);
  void decl(const Decl& d);
  void stmt(const Stmt& s);
  void expr(const Expr& e);
  void typeRef(const TypeRef& t);

 private:
  // --- layout
  size_t currentColumn() const {
    size_t newline = out_.rfind('\n');
    return newline == std::string::npos ? out_.size() : out_.size() - newline - 1;
  }
  void startLine() { out_.append(static_cast<size_t>(indent_ * kIndentWidth), ' '); }
  void endLine() { out_ += '\n'; }
  struct Indented {
    explicit Indented(Printer& p) : p(p) { ++p.indent_; }
    ~Indented() { --p.indent_; }
    Printer& p;
  };

  // --- pieces
  void annotations(const Annotations& annos);
  void annotation(const Annotation& a);
  void path(const Path& p);
  void typeArgs(const std::vector<TypeRefPtr>& args);
  void typeParams(const TypeParams& params);
  void parameter(const Parameter& p);
  void parameters(const Parameters& params);
  void arguments(const std::vector<Argument>& args);
  void intLit(const IntLit& lit);
  void operand(const Expr& e, bool parenthesize);
  void keyset(const Expr& e);
  void select(const SelectExpr& s);
  void exprList(const std::vector<ExprPtr>& list);

  // --- statements: `stmtInline` writes a statement from the current column to the end of
  // its last line (included); `blockInline` stops after the closing brace.
  void stmtInline(const Stmt& s);
  void blockInline(const BlockStmt& b);
  void assignmentOrCall(const Stmt& s);
  void variable(const VarDecl& v);
  void loopBody(const Stmt* body);
  void forInline(const ForStmt& s);
  void forInInline(const ForInStmt& s);
  void stmtList(const std::vector<StmtPtr>& stmts);
  void ifInline(const IfStmt& s);
  void switchInline(const SwitchStmt& s);

  // --- declarations: `declBody` writes from the current column, without annotations, to
  // the end of the declaration's last line.
  void declBody(const Decl& d);
  void typeDeclBody(const Decl& d);
  void prototypeBody(const Decl& d);
  void parserBody(const ParserDecl& p);
  void stateBody(const ParserState& s);
  void controlBody(const ControlDecl& c);
  void instantiationBody(const InstantiationDecl& i);
  void signature(const TypeRef* returnType, const std::string& name,
                 const TypeParams& typeParams, const Parameters& params);
  void members(const EnumMembers& members);
  void localDecls(const std::vector<DeclPtr>& decls);
  void table(const TableDecl& t);
  void tableProperty(const TableProperty& p);
  void keyElements(const std::vector<KeyElement>& keys);
  void actionRefs(const std::vector<ActionRef>& actions);
  void tableEntries(const std::vector<TableEntry>& entries);
  // `{`, the indented contents, `}` (no newline after it).
  template <class Contents>
  void braced(Contents&& contents);
  void bodyOrEmpty(const BlockStmt* body);

  std::string out_;
  int indent_;
};

// ---------------------------------------------------------------------------------------
// Program

void Printer::program(const Program& program, const SourceManager& sources) {
  std::set<std::string> included;
  bool previousWasMultiLine = false;
  for (const auto& d : program.decls) {
    if (!d) continue;
    if (sources.isSystemFile(d->loc.file)) {
      uint32_t file = d->loc.file;
      for (int depth = 0; depth < 16 && sources.isSystemFile(sources.includer(file)); ++depth)
        file = sources.includer(file);
      std::string name = systemIncludeName(sources.fileName(file));
      if (!included.insert(name).second) continue;
      if (previousWasMultiLine) endLine();
      out_ += fmt::format("#include <{}>\n", name);
      previousWasMultiLine = false;
      continue;
    }
    Printer one(indent_);
    one.decl(*d);
    std::string text = one.take();
    bool multiLine = std::count(text.begin(), text.end(), '\n') > 1;
    // A blank line around anything longer than one line keeps the file easy to scan.
    if (!out_.empty() && (multiLine || previousWasMultiLine)) endLine();
    out_ += text;
    previousWasMultiLine = multiLine;
  }
}

// ---------------------------------------------------------------------------------------
// Annotations, names, parameters

void Printer::annotations(const Annotations& annos) {
  for (const auto& a : annos) {
    annotation(a);
    out_ += ' ';
  }
}

void Printer::annotation(const Annotation& a) {
  out_ += '@';
  out_ += a.name;
  switch (a.form) {
    case Annotation::Form::Plain: return;
    case Annotation::Form::Parens:
      out_ += '(';
      if (!a.body.empty() || a.args.empty()) {
        out_ += tidyAnnotationBody(a.body);
      } else {
        exprList(a.args);
      }
      out_ += ')';
      return;
    case Annotation::Form::Brackets:
      out_ += '[';
      if (!a.body.empty() || a.kvs.empty()) {
        out_ += tidyAnnotationBody(a.body);
      } else {
        for (size_t i = 0; i < a.kvs.size(); ++i) {
          if (i) out_ += ", ";
          out_ += a.kvs[i].first;
          out_ += " = ";
          if (a.kvs[i].second) expr(*a.kvs[i].second);
        }
      }
      out_ += ']';
      return;
  }
}

void Printer::path(const Path& p) {
  if (p.global) out_ += '.';
  out_ += p.name;
}

void Printer::typeArgs(const std::vector<TypeRefPtr>& args) {
  if (args.empty()) return;
  out_ += '<';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out_ += ", ";
    if (args[i]) typeRef(*args[i]);
  }
  out_ += '>';
}

void Printer::typeParams(const TypeParams& params) {
  if (params.empty()) return;
  out_ += '<';
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) out_ += ", ";
    if (params[i]) {
      annotations(params[i]->annotations);
      out_ += params[i]->name;
    }
  }
  out_ += '>';
}

void Printer::parameter(const Parameter& p) {
  annotations(p.annotations);
  if (p.direction != Direction::None) {
    out_ += directionSpelling(p.direction);
    out_ += ' ';
  }
  if (p.typeRef) {
    typeRef(*p.typeRef);
    out_ += ' ';
  }
  out_ += p.name;
  if (p.defaultValue) {
    out_ += " = ";
    expr(*p.defaultValue);
  }
}

void Printer::parameters(const Parameters& params) {
  std::vector<std::string> texts;
  size_t total = 0;
  for (const auto& p : params) {
    Printer one(0);
    if (p) one.parameter(*p);
    texts.push_back(one.take());
    total += texts.back().size() + 2;
  }
  // Long lists go one parameter a line, aligned after the parenthesis.
  size_t column = currentColumn() + 1;
  bool wrap = texts.size() > 1 && column + total > kLineLimit;
  out_ += '(';
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i) {
      out_ += ',';
      if (wrap) {
        endLine();
        out_.append(column, ' ');
      } else {
        out_ += ' ';
      }
    }
    out_ += texts[i];
  }
  out_ += ')';
}

void Printer::arguments(const std::vector<Argument>& args) {
  out_ += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out_ += ", ";
    if (!args[i].name.empty()) {
      out_ += args[i].name;
      out_ += " = ";
    }
    if (args[i].value) expr(*args[i].value);
  }
  out_ += ')';
}

// ---------------------------------------------------------------------------------------
// Type references

void Printer::typeRef(const TypeRef& t) {
  switch (t.kind) {
    case NodeKind::BaseTypeRef: {
      const auto& b = *cast<BaseTypeRef>(&t);
      out_ += baseTypeSpelling(b.base);  // int<W> prints as int<W>
      if (b.width) {
        // The grammar takes a bare integer, or any expression in parentheses.
        out_ += '<';
        operand(*b.width, !isa<IntLit>(b.width.get()));
        out_ += '>';
      }
      return;
    }
    case NodeKind::NamedTypeRef: {
      const auto& n = *cast<NamedTypeRef>(&t);
      path(n.path);
      typeArgs(n.args);
      return;
    }
    case NodeKind::StackTypeRef: {
      const auto& s = *cast<StackTypeRef>(&t);
      if (s.element) typeRef(*s.element);
      out_ += '[';
      if (s.size) expr(*s.size);
      out_ += ']';
      return;
    }
    case NodeKind::TupleTypeRef: {
      const auto& tuple = *cast<TupleTypeRef>(&t);
      out_ += "tuple";
      if (tuple.elements.empty()) out_ += "<>";
      typeArgs(tuple.elements);
      return;
    }
    case NodeKind::ListTypeRef: {
      const auto& list = *cast<ListTypeRef>(&t);
      out_ += "list<";
      if (list.element) typeRef(*list.element);
      out_ += '>';
      return;
    }
    default: out_ += "/* not a type */"; return;
  }
}

// ---------------------------------------------------------------------------------------
// Expressions

void Printer::intLit(const IntLit& lit) {
  if (!lit.text.empty()) {
    out_ += lit.text;
    return;
  }
  // Built by a pass rather than lexed: spell it from width and value.
  if (lit.width) out_ += fmt::format("{}{}", *lit.width, lit.isSigned ? 's' : 'w');
  out_ += lit.value.get_str();
}

void Printer::operand(const Expr& e, bool parenthesize) {
  if (parenthesize) out_ += '(';
  expr(e);
  if (parenthesize) out_ += ')';
}

void Printer::exprList(const std::vector<ExprPtr>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out_ += ", ";
    if (list[i]) expr(*list[i]);
  }
}

// Keysets of select cases and table entries write a tuple in parentheses: `(1, _)`.
void Printer::keyset(const Expr& e) {
  if (const auto* list = dyn_cast<ListExpr>(&e)) {
    out_ += '(';
    exprList(list->elements);
    out_ += ')';
    return;
  }
  expr(e);
}

void Printer::select(const SelectExpr& s) {
  out_ += "select(";
  exprList(s.selectors);
  out_ += ") {";
  endLine();
  {
    Indented in(*this);
    for (const auto& c : s.cases) {
      startLine();
      if (c.keyset) keyset(*c.keyset);
      out_ += ": ";
      if (c.state) expr(*c.state);
      out_ += ';';
      endLine();
    }
  }
  startLine();
  out_ += '}';
}

void Printer::expr(const Expr& e) {
  switch (e.kind) {
    case NodeKind::IntLit: intLit(*cast<IntLit>(&e)); return;
    case NodeKind::BoolLit: out_ += cast<BoolLit>(&e)->value ? "true" : "false"; return;
    case NodeKind::StringLit: out_ += quoteString(cast<StringLit>(&e)->value); return;
    case NodeKind::PathExpr: path(cast<PathExpr>(&e)->path); return;
    case NodeKind::TypeNameExpr: {
      const auto& t = *cast<TypeNameExpr>(&e);
      if (t.typeRef) typeRef(*t.typeRef);
      return;
    }
    case NodeKind::MemberExpr: {
      const auto& m = *cast<MemberExpr>(&e);
      if (m.base) operand(*m.base, !isPostfixOrPrimary(*m.base));
      out_ += '.';
      out_ += m.member;
      return;
    }
    case NodeKind::IndexExpr: {
      const auto& i = *cast<IndexExpr>(&e);
      if (i.base) operand(*i.base, !isPostfixOrPrimary(*i.base));
      out_ += '[';
      if (i.index) expr(*i.index);
      out_ += ']';
      return;
    }
    case NodeKind::SliceExpr: {
      const auto& s = *cast<SliceExpr>(&e);
      if (s.base) operand(*s.base, !isPostfixOrPrimary(*s.base));
      out_ += '[';
      if (s.hi) expr(*s.hi);
      out_ += ':';
      if (s.lo) expr(*s.lo);
      out_ += ']';
      return;
    }
    case NodeKind::CallExpr: {
      const auto& c = *cast<CallExpr>(&e);
      if (c.callee) operand(*c.callee, !isPostfixOrPrimary(*c.callee));
      typeArgs(c.typeArgs);
      arguments(c.args);
      return;
    }
    case NodeKind::UnaryExpr: {
      const auto& u = *cast<UnaryExpr>(&e);
      out_ += unaryOpSpelling(u.op);
      if (u.operand) operand(*u.operand, !isPostfixOrPrimary(*u.operand));
      return;
    }
    case NodeKind::BinaryExpr: {
      const auto& b = *cast<BinaryExpr>(&e);
      if (b.lhs) operand(*b.lhs, binaryOperandNeedsParens(b.op, *b.lhs, false));
      out_ += fmt::format(" {} ", binaryOpSpelling(b.op));
      if (b.rhs) operand(*b.rhs, binaryOperandNeedsParens(b.op, *b.rhs, true));
      return;
    }
    case NodeKind::TernaryExpr: {
      const auto& t = *cast<TernaryExpr>(&e);
      auto part = [&](const ExprPtr& p) {
        if (p) operand(*p, isa<TernaryExpr>(p.get()) || isa<SelectExpr>(p.get()));
      };
      part(t.cond);
      out_ += " ? ";
      part(t.thenExpr);
      out_ += " : ";
      part(t.elseExpr);
      return;
    }
    case NodeKind::CastExpr: {
      const auto& c = *cast<CastExpr>(&e);
      out_ += '(';
      if (c.target) typeRef(*c.target);
      out_ += ')';
      // `(T) -x` would read as a subtraction when T is a name: only primaries go bare.
      if (c.expr) operand(*c.expr, !isPostfixOrPrimary(*c.expr));
      return;
    }
    case NodeKind::ListExpr: {
      const auto& l = *cast<ListExpr>(&e);
      out_ += '{';
      exprList(l.elements);
      if (l.defaultRest) out_ += l.elements.empty() ? "..." : ", ...";
      out_ += '}';
      return;
    }
    case NodeKind::StructExpr: {
      const auto& s = *cast<StructExpr>(&e);
      out_ += '{';
      for (size_t i = 0; i < s.fields.size(); ++i) {
        if (i) out_ += ", ";
        out_ += s.fields[i].name;
        out_ += " = ";
        if (s.fields[i].value) expr(*s.fields[i].value);
      }
      if (s.defaultRest) out_ += ", ...";
      out_ += '}';
      return;
    }
    case NodeKind::DefaultValueExpr: out_ += "..."; return;
    case NodeKind::InvalidHeaderExpr: out_ += "{#}"; return;
    case NodeKind::DefaultExpr: out_ += "default"; return;
    case NodeKind::DontCareExpr: out_ += '_'; return;
    case NodeKind::SelectExpr: select(*cast<SelectExpr>(&e)); return;
    default: out_ += "/* not an expression */"; return;
  }
}

// ---------------------------------------------------------------------------------------
// Statements

void Printer::stmt(const Stmt& s) {
  startLine();
  stmtInline(s);
}

void Printer::stmtList(const std::vector<StmtPtr>& stmts) {
  for (const auto& s : stmts)
    if (s) stmt(*s);
}

void Printer::blockInline(const BlockStmt& b) {
  annotations(b.annotations);
  out_ += '{';
  endLine();
  {
    Indented in(*this);
    stmtList(b.stmts);
  }
  startLine();
  out_ += '}';
}

// `T x` or `T x = e`, without annotations and `;`.
void Printer::variable(const VarDecl& v) {
  if (v.typeRef) typeRef(*v.typeRef);
  out_ += ' ';
  out_ += v.name;
  if (v.init) {
    out_ += " = ";
    expr(*v.init);
  }
}

// An assignment or call without its `;` (also the init and update parts of a for loop).
void Printer::assignmentOrCall(const Stmt& s) {
  if (const auto* c = dyn_cast<CallStmt>(&s)) {
    if (c->call) expr(*c->call);
    return;
  }
  if (const auto* d = dyn_cast<DeclStmt>(&s); d && isa<VarDecl>(d->decl.get())) {
    const auto& v = *cast<VarDecl>(d->decl.get());
    annotations(v.annotations);
    variable(v);
    return;
  }
  const auto* a = dyn_cast<AssignStmt>(&s);
  if (!a) {
    out_ += "/* not an assignment */";
    return;
  }
  if (a->lhs) expr(*a->lhs);
  out_ += ' ';
  if (a->compound) out_ += binaryOpSpelling(*a->compound);
  out_ += "= ";
  if (const Expr* rhs = a->writtenRhs()) expr(*rhs);
}

// The loop's body follows on the same line when it is a block, else indented below.
void Printer::loopBody(const Stmt* body) {
  if (body && isa<BlockStmt>(body)) {
    out_ += ' ';
    blockInline(*cast<BlockStmt>(body));
    endLine();
    return;
  }
  endLine();
  Indented in(*this);
  if (body) stmt(*body);
}

void Printer::forInline(const ForStmt& s) {
  annotations(s.annotations);
  out_ += "for (";
  for (size_t i = 0; i < s.init.size(); ++i) {
    if (i) out_ += ", ";
    if (s.init[i]) assignmentOrCall(*s.init[i]);
  }
  out_ += "; ";
  if (s.cond) expr(*s.cond);
  out_ += "; ";
  for (size_t i = 0; i < s.update.size(); ++i) {
    if (i) out_ += ", ";
    if (s.update[i]) assignmentOrCall(*s.update[i]);
  }
  out_ += ')';
  loopBody(s.body.get());
}

void Printer::forInInline(const ForInStmt& s) {
  annotations(s.annotations);
  out_ += "for (";
  if (s.var) {
    annotations(s.var->annotations);
    if (s.var->typeRef) typeRef(*s.var->typeRef);
    out_ += ' ';
    out_ += s.var->name;
  }
  out_ += " in ";
  if (s.collection) expr(*s.collection);
  out_ += ')';
  loopBody(s.body.get());
}

void Printer::ifInline(const IfStmt& s) {
  out_ += "if (";
  if (s.cond) expr(*s.cond);
  out_ += ')';
  bool thenIsBlock = false;
  if (s.thenStmt && isa<BlockStmt>(s.thenStmt.get())) {
    out_ += ' ';
    blockInline(*cast<BlockStmt>(s.thenStmt.get()));
    thenIsBlock = true;
  } else if (s.thenStmt && s.elseStmt && endsWithOpenIf(*s.thenStmt)) {
    // Only a tree built by a pass can have this shape; braces keep the else where it is.
    out_ += " {";
    endLine();
    {
      Indented in(*this);
      stmt(*s.thenStmt);
    }
    startLine();
    out_ += '}';
    thenIsBlock = true;
  } else {
    endLine();
    Indented in(*this);
    if (s.thenStmt) {
      stmt(*s.thenStmt);
    } else {
      startLine();
      out_ += ';';
      endLine();
    }
  }
  if (!s.elseStmt) {
    if (thenIsBlock) endLine();
    return;
  }
  if (thenIsBlock) {
    out_ += " else";
  } else {
    startLine();
    out_ += "else";
  }
  if (isa<IfStmt>(s.elseStmt.get()) || isa<BlockStmt>(s.elseStmt.get())) {
    out_ += ' ';
    stmtInline(*s.elseStmt);
  } else {
    endLine();
    Indented in(*this);
    stmt(*s.elseStmt);
  }
}

void Printer::switchInline(const SwitchStmt& s) {
  out_ += "switch (";
  if (s.expr) expr(*s.expr);
  out_ += ") {";
  endLine();
  {
    Indented in(*this);
    for (const auto& c : s.cases) {
      startLine();
      if (c.label) expr(*c.label);
      out_ += ':';
      if (c.body) {
        out_ += ' ';
        blockInline(*c.body);
      }
      endLine();
    }
  }
  startLine();
  out_ += '}';
  endLine();
}

void Printer::stmtInline(const Stmt& s) {
  switch (s.kind) {
    case NodeKind::AssignStmt:
      assignmentOrCall(s);
      out_ += ';';
      break;
    case NodeKind::ForStmt: forInline(*cast<ForStmt>(&s)); return;
    case NodeKind::ForInStmt: forInInline(*cast<ForInStmt>(&s)); return;
    case NodeKind::BreakStmt: out_ += "break;"; break;
    case NodeKind::ContinueStmt: out_ += "continue;"; break;
    case NodeKind::CallStmt: {
      const auto& c = *cast<CallStmt>(&s);
      if (c.call) expr(*c.call);
      out_ += ';';
      break;
    }
    case NodeKind::IfStmt: ifInline(*cast<IfStmt>(&s)); return;
    case NodeKind::SwitchStmt: switchInline(*cast<SwitchStmt>(&s)); return;
    case NodeKind::BlockStmt: blockInline(*cast<BlockStmt>(&s)); break;
    case NodeKind::ExitStmt: out_ += "exit;"; break;
    case NodeKind::ReturnStmt: {
      const auto& r = *cast<ReturnStmt>(&s);
      out_ += "return";
      if (r.value) {
        out_ += ' ';
        expr(*r.value);
      }
      out_ += ';';
      break;
    }
    case NodeKind::EmptyStmt: out_ += ';'; break;
    case NodeKind::DeclStmt: {
      const auto& d = *cast<DeclStmt>(&s);
      if (d.decl) {
        annotations(d.decl->annotations);
        declBody(*d.decl);
        return;  // declBody ends the line
      }
      out_ += ';';
      break;
    }
    default: out_ += "/* not a statement */"; break;
  }
  endLine();
}

// ---------------------------------------------------------------------------------------
// Declarations

void Printer::decl(const Decl& d) {
  startLine();
  annotations(d.annotations);
  declBody(d);
}

template <class Contents>
void Printer::braced(Contents&& contents) {
  out_ += '{';
  endLine();
  {
    Indented in(*this);
    contents();
  }
  startLine();
  out_ += '}';
}

void Printer::bodyOrEmpty(const BlockStmt* body) {
  if (body) {
    blockInline(*body);
  } else {
    braced([] {});
  }
}

void Printer::members(const EnumMembers& members) {
  braced([&] {
    for (size_t i = 0; i < members.size(); ++i) {
      if (!members[i]) continue;
      startLine();
      out_ += members[i]->name;
      if (members[i]->value) {
        out_ += " = ";
        expr(*members[i]->value);
      }
      if (i + 1 < members.size()) out_ += ',';
      endLine();
    }
  });
}

void Printer::localDecls(const std::vector<DeclPtr>& decls) {
  for (const auto& d : decls)
    if (d) decl(*d);
}

void Printer::keyElements(const std::vector<KeyElement>& keys) {
  for (const auto& k : keys) {
    startLine();
    if (k.expr) expr(*k.expr);
    out_ += ": ";
    out_ += k.matchKind;
    for (const auto& a : k.annotations) {  // the grammar puts them after the match kind
      out_ += ' ';
      annotation(a);
    }
    out_ += ';';
    endLine();
  }
}

void Printer::actionRefs(const std::vector<ActionRef>& actions) {
  for (const auto& a : actions) {
    startLine();
    annotations(a.annotations);
    if (a.action) expr(*a.action);
    out_ += ';';
    endLine();
  }
}

void Printer::tableEntries(const std::vector<TableEntry>& entries) {
  for (const auto& e : entries) {
    startLine();
    if (e.isConst) out_ += "const ";
    if (e.priority) {
      // The grammar takes a bare integer, or any expression in parentheses.
      out_ += "priority = ";
      operand(*e.priority, !isa<IntLit>(e.priority.get()));
      out_ += ": ";
    }
    if (e.keyset) keyset(*e.keyset);
    out_ += ": ";
    if (e.action) expr(*e.action);
    for (const auto& a : e.annotations) {  // after the action, as the grammar has them
      out_ += ' ';
      annotation(a);
    }
    out_ += ';';
    endLine();
  }
}

void Printer::tableProperty(const TableProperty& p) {
  startLine();
  annotations(p.annotations);
  if (p.isConst) out_ += "const ";
  out_ += p.name;
  out_ += " = ";
  switch (p.kind) {
    case TableProperty::Kind::Key: braced([&] { keyElements(p.keys); }); break;
    case TableProperty::Kind::Actions: braced([&] { actionRefs(p.actions); }); break;
    case TableProperty::Kind::Entries: braced([&] { tableEntries(p.entries); }); break;
    case TableProperty::Kind::Value:
      if (p.value) expr(*p.value);
      out_ += ';';
      break;
  }
  endLine();
}

void Printer::table(const TableDecl& t) {
  out_ += fmt::format("table {} ", t.name);
  braced([&] {
    for (const auto& p : t.properties) tableProperty(p);
  });
}

// `[abstract] [T] name<U>(params)`: the common head of methods, functions and prototypes.
void Printer::signature(const TypeRef* returnType, const std::string& name,
                        const TypeParams& typeParams, const Parameters& params) {
  if (returnType) {
    typeRef(*returnType);
    out_ += ' ';
  }
  out_ += name;
  this->typeParams(typeParams);
  parameters(params);
}

// typedef, enum, error, match_kind, header, header_union, struct and their fields.
void Printer::typeDeclBody(const Decl& d) {
  switch (d.kind) {
    case NodeKind::TypedefDecl: {
      const auto& t = *cast<TypedefDecl>(&d);
      out_ += t.isNewType ? "type " : "typedef ";
      if (t.typeRef) typeRef(*t.typeRef);
      out_ += fmt::format(" {};", t.name);
      return;
    }
    case NodeKind::EnumDecl: {
      const auto& e = *cast<EnumDecl>(&d);
      out_ += "enum ";
      if (e.underlying) {
        typeRef(*e.underlying);
        out_ += ' ';
      }
      out_ += e.name + " ";
      members(e.members);
      return;
    }
    case NodeKind::ErrorDecl:
      out_ += "error ";
      members(cast<ErrorDecl>(&d)->members);
      return;
    case NodeKind::MatchKindDecl:
      out_ += "match_kind ";
      members(cast<MatchKindDecl>(&d)->members);
      return;
    case NodeKind::StructLikeDecl: {
      const auto& s = *cast<StructLikeDecl>(&d);
      out_ += structFlavorSpelling(s.flavor);
      out_ += ' ';
      out_ += s.name;
      typeParams(s.typeParams);
      out_ += ' ';
      braced([&] {
        for (const auto& f : s.fields)
          if (f) decl(*f);
      });
      return;
    }
    case NodeKind::Field: {
      const auto& f = *cast<Field>(&d);
      if (f.typeRef) typeRef(*f.typeRef);
      out_ += fmt::format(" {};", f.name);
      return;
    }
    default: return;
  }
}

// Declarations without a body: externs, their methods, and the parser, control and
// package types.
void Printer::prototypeBody(const Decl& d) {
  switch (d.kind) {
    case NodeKind::ExternDecl: {
      const auto& e = *cast<ExternDecl>(&d);
      out_ += "extern " + e.name;
      typeParams(e.typeParams);
      out_ += ' ';
      braced([&] {
        for (const auto& m : e.methods)
          if (m) decl(*m);
      });
      return;
    }
    case NodeKind::MethodDecl: {
      const auto& m = *cast<MethodDecl>(&d);
      if (m.isAbstract) out_ += "abstract ";
      signature(m.returnType.get(), m.name, m.typeParams, m.params);
      break;
    }
    case NodeKind::ExternFunctionDecl: {
      const auto& f = *cast<ExternFunctionDecl>(&d);
      out_ += "extern ";
      signature(f.returnType.get(), f.name, f.typeParams, f.params);
      break;
    }
    case NodeKind::ParserTypeDecl: {
      const auto& p = *cast<ParserTypeDecl>(&d);
      out_ += "parser ";
      signature(nullptr, p.name, p.typeParams, p.params);
      break;
    }
    case NodeKind::ControlTypeDecl: {
      const auto& c = *cast<ControlTypeDecl>(&d);
      out_ += "control ";
      signature(nullptr, c.name, c.typeParams, c.params);
      break;
    }
    case NodeKind::PackageTypeDecl: {
      const auto& p = *cast<PackageTypeDecl>(&d);
      out_ += "package ";
      signature(nullptr, p.name, p.typeParams, p.params);
      break;
    }
    default: return;
  }
  out_ += ';';
}

void Printer::parserBody(const ParserDecl& p) {
  out_ += "parser ";
  signature(nullptr, p.name, p.typeParams, p.params);
  if (!p.ctorParams.empty()) parameters(p.ctorParams);
  out_ += ' ';
  braced([&] {
    localDecls(p.locals);
    for (const auto& s : p.states)
      if (s) decl(*s);
  });
}

void Printer::stateBody(const ParserState& s) {
  out_ += fmt::format("state {} ", s.name);
  braced([&] {
    stmtList(s.stmts);
    if (!s.transition) return;
    startLine();
    out_ += "transition ";
    expr(*s.transition);
    if (!isa<SelectExpr>(s.transition.get())) out_ += ';';
    endLine();
  });
}

void Printer::controlBody(const ControlDecl& c) {
  out_ += "control ";
  signature(nullptr, c.name, c.typeParams, c.params);
  if (!c.ctorParams.empty()) parameters(c.ctorParams);
  out_ += ' ';
  braced([&] {
    localDecls(c.locals);
    startLine();
    out_ += "apply ";
    bodyOrEmpty(c.body.get());
    endLine();
  });
}

void Printer::instantiationBody(const InstantiationDecl& i) {
  if (i.typeRef) typeRef(*i.typeRef);
  arguments(i.args);
  out_ += ' ';
  out_ += i.name;
  if (i.hasInitializer || !i.initializer.empty()) {
    out_ += " = ";
    braced([&] { localDecls(i.initializer); });
  }
  out_ += ';';
}

void Printer::declBody(const Decl& d) {
  switch (d.kind) {
    case NodeKind::ConstDecl: {
      const auto& c = *cast<ConstDecl>(&d);
      out_ += "const ";
      if (c.typeRef) typeRef(*c.typeRef);
      out_ += fmt::format(" {} = ", c.name);
      if (c.init) expr(*c.init);
      out_ += ';';
      break;
    }
    case NodeKind::VarDecl:
      variable(*cast<VarDecl>(&d));
      out_ += ';';
      break;
    case NodeKind::TypedefDecl:
    case NodeKind::EnumDecl:
    case NodeKind::ErrorDecl:
    case NodeKind::MatchKindDecl:
    case NodeKind::StructLikeDecl:
    case NodeKind::Field: typeDeclBody(d); break;
    case NodeKind::ExternDecl:
    case NodeKind::MethodDecl:
    case NodeKind::ExternFunctionDecl:
    case NodeKind::ParserTypeDecl:
    case NodeKind::ControlTypeDecl:
    case NodeKind::PackageTypeDecl: prototypeBody(d); break;
    case NodeKind::ParserDecl: parserBody(*cast<ParserDecl>(&d)); break;
    case NodeKind::ParserState: stateBody(*cast<ParserState>(&d)); break;
    case NodeKind::ControlDecl: controlBody(*cast<ControlDecl>(&d)); break;
    case NodeKind::InstantiationDecl: instantiationBody(*cast<InstantiationDecl>(&d)); break;
    case NodeKind::ActionDecl: {
      const auto& a = *cast<ActionDecl>(&d);
      out_ += "action " + a.name;
      parameters(a.params);
      out_ += ' ';
      bodyOrEmpty(a.body.get());
      break;
    }
    case NodeKind::FunctionDecl: {
      const auto& f = *cast<FunctionDecl>(&d);
      signature(f.returnType.get(), f.name, f.typeParams, f.params);
      out_ += ' ';
      bodyOrEmpty(f.body.get());
      break;
    }
    case NodeKind::ValueSetDecl: {
      const auto& v = *cast<ValueSetDecl>(&d);
      out_ += "value_set<";
      if (v.elementType) typeRef(*v.elementType);
      out_ += ">(";
      if (v.size) expr(*v.size);
      out_ += fmt::format(") {};", v.name);
      break;
    }
    case NodeKind::TableDecl: table(*cast<TableDecl>(&d)); break;
    case NodeKind::Parameter: parameter(*cast<Parameter>(&d)); break;
    case NodeKind::TypeParamDecl: out_ += d.name; break;
    case NodeKind::EnumMember: {
      const auto& m = *cast<EnumMember>(&d);
      out_ += m.name;
      if (m.value) {
        out_ += " = ";
        expr(*m.value);
      }
      break;
    }
    default: out_ += "/* not a declaration */"; break;
  }
  endLine();
}

}  // namespace

std::string quoteString(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      default: out += c; break;
    }
  }
  out += '"';
  return out;
}

std::string systemIncludeName(const std::string& path) {
  std::string dir = defaultSystemIncludeDir();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (!dir.empty() && path.size() > dir.size() + 1 && path.compare(0, dir.size(), dir) == 0 &&
      path[dir.size()] == '/')
    return path.substr(dir.size() + 1);
  // A system directory given on the command line rather than the built-in one.
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string printProgram(const Program& program, const SourceManager& sources) {
  Printer p(0);
  p.program(program, sources);
  return p.take();
}

std::string printDecl(const Decl& decl, int indent) {
  Printer p(indent);
  p.decl(decl);
  return p.take();
}

std::string printStmt(const Stmt& stmt, int indent) {
  Printer p(indent);
  p.stmt(stmt);
  return p.take();
}

std::string printExpr(const Expr& expr) {
  Printer p(0);
  p.expr(expr);
  return p.take();
}

std::string printTypeRef(const TypeRef& type) {
  Printer p(0);
  p.typeRef(type);
  return p.take();
}

}  // namespace p4nfc
