// Semantic analysis: name resolution, typing and inference, constants, directions,
// tables, parsers, statements and annotations — one test per rule, each checking the
// message and where it points; plus the queries the mid end relies on.
#include "frontend/sema.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "frontend/frontend.h"

namespace p4nfc {
namespace {

// Declarations every test may use; the test's own text follows them.
constexpr const char* kPrelude = R"(#include <core.p4>
#include <pna.p4>
header ethernet_t { bit<48> dst; bit<48> src; bit<16> type; }
header ipv4_t { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; bit<16> id;
                bit<3> flags; bit<13> frag; bit<8> ttl; bit<8> proto; bit<16> csum;
                bit<32> src; bit<32> dst; }
header vlan_t { bit<16> tci; bit<16> type; }
struct headers_t { ethernet_t eth; vlan_t[2] vlans; ipv4_t ipv4; }
struct meta_t { bit<8> a; bit<16> b; bit<32> c; bool flag; int<8> s; }
)";

int linesIn(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// Compiles the prelude and `body` (from a temporary file, through cpp like the driver),
// then runs sema. Diagnostics are "line:col: message" with lines counted in `body`.
struct Checked {
  Compilation c;
  bool parsed = false;
  bool ok = false;
  std::string path;
  int offset = 0;

  explicit Checked(std::string body) {
    if (!body.empty() && body[0] == '\n') body.erase(0, 1);
    std::string prelude = kPrelude;
    offset = linesIn(prelude);
    char name[] = "/tmp/p4nfc_sema_test_XXXXXX.p4";
    int fd = mkstemps(name, 3);
    path = name;
    {
      std::ofstream out(path);
      out << prelude << body;
    }
    close(fd);
    parsed = c.parseFile(path, FrontendOptions{});
    if (parsed) ok = c.check();
  }
  ~Checked() { std::remove(path.c_str()); }

  std::vector<std::string> of(Severity severity) const {
    std::vector<std::string> out;
    for (auto& d : c.diags.all()) {
      if (d.severity != severity) continue;
      bool inBody = c.sources.fileName(d.loc.file) == path;
      int line = inBody ? static_cast<int>(d.loc.line) - offset : -static_cast<int>(d.loc.line);
      out.push_back(fmt::format("{}:{}: {}", line, d.loc.col, d.message));
    }
    return out;
  }
  std::vector<std::string> errors() const { return of(Severity::Error); }
  std::vector<std::string> warnings() const { return of(Severity::Warning); }
  std::vector<std::string> notes() const { return of(Severity::Note); }
  Sema& sema() { return *c.sema; }

  template <class T>
  T* find(const std::string& name) {
    for (auto& d : c.program->decls)
      if (d && d->name == name) return dyn_cast<T>(d.get());
    return nullptr;
  }
};

using Strings = std::vector<std::string>;

// One error expected: its "line:col: message".
void expectError(const std::string& body, const std::string& expected) {
  Checked r(body);
  ASSERT_TRUE(r.parsed) << "parse failed: " << testing::PrintToString(r.errors());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.errors(), Strings{expected});
}

void expectValid(const std::string& body) {
  Checked r(body);
  ASSERT_TRUE(r.parsed) << "parse failed: " << testing::PrintToString(r.errors());
  EXPECT_TRUE(r.ok) << testing::PrintToString(r.errors());
  EXPECT_EQ(r.errors(), Strings{});
}

// Wraps statements in a control's apply block (line 3 of the body is the first statement).
std::string inApply(const std::string& stmts, const std::string& locals = "") {
  return "control C(inout headers_t hdr, inout meta_t m, in bit<8> ro) {\n" + locals +
         (locals.empty() || locals.back() == '\n' ? "" : "\n") + "  apply {\n" + stmts +
         "\n  }\n}\n";
}

// ---------------------------------------------------------------------------------------
// The whole architecture

TEST(Sema, MinimalPnaProgramIsValid) {
  Checked r(R"(
parser P(packet_in pkt, out headers_t hdr, inout meta_t m, in pna_main_parser_input_metadata_t istd) {
  state start { pkt.extract(hdr.eth); transition accept; }
}
control Pre(in headers_t hdr, inout meta_t m, in pna_pre_input_metadata_t istd,
            inout pna_pre_output_metadata_t ostd) { apply {} }
control Main(inout headers_t hdr, inout meta_t m, in pna_main_input_metadata_t istd,
             inout pna_main_output_metadata_t ostd) { apply { send_to_port(istd.input_port); } }
control Dep(packet_out pkt, in headers_t hdr, in meta_t m, in pna_main_output_metadata_t ostd) {
  apply { pkt.emit(hdr); }
}
PNA_NIC(P(), Pre(), Main(), Dep()) main;
)");
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  const InstantiationDecl* main = r.sema().mainPackage();
  ASSERT_NE(main, nullptr);
  auto* pkg = dyn_cast<BlockType>(r.sema().typeOfDecl(main));
  ASSERT_NE(pkg, nullptr);
  ASSERT_EQ(pkg->typeArgs.size(), 4u);
  EXPECT_EQ(typeToString(pkg->typeArgs[0]), "headers_t");
  EXPECT_EQ(typeToString(pkg->typeArgs[1]), "meta_t");
}

TEST(Sema, PackageArgumentMustMatchBlockType) {
  Checked r(R"(
struct other_t { bit<8> x; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t m, in pna_main_parser_input_metadata_t istd) {
  state start { transition accept; }
}
control Pre(in headers_t hdr, inout meta_t m, in pna_pre_input_metadata_t istd,
            inout pna_pre_output_metadata_t ostd) { apply {} }
control Main(inout headers_t hdr, inout other_t m, in pna_main_input_metadata_t istd,
             inout pna_main_output_metadata_t ostd) { apply {} }
control Dep(packet_out pkt, in headers_t hdr, in meta_t m, in pna_main_output_metadata_t ostd) {
  apply {}
}
PNA_NIC(P(), Pre(), Main(), Dep()) main;
)");
  EXPECT_EQ(r.errors(), Strings{"12:21: type mismatch: argument 'main_control' of 'PNA_NIC' has "
                                "type Main, expected MainControlT<headers_t, meta_t>"});
  EXPECT_EQ(r.notes(), Strings{"7:49: parameter 'm' of 'Main' has type other_t, but "
                               "MainControlT<headers_t, meta_t> expects meta_t"});
}

// ---------------------------------------------------------------------------------------
// Names

TEST(SemaNames, UndeclaredName) {
  expectError(inApply("    m.a = foo;"), "3:11: undeclared name 'foo'");
}

TEST(SemaNames, UndeclaredType) {
  expectError("const flow_t X = 1;\n", "1:7: undeclared name 'flow_t'");
}

TEST(SemaNames, DuplicateInSameScopeWithNote) {
  Checked r(inApply("    bit<8> x = 1;\n    bit<8> x = 2;"));
  EXPECT_EQ(r.errors(), Strings{"4:12: 'x' is already declared"});
  EXPECT_EQ(r.notes(), Strings{"3:12: previous declaration of 'x'"});
}

TEST(SemaNames, LocalMayShadowOuterName) {
  expectValid(inApply("    bit<8> x = 1;\n    { bit<16> x = 2; m.b = x; }\n    m.a = x;"));
}

TEST(SemaNames, ShadowingIsAWarning) {
  Checked r("const bit<8> X = 1;\n" +
            inApply("    bit<8> X = 2;\n    { bit<8> X = 3; m.a = X; }", "  bit<16> ro = 4;"));
  EXPECT_TRUE(r.ok) << testing::PrintToString(r.errors());
  EXPECT_EQ(r.warnings(), (Strings{"3:11: 'ro' shadows parameter 'ro'",
                                   "5:12: 'X' shadows constant 'X'",
                                   "6:14: 'X' shadows variable 'X'"}));
}

TEST(SemaNames, DuplicateTopLevel) {
  expectError("struct s_t { bit<8> a; }\nheader s_t { bit<8> b; }\n",
              "2:8: 's_t' is already declared");
}

TEST(SemaNames, UseBeforeDeclaration) {
  expectError("const bit<8> A = B;\nconst bit<8> B = 1;\n", "1:18: undeclared name 'B'");
}

TEST(SemaNames, GlobalPathSkipsLocals) {
  expectValid("const bit<8> X = 1;\n" + inApply("    bit<16> X = 2;\n    m.a = .X;\n    m.b = X;"));
}

TEST(SemaNames, EnumMembers) {
  expectValid("enum dir_t { In, Out }\n" +
              inApply("    dir_t d = dir_t.In;\n    m.flag = d == dir_t.Out;"));
  expectError("enum dir_t { In, Out }\n" + inApply("    dir_t d = dir_t.Up;"),
              "4:21: enum 'dir_t' has no member 'Up'");
}

TEST(SemaNames, ErrorMembers) {
  expectValid("error { Custom }\n" +
              inApply("    error e = error.Custom;\n    m.flag = e == error.NoError;"));
  expectError(inApply("    error e = error.Nope;"), "3:21: error.Nope is not declared");
}

TEST(SemaNames, TypeUsedAsValue) {
  expectError(inApply("    m.a = meta_t;"), "3:11: 'meta_t' is a type, not a value");
}

TEST(SemaNames, ValueUsedAsType) {
  expectError("const bit<8> K = 1;\nconst K X = 1;\n", "2:7: 'K' is not a type");
}

TEST(SemaNames, UnknownField) {
  expectError(inApply("    m.a = hdr.ipv4.tll;"), "3:20: ipv4_t has no field 'tll'");
}

// ---------------------------------------------------------------------------------------
// Types and inference

TEST(SemaTypes, IntLiteralAdoptsOperandWidth) {
  Checked r(inApply("    m.b = m.b + 1;"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  auto* assign = cast<AssignStmt>(c->body->stmts[0].get());
  auto* add = cast<BinaryExpr>(assign->rhs.get());
  EXPECT_EQ(typeToString(add->type), "bit<16>");
  EXPECT_EQ(typeToString(add->rhs->type), "bit<16>");
  EXPECT_EQ(r.sema().constantValue(add->rhs.get()), mpz_class(1));
}

TEST(SemaTypes, WidthMismatchInBitwiseOperator) {
  expectError(inApply("    m.a = m.a & m.b;"), "3:15: width mismatch: bit<8> & bit<16>");
}

TEST(SemaTypes, SignedUnsignedMix) {
  expectError(inApply("    m.s = m.s + m.a;"), "3:15: type mismatch: int<8> + bit<8>");
}

TEST(SemaTypes, NarrowingAssignment) {
  expectError(inApply("    m.a = m.b;"),
              "3:11: width mismatch: assigned value has type bit<16>, expected bit<8>");
}

TEST(SemaTypes, BoolIsNotBit) {
  expectError(inApply("    bit<1> f = true;"),
              "3:16: type mismatch: initializer of 'f' has type bool, expected bit<1>");
}

TEST(SemaTypes, ShiftTakesAnyUnsignedAmount) {
  expectValid(inApply("    m.c = m.c << m.a;\n    m.b = m.b >> 3;\n    m.c = 1 << m.a;"));
}

TEST(SemaTypes, ShiftBySignedAmount) {
  expectError(inApply("    m.c = m.c << m.s;"),
              "3:18: the shift amount must be unsigned, not int<8>");
}

TEST(SemaTypes, ShiftOfLiteralNeedsWidth) {
  expectError(inApply("    m.flag = (1 << m.a) == 2;"),
              "3:15: a shift by a non-constant amount needs a left operand with a width; cast "
              "the literal, e.g. (bit<32>)1");
}

TEST(SemaTypes, ConcatenationSumsWidths) {
  Checked r(inApply("    m.c = m.a ++ m.a ++ m.b;"));
  EXPECT_TRUE(r.ok) << testing::PrintToString(r.errors());
  expectError(inApply("    m.b = m.a ++ 1;"),
              "3:18: operand of ++ needs a width; write it as e.g. 8w1");
}

TEST(SemaTypes, LogicalOperatorsNeedBool) {
  expectError(inApply("    m.flag = m.flag && m.a;"),
              "3:24: operator && needs bool operands, not bit<8>");
  expectError(inApply("    m.flag = !m.a;"), "3:14: operator ! needs a bool operand, not bit<8>");
}

TEST(SemaTypes, SaturatingNeedsWidth) {
  expectValid(inApply("    m.a = m.a |+| 1;\n    m.s = m.s |-| 1;"));
  expectError("const int X = 1 |+| 2;\n",
              "1:17: saturating operator |+| needs operands with a width, not int");
}

TEST(SemaTypes, UnaryMinusOnBitIsAllowed) {
  expectValid(inApply("    m.a = -m.a;\n    m.a = ~m.a;"));
}

TEST(SemaTypes, Comparisons) {
  expectValid(inApply("    m.flag = m.a < 3 && m.b >= m.b && hdr.eth == hdr.eth;"));
  expectError(inApply("    m.flag = m.flag < true;"),
              "3:21: operator < needs bit<W>, int<W> or int operands, not bool");
}

TEST(SemaTypes, Casts) {
  expectValid(
      inApply("    m.flag = (bool)m.a[0:0];\n    m.a = (bit<8>)m.b;\n    m.s = (int<8>)m.a;\n"
              "    m.a = (bit<8>)(bit<1>)m.flag;"));
  expectError(inApply("    m.a = (bit<8>)m.flag;"), "3:11: cannot cast bool to bit<8>");
}

TEST(SemaTypes, NewTypeNeedsExplicitCast) {
  expectValid(inApply("    PortId_t p = (PortId_t)m.c;\n    m.c = (bit<32>)p;"));
  expectError(inApply("    PortId_t p = (PortId_t)m.c;\n    m.c = p;"),
              "4:11: type mismatch: assigned value has type PortId_t, expected bit<32>");
}

TEST(SemaTypes, SerializableEnumConvertsToUnderlying) {
  expectValid("enum bit<8> E { A = 1, B = 2 }\n" +
              inApply("    m.a = E.A;\n    m.flag = m.a == E.B;\n    E e = (E)m.a;"));
}

TEST(SemaTypes, Slices) {
  Checked r(inApply("    m.a = hdr.ipv4.src[15:8];"));
  EXPECT_TRUE(r.ok) << testing::PrintToString(r.errors());
  expectError(inApply("    m.a = m.c[40:33];"), "3:11: slice [40:33] is out of range for bit<32>");
  expectError(inApply("    m.a = m.c[m.a:0];"),
              "3:11: the bounds of a slice must be compile-time constants");
}

TEST(SemaTypes, HeaderStacks) {
  expectValid(inApply(
      "    hdr.vlans[0].setValid();\n    hdr.vlans.push_front(1);\n    hdr.vlans.pop_front(1);\n"
      "    m.c = hdr.vlans.size;\n    m.b = hdr.vlans[m.a].tci;"));
  expectError(inApply("    m.b = hdr.vlans[2].tci;"),
              "3:21: index 2 is out of bounds of vlan_t[2]");
}

TEST(SemaTypes, HeaderValidity) {
  expectValid(inApply("    if (hdr.eth.isValid()) { hdr.ipv4.setInvalid(); }"));
  expectError(inApply("    m.flag = m.isValid();"), "3:16: meta_t has no method 'isValid'");
}

TEST(SemaTypes, SizeOfTypesIsConstant) {
  Checked r(inApply("    m.c = hdr.eth.minSizeInBits();\n    m.c = ethernet_t.maxSizeInBytes();"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  auto* a0 = cast<AssignStmt>(c->body->stmts[0].get());
  auto* a1 = cast<AssignStmt>(c->body->stmts[1].get());
  EXPECT_EQ(r.sema().constantValue(a0->rhs.get()), mpz_class(112));
  EXPECT_EQ(r.sema().constantValue(a1->rhs.get()), mpz_class(14));
}

TEST(SemaTypes, StructInitializers) {
  expectValid("struct pair_t { bit<8> x; bit<16> y; }\n" +
              inApply("    pair_t p = { x = 1, y = 2 };\n    pair_t q = { 3, 4 };\n"
                      "    p = (pair_t){ y = 5, x = 6 };"));
  expectError("struct pair_t { bit<8> x; bit<16> y; }\n" + inApply("    pair_t p = { x = 1 };"),
              "4:16: initializer of 'p': field 'y' of pair_t is not initialized");
  expectError("struct pair_t { bit<8> x; bit<16> y; }\n" +
                  inApply("    pair_t p = { x = 1, y = 2, z = 3 };"),
              "4:32: pair_t has no field 'z'");
}

TEST(SemaTypes, InitializersCompareWithTypedValues) {
  expectValid("struct pair_t { bit<8> x; bit<16> y; }\n" +
              inApply("    pair_t p = {1, 2};\n    m.flag = p == {1, 2} && hdr.eth != {#};"));
  expectError("struct pair_t { bit<8> x; bit<16> y; }\n" +
                  inApply("    pair_t p = {1, 2};\n    m.flag = p == {1, 2, 3};"),
              "5:19: right operand of ==: pair_t has 2 fields, but the initializer has 3 elements");
}

TEST(SemaTypes, InvalidHeaderInitializer) {
  expectValid(inApply("    hdr.eth = {#};"));
  expectError(inApply("    m.flag = {#} == hdr.eth;"),
              "3:14: cannot tell the type of {#} here: it needs a header or header_union target");
}

TEST(SemaTypes, Ternary) {
  expectValid(inApply("    m.a = m.flag ? m.a : 3;\n    m.b = m.flag ? 1 : 2;"));
  expectError(inApply("    m.a = m.a ? 1 : 2;"),
              "3:11: the condition of ?: must be a bool, not bit<8>");
}

TEST(SemaTypes, GenericExternInference) {
  Checked r(inApply("    bit<32> v = reg.read(m.c);\n    reg.write(m.c, v + 1);",
                    "  Register<bit<32>, bit<32>>(1024) reg;\n"
                    "  Counter<bit<64>, _>(16, PNA_CounterType_t.PACKETS) cnt;"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  auto* reg = cast<InstantiationDecl>(c->locals[0].get());
  EXPECT_EQ(typeToString(r.sema().typeOfDecl(reg)), "Register<bit<32>, bit<32>>");
  auto* decl = cast<DeclStmt>(c->body->stmts[0].get());
  auto* read = cast<CallExpr>(cast<VarDecl>(decl->decl.get())->init.get());
  const CallTarget* t = r.sema().callTarget(read);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->kind, CallTarget::Kind::ExternMethod);
  EXPECT_EQ(t->decl->name, "read");
  EXPECT_EQ(t->receiver, cast<MemberExpr>(read->callee.get())->base.get());
}

TEST(SemaTypes, ExternArgumentTypes) {
  expectError(
      inApply("    reg.write(m.a, 0);", "  Register<bit<32>, bit<32>>(1024) reg;"),
      "4:15: width mismatch: argument 'index' of 'write' has type bit<8>, expected bit<32>");
}

TEST(SemaTypes, ConstructorChosenByArgumentCount) {
  expectValid(
      inApply("", "  Register<bit<8>, bit<32>>(16) r1;\n  Register<bit<8>, bit<32>>(16, 8w7) r2;"));
  expectError(inApply("", "  Register<bit<8>, bit<32>>(16, 1, 2) r3;"),
              "2:3: no overload of 'Register' takes 3 arguments");
}

TEST(SemaTypes, ExtractInfersHeaderType) {
  Checked r(R"(
parser P(packet_in pkt, out headers_t hdr) {
  state start { pkt.extract(hdr.eth); transition accept; }
}
)");
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* p = r.find<ParserDecl>("P");
  auto* call = cast<CallStmt>(p->states[0]->stmts[0].get())->call.get();
  const CallTarget* t = r.sema().callTarget(call);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->kind, CallTarget::Kind::ExternMethod);
  ASSERT_EQ(t->typeArgs.size(), 1u);
  EXPECT_EQ(typeToString(t->typeArgs[0]), "ethernet_t");
}

TEST(SemaTypes, ExtractNeedsHeader) {
  expectError(R"(
parser P(packet_in pkt, out headers_t hdr, inout meta_t m) {
  state start { pkt.extract(m); transition accept; }
}
)",
              "2:29: extract needs a header (or header union/stack element), not struct 'meta_t'");
}

TEST(SemaTypes, WrongArgumentCount) {
  expectError(
      "bit<8> add(in bit<8> a, in bit<8> b) { return a + b; }\n" + inApply("    m.a = add(1);"),
      "4:11: 'add' expects 2 arguments, but 1 given");
}

TEST(SemaTypes, OverloadByArity) {
  expectValid(inApply("    static_assert(true);\n    static_assert(true, \"ok\");"));
  expectError("const bool B = static_assert(1 == 2, \"math\");\n",
              "1:16: static assertion failed: math");
}

TEST(SemaTypes, HeaderFieldTypes) {
  expectError("header in_t { bit<8> a; }\nheader out_t { in_t inner; }\n",
              "2:21: field 'inner' of header 'out_t' cannot have type in_t");
}

// ---------------------------------------------------------------------------------------
// Compile-time constants

TEST(SemaConst, WideValuesAndFolding) {
  Checked r(R"(
const bit<128> ADDR = 128w0x20010db8000000000000000000000001;
const bit<128> NEXT = ADDR + 1;
const bit<8> WRAP = 8w250 + 8w10;
const bit<8> SAT = 8w250 |+| 8w10;
const int<8> SSAT = -8s100 |-| 8s100;
const bit<8> NEG = -1;
const int W = 4 * 4;
const bit<W> SIXTEEN = 0xffff;
const bit<4> LOW = ADDR[3:0];
const bit<12> CAT = 4w0xa ++ 8w0xbc;
)");
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto value = [&](const char* name) { return r.sema().constantValue(r.find<ConstDecl>(name)); };
  EXPECT_EQ(value("NEXT"), mpz_class("20010db8000000000000000000000002", 16));
  EXPECT_EQ(value("WRAP"), mpz_class(4));
  EXPECT_EQ(value("SAT"), mpz_class(255));
  EXPECT_EQ(value("SSAT"), mpz_class(-128));
  EXPECT_EQ(value("NEG"), mpz_class(255));
  EXPECT_EQ(value("SIXTEEN"), mpz_class(0xffff));
  EXPECT_EQ(value("LOW"), mpz_class(1));
  EXPECT_EQ(value("CAT"), mpz_class(0xabc));
  EXPECT_EQ(typeToString(r.sema().typeOfDecl(r.find<ConstDecl>("SIXTEEN"))), "bit<16>");
}

TEST(SemaConst, FailedConstantDoesNotCascade) {
  expectError(
      "const bit<128> LOW = 1;\nconst int A = LOW;\nconst int B = A + 1;\nconst bit<8> C = B;\n",
      "2:15: type mismatch: initializer of 'A' has type bit<128>, expected int");
}

TEST(SemaConst, DivisionByZero) {
  expectError("const int X = 10 / (5 - 5);\n", "1:18: division by zero");
}

TEST(SemaConst, NotCompileTime) {
  expectError("control C(in meta_t m) {\n  const bit<8> K = m.a;\n  apply {}\n}\n",
              "2:20: initializer of constant 'K' is not a compile-time constant");
}

TEST(SemaConst, WidthOutOfRange) {
  expectError("const bit<(0 - 8)> X = 1;\n", "1:14: width of bit<W> -8 is out of range (0..65536)");
}

TEST(SemaConst, AssignToConstant) {
  expectError("const bit<8> K = 1;\n" + inApply("    K = 2;"),
              "4:5: cannot assign to constant 'K'");
}

TEST(SemaConst, HugeShiftIsBounded) {
  expectError("const int X = 1 << 100000000;\n",
              "1:17: constant value is too large (more than 65536 bits)");
}

TEST(SemaConst, EnumValueMustFit) {
  expectError("enum bit<8> E { A = 300 }\n",
              "1:21: value 300 does not fit the enum's underlying type bit<8>");
}

// ---------------------------------------------------------------------------------------
// Directions

TEST(SemaDirections, AssignToInParameter) {
  expectError(inApply("    ro = 1;"), "3:5: cannot assign to 'in' parameter 'ro'");
}

TEST(SemaDirections, OutArgumentMustBeWritable) {
  std::string fn = "void produce(out bit<8> result) { result = 1; }\n";
  expectValid(fn + inApply("    produce(m.a);\n    produce(_);"));
  expectError(fn + inApply("    produce(ro);"),
              "4:13: the argument for out parameter 'result' of 'produce' must be writable, but "
              "'in' parameter 'ro' is not");
  expectError(fn + inApply("    produce(m.a + 1);"),
              "4:17: the argument for out parameter 'result' of 'produce' must be writable, but "
              "this expression is not");
}

TEST(SemaDirections, ActionDataIsReadOnly) {
  expectError(inApply("", "  action a(bit<8> v) { v = 1; }"),
              "2:24: cannot assign to parameter 'v' (it has no direction, so it is read-only)");
}

TEST(SemaDirections, DirectionalParametersFirst) {
  expectError(inApply("", "  action a(bit<8> v, inout bit<8> w) { w = v; }"),
              "2:35: parameter 'w' of action 'a' has a direction but follows an action data "
              "parameter (directional parameters must come first)");
}

// ---------------------------------------------------------------------------------------
// Tables

std::string table(const std::string& properties, const std::string& extraLocals = "") {
  return "  action set(bit<8> v) { m.a = v; }\n"
         "  action bump(inout bit<8> x) { x = x + 1; }\n"
         "  action drop() { drop_packet(); }\n" +
         extraLocals + "  table t {\n" + properties + "\n  }";
}

TEST(SemaTables, ValidTable) {
  Checked r(
      inApply("    switch (t.apply().action_run) { set: { m.b = 1; } default: {} }\n"
              "    if (t.apply().hit) { exit; }",
              table("    key = { hdr.eth.dst : exact; m.a : ternary; m.b : lpm; }\n"
                    "    actions = { set; bump(m.a); @defaultonly drop; }\n"
                    "    default_action = drop();\n    size = 1024;\n"
                    "    const entries = { (1, 2 &&& 0xf, 0x0a00 &&& 0xff00) : set(3);\n"
                    "                      (_, _, _) : bump(); }")));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  const TableDecl* t = nullptr;
  for (auto& l : c->locals)
    if (auto* td = dyn_cast<TableDecl>(l.get())) t = td;
  ASSERT_NE(t, nullptr);
  const TableInfo* info = r.sema().tableInfo(t);
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->keys.size(), 3u);
  EXPECT_EQ(info->keys[1].matchKind->name, "ternary");
  ASSERT_EQ(info->actions.size(), 3u);
  EXPECT_TRUE(info->actions[2].defaultOnly);
  ASSERT_NE(info->defaultAction, nullptr);
  EXPECT_EQ(info->defaultAction->name, "drop");
  EXPECT_EQ(info->size, mpz_class(1024));
}

TEST(SemaTables, UnknownMatchKind) {
  expectError(inApply("", table("    key = { m.a : fuzzy; }\n    actions = { drop; }")),
              "6:19: unknown match kind 'fuzzy'");
}

TEST(SemaTables, NotAMatchKind) {
  expectError(inApply("", table("    key = { m.a : set; }\n    actions = { drop; }")),
              "6:19: 'set' is not a match kind");
}

TEST(SemaTables, DefaultActionMustBeListed) {
  expectError(inApply("", table("    actions = { set; }\n    default_action = drop();")),
              "7:22: action 'drop' is not in the actions of table 't'");
}

TEST(SemaTables, TableOnlyCannotBeDefault) {
  expectError(
      inApply("", table("    actions = { @tableonly drop; }\n    default_action = drop();")),
      "7:22: action 'drop' is @tableonly and cannot be the default action of table 't'");
}

TEST(SemaTables, DefaultOnlyCannotBeInEntries) {
  expectError(inApply("", table("    key = { m.a : exact; }\n    actions = { @defaultonly drop; }\n"
                                "    entries = { 1 : drop(); }")),
              "8:21: action 'drop' is @defaultonly and cannot be used in entries of table 't'");
}

TEST(SemaTables, ActionDataCannotBeBoundInList) {
  expectError(inApply("", table("    actions = { set(1); }")),
              "6:17: action 'set' in the actions of table 't' can only bind its 0 directional "
              "parameters; action data comes from the control plane");
}

TEST(SemaTables, DirectionalParametersMustBeBound) {
  expectError(inApply("", table("    actions = { bump; }")),
              "6:17: directional parameter 'x' of action 'bump' must be bound in the actions of "
              "table 't'");
}

TEST(SemaTables, DefaultActionNeedsActionData) {
  expectError(inApply("", table("    actions = { set; }\n    default_action = set();")),
              "7:22: action 'set' in default_action of table 't' needs 1 argument (its action "
              "data), but 0 given");
}

TEST(SemaTables, EntryArity) {
  expectError(inApply("", table("    key = { m.a : exact; m.b : exact; }\n    actions = { set; }\n"
                                "    const entries = { (1, 2, 3) : set(1); }")),
              "8:23: entry has 3 key values, but the table has 2 keys");
}

TEST(SemaTables, EntryKeyTypes) {
  expectError(inApply("", table("    key = { m.a : exact; }\n    actions = { set; }\n"
                                "    const entries = { 16w1 : set(1); }")),
              "8:23: width mismatch: keyset value has type bit<16>, expected bit<8>");
}

TEST(SemaTables, SizeMustBePositiveConstant) {
  expectError(inApply("", table("    actions = { drop; }\n    size = m.c;")),
              "7:12: table size must be a positive integer constant");
  expectError(inApply("", table("    actions = { drop; }\n    size = 0;")),
              "7:12: table size must be a positive integer constant");
}

TEST(SemaTables, ApplyOnlyInControlApply) {
  expectError(inApply("", table("    actions = { drop; }") + "\n  action a() { t.apply(); }"),
              "8:16: table 't' can only be applied in the apply block of a control");
}

TEST(SemaTables, SwitchLabelsAreActionsOfTheTable) {
  expectError(inApply("    switch (t.apply().action_run) { set: {} bump: {} }",
                      table("    actions = { set; drop; }")),
              "9:45: action 'bump' is not in the actions of table 't'");
  expectError(inApply("    switch (t.apply().action_run) { set: {} set: {} }",
                      table("    actions = { set; drop; }")),
              "9:45: duplicate switch label 'set'");
}

TEST(SemaTables, AddEntryNamesAnAction) {
  std::string locals =
      "  action hit(bit<8> v, bit<16> w) { m.a = v; }\n"
      "  action miss() { add_entry(\"hit\", {m.a, m.b}, (ExpireTimeProfileId_t)0); }\n";
  expectValid(inApply("", locals));
  expectError(
      inApply("", "  action miss() { add_entry(\"nope\", {m.a}, (ExpireTimeProfileId_t)0); }"),
      "2:29: add_entry: 'nope' is not an action");
  expectError(
      inApply("",
              "  action hit(bit<8> v) { m.a = v; }\n"
              "  action miss() { add_entry(\"hit\", {m.a, m.b}, (ExpireTimeProfileId_t)0); }"),
      "3:36: add_entry: action 'hit' has 1 action data parameter, but the action "
      "parameters give 2");
  // The named action may come after the calling one: it is one of the table's actions.
  expectValid(inApply("",
                      "  action miss() { add_entry(\"hit\", {m.a}, (ExpireTimeProfileId_t)0); }\n"
                      "  action hit(bit<8> v) { m.a = v; }\n"
                      "  table t { key = { m.a : exact; } actions = { hit; @defaultonly miss; }\n"
                      "            default_action = miss; add_on_miss = true; }"));
  expectError(inApply("",
                      "  action miss() { add_entry(\"hit\", {m.a, m.b}, (ExpireTimeProfileId_t)0); }\n"
                      "  action hit(bit<8> v) { m.a = v; }"),
              "2:36: add_entry: action 'hit' has 1 action data parameter, but the action "
              "parameters give 2");
}

// ---------------------------------------------------------------------------------------
// Parsers

TEST(SemaParsers, ValidStatesAndSelect) {
  Checked r(R"(
parser P(packet_in pkt, out headers_t hdr) {
  value_set<bit<16>>(4) tpids;
  state start {
    pkt.extract(hdr.eth);
    transition select(hdr.eth.type) {
      tpids : parse_vlan;
      0x0800 &&& 0xff00 : parse_ipv4;
      0x1 .. 0x5 : reject;
      default : accept;
    }
  }
  state parse_vlan {
    pkt.extract(hdr.vlans.next);
    transition select(hdr.vlans.last.type, hdr.eth.type) {
      (0x8100, _) : parse_vlan;
      (_, 0x0800) : parse_ipv4;
      default : accept;
    }
  }
  state parse_ipv4 { pkt.extract(hdr.ipv4); verify(hdr.ipv4.version == 4, error.NoMatch); transition accept; }
}
)");
  EXPECT_TRUE(r.ok) << testing::PrintToString(r.errors());
  EXPECT_EQ(r.warnings(), Strings{});
}

TEST(SemaParsers, MissingStart) {
  expectError("parser P(packet_in pkt) {\n  state begin { transition accept; }\n}\n",
              "1:8: parser 'P' has no 'start' state");
}

TEST(SemaParsers, UndeclaredState) {
  expectError("parser P(packet_in pkt) {\n  state start { transition parse_ip; }\n}\n",
              "2:28: state 'parse_ip' is not declared");
}

TEST(SemaParsers, AcceptCannotBeDeclared) {
  expectError(
      "parser P(packet_in pkt) {\n  state start { transition accept; }\n  state accept { "
      "transition reject; }\n}\n",
      "3:9: state 'accept' is built in and cannot be declared");
}

TEST(SemaParsers, UnreachableStateIsAWarning) {
  Checked r(
      "parser P(packet_in pkt) {\n  state start { transition accept; }\n  state lost { transition "
      "reject; }\n}\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.warnings(), Strings{"3:9: state 'lost' is unreachable"});
}

TEST(SemaParsers, SelectArity) {
  expectError(
      "parser P(packet_in pkt, out headers_t hdr) {\n  state start {\n"
      "    transition select(hdr.eth.type, hdr.eth.src) { (1, 2, 3) : accept; default : reject; "
      "}\n  }\n}\n",
      "3:52: keyset has 3 elements, but select has 2 expressions");
}

// ---------------------------------------------------------------------------------------
// Statements

TEST(SemaStmts, IfConditionMustBeBool) {
  expectError(inApply("    if (m.c) { m.a = 1; }"),
              "3:9: the condition of if must be a bool, not bit<32>");
}

TEST(SemaStmts, ReturnRules) {
  expectError("bit<8> f() { return; }\n", "1:14: function 'f' must return a value of type bit<8>");
  expectError("bit<8> f() { return true; }\n",
              "1:21: type mismatch: return value has type bool, expected bit<8>");
  expectError(inApply("", "  action a() { return 1; }"),
              "2:23: return in an action cannot have a value");
  expectValid(inApply("    if (m.flag) { return; }"));
}

TEST(SemaStmts, ExitNotInFunctions) {
  expectError("bit<8> f() { exit; }\n", "1:14: exit is not allowed in a function");
}

TEST(SemaStmts, SwitchOnValues) {
  expectValid("enum E { X, Y }\n" +
              inApply("    switch (m.b) { 1: 2: { m.a = 1; } default: {} }\n    E e = E.X;\n"
                      "    switch (e) { E.X: {} E.Y: {} }"));
  expectError(inApply("    switch (m.b) { 0x800: {} 2048: {} }"),
              "3:30: duplicate switch label 2048");
  expectError(inApply("    switch (m.b) { default: {} 1: {} }"),
              "3:20: the 'default' label of a switch must be the last one");
}

TEST(SemaStmts, CompoundAssignmentIsTheBinaryOperatorThenAssignment) {
  Checked r(inApply("    m.b += 1;\n    m.a |+|= m.a;\n    m.c >>= m.a;"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  auto* plus = cast<AssignStmt>(c->body->stmts[0].get());
  ASSERT_TRUE(plus->compoundLowered);
  auto* sum = cast<BinaryExpr>(plus->rhs.get());
  EXPECT_EQ(sum->op, BinaryOp::Add);
  EXPECT_EQ(typeToString(sum->type), "bit<16>");
  EXPECT_EQ(typeToString(sum->rhs->type), "bit<16>");  // the literal took the target's width
  EXPECT_EQ(typeToString(sum->lhs->type), "bit<16>");  // the copy of the target is checked too
  EXPECT_EQ(plus->writtenRhs(), sum->rhs.get());
}

TEST(SemaStmts, CompoundAssignmentFollowsTheOperatorsRules) {
  expectError(inApply("    m.b += m.a;"), "3:5: width mismatch: bit<16> + bit<8>");
  expectError(inApply("    m.flag |= true;"),
              "3:5: operator | needs bit<W>, int<W> or int operands, not bool");
  expectError(inApply("    m.s %= 2;"), "3:5: operator % is not defined on signed int<8>");
  expectError(inApply("    ro += 1;"), "3:5: cannot assign to 'in' parameter 'ro'");
  expectError(inApply("    m.a += nothing;"), "3:12: undeclared name 'nothing'");
}

TEST(SemaStmts, ForLoops) {
  expectValid(inApply("    for (bit<8> i = 0; i < 4; i += 1) { m.a = m.a + i; if (m.flag) break; }\n"
                      "    for (bit<8> i in 1 .. 3) { continue; }\n"
                      "    for (vlan_t v in hdr.vlans) { m.b = v.tci; }\n"
                      "    for (bit<16> x in {1, 2, m.b}) { m.b = x; }"));
  expectError(inApply("    for (bit<8> i = 0; i; i += 1) { }"),
              "3:24: the condition of a for loop must be a bool, not bit<8>");
  expectError(inApply("    for (bit<8> i in hdr.eth) { }"),
              "3:22: a for loop goes over a range (lo .. hi), a list or a header stack, not ethernet_t");
  expectError(inApply("    for (ipv4_t v in hdr.vlans) { }"),
              "3:17: loop variable 'v' has type ipv4_t, but the elements are vlan_t");
  expectError(inApply("    for (bit<8> i in 0 .. m.flag) { }"),
              "3:27: the ends of a range must be integers, not bool");
  expectError(inApply("    for (bit<8> i in 0 .. 3) { }\n    m.a = i;"), "4:11: undeclared name 'i'");
}

TEST(SemaStmts, BreakAndContinueOnlyInLoops) {
  expectError(inApply("    break;"), "3:5: break is only allowed in a for loop");
  expectError(inApply("    for (bit<8> i in 0 .. 3) { }\n    continue;"),
              "4:5: continue is only allowed in a for loop");
  // An action called from a loop is not in the loop.
  expectError(inApply("    for (bit<8> i in 0 .. 3) { }", "  action a() { break; }"),
              "2:16: break is only allowed in a for loop");
}

TEST(SemaStmts, NoForLoopsInParsers) {
  expectError(R"(
parser P(packet_in pkt, out headers_t hdr) {
  state start { for (bit<8> i in 0 .. 1) { } transition accept; }
}
)", "2:17: for loops are not allowed in a parser; loop through parser states instead");
}

TEST(SemaTypes, DefaultValues) {
  Checked r("struct s_t { bit<8> a; bool b; }\n"
            "const s_t S = { b = true, ... };\n"
            "const bit<8> Z = ...;\n" +
            inApply("    s_t x = ...;\n    ethernet_t e = { type = 1, ... };\n"
                    "    vlan_t[2] vs = ...;\n    tuple<bit<8>, bool> t = {1, ...};\n"
                    "    m.a = ...;"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  EXPECT_EQ(r.sema().constantValue(r.find<ConstDecl>("Z")), mpz_class(0));
  expectError(inApply("    m.a = ... + 1;"), "3:11: cannot tell the type of '...' here: it needs a typed target");
  Checked noDefault("extern E { E(); }\n" + inApply("    E x = ...;"));
  EXPECT_EQ(noDefault.errors(), (Strings{"4:7: variable 'x' cannot have type E",
                                         "4:11: type E has no default value"}));
  expectError("struct s_t { bit<8> a; bit<8> b; }\n" + inApply("    s_t x = {a = 1};"),
              "4:13: initializer of 'x': field 'b' of s_t is not initialized");
}

TEST(SemaTypes, ExternInstantiatedThroughATypedef) {
  Checked r("typedef Register<bit<32>, bit<8>> reg_t;\n" +
            inApply("    m.c = r.read(m.a);", "  reg_t(16) r;"));
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* c = r.find<ControlDecl>("C");
  auto* inst = cast<InstantiationDecl>(c->locals[0].get());
  EXPECT_EQ(typeToString(r.sema().typeOfDecl(inst)), "Register<bit<32>, bit<8>>");
}

TEST(SemaTables, TableAppliedInAKey) {
  expectValid(inApply("    outer.apply();",
                      "  table inner { key = { m.a : exact; } actions = { NoAction; } }\n"
                      "  table outer { key = { inner.apply().hit : exact; } actions = { NoAction; } }"));
}

TEST(SemaStmts, VariablesMustBeDeclaredBeforeUse) {
  expectError(inApply("    m.a = later;\n    bit<8> later = 1;"), "3:11: undeclared name 'later'");
}

// ---------------------------------------------------------------------------------------
// Annotations

TEST(SemaAnnotations, UnknownAnnotationWarns) {
  Checked r(
      "@vendor_thing(1)\nconst bit<8> X = 1;\n@name(\"y\") @tc_type(\"macaddr\")\nconst bit<8> Y = "
      "1;\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.warnings(), Strings{"1:1: unknown annotation '@vendor_thing' ignored"});
}

// ---------------------------------------------------------------------------------------
// Robustness

TEST(SemaRobustness, DeepExpressionsDoNotCrash) {
  std::string deep = "const int X = ";
  for (int i = 0; i < 60; ++i) deep += "(1 + ";
  deep += "1";
  for (int i = 0; i < 60; ++i) deep += ")";
  deep += ";\n";
  Checked r(deep);
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  EXPECT_EQ(r.sema().constantValue(r.find<ConstDecl>("X")), mpz_class(61));
}

TEST(SemaRobustness, ErrorsDoNotCascade) {
  // One mistake in a sub-expression: one message, not one per enclosing operator.
  expectError(inApply("    m.c = (m.c + nope) * 2 + (m.c << 1);"), "3:18: undeclared name 'nope'");
}

TEST(SemaLayout, HeaderFieldOffsets) {
  Checked r("");
  ASSERT_TRUE(r.ok) << testing::PrintToString(r.errors());
  auto* ip = dyn_cast<StructType>(r.sema().typeOfDecl(r.find<StructLikeDecl>("ipv4_t")));
  ASSERT_NE(ip, nullptr);
  auto offsets = headerFieldOffsets(ip);
  ASSERT_EQ(offsets.size(), 12u);
  EXPECT_EQ(offsets[7], 64);   // ttl
  EXPECT_EQ(offsets[10], 96);  // src
  EXPECT_EQ(bitWidth(ip), 160);
}

// ---------------------------------------------------------------------------------------
// Every expression of every valid corpus program gets a type (the mid end relies on it).

struct TypeCoverage {
  std::vector<std::string> untyped;
  const SourceManager* sources = nullptr;

  void expr(const Expr* e) {
    if (!e) return;
    if (!e->type)
      untyped.push_back(fmt::format("{} {}", sources->describe(e->loc), nodeKindName(e->kind)));
    switch (e->kind) {
      case NodeKind::MemberExpr:
        expr(cast<MemberExpr>(e)->base.get());
        break;
      case NodeKind::IndexExpr:
        expr(cast<IndexExpr>(e)->base.get());
        expr(cast<IndexExpr>(e)->index.get());
        break;
      case NodeKind::SliceExpr: {
        auto* s = cast<SliceExpr>(e);
        expr(s->base.get());
        expr(s->hi.get());
        expr(s->lo.get());
        break;
      }
      case NodeKind::CallExpr: {
        auto* c = cast<CallExpr>(e);
        expr(c->callee.get());
        for (auto& a : c->args) expr(a.value.get());
        break;
      }
      case NodeKind::UnaryExpr:
        expr(cast<UnaryExpr>(e)->operand.get());
        break;
      case NodeKind::BinaryExpr:
        expr(cast<BinaryExpr>(e)->lhs.get());
        expr(cast<BinaryExpr>(e)->rhs.get());
        break;
      case NodeKind::TernaryExpr: {
        auto* t = cast<TernaryExpr>(e);
        expr(t->cond.get());
        expr(t->thenExpr.get());
        expr(t->elseExpr.get());
        break;
      }
      case NodeKind::CastExpr:
        expr(cast<CastExpr>(e)->expr.get());
        break;
      case NodeKind::ListExpr:
        for (auto& x : cast<ListExpr>(e)->elements) expr(x.get());
        break;
      case NodeKind::StructExpr:
        for (auto& f : cast<StructExpr>(e)->fields) expr(f.value.get());
        break;
      case NodeKind::SelectExpr: {
        auto* s = cast<SelectExpr>(e);
        for (auto& x : s->selectors) expr(x.get());
        for (auto& c : s->cases) {
          expr(c.keyset.get());
          expr(c.state.get());
        }
        break;
      }
      default:
        break;
    }
  }
  void stmt(const Stmt* s) {
    if (!s) return;
    switch (s->kind) {
      case NodeKind::AssignStmt:
        expr(cast<AssignStmt>(s)->lhs.get());
        expr(cast<AssignStmt>(s)->rhs.get());
        break;
      case NodeKind::CallStmt:
        expr(cast<CallStmt>(s)->call.get());
        break;
      case NodeKind::IfStmt: {
        auto* i = cast<IfStmt>(s);
        expr(i->cond.get());
        stmt(i->thenStmt.get());
        stmt(i->elseStmt.get());
        break;
      }
      case NodeKind::SwitchStmt: {
        auto* sw = cast<SwitchStmt>(s);
        expr(sw->expr.get());
        for (auto& c : sw->cases) {
          expr(c.label.get());
          stmt(c.body.get());
        }
        break;
      }
      case NodeKind::BlockStmt:
        for (auto& x : cast<BlockStmt>(s)->stmts) stmt(x.get());
        break;
      case NodeKind::ReturnStmt:
        expr(cast<ReturnStmt>(s)->value.get());
        break;
      case NodeKind::DeclStmt:
        decl(cast<DeclStmt>(s)->decl.get());
        break;
      default:
        break;
    }
  }
  void params(const Parameters& ps) {
    for (auto& p : ps)
      if (p) expr(p->defaultValue.get());
  }
  void decl(const Decl* d) {
    if (!d) return;
    switch (d->kind) {
      case NodeKind::ConstDecl:
        expr(cast<ConstDecl>(d)->init.get());
        break;
      case NodeKind::VarDecl:
        expr(cast<VarDecl>(d)->init.get());
        break;
      case NodeKind::EnumDecl:
        for (auto& m : cast<EnumDecl>(d)->members)
          if (m) expr(m->value.get());
        break;
      case NodeKind::ParserDecl: {
        auto* p = cast<ParserDecl>(d);
        params(p->params);
        params(p->ctorParams);
        for (auto& l : p->locals) decl(l.get());
        for (auto& st : p->states) {
          if (!st) continue;
          for (auto& x : st->stmts) stmt(x.get());
          expr(st->transition.get());
        }
        break;
      }
      case NodeKind::ControlDecl: {
        auto* c = cast<ControlDecl>(d);
        params(c->params);
        params(c->ctorParams);
        for (auto& l : c->locals) decl(l.get());
        stmt(c->body.get());
        break;
      }
      case NodeKind::InstantiationDecl:
        for (auto& a : cast<InstantiationDecl>(d)->args) expr(a.value.get());
        break;
      case NodeKind::ActionDecl:
        stmt(cast<ActionDecl>(d)->body.get());
        break;
      case NodeKind::FunctionDecl:
        stmt(cast<FunctionDecl>(d)->body.get());
        break;
      case NodeKind::TableDecl:
        for (auto& p : cast<TableDecl>(d)->properties) {
          for (auto& k : p.keys) expr(k.expr.get());
          for (auto& a : p.actions) expr(a.action.get());
          for (auto& en : p.entries) {
            expr(en.priority.get());
            expr(en.keyset.get());
            expr(en.action.get());
          }
          expr(p.value.get());
        }
        break;
      default:
        break;
    }
  }
};

TEST(SemaCorpus, EveryExpressionOfValidProgramsHasAType) {
  std::string dir = std::string(__FILE__);
  dir = dir.substr(0, dir.rfind("/unit/")) + "/p4/valid";
  std::vector<std::string> files;
  if (FILE* ls = popen(("ls " + dir + "/*.p4 2>/dev/null").c_str(), "r")) {
    char line[4096];
    while (fgets(line, sizeof line, ls)) {
      std::string f = line;
      if (!f.empty() && f.back() == '\n') f.pop_back();
      files.push_back(f);
    }
    pclose(ls);
  }
  for (auto& f : files) {
    Compilation c;
    if (!c.parseFile(f, FrontendOptions{}) || !c.check()) continue;  // other tests report these
    TypeCoverage cov;
    cov.sources = &c.sources;
    for (auto& d : c.program->decls) cov.decl(d.get());
    EXPECT_EQ(cov.untyped, Strings{}) << f;
  }
}

}  // namespace
}  // namespace p4nfc
