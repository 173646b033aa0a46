// The parser: every declaration, statement and expression form, precedence, the `<` and
// cast ambiguities, error messages with their positions, recovery, and the depth guard.
#include "frontend/parser.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "frontend/frontend.h"
#include "frontend/lexer.h"
#include "frontend/preprocess.h"

namespace p4nfc {
namespace {

// ---- a compact rendering of expressions, to compare trees with one string

std::string typeStr(const TypeRef* t);

std::string sexpr(const Expr* e) {
  if (!e) return "<null>";
  switch (e->kind) {
    case NodeKind::IntLit:
      return cast<IntLit>(e)->text;
    case NodeKind::BoolLit:
      return cast<BoolLit>(e)->value ? "true" : "false";
    case NodeKind::StringLit:
      return "\"" + cast<StringLit>(e)->value + "\"";
    case NodeKind::PathExpr: {
      auto p = cast<PathExpr>(e);
      return (p->path.global ? "." : "") + p->path.name;
    }
    case NodeKind::TypeNameExpr:
      return "type:" + typeStr(cast<TypeNameExpr>(e)->typeRef.get());
    case NodeKind::MemberExpr: {
      auto m = cast<MemberExpr>(e);
      return "(. " + sexpr(m->base.get()) + " " + m->member + ")";
    }
    case NodeKind::IndexExpr: {
      auto i = cast<IndexExpr>(e);
      return "([] " + sexpr(i->base.get()) + " " + sexpr(i->index.get()) + ")";
    }
    case NodeKind::SliceExpr: {
      auto s = cast<SliceExpr>(e);
      return "([:] " + sexpr(s->base.get()) + " " + sexpr(s->hi.get()) + " " + sexpr(s->lo.get()) +
             ")";
    }
    case NodeKind::CallExpr: {
      auto c = cast<CallExpr>(e);
      std::string out = "(call " + sexpr(c->callee.get());
      if (!c->typeArgs.empty()) {
        out += " <";
        for (size_t i = 0; i < c->typeArgs.size(); ++i)
          out += (i ? "," : "") + typeStr(c->typeArgs[i].get());
        out += ">";
      }
      for (auto& a : c->args)
        out += " " + (a.name.empty() ? "" : a.name + "=") + sexpr(a.value.get());
      return out + ")";
    }
    case NodeKind::UnaryExpr: {
      auto u = cast<UnaryExpr>(e);
      return std::string("(") + unaryOpSpelling(u->op) + " " + sexpr(u->operand.get()) + ")";
    }
    case NodeKind::BinaryExpr: {
      auto b = cast<BinaryExpr>(e);
      return std::string("(") + binaryOpSpelling(b->op) + " " + sexpr(b->lhs.get()) + " " +
             sexpr(b->rhs.get()) + ")";
    }
    case NodeKind::TernaryExpr: {
      auto t = cast<TernaryExpr>(e);
      return "(? " + sexpr(t->cond.get()) + " " + sexpr(t->thenExpr.get()) + " " +
             sexpr(t->elseExpr.get()) + ")";
    }
    case NodeKind::CastExpr: {
      auto c = cast<CastExpr>(e);
      return "(cast " + typeStr(c->target.get()) + " " + sexpr(c->expr.get()) + ")";
    }
    case NodeKind::ListExpr: {
      std::string out = "{";
      for (auto& x : cast<ListExpr>(e)->elements)
        out += (out.size() > 1 ? " " : "") + sexpr(x.get());
      if (cast<ListExpr>(e)->defaultRest) out += out.size() > 1 ? " ..." : "...";
      return out + "}";
    }
    case NodeKind::StructExpr: {
      std::string out = "{";
      for (auto& f : cast<StructExpr>(e)->fields)
        out += (out.size() > 1 ? " " : "") + f.name + "=" + sexpr(f.value.get());
      if (cast<StructExpr>(e)->defaultRest) out += " ...";
      return out + "}";
    }
    case NodeKind::DefaultValueExpr:
      return "...";
    case NodeKind::InvalidHeaderExpr:
      return "{#}";
    case NodeKind::DefaultExpr:
      return "default";
    case NodeKind::DontCareExpr:
      return "_";
    case NodeKind::SelectExpr: {
      auto s = cast<SelectExpr>(e);
      std::string out = "(select";
      for (auto& x : s->selectors) out += " " + sexpr(x.get());
      for (auto& c : s->cases)
        out += " [" + sexpr(c.keyset.get()) + ": " + c.state->path.name + "]";
      return out + ")";
    }
    default:
      return "?";
  }
}

std::string typeStr(const TypeRef* t) {
  if (!t) return "<null>";
  switch (t->kind) {
    case NodeKind::BaseTypeRef: {
      auto b = cast<BaseTypeRef>(t);
      static const char* names[] = {"bool", "error", "match_kind", "string", "int",
                                    "bit",  "int",   "varbit",     "void",   "_"};
      std::string out = names[static_cast<int>(b->base)];
      if (b->width) out += "<" + sexpr(b->width.get()) + ">";
      return out;
    }
    case NodeKind::NamedTypeRef: {
      auto n = cast<NamedTypeRef>(t);
      std::string out = (n->path.global ? "." : "") + n->path.name;
      if (!n->args.empty()) {
        out += "<";
        for (size_t i = 0; i < n->args.size(); ++i)
          out += (i ? "," : "") + typeStr(n->args[i].get());
        out += ">";
      }
      return out;
    }
    case NodeKind::StackTypeRef: {
      auto s = cast<StackTypeRef>(t);
      return typeStr(s->element.get()) + "[" + sexpr(s->size.get()) + "]";
    }
    case NodeKind::TupleTypeRef: {
      std::string out = "tuple<";
      auto& el = cast<TupleTypeRef>(t)->elements;
      for (size_t i = 0; i < el.size(); ++i) out += (i ? "," : "") + typeStr(el[i].get());
      return out + ">";
    }
    case NodeKind::ListTypeRef:
      return "list<" + typeStr(cast<ListTypeRef>(t)->element.get()) + ">";
    default:
      return "?";
  }
}

// ---- helpers

struct ParsedExpr {
  SourceManager sources;
  Diagnostics diags{sources};
  ExprPtr expr;
};

// Parses one expression; `types` are names to treat as declared types.
std::string expr(std::string_view text, std::vector<std::string> types = {}) {
  ParsedExpr p;
  uint32_t file = p.sources.fileId("e.p4");
  p.sources.setFileContents(file, std::string(text));
  Parser parser(tokenize(text, file, p.diags), p.diags);
  for (auto& t : types) parser.names().declareType(t);
  p.expr = parser.parseExpressionOnly();
  if (p.diags.hasErrors()) return "error: " + p.diags.all()[0].message;
  return sexpr(p.expr.get());
}

struct Parsed {
  Compilation c;
  bool ok;
  explicit Parsed(std::string_view text) { ok = c.parseText(text, "test.p4"); }
  Program& program() { return *c.program; }
  template <class T>
  T* decl(size_t i) {
    if (!c.program || i >= c.program->decls.size()) return nullptr;
    return dyn_cast<T>(c.program->decls[i].get());
  }
  template <class T>
  T* find(const std::string& name) {
    for (auto& d : c.program->decls)
      if (d->name == name) return dyn_cast<T>(d.get());
    return nullptr;
  }
  // "line:col: message" of every error, in order.
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (auto& d : c.diags.all())
      if (d.severity == Severity::Error)
        out.push_back(fmt::format("{}:{}: {}", d.loc.line, d.loc.col, d.message));
    return out;
  }
  std::string firstError() const {
    auto e = errors();
    return e.empty() ? "" : e[0];
  }
};

// Statements of the apply block of a control `C` wrapped around `body`.
const char* kPrelude = R"(
header h_t { bit<8> a; bit<16> b; }
struct hdrs_t { h_t h; h_t[4] stack; }
extern Reg<T> { Reg(bit<32> size); T read(in bit<32> i); void write(in bit<32> i, in T v); }
enum Color { Red, Green }
)";

