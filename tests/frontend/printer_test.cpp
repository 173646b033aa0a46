// The printer (--pp) and the AST dumper, on trees built by hand and on parsed snippets.
#include <gtest/gtest.h>

#include "frontend/ast_dump.h"
#include "frontend/frontend.h"
#include "frontend/printer.h"

namespace p4nfc {
namespace {

// --- small builders for hand-made trees

SourceLoc at(uint32_t line = 1, uint32_t file = 0) { return SourceLoc{file, line, 1}; }

ExprPtr name(const std::string& n) { return std::make_unique<PathExpr>(at(), Path{n, false}); }

ExprPtr num(long v, const std::string& text = "") {
  auto lit = std::make_unique<IntLit>(at());
  lit->value = v;
  lit->text = text;
  return lit;
}

ExprPtr sized(int width, long v, bool isSigned = false) {
  auto lit = std::make_unique<IntLit>(at());
  lit->value = v;
  lit->width = width;
  lit->isSigned = isSigned;
  return lit;
}

ExprPtr bin(BinaryOp op, ExprPtr l, ExprPtr r) {
  auto e = std::make_unique<BinaryExpr>(at(), op);
  e->lhs = std::move(l);
  e->rhs = std::move(r);
  return e;
}

ExprPtr un(UnaryOp op, ExprPtr operand) {
  auto e = std::make_unique<UnaryExpr>(at(), op);
  e->operand = std::move(operand);
  return e;
}

ExprPtr member(ExprPtr base, const std::string& m) {
  auto e = std::make_unique<MemberExpr>(at());
  e->base = std::move(base);
  e->member = m;
  return e;
}

std::unique_ptr<CallExpr> call(ExprPtr callee, std::vector<ExprPtr> args = {}) {
  auto c = std::make_unique<CallExpr>(at());
  c->callee = std::move(callee);
  for (auto& a : args) c->args.push_back(Argument{at(), "", std::move(a)});
  return c;
}

TypeRefPtr bitType(long width) {
  auto t = std::make_unique<BaseTypeRef>(at(), BaseTypeRef::Base::Bit);
  t->width = num(width, std::to_string(width));
  return t;
}

TypeRefPtr named(const std::string& n) {
  return std::make_unique<NamedTypeRef>(at(), Path{n, false});
}

StmtPtr assign(ExprPtr l, ExprPtr r) {
  auto s = std::make_unique<AssignStmt>(at());
  s->lhs = std::move(l);
  s->rhs = std::move(r);
  return s;
}

StmtPtr callStmt(std::unique_ptr<CallExpr> c) {
  auto s = std::make_unique<CallStmt>(at());
  s->call = std::move(c);
  return s;
}

std::unique_ptr<BlockStmt> block(std::vector<StmtPtr> stmts) {
  auto b = std::make_unique<BlockStmt>(at());
  b->stmts = std::move(stmts);
  return b;
}

template <class... S>
std::vector<StmtPtr> stmts(S&&... s) {
  std::vector<StmtPtr> v;
  (v.push_back(std::forward<S>(s)), ...);
  return v;
}

template <class... E>
std::vector<ExprPtr> exprs(E&&... e) {
  std::vector<ExprPtr> v;
  (v.push_back(std::forward<E>(e)), ...);
  return v;
}

std::unique_ptr<Parameter> param(Direction d, TypeRefPtr t, const std::string& n) {
  auto p = std::make_unique<Parameter>(at());
  p->direction = d;
  p->typeRef = std::move(t);
  p->name = n;
  return p;
}

TableProperty property(TableProperty::Kind kind, const std::string& name) {
  TableProperty p;
  p.kind = kind;
  p.loc = at();
  p.name = name;
  return p;
}

// --- expressions

TEST(PrinterExpr, Literals) {
  EXPECT_EQ(printExpr(*num(16, "0x10")), "0x10");
  EXPECT_EQ(printExpr(*num(16)), "16");
  EXPECT_EQ(printExpr(*sized(8, 5)), "8w5");
  EXPECT_EQ(printExpr(*sized(8, 1, true)), "8s1");
  EXPECT_EQ(printExpr(BoolLit(at(), true)), "true");
  EXPECT_EQ(printExpr(StringLit(at(), "a\"b\\c\n")), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(printExpr(InvalidHeaderExpr(at())), "{#}");
  EXPECT_EQ(printExpr(DontCareExpr(at())), "_");
  EXPECT_EQ(printExpr(DefaultExpr(at())), "default");
  EXPECT_EQ(printExpr(PathExpr(at(), Path{"x", true})), ".x");
}

TEST(PrinterExpr, ConventionalPrecedenceNeedsNoParentheses) {
  // a + b * c
  auto e = bin(BinaryOp::Add, name("a"), bin(BinaryOp::Mul, name("b"), name("c")));
  EXPECT_EQ(printExpr(*e), "a + b * c");
  // (a + b) * c
  e = bin(BinaryOp::Mul, bin(BinaryOp::Add, name("a"), name("b")), name("c"));
  EXPECT_EQ(printExpr(*e), "(a + b) * c");
  // a - b - c is left-associative; a - (b - c) is not
  e = bin(BinaryOp::Sub, bin(BinaryOp::Sub, name("a"), name("b")), name("c"));
  EXPECT_EQ(printExpr(*e), "a - b - c");
  e = bin(BinaryOp::Sub, name("a"), bin(BinaryOp::Sub, name("b"), name("c")));
  EXPECT_EQ(printExpr(*e), "a - (b - c)");
  // x == 1 && y < 2 || z
  e = bin(BinaryOp::LogicalOr,
          bin(BinaryOp::LogicalAnd, bin(BinaryOp::Eq, name("x"), num(1)),
              bin(BinaryOp::Lt, name("y"), num(2))),
          name("z"));
  EXPECT_EQ(printExpr(*e), "x == 1 && y < 2 || z");
}

TEST(PrinterExpr, BitwiseOperatorsAreParenthesizedWhenMixed) {
  auto e = bin(BinaryOp::Eq, bin(BinaryOp::BitAnd, name("a"), name("b")), name("c"));
  EXPECT_EQ(printExpr(*e), "(a & b) == c");
  e = bin(BinaryOp::BitAnd, name("a"), bin(BinaryOp::Eq, name("b"), name("c")));
  EXPECT_EQ(printExpr(*e), "a & (b == c)");
  e = bin(BinaryOp::BitOr, bin(BinaryOp::BitOr, name("a"), name("b")), name("c"));
  EXPECT_EQ(printExpr(*e), "a | b | c");
  e = bin(BinaryOp::Concat, name("a"), bin(BinaryOp::Add, name("b"), name("c")));
  EXPECT_EQ(printExpr(*e), "a ++ (b + c)");
  e = bin(BinaryOp::AddSat, bin(BinaryOp::Add, name("a"), name("b")), name("c"));
  EXPECT_EQ(printExpr(*e), "(a + b) |+| c");
}

TEST(PrinterExpr, UnaryCastTernaryAndPostfix) {
  EXPECT_EQ(printExpr(*un(UnaryOp::Negate, sized(8, 1, true))), "-8s1");
  EXPECT_EQ(printExpr(*un(UnaryOp::Not, un(UnaryOp::Not, name("b")))), "!(!b)");
  EXPECT_EQ(printExpr(*un(UnaryOp::Complement, bin(BinaryOp::Add, name("a"), num(1)))),
            "~(a + 1)");
  auto neg = bin(BinaryOp::Sub, name("a"), un(UnaryOp::Negate, num(1)));
  EXPECT_EQ(printExpr(*neg), "a - -1");

  auto c = std::make_unique<CastExpr>(at());
  c->target = bitType(8);
  c->expr = un(UnaryOp::Negate, name("x"));
  EXPECT_EQ(printExpr(*c), "(bit<8>)(-x)");
  c->expr = member(name("h"), "f");
  EXPECT_EQ(printExpr(*c), "(bit<8>)h.f");

  auto t = std::make_unique<TernaryExpr>(at());
  t->cond = bin(BinaryOp::Gt, name("a"), name("b"));
  t->thenExpr = name("a");
  auto inner = std::make_unique<TernaryExpr>(at());
  inner->cond = name("c");
  inner->thenExpr = num(1);
  inner->elseExpr = num(2);
  t->elseExpr = std::move(inner);
  EXPECT_EQ(printExpr(*t), "a > b ? a : (c ? 1 : 2)");

  auto slice = std::make_unique<SliceExpr>(at());
  slice->base = bin(BinaryOp::Add, name("a"), name("b"));
  slice->hi = num(7);
  slice->lo = num(0);
  EXPECT_EQ(printExpr(*slice), "(a + b)[7:0]");

  auto idx = std::make_unique<IndexExpr>(at());
  idx->base = member(name("hdr"), "vlan");
  idx->index = num(1);
  EXPECT_EQ(printExpr(*member(std::move(idx), "vid")), "hdr.vlan[1].vid");
}

TEST(PrinterExpr, CallsWithTypeAndNamedArguments) {
  auto c = call(member(name("pkt"), "extract"), exprs(member(name("hdr"), "eth")));
  c->typeArgs.push_back(named("eth_t"));
  EXPECT_EQ(printExpr(*c), "pkt.extract<eth_t>(hdr.eth)");

  auto ctor = std::make_unique<NamedTypeRef>(at(), Path{"Register", false});
  ctor->args.push_back(bitType(32));
  ctor->args.push_back(bitType(8));
  auto r = call(std::make_unique<TypeNameExpr>(at(), std::move(ctor)), exprs(num(1024)));
  r->args.push_back(Argument{at(), "initial", std::make_unique<DontCareExpr>(at())});
  EXPECT_EQ(printExpr(*r), "Register<bit<32>, bit<8>>(1024, initial = _)");
}

TEST(PrinterExpr, ListsAndStructs) {
  auto l = std::make_unique<ListExpr>(at());
  l->elements = exprs(num(1), name("a"));
  EXPECT_EQ(printExpr(*l), "{1, a}");
  auto s = std::make_unique<StructExpr>(at());
  s->fields.push_back({at(), "f", num(1)});
  s->fields.push_back({at(), "g", name("x")});
  auto c = std::make_unique<CastExpr>(at());
  c->target = named("S");
  c->expr = std::move(s);
  EXPECT_EQ(printExpr(*c), "(S){f = 1, g = x}");
}

TEST(PrinterType, TypeReferences) {
  EXPECT_EQ(printTypeRef(BaseTypeRef(at(), BaseTypeRef::Base::Bit)), "bit");
  EXPECT_EQ(printTypeRef(*bitType(16)), "bit<16>");
  BaseTypeRef w(at(), BaseTypeRef::Base::SignedInt);
  w.width = name("W");
  EXPECT_EQ(printTypeRef(w), "int<(W)>");
  EXPECT_EQ(printTypeRef(BaseTypeRef(at(), BaseTypeRef::Base::Int)), "int");
  EXPECT_EQ(printTypeRef(BaseTypeRef(at(), BaseTypeRef::Base::DontCare)), "_");
  StackTypeRef stack(at());
  stack.element = named("vlan_t");
  stack.size = num(2);
  EXPECT_EQ(printTypeRef(stack), "vlan_t[2]");
  TupleTypeRef tuple(at());
  tuple.elements.push_back(bitType(8));
  tuple.elements.push_back(std::make_unique<BaseTypeRef>(at(), BaseTypeRef::Base::Bool));
  EXPECT_EQ(printTypeRef(tuple), "tuple<bit<8>, bool>");
  ListTypeRef list(at());
  list.element = named("T");
  EXPECT_EQ(printTypeRef(list), "list<T>");
  NamedTypeRef global(at(), Path{"T", true});
  EXPECT_EQ(printTypeRef(global), ".T");
}

// --- statements

TEST(PrinterStmt, IfElseChains) {
  auto s = std::make_unique<IfStmt>(at());
  s->cond = name("a");
  s->thenStmt = block(stmts(assign(name("x"), num(1))));
  auto elseIf = std::make_unique<IfStmt>(at());
  elseIf->cond = name("b");
  elseIf->thenStmt = block({});
  elseIf->elseStmt = assign(name("x"), num(2));
  s->elseStmt = std::move(elseIf);
  EXPECT_EQ(printStmt(*s),
            "if (a) {\n"
            "    x = 1;\n"
            "} else if (b) {\n"
            "} else\n"
            "    x = 2;\n");
}

TEST(PrinterStmt, DanglingElseGetsBraces) {
  // if (a) [if (b) x = 1;] else x = 2;  -- the else belongs to the outer if.
  auto inner = std::make_unique<IfStmt>(at());
  inner->cond = name("b");
  inner->thenStmt = assign(name("x"), num(1));
  auto outer = std::make_unique<IfStmt>(at());
  outer->cond = name("a");
  outer->thenStmt = std::move(inner);
  outer->elseStmt = assign(name("x"), num(2));
  EXPECT_EQ(printStmt(*outer),
            "if (a) {\n"
            "    if (b)\n"
            "        x = 1;\n"
            "} else\n"
            "    x = 2;\n");
}

TEST(PrinterStmt, SwitchReturnExitEmpty) {
  auto sw = std::make_unique<SwitchStmt>(at());
  sw->expr = member(call(member(name("t"), "apply")), "action_run");
  sw->cases.push_back({at(), name("a1"), nullptr});
  sw->cases.push_back({at(), name("a2"), block(stmts(std::make_unique<ExitStmt>(at())))});
  sw->cases.push_back({at(), std::make_unique<DefaultExpr>(at()), block({})});
  EXPECT_EQ(printStmt(*sw, 1),
            "    switch (t.apply().action_run) {\n"
            "        a1:\n"
            "        a2: {\n"
            "            exit;\n"
            "        }\n"
            "        default: {\n"
            "        }\n"
            "    }\n");
  auto r = std::make_unique<ReturnStmt>(at());
  EXPECT_EQ(printStmt(*r), "return;\n");
  r->value = num(3);
  EXPECT_EQ(printStmt(*r), "return 3;\n");
  EXPECT_EQ(printStmt(EmptyStmt(at())), ";\n");
}

TEST(PrinterStmt, LocalDeclarationsAndAnnotatedBlocks) {
  auto v = std::make_unique<VarDecl>(at());
  v->name = "tmp";
  v->typeRef = bitType(16);
  v->init = num(0);
  auto d = std::make_unique<DeclStmt>(at());
  d->decl = std::move(v);
  auto b = block(stmts(std::move(d), callStmt(call(name("drop")))));
  Annotation a;
  a.name = "atomic";
  b->annotations.push_back(std::move(a));
  EXPECT_EQ(printStmt(*b),
            "@atomic {\n"
            "    bit<16> tmp = 0;\n"
            "    drop();\n"
            "}\n");
}

// --- declarations

TEST(PrinterDecl, HeaderEnumErrorTypedef) {
  StructLikeDecl h(at(), StructLikeDecl::Flavor::Header);
  h.name = "eth_t";
  for (auto [n, w] : {std::pair{"dst", 48}, std::pair{"type", 16}}) {
    auto f = std::make_unique<Field>(at());
    f->name = n;
    f->typeRef = bitType(w);
    h.fields.push_back(std::move(f));
  }
  Annotation anno;
  anno.name = "name";
  anno.form = Annotation::Form::Parens;
  anno.body = "\"ethernet\"";
  h.annotations.push_back(std::move(anno));
  EXPECT_EQ(printDecl(h),
            "@name(\"ethernet\") header eth_t {\n"
            "    bit<48> dst;\n"
            "    bit<16> type;\n"
            "}\n");

  EnumDecl e(at());
  e.name = "E";
  e.underlying = bitType(8);
  for (auto [n, v] : {std::pair{"A", 1}, std::pair{"B", 2}}) {
    auto m = std::make_unique<EnumMember>(at());
    m->name = n;
    m->value = num(v);
    e.members.push_back(std::move(m));
  }
  EXPECT_EQ(printDecl(e), "enum bit<8> E {\n    A = 1,\n    B = 2\n}\n");

  ErrorDecl err(at());
  auto m = std::make_unique<EnumMember>(at());
  m->name = "BadHeader";
  err.members.push_back(std::move(m));
  EXPECT_EQ(printDecl(err), "error {\n    BadHeader\n}\n");

  TypedefDecl t(at());
  t.name = "ip_t";
  t.typeRef = bitType(32);
  EXPECT_EQ(printDecl(t), "typedef bit<32> ip_t;\n");
  t.isNewType = true;
  EXPECT_EQ(printDecl(t), "type bit<32> ip_t;\n");
}

TEST(PrinterDecl, ExternsAndPackages) {
  ExternDecl e(at());
  e.name = "Counter";
  auto tp = std::make_unique<TypeParamDecl>(at());
  tp->name = "W";
  e.typeParams.push_back(std::move(tp));
  auto ctor = std::make_unique<MethodDecl>(at());
  ctor->isConstructor = true;
  ctor->name = "Counter";
  ctor->params.push_back(param(Direction::None, bitType(32), "n"));
  e.methods.push_back(std::move(ctor));
  auto count = std::make_unique<MethodDecl>(at());
  count->name = "count";
  count->returnType = std::make_unique<BaseTypeRef>(at(), BaseTypeRef::Base::Void);
  count->params.push_back(param(Direction::In, named("W"), "index"));
  e.methods.push_back(std::move(count));
  EXPECT_EQ(printDecl(e),
            "extern Counter<W> {\n"
            "    Counter(bit<32> n);\n"
            "    void count(in W index);\n"
            "}\n");

  PackageTypeDecl p(at());
  p.name = "Top";
  p.params.push_back(param(Direction::None, named("P"), "p"));
  EXPECT_EQ(printDecl(p), "package Top(P p);\n");

  InstantiationDecl inst(at());
  inst.name = "main";
  inst.typeRef = named("Top");
  inst.args.push_back(Argument{at(), "", call(name("MyParser"))});
  EXPECT_EQ(printDecl(inst), "Top(MyParser()) main;\n");
}

TEST(PrinterDecl, ParserWithSelect) {
  ParserDecl p(at());
  p.name = "P";
  p.params.push_back(param(Direction::None, named("packet_in"), "pkt"));
  p.params.push_back(param(Direction::Out, named("headers_t"), "hdr"));
  auto start = std::make_unique<ParserState>(at());
  start->name = "start";
  start->stmts.push_back(
      callStmt(call(member(name("pkt"), "extract"), exprs(member(name("hdr"), "eth")))));
  auto sel = std::make_unique<SelectExpr>(at());
  sel->selectors = exprs(member(member(name("hdr"), "eth"), "type"));
  auto state = [](const std::string& n) {
    return std::make_unique<PathExpr>(at(), Path{n, false});
  };
  sel->cases.push_back({at(), num(0x800, "0x800"), state("ipv4")});
  auto tuple = std::make_unique<ListExpr>(at());
  tuple->elements =
      exprs(bin(BinaryOp::Mask, num(1), num(3)), std::make_unique<DontCareExpr>(at()));
  sel->cases.push_back({at(), std::move(tuple), state("other")});
  sel->cases.push_back({at(), std::make_unique<DefaultExpr>(at()), state("accept")});
  start->transition = std::move(sel);
  p.states.push_back(std::move(start));
  auto ipv4 = std::make_unique<ParserState>(at());
  ipv4->name = "ipv4";
  ipv4->transition = name("accept");
  p.states.push_back(std::move(ipv4));
  EXPECT_EQ(printDecl(p),
            "parser P(packet_in pkt, out headers_t hdr) {\n"
            "    state start {\n"
            "        pkt.extract(hdr.eth);\n"
            "        transition select(hdr.eth.type) {\n"
            "            0x800: ipv4;\n"
            "            (1 &&& 3, _): other;\n"
            "            default: accept;\n"
            "        }\n"
            "    }\n"
            "    state ipv4 {\n"
            "        transition accept;\n"
            "    }\n"
            "}\n");
}

TEST(PrinterDecl, ControlWithActionAndTable) {
  ControlDecl c(at());
  c.name = "C";
  c.params.push_back(param(Direction::InOut, named("headers_t"), "hdr"));
  auto a = std::make_unique<ActionDecl>(at());
  a->name = "set_port";
  a->params.push_back(param(Direction::None, bitType(32), "port"));
  a->body = block(stmts(callStmt(call(name("send_to_port"), exprs(name("port"))))));
  c.locals.push_back(std::move(a));

  auto t = std::make_unique<TableDecl>(at());
  t->name = "fwd";
  TableProperty key = property(TableProperty::Kind::Key, "key");
  KeyElement k;
  k.expr = member(member(name("hdr"), "ip"), "dst");
  k.matchKind = "lpm";
  Annotation n;
  n.name = "name";
  n.form = Annotation::Form::Parens;
  n.body = "\"dst\"";
  k.annotations.push_back(std::move(n));
  key.keys.push_back(std::move(k));
  t->properties.push_back(std::move(key));
  TableProperty actions = property(TableProperty::Kind::Actions, "actions");
  actions.actions.push_back(ActionRef{at(), {}, name("set_port")});
  Annotation only;
  only.name = "defaultonly";
  Annotations onlyList;
  onlyList.push_back(std::move(only));
  actions.actions.push_back(ActionRef{at(), std::move(onlyList), name("drop")});
  t->properties.push_back(std::move(actions));
  TableProperty entries = property(TableProperty::Kind::Entries, "entries");
  entries.isConst = true;
  TableEntry e1;
  e1.keyset = num(10);
  e1.action = call(name("set_port"), exprs(num(1)));
  entries.entries.push_back(std::move(e1));
  TableEntry e2;
  e2.priority = num(5);
  e2.keyset = bin(BinaryOp::Range, num(1), num(9));
  e2.action = call(name("drop"));
  entries.entries.push_back(std::move(e2));
  t->properties.push_back(std::move(entries));
  TableProperty def = property(TableProperty::Kind::Value, "default_action");
  def.isConst = true;
  def.value = call(name("drop"));
  t->properties.push_back(std::move(def));
  TableProperty size = property(TableProperty::Kind::Value, "size");
  size.value = num(1024);
  t->properties.push_back(std::move(size));
  c.locals.push_back(std::move(t));
  c.body = block(stmts(callStmt(call(member(name("fwd"), "apply")))));

  EXPECT_EQ(printDecl(c),
            "control C(inout headers_t hdr) {\n"
            "    action set_port(bit<32> port) {\n"
            "        send_to_port(port);\n"
            "    }\n"
            "    table fwd {\n"
            "        key = {\n"
            "            hdr.ip.dst: lpm @name(\"dst\");\n"
            "        }\n"
            "        actions = {\n"
            "            set_port;\n"
            "            @defaultonly drop;\n"
            "        }\n"
            "        const entries = {\n"
            "            10: set_port(1);\n"
            "            priority = 5: 1 .. 9: drop();\n"
            "        }\n"
            "        const default_action = drop();\n"
            "        size = 1024;\n"
            "    }\n"
            "    apply {\n"
            "        fwd.apply();\n"
            "    }\n"
            "}\n");
}

TEST(PrinterProgram, SystemDeclarationsBecomeOneIncludeEach) {
  SourceManager sources;
  sources.addSystemDir("/sys/p4include");
  uint32_t core = sources.fileId("/sys/p4include/core.p4");
  uint32_t user = sources.fileId("prog.p4");
  Program program(at());
  auto addTypedef = [&](const std::string& n, uint32_t file) {
    auto t = std::make_unique<TypedefDecl>(at(1, file));
    t->name = n;
    t->typeRef = bitType(8);
    program.decls.push_back(std::move(t));
  };
  addTypedef("a_t", core);
  addTypedef("b_t", core);
  addTypedef("mine_t", user);
  EXPECT_EQ(printProgram(program, sources),
            "#include <core.p4>\n"
            "typedef bit<8> mine_t;\n");
}

// --- the dump

TEST(AstDump, ShowsValuesNotSpellings) {
  auto hex = bin(BinaryOp::Add, name("a"), num(16, "0x10"));
  auto dec = bin(BinaryOp::Add, name("a"), num(16, "16"));
  EXPECT_EQ(dumpAst(*hex, false), dumpAst(*dec, false));
  EXPECT_EQ(dumpAst(*hex, false),
            "BinaryExpr +\n"
            "  lhs: PathExpr a\n"
            "  rhs: IntLit 16\n");
  EXPECT_NE(dumpAst(*hex, true).find("<#0:1:1>"), std::string::npos);
}

// --- round trip over parsed snippets: parse, print, parse again, compare the dumps.

std::unique_ptr<Compilation> parse(const std::string& text) {
  auto c = std::make_unique<Compilation>();
  c->parseText(text, "snippet.p4");
  return c;
}

void expectRoundTrip(const std::string& text) {
  SCOPED_TRACE(text);
  auto first = parse(text);
  ASSERT_FALSE(first->diags.hasErrors()) << first->diags.render(first->diags.all().front());
  ASSERT_TRUE(first->program);
  std::string printed = printProgram(*first->program, first->sources);
  auto second = parse(printed);
  ASSERT_FALSE(second->diags.hasErrors())
      << printed << "\n" << second->diags.render(second->diags.all().front());
  ASSERT_TRUE(second->program);
  EXPECT_EQ(dumpAst(*first->program, false), dumpAst(*second->program, false)) << printed;
  EXPECT_EQ(printed, printProgram(*second->program, second->sources));
}

TEST(PrinterRoundTrip, Expressions) {
  expectRoundTrip(
      "const bit<8> a = 1; const bit<8> b = 2;\n"
      "const bit<8> c1 = a + b * 3 - (a - b) - 8w0x10;\n"
      "const bool c2 = a & b == 8w1 || !(a < b) && a != 0;\n"
      "const bit<16> c3 = a ++ b | (bit<16>)a << 2 >> 1;\n"
      "const bit<8> c4 = a > b ? a : (b > 1 ? b : -a);\n"
      "const bit<4> c5 = a[7:4] ^ ~b[3:0] & 4w0b1010;\n"
      "const int<8> c6 = -8s1 |+| 8s2 |-| (8s3 - 8s4);\n"
      "const bit<8> c7 = (a + b)[7:0] % 3 / 2;\n");
}

TEST(PrinterRoundTrip, DeclarationsAndStatements) {
  expectRoundTrip(
      "error { Bad, Worse }\n"
      "match_kind { exact, lpm }\n"
      "typedef bit<48> mac_t;\n"
      "type bit<32> id_t;\n"
      "enum Color { Red, Green }\n"
      "enum bit<8> Proto { TCP = 6, UDP = 0x11 }\n"
      "header h_t { mac_t dst; bit<16> type; varbit<64> opts; }\n"
      "header_union u_t { h_t a; h_t b; }\n"
      "struct s_t<T> { T x; h_t[2] stack; tuple<bit<8>, bool> t; }\n"
      "@name(\"x\") @hidden extern E<T> { E(int n); abstract T get(in T x); void f<U>(U u); }\n"
      "extern bit<16> checksum<T>(in T data);\n"
      "parser P<H>(packet_in b, out H h);\n"
      "control C<H>(inout H h);\n"
      "package Pkg<H>(P<H> p, C<H> c);\n"
      "struct hs { h_t h; }\n"
      "parser MyP(packet_in b, out hs h)(bit<8> n) {\n"
      "  value_set<bit<16>>(4) vs;\n"
      "  bit<8> v = 1;\n"
      "  state start { b.extract<h_t>(h.h); transition select(h.h.type, v) {\n"
      "    (0x800, _): next; (vs, 1 &&& 3): next; (1 .. 5, default): reject; default: accept; } }\n"
      "  state next { transition accept; }\n"
      "}\n"
      "control MyC(inout hs h) {\n"
      "  action a(bit<8> x) { h.h.type = (bit<16>)x; }\n"
      "  action nop() {}\n"
      "  table t {\n"
      "    key = { h.h.dst: exact @name(\"dst\"); h.h.type : lpm; }\n"
      "    actions = { a; @defaultonly nop; }\n"
      "    const entries = { (1, 0x800 &&& 0xF00): a(2); (_, _): nop(); }\n"
      "    const default_action = nop();\n"
      "    size = 1024;\n"
      "  }\n"
      "  apply {\n"
      "    bit<8> z;\n"
      "    if (h.h.isValid()) { t.apply(); } else if (z == 1) z = 2; else { exit; }\n"
      "    switch (t.apply().action_run) { a: nop: { z = 3; } default: {} }\n"
      "    h.h = {#}; h.h.setInvalid(); ;\n"
      "    @atomic { z = 1; }\n"
      "    return;\n"
      "  }\n"
      "}\n"
      "bit<8> f(in bit<8> x) { return x + 1; }\n"
      "Pkg(MyP(1), MyC()) main;\n");
}

TEST(PrinterRoundTrip, GenericsInitializersAndOddCorners) {
  expectRoundTrip(
      "extern Reg<T, I> { Reg(bit<32> n, T init); T read(in I i); }\n"
      "extern Hasher { Hasher(); abstract bit<16> pick(in bit<16> x); }\n"
      "extern void log(string s);\n"
      "header v_t { bit<12> vid; }\n"
      "struct S { bit<8> a; bit<8> b; }\n"
      "typedef v_t[2] vlans_t;\n"
      "const bit<8> G = 3;\n"
      "control K(inout S s, in bit<8> d = 8w7)(bit<32> size) {\n"
      "  Reg<bit<32>, bit<8>>(1024, 0) r;\n"
      "  Hasher() h = { bit<16> pick(in bit<16> x) { return x ^ 16w0xFFFF; } };\n"
      "  action a(inout bit<8> x, bit<8> y) { x = .G + y; }\n"
      "  table t {\n"
      "    key = { s.a: exact; }\n"
      "    actions = { a(s.b); }\n"
      "    entries = { priority = 10: 1 &&& 0xF: a(s.b, 2) @note(\"x, y\"); const 2: a(s.b, 3); }\n"
      "    default_action = a(s.b, 0);\n"
      "  }\n"
      "  apply {\n"
      "    S v = (S){a = 1, b = (bit<8>)r.read(s.a)};\n"
      "    tuple<bit<8>, bool> tp = {1, true};\n"
      "    s.a = (bit<8>)(-(int<8>)s.b) + (bit<8>)h.pick(16w1)[7:0];\n"
      "    log(\"tab\\there \\\"quoted\\\" back\\\\slash\");\n"
      "    a(x = s.a, y = 1);\n"
      "    if (s.a == 1) if (s.b == 2) exit; else return;\n"
      "  }\n"
      "}\n");
}

}  // namespace
}  // namespace p4nfc