struct ApplyBody {
  Parsed parsed;
  BlockStmt* body = nullptr;
  explicit ApplyBody(const std::string& stmts)
      : parsed(std::string(kPrelude) + "control C(inout hdrs_t hdr) { apply {\n" + stmts +
               "\n} }\n") {
    if (auto c = parsed.find<ControlDecl>("C")) body = c->body.get();
  }
  Stmt* stmt(size_t i) { return body && i < body->stmts.size() ? body->stmts[i].get() : nullptr; }
};

// ---------------------------------------------------------------------------------------
// Expressions

TEST(ParserExpr, Literals) {
  EXPECT_EQ(expr("42"), "42");
  EXPECT_EQ(expr("8w0xFF"), "8w0xFF");
  EXPECT_EQ(expr("true"), "true");
  EXPECT_EQ(expr("\"hi\""), "\"hi\"");
  EXPECT_EQ(expr("-8s1"), "(- 8s1)");
}

TEST(ParserExpr, IntLiteralValueWidthSignedness) {
  ParsedExpr p;
  Parser parser(tokenize("16s0x7f", p.sources.fileId("x"), p.diags), p.diags);
  auto e = parser.parseExpressionOnly();
  auto lit = dyn_cast<IntLit>(e.get());
  ASSERT_NE(lit, nullptr);
  EXPECT_EQ(lit->value, 0x7f);
  EXPECT_EQ(lit->width, 16);
  EXPECT_TRUE(lit->isSigned);
  EXPECT_EQ(lit->text, "16s0x7f");
}

TEST(ParserExpr, ArithmeticPrecedence) {
  EXPECT_EQ(expr("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(expr("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(expr("a / b % c"), "(% (/ a b) c)");
  EXPECT_EQ(expr("a |+| b * c |-| d"), "(|-| (|+| a (* b c)) d)");
}

TEST(ParserExpr, P4PrecedenceDiffersFromC) {
  // The bitwise operators bind tighter than comparisons; `++` sits with `+`.
  EXPECT_EQ(expr("a & b == c"), "(== (& a b) c)");
  EXPECT_EQ(expr("a | b < c"), "(< (| a b) c)");
  EXPECT_EQ(expr("a ++ b + c"), "(+ (++ a b) c)");
  EXPECT_EQ(expr("a ++ b & c"), "(& (++ a b) c)");
  EXPECT_EQ(expr("a | b ^ c & d"), "(| a (^ b (& c d)))");
  EXPECT_EQ(expr("a << 1 + b"), "(<< a (+ 1 b))");
  EXPECT_EQ(expr("a & b << 2"), "(& a (<< b 2))");
}

TEST(ParserExpr, LogicalAndComparison) {
  EXPECT_EQ(expr("a < b && c > d || e"), "(|| (&& (< a b) (> c d)) e)");
  EXPECT_EQ(expr("a == b != c"), "(!= (== a b) c)");
  EXPECT_EQ(expr("a <= b == c >= d"), "(== (<= a b) (>= c d))");
}

TEST(ParserExpr, ShiftRightFromTwoGreaterThans) {
  EXPECT_EQ(expr("a >> 2"), "(>> a 2)");
  EXPECT_EQ(expr("a >> b >> c"), "(>> (>> a b) c)");
  EXPECT_EQ(expr("a > b"), "(> a b)");
  EXPECT_EQ(expr("a >> 1 > b"), "(> (>> a 1) b)");
}

TEST(ParserExpr, Ternary) {
  EXPECT_EQ(expr("a ? b : c"), "(? a b c)");
  EXPECT_EQ(expr("a ? b : c ? d : e"), "(? a b (? c d e))");
  EXPECT_EQ(expr("a || b ? c + 1 : d"), "(? (|| a b) (+ c 1) d)");
}

TEST(ParserExpr, Unary) {
  EXPECT_EQ(expr("!a && b"), "(&& (! a) b)");
  EXPECT_EQ(expr("~a & b"), "(& (~ a) b)");
  EXPECT_EQ(expr("- -a"), "(- (- a))");
  EXPECT_EQ(expr("+a * b"), "(* (+ a) b)");
  EXPECT_EQ(expr("-a.b"), "(- (. a b))");
}

TEST(ParserExpr, PostfixForms) {
  EXPECT_EQ(expr("h.ipv4.ttl"), "(. (. h ipv4) ttl)");
  EXPECT_EQ(expr("s[3]"), "([] s 3)");
  EXPECT_EQ(expr("x[7:0]"), "([:] x 7 0)");
  EXPECT_EQ(expr("h.stack.next.f"), "(. (. (. h stack) next) f)");
  EXPECT_EQ(expr("h.stack.last"), "(. (. h stack) last)");
  EXPECT_EQ(expr("t.apply().hit"), "(. (call (. t apply)) hit)");
  EXPECT_EQ(expr("f(a, b)(c)"), "(call (call f a b) c)");
  EXPECT_EQ(expr("x[a + 1:0][2]"), "([] ([:] x (+ a 1) 0) 2)");
}

TEST(ParserExpr, CallArguments) {
  EXPECT_EQ(expr("f()"), "(call f)");
  EXPECT_EQ(expr("f(a = 1, b = x + 1)"), "(call f a=1 b=(+ x 1))");
  EXPECT_EQ(expr("f(_, 2)"), "(call f _ 2)");
  EXPECT_EQ(expr("f(a == 1)"), "(call f (== a 1))");
}

TEST(ParserExpr, MethodCallWithTypeArguments) {
  EXPECT_EQ(expr("p.extract<h_t>(x)", {"h_t"}), "(call (. p extract) <h_t> x)");
  EXPECT_EQ(expr("f<bit<8>>(x)"), "(call f <bit<8>> x)");
  EXPECT_EQ(expr("f<bit<8>, bool>(x)"), "(call f <bit<8>,bool> x)");
  // Not a type after `<`: a comparison.
  EXPECT_EQ(expr("a < b"), "(< a b)");
  EXPECT_EQ(expr("a < b && c > (d)"), "(&& (< a b) (> c d))");
}

TEST(ParserExpr, TypeNamesInExpressions) {
  EXPECT_EQ(expr("E.A", {"E"}), "(. type:E A)");
  EXPECT_EQ(expr("error.NoError"), "(. type:error NoError)");
  EXPECT_EQ(expr("MyCtrl.apply(h)", {"MyCtrl"}), "(call (. type:MyCtrl apply) h)");
  EXPECT_EQ(expr("Register<bit<32>, bit<32>>(1024)", {"Register"}),
            "(call type:Register<bit<32>,bit<32>> 1024)");
  EXPECT_EQ(expr("Counter<bit<32>, _>(8, T.PACKETS)", {"Counter", "T"}),
            "(call type:Counter<bit<32>,_> 8 (. type:T PACKETS))");
  EXPECT_EQ(expr(".x + .E.A", {"E"}), "(+ .x (. type:.E A))");
}

TEST(ParserExpr, CastVersusParenthesizedExpression) {
  EXPECT_EQ(expr("(bit<8>) x"), "(cast bit<8> x)");
  EXPECT_EQ(expr("(bit<8>)x + 1"), "(+ (cast bit<8> x) 1)");
  EXPECT_EQ(expr("(bool)a.b"), "(cast bool (. a b))");
  EXPECT_EQ(expr("(T) -1", {"T"}), "(cast T (- 1))");
  EXPECT_EQ(expr("(T)(bit<32>)x", {"T"}), "(cast T (cast bit<32> x))");
  EXPECT_EQ(expr("(S){a = 1}", {"S"}), "(cast S {a=1})");
  // Not a type name: a parenthesised expression.
  EXPECT_EQ(expr("(a) - 1"), "(- a 1)");
  EXPECT_EQ(expr("(a + b) * c"), "(* (+ a b) c)");
  // A type name followed by `.`: a member, not a cast.
  EXPECT_EQ(expr("(E.A)", {"E"}), "(. type:E A)");
  EXPECT_EQ(expr("(int<8>) x"), "(cast int<8> x)");
  EXPECT_EQ(expr("(bit<(W + 1)>) x"), "(cast bit<(+ W 1)> x)");
}

TEST(ParserExpr, ListStructAndInvalidHeaderInitializers) {
  EXPECT_EQ(expr("{a, b + 1, {c}}"), "{a (+ b 1) {c}}");
  EXPECT_EQ(expr("{}"), "{}");
  EXPECT_EQ(expr("{f = 1, g = a == b}"), "{f=1 g=(== a b)}");
  EXPECT_EQ(expr("{#}"), "{#}");
  EXPECT_EQ(expr("{1, 2,}"), "{1 2}");
}

TEST(ParserExpr, Errors) {
  EXPECT_EQ(expr("a +"), "error: expected an expression but found end of file");
  EXPECT_EQ(expr("(a"), "error: expected ')' but found end of file");
  EXPECT_EQ(expr("a ? b"), "error: expected ':' but found end of file");
  EXPECT_EQ(expr("x[1"), "error: expected ']' but found end of file");
  EXPECT_EQ(expr("a.5"), "error: expected a member name after '.' but found '5'");
  EXPECT_EQ(expr("a b"), "error: expected the end of the expression but found 'b'");
}

// ---------------------------------------------------------------------------------------
// Declarations

TEST(ParserDecl, ConstTypedefAndNewType) {
  Parsed p(R"(
const bit<16> ETH_IPV4 = 16w0x0800;
typedef bit<48> mac_t;
type bit<32> PortId_t;
typedef mac_t[2] macs_t;
const mac_t M = 48w1;
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.decl<ConstDecl>(0);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "ETH_IPV4");
  EXPECT_EQ(typeStr(c->typeRef.get()), "bit<16>");
  EXPECT_EQ(sexpr(c->init.get()), "16w0x0800");
  auto t = p.decl<TypedefDecl>(1);
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->isNewType);
  EXPECT_EQ(typeStr(t->typeRef.get()), "bit<48>");
  auto n = p.decl<TypedefDecl>(2);
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->isNewType);
  EXPECT_EQ(n->name, "PortId_t");
  EXPECT_EQ(typeStr(p.decl<TypedefDecl>(3)->typeRef.get()), "mac_t[2]");
}

TEST(ParserDecl, TypedefOfInlineStructIsHoisted) {
  Parsed p("typedef struct pair_s { bit<8> a; } pair_t;");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto s = p.decl<StructLikeDecl>(0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "pair_s");
  auto t = p.decl<TypedefDecl>(1);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(typeStr(t->typeRef.get()), "pair_s");
}

TEST(ParserDecl, Enums) {
  Parsed p(R"(
enum Color { Red, Green, Blue }
enum bit<8> Proto { TCP = 6, UDP = 17, ICMP = 8w1 }
enum E2 { A, B, }
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto e = p.decl<EnumDecl>(0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->underlying, nullptr);
  ASSERT_EQ(e->members.size(), 3u);
  EXPECT_EQ(e->members[2]->name, "Blue");
  auto s = p.decl<EnumDecl>(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(typeStr(s->underlying.get()), "bit<8>");
  ASSERT_EQ(s->members.size(), 3u);
  EXPECT_EQ(s->members[1]->name, "UDP");
  EXPECT_EQ(sexpr(s->members[1]->value.get()), "17");
  EXPECT_EQ(p.decl<EnumDecl>(2)->members.size(), 2u);
}

TEST(ParserDecl, ErrorAndMatchKind) {
  Parsed p("error { NoError, PacketTooShort }\nmatch_kind { exact, ternary, lpm }");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto e = p.decl<ErrorDecl>(0);
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->members.size(), 2u);
  EXPECT_EQ(e->members[1]->name, "PacketTooShort");
  EXPECT_EQ(e->members[1]->loc.col, 18u);
  auto m = p.decl<MatchKindDecl>(1);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->members.size(), 3u);
}

TEST(ParserDecl, HeadersStructsUnionsAndGenerics) {
  Parsed p(R"(
header eth_t { @name("dst") bit<48> dst; bit<48> src; bit<16> type; }
header opt_t { varbit<320> options; }
header_union ip_u { eth_t a; opt_t b; }
struct S<T> { T first; T second; }
struct hdrs { eth_t eth; eth_t[2] tags; S<bit<8>> pair; tuple<bit<8>, bool> tp; }
struct empty {}
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto h = p.decl<StructLikeDecl>(0);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->flavor, StructLikeDecl::Flavor::Header);
  ASSERT_EQ(h->fields.size(), 3u);
  EXPECT_EQ(h->fields[0]->annotations.size(), 1u);
  EXPECT_EQ(h->fields[2]->name, "type");  // a contextual keyword as a field name
  EXPECT_EQ(typeStr(p.decl<StructLikeDecl>(1)->fields[0]->typeRef.get()), "varbit<320>");
  EXPECT_EQ(p.decl<StructLikeDecl>(2)->flavor, StructLikeDecl::Flavor::HeaderUnion);
  auto g = p.decl<StructLikeDecl>(3);
  ASSERT_EQ(g->typeParams.size(), 1u);
  EXPECT_EQ(g->typeParams[0]->name, "T");
  auto s = p.decl<StructLikeDecl>(4);
  EXPECT_EQ(typeStr(s->fields[1]->typeRef.get()), "eth_t[2]");
  EXPECT_EQ(typeStr(s->fields[2]->typeRef.get()), "S<bit<8>>");
  EXPECT_EQ(typeStr(s->fields[3]->typeRef.get()), "tuple<bit<8>,bool>");
  EXPECT_TRUE(p.decl<StructLikeDecl>(5)->fields.empty());
}

TEST(ParserDecl, ExternObjectsAndFunctions) {
  Parsed p(R"(
extern packet_in {
    void extract<T>(out T hdr);
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    T lookahead<T>();
    bit<32> length();
}
extern Register<T, S> {
    Register(bit<32> size);
    Register(bit<32> size, T initial);
    T read(in S index);
    @noSideEffects void write(in S index, in T value);
}
extern Hook {
    Hook();
    abstract bit<16> run(in bit<16> x);
}
extern void verify(in bool check, in error toSignal);
extern T pick<T>(in bool c, in T a, in T b);
@pure extern bit<16> csum16(in bit<16> x);
extern Forward;
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto pin = p.decl<ExternDecl>(0);
  ASSERT_NE(pin, nullptr);
  ASSERT_EQ(pin->methods.size(), 4u);
  EXPECT_EQ(pin->methods[0]->name, "extract");
  ASSERT_EQ(pin->methods[0]->typeParams.size(), 1u);
  EXPECT_EQ(pin->methods[0]->params[0]->direction, Direction::Out);
  auto reg = p.decl<ExternDecl>(1);
  ASSERT_EQ(reg->typeParams.size(), 2u);
  EXPECT_TRUE(reg->methods[0]->isConstructor);
  EXPECT_EQ(reg->methods[0]->returnType, nullptr);
  EXPECT_EQ(reg->methods[1]->params.size(), 2u);
  EXPECT_FALSE(reg->methods[2]->isConstructor);
  EXPECT_EQ(reg->methods[3]->annotations.size(), 1u);
  auto hook = p.decl<ExternDecl>(2);
  EXPECT_TRUE(hook->methods[1]->isAbstract);
  auto verify = p.decl<ExternFunctionDecl>(3);
  ASSERT_NE(verify, nullptr);
  EXPECT_EQ(typeStr(verify->returnType.get()), "void");
  EXPECT_EQ(typeStr(verify->params[1]->typeRef.get()), "error");
  auto pick = p.decl<ExternFunctionDecl>(4);
  ASSERT_NE(pick, nullptr);
  EXPECT_EQ(pick->typeParams.size(), 1u);
  EXPECT_EQ(p.decl<ExternFunctionDecl>(5)->annotations[0].name, "pure");
  EXPECT_EQ(p.program().decls.size(), 6u);  // the forward declaration adds no node
}

TEST(ParserDecl, ParserControlAndPackageTypes) {
  Parsed p(R"(
parser Prs<H, M>(packet_in b, out H hdr, inout M meta);
control Ctl<H>(inout H hdr);
package Pipe<H, M>(Prs<H, M> p, Ctl<H> c);
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto prs = p.decl<ParserTypeDecl>(0);
  ASSERT_NE(prs, nullptr);
  EXPECT_EQ(prs->typeParams.size(), 2u);
  EXPECT_EQ(prs->params.size(), 3u);
  EXPECT_EQ(prs->params[1]->direction, Direction::Out);
  EXPECT_NE(p.decl<ControlTypeDecl>(1), nullptr);
  auto pkg = p.decl<PackageTypeDecl>(2);
  ASSERT_NE(pkg, nullptr);
  EXPECT_EQ(typeStr(pkg->params[0]->typeRef.get()), "Prs<H,M>");
}

TEST(ParserDecl, ParserWithStatesAndSelect) {
  Parsed p(R"(
header h_t { bit<16> t; bit<8> p; }
struct H { h_t h; }
extern packet_in { void extract<T>(out T h); }
parser P(packet_in pkt, out H hdr)(bit<8> unused) {
    value_set<bit<16>>(4) vs;
    bit<8> counter = 0;
    const bit<16> V = 1;
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.t, hdr.h.p) {
            (0x0800, 6): accept;
            (0x86dd &&& 0xffff, _): reject;
            (1 .. 5, default): next;
            (vs, 1): accept;
            default: reject;
        }
    }
    state next {
        if (hdr.h.p == 1) { counter = counter + 1; } else { counter = 0; }
        transition select(hdr.h.p) { 0 &&& 1: accept; (A + 1) &&& 2: next; _: reject; }
    }
    @name("last") state last { transition accept; }
    state empty { }
}
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto prs = p.find<ParserDecl>("P");
  ASSERT_NE(prs, nullptr);
  EXPECT_EQ(prs->ctorParams.size(), 1u);
  ASSERT_EQ(prs->locals.size(), 3u);
  EXPECT_TRUE(isa<ValueSetDecl>(prs->locals[0].get()));
  EXPECT_TRUE(isa<VarDecl>(prs->locals[1].get()));
  EXPECT_TRUE(isa<ConstDecl>(prs->locals[2].get()));
  ASSERT_EQ(prs->states.size(), 4u);
  auto& start = *prs->states[0];
  EXPECT_EQ(start.stmts.size(), 1u);
  EXPECT_EQ(sexpr(start.transition.get()),
            "(select (. (. hdr h) t) (. (. hdr h) p) [{0x0800 6}: accept] "
            "[{(&&& 0x86dd 0xffff) _}: reject] [{(.. 1 5) default}: next] [{vs 1}: accept] "
            "[default: reject])");
  EXPECT_EQ(sexpr(prs->states[1]->transition.get()),
            "(select (. (. hdr h) p) [(&&& 0 1): accept] [(&&& (+ A 1) 2): next] [_: reject])");
  EXPECT_EQ(prs->states[2]->annotations.size(), 1u);
  EXPECT_EQ(sexpr(prs->states[2]->transition.get()), "accept");
  EXPECT_EQ(prs->states[3]->transition, nullptr);
}

TEST(ParserDecl, ControlWithActionsTablesAndInstances) {
  Parsed p(R"(
extern Counter<W, S> { Counter(bit<32> n, PNA_CounterType_t t); void count(in S i); }
enum PNA_CounterType_t { PACKETS, BYTES }
header h_t { bit<32> dst; bit<16> t; }
struct H { h_t h; }
control C(inout H hdr)(bit<32> size) {
    Counter<bit<32>, bit<8>>(256, PNA_CounterType_t.PACKETS) pkts;
    bit<32> tmp;
    action drop() { }
    action fwd(bit<9> port, bit<48> mac) { tmp = (bit<32>)port; }
    table t {
        key = {
            hdr.h.dst : lpm @name("dst");
            hdr.h.t   : exact;
        }
        actions = { fwd; @defaultonly drop; }
        const default_action = drop();
        size = 1024;
        implementation = pkts;
        @hidden largest_priority_wins = false;
        const entries = {
            (32w0x0a000000 &&& 32w0xff000000, _) : fwd(1, 2);
            priority = 10 : (_, 0x0800) : drop() @my;
            const (0x01020304, default) : drop();
            5 : drop;
        }
    }
    apply {
        t.apply();
        pkts.count(1);
    }
}
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.find<ControlDecl>("C");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->ctorParams.size(), 1u);
  ASSERT_EQ(c->locals.size(), 5u);
  auto inst = dyn_cast<InstantiationDecl>(c->locals[0].get());
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->name, "pkts");
  EXPECT_EQ(typeStr(inst->typeRef.get()), "Counter<bit<32>,bit<8>>");
  ASSERT_EQ(inst->args.size(), 2u);
  EXPECT_EQ(sexpr(inst->args[1].value.get()), "(. type:PNA_CounterType_t PACKETS)");
  auto fwd = dyn_cast<ActionDecl>(c->locals[3].get());
  ASSERT_NE(fwd, nullptr);
  EXPECT_EQ(fwd->params.size(), 2u);
  EXPECT_EQ(fwd->params[0]->direction, Direction::None);
  auto t = dyn_cast<TableDecl>(c->locals[4].get());
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->properties.size(), 7u);
  auto key = t->property("key");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->kind, TableProperty::Kind::Key);
  ASSERT_EQ(key->keys.size(), 2u);
  EXPECT_EQ(key->keys[0].matchKind, "lpm");
  EXPECT_EQ(key->keys[0].annotations.size(), 1u);
  EXPECT_EQ(sexpr(key->keys[1].expr.get()), "(. (. hdr h) t)");
  auto actions = t->property("actions");
  ASSERT_EQ(actions->actions.size(), 2u);
  EXPECT_EQ(actions->actions[1].annotations[0].name, "defaultonly");
  auto def = t->property("default_action");
  EXPECT_TRUE(def->isConst);
  EXPECT_EQ(def->kind, TableProperty::Kind::Value);
  EXPECT_EQ(sexpr(def->value.get()), "(call drop)");
  EXPECT_EQ(sexpr(t->property("size")->value.get()), "1024");
  EXPECT_EQ(t->property("largest_priority_wins")->annotations.size(), 1u);
  auto entries = t->property("entries");
  ASSERT_NE(entries, nullptr);
  EXPECT_TRUE(entries->isConst);
  ASSERT_EQ(entries->entries.size(), 4u);
  EXPECT_EQ(sexpr(entries->entries[0].keyset.get()), "{(&&& 32w0x0a000000 32w0xff000000) _}");
  EXPECT_EQ(sexpr(entries->entries[0].action.get()), "(call fwd 1 2)");
  EXPECT_EQ(sexpr(entries->entries[1].priority.get()), "10");
  EXPECT_EQ(entries->entries[1].annotations.size(), 1u);
  EXPECT_TRUE(entries->entries[2].isConst);
  EXPECT_EQ(sexpr(entries->entries[2].keyset.get()), "{0x01020304 default}");
  EXPECT_EQ(sexpr(entries->entries[3].keyset.get()), "5");
  EXPECT_EQ(sexpr(entries->entries[3].action.get()), "drop");
  ASSERT_NE(c->body, nullptr);
  EXPECT_EQ(c->body->stmts.size(), 2u);
}

TEST(ParserDecl, InstantiationsFunctionsAndInitializerBlocks) {
  Parsed p(R"(
extern Hook { Hook(); abstract bit<16> run(in bit<16> x); }
parser Prs(); control Ctl(); package Pkg(Prs p, Ctl c);
parser MyP() { state start { transition accept; } }
control MyC() { apply { } }
bit<16> twice(in bit<16> x) { return x + x; }
T first<T>(in T a, in T b) { return a; }
action top_level(bit<8> v) { }
Hook() h = {
    bit<16> run(in bit<16> x) { return x + 1; }
};
Pkg(MyP(), MyC()) main;
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto twice = p.find<FunctionDecl>("twice");
  ASSERT_NE(twice, nullptr);
  EXPECT_EQ(typeStr(twice->returnType.get()), "bit<16>");
  auto first = p.find<FunctionDecl>("first");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->typeParams.size(), 1u);
  EXPECT_NE(p.find<ActionDecl>("top_level"), nullptr);
  auto h = p.find<InstantiationDecl>("h");
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->hasInitializer);
  ASSERT_EQ(h->initializer.size(), 1u);
  EXPECT_TRUE(isa<FunctionDecl>(h->initializer[0].get()));
  auto main = p.find<InstantiationDecl>("main");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(typeStr(main->typeRef.get()), "Pkg");
  ASSERT_EQ(main->args.size(), 2u);
  EXPECT_EQ(sexpr(main->args[0].value.get()), "(call type:MyP)");
}

TEST(ParserDecl, AnnotationForms) {
  Parsed p(R"(
@name(".ingress.t") @hidden @pragma_like(this is not an expression: 42 { })
@structured[key = 1, other = "two"] @list[1, 2]
control C() { apply { } }
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.find<ControlDecl>("C");
  ASSERT_NE(c, nullptr);
  auto& a = c->annotations;
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0].name, "name");
  EXPECT_EQ(a[0].form, Annotation::Form::Parens);
  EXPECT_EQ(a[0].body, "\".ingress.t\"");
  ASSERT_EQ(a[0].args.size(), 1u);
  EXPECT_EQ(sexpr(a[0].args[0].get()), "\".ingress.t\"");
  EXPECT_EQ(a[0].loc.line, 2u);
  EXPECT_EQ(a[0].loc.col, 1u);
  EXPECT_EQ(a[1].form, Annotation::Form::Plain);
  EXPECT_EQ(a[2].body, "this is not an expression : 42 { }");
  EXPECT_TRUE(a[2].args.empty());
  EXPECT_EQ(a[3].form, Annotation::Form::Brackets);
  ASSERT_EQ(a[3].kvs.size(), 2u);
  EXPECT_EQ(a[3].kvs[1].first, "other");
  EXPECT_EQ(sexpr(a[3].kvs[1].second.get()), "\"two\"");
  EXPECT_EQ(a[3].body, "key = 1 , other = \"two\"");
  ASSERT_EQ(a[4].args.size(), 2u);
}

TEST(ParserDecl, ParameterDefaultsAndAnnotations) {
  Parsed p("extern void f(in bit<8> a, @optional in bit<8> b = 8w3, inout bool c);");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto f = p.decl<ExternFunctionDecl>(0);
  ASSERT_EQ(f->params.size(), 3u);
  EXPECT_EQ(f->params[1]->annotations[0].name, "optional");
  EXPECT_EQ(sexpr(f->params[1]->defaultValue.get()), "8w3");
  EXPECT_EQ(f->params[2]->direction, Direction::InOut);
  EXPECT_EQ(f->params[1]->loc.col, 48u);  // at the name
}

TEST(ParserDecl, EmptyDeclarationsAtTopLevel) {
  Parsed p("struct s {};;\nconst bit<1> X = 1;");
  ASSERT_TRUE(p.ok) << p.firstError();
  EXPECT_EQ(p.program().decls.size(), 2u);
}

TEST(ParserDecl, ListType) {
  Parsed p("extern void f(in list<bit<8>> l);");
  ASSERT_TRUE(p.ok) << p.firstError();
  EXPECT_EQ(typeStr(p.decl<ExternFunctionDecl>(0)->params[0]->typeRef.get()), "list<bit<8>>");
}

TEST(ParserDecl, NestedTypeArgumentsCloseWithAdjacentAngles) {
  Parsed p(R"(
extern Register<T, S> { Register(bit<32> n); }
control C() {
    Register<bit<32>, bit<32>>(1024) r1;
    Register<bit<32>,bit<32>>(1024) r2;
    apply { }
}
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.find<ControlDecl>("C");
  ASSERT_EQ(c->locals.size(), 2u);
  EXPECT_EQ(typeStr(cast<InstantiationDecl>(c->locals[1].get())->typeRef.get()),
            "Register<bit<32>,bit<32>>");
}

// ---------------------------------------------------------------------------------------
// Statements

TEST(ParserStmt, AssignmentsCallsAndDeclarations) {
  ApplyBody b(R"(
    hdr.h.a = 1;
    hdr.h.b[7:0] = hdr.h.a;
    hdr.stack[0].a = 2;
    hdr.h.setValid();
    hdr.stack.push_front(1);
    bit<8> x = hdr.h.a + 1;
    bit<8> y;
    const bit<8> K = 3;
    h_t tmp = {#};
    h_t[2] stk;
    Reg<bit<8>>(16) r;
    Color c = Color.Red;
    error e = error.NoError;
    tuple<bit<8>, bool> tp = {1, true};
)");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  ASSERT_NE(b.body, nullptr);
  ASSERT_EQ(b.body->stmts.size(), 14u);
  EXPECT_TRUE(isa<AssignStmt>(b.stmt(0)));
  EXPECT_EQ(sexpr(cast<AssignStmt>(b.stmt(1))->lhs.get()), "([:] (. (. hdr h) b) 7 0)");
  EXPECT_TRUE(isa<CallStmt>(b.stmt(3)));
  auto decl = dyn_cast<DeclStmt>(b.stmt(5));
  ASSERT_NE(decl, nullptr);
  EXPECT_TRUE(isa<VarDecl>(decl->decl.get()));
  EXPECT_EQ(cast<VarDecl>(b.stmt(6) ? cast<DeclStmt>(b.stmt(6))->decl.get() : nullptr)->init,
            nullptr);
  EXPECT_TRUE(isa<ConstDecl>(cast<DeclStmt>(b.stmt(7))->decl.get()));
  EXPECT_EQ(typeStr(cast<VarDecl>(cast<DeclStmt>(b.stmt(9))->decl.get())->typeRef.get()), "h_t[2]");
  EXPECT_TRUE(isa<InstantiationDecl>(cast<DeclStmt>(b.stmt(10))->decl.get()));
  EXPECT_EQ(sexpr(cast<VarDecl>(cast<DeclStmt>(b.stmt(11))->decl.get())->init.get()),
            "(. type:Color Red)");
}

TEST(ParserStmt, CompoundAssignments) {
  ApplyBody b(R"(
    hdr.h.a += 1;
    hdr.h.a -= 1; hdr.h.a *= 2; hdr.h.a /= 2; hdr.h.a %= 3;
    hdr.h.a <<= 1; hdr.h.a >>= 2; hdr.h.a &= 3; hdr.h.a |= 4; hdr.h.a ^= 5;
    hdr.h.a |+|= 6; hdr.h.a |-|= 7;
    hdr.h.a = hdr.h.a >> 1;
)");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  ASSERT_EQ(b.body->stmts.size(), 13u);
  std::string ops;
  for (size_t i = 0; i < 12; ++i) {
    auto* a = cast<AssignStmt>(b.stmt(i));
    ASSERT_TRUE(a->compound.has_value()) << i;
    ops += std::string(binaryOpSpelling(*a->compound)) + " ";
  }
  EXPECT_EQ(ops, "+ - * / % << >> & | ^ |+| |-| ");
  EXPECT_EQ(sexpr(cast<AssignStmt>(b.stmt(6))->rhs.get()), "2");
  auto* plain = cast<AssignStmt>(b.stmt(12));
  EXPECT_FALSE(plain->compound.has_value());
  EXPECT_EQ(sexpr(plain->rhs.get()), "(>> (. (. hdr h) a) 1)");
}

TEST(ParserStmt, ForLoopsBreakAndContinue) {
  ApplyBody b(R"(
    for (bit<8> i = 0, hdr.h.a = 1; i < 4; i = i + 1, hdr.h.a += 2) { continue; }
    for (; hdr.h.a < 4;) break;
    @unroll for (bit<8> j in 1 .. hdr.h.a + 1) { hdr.h.b = j; }
    for (h_t h in hdr.stack) { }
    bit<8> break;
)");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  ASSERT_EQ(b.body->stmts.size(), 5u);
  auto* three = cast<ForStmt>(b.stmt(0));
  ASSERT_EQ(three->init.size(), 2u);
  EXPECT_TRUE(isa<DeclStmt>(three->init[0].get()));
  EXPECT_TRUE(isa<AssignStmt>(three->init[1].get()));
  EXPECT_EQ(sexpr(three->cond.get()), "(< i 4)");
  ASSERT_EQ(three->update.size(), 2u);
  EXPECT_TRUE(isa<ContinueStmt>(cast<BlockStmt>(three->body.get())->stmts[0].get()));
  auto* bare = cast<ForStmt>(b.stmt(1));
  EXPECT_TRUE(bare->init.empty() && bare->update.empty());
  EXPECT_TRUE(isa<BreakStmt>(bare->body.get()));
  auto* range = cast<ForInStmt>(b.stmt(2));
  ASSERT_EQ(range->annotations.size(), 1u);
  EXPECT_EQ(range->var->name, "j");
  EXPECT_EQ(typeStr(range->var->typeRef.get()), "bit<8>");
  EXPECT_EQ(sexpr(range->collection.get()), "(.. 1 (+ (. (. hdr h) a) 1))");
  EXPECT_EQ(sexpr(cast<ForInStmt>(b.stmt(3))->collection.get()), "(. hdr stack)");
  // Outside a loop statement, `break` is still an ordinary name.
  EXPECT_EQ(cast<DeclStmt>(b.stmt(4))->decl->name, "break");
}

TEST(ParserExpr, DefaultValueInitializers) {
  EXPECT_EQ(expr("..."), "...");
  EXPECT_EQ(expr("{...}"), "{...}");
  EXPECT_EQ(expr("{1, ...}"), "{1 ...}");
  EXPECT_EQ(expr("{1, ..., }"), "{1 ...}");
  EXPECT_EQ(expr("{a = 1, ...}"), "{a=1 ...}");
  EXPECT_EQ(expr("{a = ..., ...}"), "{a=... ...}");
}

TEST(ParserDecl, AnnotatedApplyBlock) {
  Parsed p("control C() { apply @noWarn(\"unused\") { } }");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto* c = p.find<ControlDecl>("C");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->body->annotations.size(), 1u);
  EXPECT_EQ(c->body->annotations[0].name, "noWarn");
}

TEST(ParserStmt, IfElseChains) {
  ApplyBody b(R"(
    if (hdr.h.a == 1) hdr.h.a = 2;
    if (hdr.h.isValid()) { hdr.h.a = 1; } else if (hdr.h.b > 2) { } else { exit; }
)");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  auto i0 = dyn_cast<IfStmt>(b.stmt(0));
  ASSERT_NE(i0, nullptr);
  EXPECT_TRUE(isa<AssignStmt>(i0->thenStmt.get()));
  EXPECT_EQ(i0->elseStmt, nullptr);
  auto i1 = dyn_cast<IfStmt>(b.stmt(1));
  ASSERT_NE(i1, nullptr);
  auto elseIf = dyn_cast<IfStmt>(i1->elseStmt.get());
  ASSERT_NE(elseIf, nullptr);
  auto lastElse = dyn_cast<BlockStmt>(elseIf->elseStmt.get());
  ASSERT_NE(lastElse, nullptr);
  EXPECT_TRUE(isa<ExitStmt>(lastElse->stmts[0].get()));
}

TEST(ParserStmt, SwitchWithFallThroughAndDefault) {
  ApplyBody b(R"(
    switch (hdr.h.a) {
        1: { hdr.h.a = 2; }
        2:
        3: { }
        default: { return; }
    }
)");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  auto s = dyn_cast<SwitchStmt>(b.stmt(0));
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->cases.size(), 4u);
  EXPECT_NE(s->cases[0].body, nullptr);
  EXPECT_EQ(s->cases[1].body, nullptr);  // falls through
  EXPECT_TRUE(isa<DefaultExpr>(s->cases[3].label.get()));
  EXPECT_TRUE(isa<ReturnStmt>(s->cases[3].body->stmts[0].get()));
}

TEST(ParserStmt, ReturnExitEmptyBlocksAndDirectApplication) {
  Parsed p(R"(
control Sub(inout bit<8> x) { apply { x = 1; } }
control C(inout bit<8> y) {
    apply {
        ;
        { }
        @atomic { y = 1; }
        Sub.apply(y);
        exit;
        return;
    }
}
bit<8> f() { return 8w1; }
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.find<ControlDecl>("C");
  auto& s = c->body->stmts;
  ASSERT_EQ(s.size(), 6u);
  EXPECT_TRUE(isa<EmptyStmt>(s[0].get()));
  EXPECT_TRUE(isa<BlockStmt>(s[1].get()));
  EXPECT_EQ(cast<BlockStmt>(s[2].get())->annotations[0].name, "atomic");
  EXPECT_EQ(sexpr(cast<CallStmt>(s[3].get())->call.get()), "(call (. type:Sub apply) y)");
  EXPECT_TRUE(isa<ExitStmt>(s[4].get()));
  EXPECT_EQ(cast<ReturnStmt>(s[5].get())->value, nullptr);
  auto f = p.find<FunctionDecl>("f");
  EXPECT_EQ(sexpr(cast<ReturnStmt>(f->body->stmts[0].get())->value.get()), "8w1");
}

TEST(ParserStmt, ValueNamesShadowTypeNames) {
  // A parameter named like a type: `(t) - 1` is then a subtraction, not a cast.
  Parsed p(R"(
typedef bit<8> t;
control C(inout bit<8> x, in bit<8> t) { apply { x = (t) - 1; } }
)");
  ASSERT_TRUE(p.ok) << p.firstError();
  auto c = p.find<ControlDecl>("C");
  EXPECT_EQ(sexpr(cast<AssignStmt>(c->body->stmts[0].get())->rhs.get()), "(- t 1)");
}

TEST(ParserStmt, GenericCallStatementOnUnknownCalleeIsACall) {
  ApplyBody b("hdr.h.a = hdr.h.a; f<h_t>(hdr.h); r.read<bit<8>>(1);");
  ASSERT_TRUE(b.parsed.ok) << b.parsed.firstError();
  EXPECT_EQ(sexpr(cast<CallStmt>(b.stmt(1))->call.get()), "(call f <h_t> (. hdr h))");
}

// ---------------------------------------------------------------------------------------
// Locations

TEST(ParserLoc, DeclarationsPointAtTheirNames) {
  Parsed p("header   h_t {\n  bit<8>   f;\n}\nconst bit<8> K = 1 + 2;");
  ASSERT_TRUE(p.ok);
  auto h = p.decl<StructLikeDecl>(0);
  EXPECT_EQ(h->loc.line, 1u);
  EXPECT_EQ(h->loc.col, 10u);
  EXPECT_EQ(h->fields[0]->loc.line, 2u);
  EXPECT_EQ(h->fields[0]->loc.col, 12u);
  auto k = p.decl<ConstDecl>(1);
  EXPECT_EQ(k->loc.col, 14u);
  EXPECT_EQ(k->init->loc.col, 20u);  // a binary expression points at its operator
  EXPECT_EQ(cast<BinaryExpr>(k->init.get())->lhs->loc.col, 18u);
}

TEST(ParserLoc, LineMarkersMapToTheOriginalFile) {
  Parsed p("# 1 \"first.p4\"\nconst bit<8> A = 1;\n# 10 \"second.p4\"\nconst bit<8> B = ;\n");
  auto errors = p.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "10:18: expected an expression but found ';'");
  EXPECT_EQ(p.c.sources.fileName(p.c.diags.all()[0].loc.file), "second.p4");
}

// ---------------------------------------------------------------------------------------
// Errors and recovery

TEST(ParserError, MissingSemicolonAtEndOfLinePointsAfterTheToken) {
  ApplyBody b("hdr.h.a = 1\nhdr.h.b = 2;");
  auto errors = b.parsed.errors();
  ASSERT_EQ(errors.size(), 1u);
  // Line 7 col 12 in the wrapped program: right after `1`.
  EXPECT_EQ(errors[0], "7:12: expected ';' but found 'hdr'");
  // Parsing went on as if the `;` were there.
  ASSERT_NE(b.body, nullptr);
  EXPECT_EQ(b.body->stmts.size(), 2u);
}

TEST(ParserError, ExpectedWhatButFoundWhat) {
  Parsed p("control C() {\n  bit<8> x = 1\n  apply { }\n}");
  EXPECT_EQ(p.firstError(), "2:15: expected ';' but found 'apply'");
}

TEST(ParserError, SeveralErrorsInOneRun) {
  Parsed p(R"(header h_t { bit<8> a; bit<8> b }
struct s_t { h_t h; }
control C(inout s_t s) {
    action a1(bit<8> v) {
        s.h.b = v + ;
    }
    table t {
        key = { s.h.a : exact }
        actions = { a1; }
    }
    apply {
        if (s.h.a == 1 {
            t.apply();
        }
        s.h.b = 3;
        x == 2;
    }
}
parser P(packet_in p) {
    state start { transition select(p) { 1 : accept; 2 accept; } }
}
const bit<8> Z = 0x1G;
)");
  std::vector<std::string> expected = {
      "1:33: expected ';' but found '}'",
      "5:21: expected an expression but found ';'",
      "8:31: expected ';' but found '}'",
      "12:24: expected ')' but found '{'",
      "16:9: this expression is not a statement: expected an assignment or a call",
      "20:56: expected ':' but found 'accept'",
      "22:18: invalid digit 'G' in hexadecimal integer literal '0x1G'",
  };
  EXPECT_EQ(p.errors(), expected);
  // The declarations around the errors survived.
  EXPECT_NE(p.find<StructLikeDecl>("s_t"), nullptr);
  EXPECT_NE(p.find<ControlDecl>("C"), nullptr);
}

TEST(ParserError, LexicalAndSyntaxErrorsComeInSourceOrder) {
  Parsed p("const bit<8> A = ;\nconst bit<8> B = 0b2;\nconst bit<8> C = ;");
  std::vector<std::string> expected = {
      "1:18: expected an expression but found ';'",
      "2:18: invalid digit '2' in binary integer literal '0b2'",
      "3:18: expected an expression but found ';'",
  };
  EXPECT_EQ(p.errors(), expected);
}

TEST(ParserError, DeclarationsInTheWrongPlace) {
  Parsed p("control C() {\n  header h { }\n  apply { }\n}\ntable t { }");
  std::vector<std::string> expected = {
      "2:3: 'header' declarations are only allowed at the top level",
      "5:1: 'table' declarations are only allowed in a control",
  };
  EXPECT_EQ(p.errors(), expected);
}

TEST(ParserError, MissingClosingBraceIsOneError) {
  Parsed p(R"(control C() {
  action a() {
    exit;
  apply { }
}
struct s { bit<8> f;
header h { bit<8> g; }
parser P() { state start { transition accept; }
control D() { apply { } }
)");
  std::vector<std::string> expected = {
      "4:3: expected '}' but found 'apply'",
      "7:1: expected '}' but found 'header'",
      "9:1: expected '}' but found 'control'",
  };
  EXPECT_EQ(p.errors(), expected);
  EXPECT_NE(p.find<ControlDecl>("C"), nullptr);
  EXPECT_NE(p.find<StructLikeDecl>("h"), nullptr);
  EXPECT_NE(p.find<ParserDecl>("P"), nullptr);
  EXPECT_NE(p.find<ControlDecl>("D"), nullptr);
}

TEST(ParserError, MissingApplyBlock) {
  Parsed p("control C() {\n  bit<8> x;\n}");
  EXPECT_EQ(p.firstError(), "3:1: expected 'apply' block in control 'C' but found '}'");
}

TEST(ParserError, TopLevelVariable) {
  Parsed p("bit<8> x;");
  EXPECT_EQ(p.firstError(),
            "1:8: variable declarations are not allowed at the top level; use 'const'");
}

TEST(ParserError, UnexpectedTopLevelTokens) {
  Parsed p("}\n42;\nconst bit<8> K = 1;");
  auto errors = p.errors();
  ASSERT_GE(errors.size(), 1u);
  EXPECT_EQ(errors[0], "1:1: expected a declaration but found '}'");
  EXPECT_NE(p.find<ConstDecl>("K"), nullptr);
}

TEST(ParserError, UnterminatedBlockAtEndOfFile) {
  Parsed p("control C() {\n  apply {\n    exit;\n");
  EXPECT_EQ(p.errors(), std::vector<std::string>{"3:10: expected '}' but found end of file"});
}

TEST(ParserError, DefaultValueDotsMustComeLast) {
  ApplyBody b("h_t x = {a = 1, ..., b = 2};");
  EXPECT_EQ(b.parsed.firstError(), "7:17: '...' must be the last item of an initializer");
  ApplyBody list("tuple<bit<8>, bool> t = {..., true};");
  EXPECT_EQ(list.parsed.firstError(), "7:26: '...' must be the last item of an initializer");
}

TEST(ParserError, ForLoopNeedsItsThreeParts) {
  ApplyBody b("for (bit<8> i = 0; i < 4) { }");
  EXPECT_EQ(b.parsed.firstError(), "7:25: expected ';' but found ')'");
}

TEST(ParserError, NestingTooDeepIsRefused) {
  std::string deep = "const bit<8> X = " + std::string(1000, '(') + "1" + std::string(1000, ')') +
                     ";\nconst bit<8> Y = 1;";
  Parsed p(deep);
  auto errors = p.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("nesting too deep"), std::string::npos);
  EXPECT_NE(p.find<ConstDecl>("Y"), nullptr);

  std::string blocks =
      "control C() { apply {" + std::string(5000, '{') + std::string(5000, '}') + "} }";
  Parsed q(blocks);
  EXPECT_EQ(q.errors().size(), 1u);

  std::string initializers = "extern E { E(); }\n";
  for (int i = 0; i < 3000; ++i) initializers += "E() e = {\n";
  Parsed s(initializers);
  EXPECT_GE(s.errors().size(), 1u);

  std::string unary = "const int X = " + std::string(100000, '-') + "1;";
  Parsed r(unary);
  EXPECT_EQ(r.errors().size(), 1u);
}

TEST(ParserError, TooManyErrorsStopsEarly) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "const bit<8> = ;\n";
  Parsed p(text);
  EXPECT_LE(p.c.diags.errorCount(), Diagnostics::kMaxErrors + 5);
}

TEST(ParserError, GarbageNeverHangsOrCrashes) {
  const char* inputs[] = {
      "",
      "{",
      "}",
      "(((",
      ")))",
      "<<<>>>",
      "control",
      "control C(",
      "control C() { apply",
      "parser P() { state",
      "parser P() { state s { transition select(",
      "table t {",
      "@",
      "@name(",
      "@name[",
      "@a(((",
      "header h { bit< }",
      "struct s { x }",
      "extern E { E(",
      "extern E<T",
      "typedef",
      "type",
      "enum",
      "enum bit<8> E { A = }",
      "action a(",
      "const",
      "x y z",
      ". . .",
      "{#}",
      "a<b<c<d<e",
      "bit<8>>(",
      "value_set<",
      "control C() { apply { switch (x) { a: b } } }",
      "control C() { apply { if (",
      "control C() { table t { key = { x : } } apply {} }",
      "Pkg(P(), C()) main",
      "control C() { apply { x = {a = 1, 2}; } }",
      "control C() { apply { x = (bit<8>); } }",
      "control C() { apply { f<bit<8>(x); } }",
      "control C() { apply { else; } }",
      "parser P() { state s { transition accept; x = 1; } }",
  };
  for (const char* input : inputs) {
    Parsed p(input);
    EXPECT_TRUE(p.c.program != nullptr) << input;
    if (std::string(input).size() > 0) EXPECT_FALSE(p.ok) << input;
  }
}

}  // namespace
}  // namespace p4nfc

// ---------------------------------------------------------------------------------------
// The whole front door: cpp, then lexing and parsing (Compilation::parseFile)

namespace p4nfc {
namespace {

// A scratch directory (with a space in its name) removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/p4nfc parser XXXXXX";
    path = mkdtemp(tmpl) ? tmpl : "/tmp";
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) {
    std::string file = path + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file) << text;
    return file;
  }
};

std::vector<std::string> errorLines(const Compilation& c) {
  std::vector<std::string> out;
  for (auto& d : c.diags.all())
    if (d.severity == Severity::Error)
      out.push_back(fmt::format(
          "{}:{}:{}: {}", std::filesystem::path(c.sources.fileName(d.loc.file)).filename().string(),
          d.loc.line, d.loc.col, d.message));
  return out;
}

TEST(Frontend, ParsesAFileThroughThePreprocessor) {
  TempDir dir;
  dir.write("lib/common.p4", "header eth_t { bit<48> dst; bit<48> src; bit<16> type; }\n");
  std::string main = dir.write("main prog.p4", R"(#include <core.p4>
#include "lib/common.p4"
#define PORTS 4
struct hdrs_t { eth_t eth; eth_t[PORTS] more; }
)");
  Compilation c;
  ASSERT_TRUE(c.parseFile(main, FrontendOptions{}))
      << (c.diags.all().empty() ? "" : c.diags.all()[0].message);
  auto hdrs = dyn_cast<StructLikeDecl>(c.program->decls.back().get());
  ASSERT_NE(hdrs, nullptr);
  EXPECT_EQ(hdrs->name, "hdrs_t");
  EXPECT_EQ(c.sources.fileName(hdrs->loc.file), main);
  EXPECT_EQ(hdrs->loc.line, 4u);
  EXPECT_EQ(hdrs->loc.col, 8u);
  // The included header keeps its own file and line.
  StructLikeDecl* eth = nullptr;
  for (auto& d : c.program->decls)
    if (d->name == "eth_t") eth = dyn_cast<StructLikeDecl>(d.get());
  ASSERT_NE(eth, nullptr);
  EXPECT_EQ(std::filesystem::path(c.sources.fileName(eth->loc.file)).filename(), "common.p4");
  EXPECT_EQ(eth->loc.line, 1u);
  // core.p4 came from the system directory.
  EXPECT_TRUE(c.sources.isSystemFile(c.program->decls.front()->loc.file));
}

TEST(Frontend, TcPnaAndDefines) {
  TempDir dir;
  std::string main = dir.write("p.p4", R"(#include <core.p4>
#include <tc/pna.p4>
const bit<WIDTH> K = 1;
)");
  Compilation c;
  FrontendOptions options;
  options.defines.push_back("WIDTH=12");
  ASSERT_TRUE(c.parseFile(main, options))
      << (c.diags.all().empty() ? "" : c.diags.all()[0].message);
  auto k = dyn_cast<ConstDecl>(c.program->decls.back().get());
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(cast<IntLit>(cast<BaseTypeRef>(k->typeRef.get())->width.get())->value, 12);
}

TEST(Frontend, UserIncludeDirectories) {
  TempDir dir;
  dir.write("inc dir/defs.p4", "const bit<8> FROM_INC = 1;\n");
  std::string main = dir.write("p.p4", "#include <defs.p4>\n");
  Compilation c;
  FrontendOptions options;
  options.includeDirs.push_back(dir.path + "/inc dir");
  ASSERT_TRUE(c.parseFile(main, options));
  EXPECT_EQ(c.program->decls.back()->name, "FROM_INC");
}

TEST(Frontend, PreprocessorErrorsBecomeDiagnostics) {
  TempDir dir;
  std::string missing = dir.write("bad.p4", "const bit<8> A = 1;\n#include <missing.p4>\n");
  Compilation c;
  EXPECT_FALSE(c.parseFile(missing, FrontendOptions{}));
  auto errors = errorLines(c);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("bad.p4:2:10: ", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("missing.p4"), std::string::npos);

  std::string directive = dir.write("err.p4", "#if\n#endif\n#error stop here\n");
  Compilation d;
  EXPECT_FALSE(d.parseFile(directive, FrontendOptions{}));
  errors = errorLines(d);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rfind("err.p4:1:", 0), 0u) << errors[0];
  EXPECT_EQ(errors[1], "err.p4:3:2: #error stop here");
}

TEST(Frontend, MissingFileIsAnError) {
  Compilation c;
  EXPECT_FALSE(c.parseFile("/nonexistent/dir/x.p4", FrontendOptions{}));
  ASSERT_EQ(c.diags.errorCount(), 1u);
  EXPECT_EQ(c.diags.all()[0].message.rfind("cannot open '/nonexistent/dir/x.p4'", 0), 0u);
}

TEST(Frontend, SyntaxErrorColumnsPointIntoTheOriginalLine) {
  TempDir dir;
  // cpp collapses the spaces and removes the comment; the column is found again.
  std::string main = dir.write("p.p4", "const   bit<8>   X /* c */ =    ;\n");
  Compilation c;
  EXPECT_FALSE(c.parseFile(main, FrontendOptions{}));
  EXPECT_EQ(errorLines(c),
            std::vector<std::string>{"p.p4:1:33: expected an expression but found ';'"});
}

TEST(Frontend, PreprocessorMessageFormats) {
  SourceManager sources;
  Diagnostics diags(sources);
  size_t errors = reportPreprocessorMessages(
      "In file included from a.p4:2:\n"
      "dir:with:colons/b.p4:3:7: error: something bad\n"
      "b.p4:9: error: unterminated #if\n"
      "b.p4:1:2: warning: careful\n"
      "    1 | context line with x.p4:1:1: error: inside\n"
      "cc1: fatal error: x.p4: No such file or directory\n",
      diags);
  EXPECT_EQ(errors, 3u);
  auto& all = diags.all();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(sources.fileName(all[0].loc.file), "dir:with:colons/b.p4");
  EXPECT_EQ(all[0].loc.line, 3u);
  EXPECT_EQ(all[0].loc.col, 7u);
  EXPECT_EQ(all[0].message, "something bad");
  EXPECT_EQ(all[1].loc.line, 9u);
  EXPECT_EQ(all[1].loc.col, 0u);
  EXPECT_EQ(all[2].severity, Severity::Warning);
  EXPECT_FALSE(all[3].loc.valid());
  EXPECT_EQ(all[3].message, "x.p4: No such file or directory");
}

TEST(Frontend, SystemIncludeDirectoryCanBeOverridden) {
  const char* old = std::getenv("P4NFC_INCLUDE");
  std::string saved = old ? old : "";
  setenv("P4NFC_INCLUDE", "/some/where", 1);
  EXPECT_EQ(defaultSystemIncludeDir(), "/some/where");
  if (old)
    setenv("P4NFC_INCLUDE", saved.c_str(), 1);
  else
    unsetenv("P4NFC_INCLUDE");
  EXPECT_NE(defaultSystemIncludeDir(), "/some/where");
}

}  // namespace
}  // namespace p4nfc
