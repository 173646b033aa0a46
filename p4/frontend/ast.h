// The abstract syntax tree of a P4-16 program.
//
// The parser builds it, the printer (--pp) and dumper (--dump-ast) read it, semantic
// analysis annotates it (Expr::type, PathExpr::decl, ...) and the mid end lowers it.
// Nodes own their children through unique_ptr; a node's kind is a tag so that passes
// switch over it (isa/cast/dyn_cast below, LLVM style) rather than through virtual
// visitors, which keeps each pass in one readable function per node family.
#pragma once

#include <gmpxx.h>

#include <cassert>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/source.h"

namespace p4nfc {

struct Type;  // a semantic type, see sema/types.h
struct Decl;

enum class NodeKind : uint8_t {
  // type references (syntax of a type, as written)
  BaseTypeRef,
  NamedTypeRef,
  StackTypeRef,
  TupleTypeRef,
  ListTypeRef,
  // expressions
  IntLit,
  BoolLit,
  StringLit,
  PathExpr,
  TypeNameExpr,
  MemberExpr,
  IndexExpr,
  SliceExpr,
  CallExpr,
  UnaryExpr,
  BinaryExpr,
  TernaryExpr,
  CastExpr,
  ListExpr,
  StructExpr,
  InvalidHeaderExpr,
  DefaultExpr,
  DontCareExpr,
  DefaultValueExpr,
  SelectExpr,
  // statements
  AssignStmt,
  CallStmt,
  IfStmt,
  SwitchStmt,
  BlockStmt,
  ExitStmt,
  ReturnStmt,
  EmptyStmt,
  ForStmt,
  ForInStmt,
  BreakStmt,
  ContinueStmt,
  DeclStmt,
  // declarations
  ConstDecl,
  VarDecl,
  TypedefDecl,
  EnumDecl,
  ErrorDecl,
  MatchKindDecl,
  StructLikeDecl,
  ExternDecl,
  ExternFunctionDecl,
  MethodDecl,
  ParserTypeDecl,
  ParserDecl,
  ParserState,
  ControlTypeDecl,
  ControlDecl,
  PackageTypeDecl,
  InstantiationDecl,
  ActionDecl,
  FunctionDecl,
  TableDecl,
  ValueSetDecl,
  Parameter,
  TypeParamDecl,
  EnumMember,  // also the members of error and match_kind
  Field,
  Program,
};

const char* nodeKindName(NodeKind k);

struct Node {
  NodeKind kind;
  SourceLoc loc;
  Node(NodeKind k, SourceLoc l) : kind(k), loc(l) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
};

template <class T>
bool isa(const Node* n) {
  return n && T::classof(n);
}
template <class T>
T* cast(Node* n) {
  assert(isa<T>(n));
  return static_cast<T*>(n);
}
template <class T>
const T* cast(const Node* n) {
  assert(isa<T>(n));
  return static_cast<const T*>(n);
}
template <class T>
T* dyn_cast(Node* n) {
  return isa<T>(n) ? static_cast<T*>(n) : nullptr;
}
template <class T>
const T* dyn_cast(const Node* n) {
  return isa<T>(n) ? static_cast<const T*>(n) : nullptr;
}

#define P4NFC_NODE(Name)                                                 \
  static bool classof(const Node* n) { return n->kind == NodeKind::Name; } \
  static constexpr NodeKind kKind = NodeKind::Name

struct Expr;
struct Stmt;
struct TypeRef;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using TypeRefPtr = std::unique_ptr<TypeRef>;
using DeclPtr = std::unique_ptr<Decl>;

// A name as written; `.x` (global = true) looks only at the top-level scope.
struct Path {
  std::string name;
  bool global = false;
};

// `@name`, `@name(expr, ...)`, `@name[k = v, ...]`, or an unstructured body.
// `body` keeps the body's tokens re-spelled with single spaces, so the printer can write
// back any annotation, known or not; `args` and `kvs` are parsed for the known ones.
struct Annotation {
  SourceLoc loc;
  std::string name;
  enum class Form { Plain, Parens, Brackets } form = Form::Plain;
  std::string body;
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> kvs;
};
using Annotations = std::vector<Annotation>;

// ---------------------------------------------------------------------------------------
// Type references

struct TypeRef : Node {
  using Node::Node;
  static bool classof(const Node* n) {
    return n->kind >= NodeKind::BaseTypeRef && n->kind <= NodeKind::ListTypeRef;
  }
  const Type* resolved = nullptr;  // set by sema
};

// bool, error, match_kind, string, int, bit<W>, int<W>, varbit<W>, void, `_`.
// `bit` alone is bit<1>: width is then null. The width may be `(expr)` in P4 >= 1.2.
struct BaseTypeRef : TypeRef {
  P4NFC_NODE(BaseTypeRef);
  enum class Base { Bool, Error, MatchKind, String, Int, Bit, SignedInt, Varbit, Void, DontCare };
  Base base;
  ExprPtr width;
  BaseTypeRef(SourceLoc l, Base b) : TypeRef(kKind, l), base(b) {}
};

// The keyword of a base type. int<W> and int are both spelt `int` in P4; the AST dump
// needs to tell them apart, so it asks for SignedIntSpelling::Signed and gets `signed`.
enum class SignedIntSpelling { Int, Signed };
const char* baseTypeSpelling(BaseTypeRef::Base b, SignedIntSpelling signedInt = SignedIntSpelling::Int);

// `T` or a specialization `T<A, B>`.
struct NamedTypeRef : TypeRef {
  P4NFC_NODE(NamedTypeRef);
  Path path;
  std::vector<TypeRefPtr> args;
  Decl* decl = nullptr;  // set by sema
  NamedTypeRef(SourceLoc l, Path p) : TypeRef(kKind, l), path(std::move(p)) {}
};

// `T[size]`
struct StackTypeRef : TypeRef {
  P4NFC_NODE(StackTypeRef);
  TypeRefPtr element;
  ExprPtr size;
  StackTypeRef(SourceLoc l) : TypeRef(kKind, l) {}
};

// `tuple<A, B>`
struct TupleTypeRef : TypeRef {
  P4NFC_NODE(TupleTypeRef);
  std::vector<TypeRefPtr> elements;
  TupleTypeRef(SourceLoc l) : TypeRef(kKind, l) {}
};

// `list<T>` (P4 1.2.4)
struct ListTypeRef : TypeRef {
  P4NFC_NODE(ListTypeRef);
  TypeRefPtr element;
  ListTypeRef(SourceLoc l) : TypeRef(kKind, l) {}
};

// ---------------------------------------------------------------------------------------
// Expressions

struct Expr : Node {
  using Node::Node;
  static bool classof(const Node* n) {
    return n->kind >= NodeKind::IntLit && n->kind <= NodeKind::SelectExpr;
  }
  const Type* type = nullptr;  // set by sema
};

// `42`, `8w42`, `8s-1` is unary minus applied to `8s1`, `0x2A`, `0b1010_1010`, `0o52`.
struct IntLit : Expr {
  P4NFC_NODE(IntLit);
  mpz_class value;           // always non-negative as lexed
  std::optional<int> width;  // set for `8w..` / `8s..`
  bool isSigned = false;     // `s` literal
  std::string text;          // spelling, for messages and the printer
  IntLit(SourceLoc l) : Expr(kKind, l) {}
};

struct BoolLit : Expr {
  P4NFC_NODE(BoolLit);
  bool value;
  BoolLit(SourceLoc l, bool v) : Expr(kKind, l), value(v) {}
};

struct StringLit : Expr {
  P4NFC_NODE(StringLit);
  std::string value;  // unescaped contents
  StringLit(SourceLoc l, std::string v) : Expr(kKind, l), value(std::move(v)) {}
};

// A name used as a value: a variable, constant, parameter, instance, action, state, ...
struct PathExpr : Expr {
  P4NFC_NODE(PathExpr);
  Path path;
  Decl* decl = nullptr;  // set by sema: what the name refers to
  PathExpr(SourceLoc l, Path p) : Expr(kKind, l), path(std::move(p)) {}
};

// A type in expression position: the `error` of `error.NoError`, the `E` of `E.A` when E
// is parsed as a type name, the callee of `Register<bit<32>, bit<8>>(1024)`.
struct TypeNameExpr : Expr {
  P4NFC_NODE(TypeNameExpr);
  TypeRefPtr typeRef;
  TypeNameExpr(SourceLoc l, TypeRefPtr t) : Expr(kKind, l), typeRef(std::move(t)) {}
};

struct MemberExpr : Expr {
  P4NFC_NODE(MemberExpr);
  ExprPtr base;
  std::string member;
  SourceLoc memberLoc;
  MemberExpr(SourceLoc l) : Expr(kKind, l) {}
};

struct IndexExpr : Expr {
  P4NFC_NODE(IndexExpr);
  ExprPtr base, index;
  IndexExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `e[hi:lo]`
struct SliceExpr : Expr {
  P4NFC_NODE(SliceExpr);
  ExprPtr base, hi, lo;
  SliceExpr(SourceLoc l) : Expr(kKind, l) {}
};

// An argument: positional, or named (`name = expr`); `_` is a DontCareExpr value.
struct Argument {
  SourceLoc loc;
  std::string name;  // empty when positional
  ExprPtr value;
};

// `f(a)`, `t.apply()`, `h.extract<T>(x)`, `Counter<bit<32>, _>(8, PNA_CounterType_t.PACKETS)`
struct CallExpr : Expr {
  P4NFC_NODE(CallExpr);
  ExprPtr callee;
  std::vector<TypeRefPtr> typeArgs;
  std::vector<Argument> args;
  CallExpr(SourceLoc l) : Expr(kKind, l) {}
};

enum class UnaryOp { Not, Complement, Negate, Plus };
const char* unaryOpSpelling(UnaryOp op);

struct UnaryExpr : Expr {
  P4NFC_NODE(UnaryExpr);
  UnaryOp op;
  ExprPtr operand;
  UnaryExpr(SourceLoc l, UnaryOp o) : Expr(kKind, l), op(o) {}
};

enum class BinaryOp {
  Mul, Div, Mod, Add, Sub, AddSat, SubSat, Shl, Shr,
  Le, Ge, Lt, Gt, Ne, Eq,
  BitAnd, BitXor, BitOr, Concat, LogicalAnd, LogicalOr,
  Mask,   // `&&&` (keysets only)
  Range,  // `..`  (keysets only)
};
const char* binaryOpSpelling(BinaryOp op);

struct BinaryExpr : Expr {
  P4NFC_NODE(BinaryExpr);
  BinaryOp op;
  ExprPtr lhs, rhs;
  BinaryExpr(SourceLoc l, BinaryOp o) : Expr(kKind, l), op(o) {}
};

struct TernaryExpr : Expr {
  P4NFC_NODE(TernaryExpr);
  ExprPtr cond, thenExpr, elseExpr;
  TernaryExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `(T) e`
struct CastExpr : Expr {
  P4NFC_NODE(CastExpr);
  TypeRefPtr target;
  ExprPtr expr;
  CastExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `{a, b, c}`: a tuple/list initializer, also a keyset tuple in select and entries.
// `{a, ...}` (defaultRest) gives the elements after `a` their default values.
struct ListExpr : Expr {
  P4NFC_NODE(ListExpr);
  std::vector<ExprPtr> elements;
  bool defaultRest = false;
  ListExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `{f = a, g = b}`, optionally `(S){...}` which is a CastExpr around it.
struct StructExpr : Expr {
  P4NFC_NODE(StructExpr);
  struct FieldInit {
    SourceLoc loc;
    std::string name;
    ExprPtr value;
  };
  std::vector<FieldInit> fields;
  bool defaultRest = false;  // `{f = a, ...}`: the other fields get their default values
  StructExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `{#}`: an invalid header or header union.
struct InvalidHeaderExpr : Expr {
  P4NFC_NODE(InvalidHeaderExpr);
  InvalidHeaderExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `default` in keysets and switch labels.
struct DefaultExpr : Expr {
  P4NFC_NODE(DefaultExpr);
  DefaultExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `_`: don't care, in keysets and as an argument.
struct DontCareExpr : Expr {
  P4NFC_NODE(DontCareExpr);
  DontCareExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `...`: the default value of the type the context expects (0, false, an invalid
// header, ...; P4-16 "Initializing with default values").
struct DefaultValueExpr : Expr {
  P4NFC_NODE(DefaultValueExpr);
  DefaultValueExpr(SourceLoc l) : Expr(kKind, l) {}
};

// `select(e1, e2) { keyset: state; ... }` — only as a parser state's transition.
struct SelectExpr : Expr {
  P4NFC_NODE(SelectExpr);
  struct Case {
    SourceLoc loc;
    ExprPtr keyset;  // expr, ListExpr for tuples, DefaultExpr, DontCareExpr, Mask/Range
    std::unique_ptr<PathExpr> state;
  };
  std::vector<ExprPtr> selectors;
  std::vector<Case> cases;
  // Set by sema when the one selector is a struct or tuple: its fields (`s.a`, `s.b`, or
  // `t[0]`, `t[1]`), which the keysets match one by one.
  std::vector<ExprPtr> selectorParts;
  SelectExpr(SourceLoc l) : Expr(kKind, l) {}
};

// ---------------------------------------------------------------------------------------
// Statements

struct Stmt : Node {
  using Node::Node;
  static bool classof(const Node* n) {
    return n->kind >= NodeKind::AssignStmt && n->kind <= NodeKind::DeclStmt;
  }
};

// `lhs = rhs;`, or a compound assignment `lhs op= rhs;`. Sema lowers a compound
// assignment to the plain form the spec defines it as, `lhs = lhs op rhs`: `rhs` then
// holds that binary expression (over a copy of lhs) and writtenRhs() what was written,
// so that later passes see one form and the printer still prints the other.
struct AssignStmt : Stmt {
  P4NFC_NODE(AssignStmt);
  ExprPtr lhs, rhs;
  std::optional<BinaryOp> compound;
  bool compoundLowered = false;
  AssignStmt(SourceLoc l) : Stmt(kKind, l) {}
  const Expr* writtenRhs() const;
};

// A call used as a statement: `h.extract(p)`, `t.apply();`, `a(1);`
struct CallStmt : Stmt {
  P4NFC_NODE(CallStmt);
  std::unique_ptr<CallExpr> call;
  CallStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct IfStmt : Stmt {
  P4NFC_NODE(IfStmt);
  ExprPtr cond;
  StmtPtr thenStmt, elseStmt;  // elseStmt may be null
  IfStmt(SourceLoc l) : Stmt(kKind, l) {}
};

// `switch (e) { a: b: { ... } default: { ... } }`; a label with no body falls through.
struct SwitchStmt : Stmt {
  P4NFC_NODE(SwitchStmt);
  struct Case {
    SourceLoc loc;
    ExprPtr label;                     // a value, a PathExpr (action name), or DefaultExpr
    std::unique_ptr<struct BlockStmt> body;  // null: falls through to the next case
  };
  ExprPtr expr;
  std::vector<Case> cases;
  SwitchStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct BlockStmt : Stmt {
  P4NFC_NODE(BlockStmt);
  Annotations annotations;
  std::vector<StmtPtr> stmts;
  BlockStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct ExitStmt : Stmt {
  P4NFC_NODE(ExitStmt);
  ExitStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct ReturnStmt : Stmt {
  P4NFC_NODE(ReturnStmt);
  ExprPtr value;  // may be null
  ReturnStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct EmptyStmt : Stmt {
  P4NFC_NODE(EmptyStmt);
  EmptyStmt(SourceLoc l) : Stmt(kKind, l) {}
};

// `for (init, ...; cond; update, ...) body`: init holds DeclStmts of variables or
// assignments and calls, update assignments and calls.
struct ForStmt : Stmt {
  P4NFC_NODE(ForStmt);
  Annotations annotations;
  std::vector<StmtPtr> init;
  ExprPtr cond;
  std::vector<StmtPtr> update;
  StmtPtr body;
  ForStmt(SourceLoc l) : Stmt(kKind, l) {}
};

// `for (T x in collection) body`: collection is a range `lo .. hi` (a BinaryExpr Range,
// both ends included) or a list, tuple or header stack value.
struct ForInStmt : Stmt {
  P4NFC_NODE(ForInStmt);
  Annotations annotations;
  std::unique_ptr<struct VarDecl> var;
  ExprPtr collection;
  StmtPtr body;
  // Set by sema when the collection is a header stack: `s[0]`, `s[1]`, ... in order.
  std::vector<ExprPtr> elements;
  ForInStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct BreakStmt : Stmt {
  P4NFC_NODE(BreakStmt);
  BreakStmt(SourceLoc l) : Stmt(kKind, l) {}
};

struct ContinueStmt : Stmt {
  P4NFC_NODE(ContinueStmt);
  ContinueStmt(SourceLoc l) : Stmt(kKind, l) {}
};

// A local constant, variable or instantiation inside a block or parser state.
struct DeclStmt : Stmt {
  P4NFC_NODE(DeclStmt);
  DeclPtr decl;
  DeclStmt(SourceLoc l) : Stmt(kKind, l) {}
};

// ---------------------------------------------------------------------------------------
// Declarations

struct Decl : Node {
  std::string name;
  Annotations annotations;
  Decl(NodeKind k, SourceLoc l) : Node(k, l) {}
  static bool classof(const Node* n) {
    return n->kind >= NodeKind::ConstDecl && n->kind <= NodeKind::Field;
  }
};

enum class Direction { None, In, Out, InOut };
const char* directionSpelling(Direction d);  // "" for None

struct TypeParamDecl : Decl {
  P4NFC_NODE(TypeParamDecl);
  TypeParamDecl(SourceLoc l) : Decl(kKind, l) {}
};
using TypeParams = std::vector<std::unique_ptr<TypeParamDecl>>;

struct Parameter : Decl {
  P4NFC_NODE(Parameter);
  Direction direction = Direction::None;
  TypeRefPtr typeRef;
  ExprPtr defaultValue;  // `= expr`, may be null
  Parameter(SourceLoc l) : Decl(kKind, l) {}
};
using Parameters = std::vector<std::unique_ptr<Parameter>>;

struct ConstDecl : Decl {
  P4NFC_NODE(ConstDecl);
  TypeRefPtr typeRef;
  ExprPtr init;
  ConstDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct VarDecl : Decl {
  P4NFC_NODE(VarDecl);
  TypeRefPtr typeRef;
  ExprPtr init;  // may be null
  VarDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `typedef T name;` or `type T name;` (isNewType). T may be a declaration written inline
// (`typedef header h_t {...} name;` is not P4; but `typedef bit<32> ip_t;` is the norm).
struct TypedefDecl : Decl {
  P4NFC_NODE(TypedefDecl);
  bool isNewType = false;
  TypeRefPtr typeRef;
  TypedefDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct EnumMember : Decl {
  P4NFC_NODE(EnumMember);
  ExprPtr value;  // serializable enums only
  EnumMember(SourceLoc l) : Decl(kKind, l) {}
};
using EnumMembers = std::vector<std::unique_ptr<EnumMember>>;

// `enum E { A, B }` or serializable `enum bit<8> E { A = 1, B = 2 }`
struct EnumDecl : Decl {
  P4NFC_NODE(EnumDecl);
  TypeRefPtr underlying;  // null unless serializable
  EnumMembers members;
  EnumDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `error { A, B }` — all error declarations merge into the one error type.
struct ErrorDecl : Decl {
  P4NFC_NODE(ErrorDecl);
  EnumMembers members;
  ErrorDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `match_kind { exact, ternary }` — merges like error.
struct MatchKindDecl : Decl {
  P4NFC_NODE(MatchKindDecl);
  EnumMembers members;
  MatchKindDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct Field : Decl {
  P4NFC_NODE(Field);
  TypeRefPtr typeRef;
  Field(SourceLoc l) : Decl(kKind, l) {}
};

// header, header_union and struct share one shape.
struct StructLikeDecl : Decl {
  P4NFC_NODE(StructLikeDecl);
  enum class Flavor { Header, HeaderUnion, Struct } flavor;
  TypeParams typeParams;
  std::vector<std::unique_ptr<Field>> fields;
  StructLikeDecl(SourceLoc l, Flavor f) : Decl(kKind, l), flavor(f) {}
};
const char* structFlavorSpelling(StructLikeDecl::Flavor f);  // header, header_union, struct

// A method prototype inside an extern; a constructor has no return type and the extern's
// name. `abstract` methods are implemented by the instance's initializer block.
struct MethodDecl : Decl {
  P4NFC_NODE(MethodDecl);
  bool isAbstract = false;
  bool isConstructor = false;
  TypeRefPtr returnType;  // null for constructors
  TypeParams typeParams;
  Parameters params;
  MethodDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct ExternDecl : Decl {
  P4NFC_NODE(ExternDecl);
  TypeParams typeParams;
  std::vector<std::unique_ptr<MethodDecl>> methods;
  ExternDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `extern bit<16> f<T>(in T x);`
struct ExternFunctionDecl : Decl {
  P4NFC_NODE(ExternFunctionDecl);
  TypeRefPtr returnType;
  TypeParams typeParams;
  Parameters params;
  ExternFunctionDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `parser P<H>(packet_in b, out H h);` — a parser type, as used by package declarations.
struct ParserTypeDecl : Decl {
  P4NFC_NODE(ParserTypeDecl);
  TypeParams typeParams;
  Parameters params;
  ParserTypeDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct ParserState : Decl {
  P4NFC_NODE(ParserState);
  std::vector<StmtPtr> stmts;
  // `transition s;` is a PathExpr, `transition select(...) {...}` a SelectExpr; null when the
  // state has no transition statement (which P4 treats as `transition reject`).
  ExprPtr transition;
  SourceLoc transitionLoc;
  ParserState(SourceLoc l) : Decl(kKind, l) {}
};

struct ParserDecl : Decl {
  P4NFC_NODE(ParserDecl);
  TypeParams typeParams;
  Parameters params;
  Parameters ctorParams;
  std::vector<DeclPtr> locals;  // constants, variables, instantiations, value sets
  std::vector<std::unique_ptr<ParserState>> states;
  ParserDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct ControlTypeDecl : Decl {
  P4NFC_NODE(ControlTypeDecl);
  TypeParams typeParams;
  Parameters params;
  ControlTypeDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct ControlDecl : Decl {
  P4NFC_NODE(ControlDecl);
  TypeParams typeParams;
  Parameters params;
  Parameters ctorParams;
  std::vector<DeclPtr> locals;  // constants, variables, instantiations, actions, tables
  std::unique_ptr<BlockStmt> body;  // the apply block
  ControlDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `package PNA_NIC<H, M>(MainParserT<H, M> main_parser, ...);`
struct PackageTypeDecl : Decl {
  P4NFC_NODE(PackageTypeDecl);
  TypeParams typeParams;
  Parameters params;
  PackageTypeDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `Counter<bit<32>, bit<8>>(256, PNA_CounterType_t.PACKETS) my_counter;`
// `PNA_NIC(MainParserImpl(), ...) main;`
struct InstantiationDecl : Decl {
  P4NFC_NODE(InstantiationDecl);
  TypeRefPtr typeRef;  // NamedTypeRef, possibly with type arguments
  std::vector<Argument> args;
  std::vector<DeclPtr> initializer;  // `= { ... }` block implementing abstract methods
  bool hasInitializer = false;
  InstantiationDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct ActionDecl : Decl {
  P4NFC_NODE(ActionDecl);
  Parameters params;  // directional first, then action data (no direction)
  std::unique_ptr<BlockStmt> body;
  ActionDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct FunctionDecl : Decl {
  P4NFC_NODE(FunctionDecl);
  TypeRefPtr returnType;
  TypeParams typeParams;
  Parameters params;
  std::unique_ptr<BlockStmt> body;
  FunctionDecl(SourceLoc l) : Decl(kKind, l) {}
};

// `value_set<bit<16>>(4) ports;`
struct ValueSetDecl : Decl {
  P4NFC_NODE(ValueSetDecl);
  TypeRefPtr elementType;
  ExprPtr size;
  ValueSetDecl(SourceLoc l) : Decl(kKind, l) {}
};

struct KeyElement {
  SourceLoc loc;
  ExprPtr expr;
  std::string matchKind;
  SourceLoc matchKindLoc;
  Annotations annotations;
  const Decl* matchKindDecl = nullptr;  // set by sema
};

struct ActionRef {
  SourceLoc loc;
  Annotations annotations;  // @defaultonly, @tableonly
  ExprPtr action;           // PathExpr or CallExpr (with bound directional arguments)
};

struct TableEntry {
  SourceLoc loc;
  Annotations annotations;
  bool isConst = false;    // `const` before an entry of a non-const entries list
  ExprPtr priority;        // `priority = N :`, may be null
  ExprPtr keyset;          // one expr, or a ListExpr for several keys
  ExprPtr action;          // PathExpr or CallExpr with action data
};

struct TableProperty {
  enum class Kind { Key, Actions, Entries, Value };
  Kind kind;
  SourceLoc loc;
  std::string name;  // "key", "actions", "entries", or the property's own name
  bool isConst = false;
  Annotations annotations;
  std::vector<KeyElement> keys;        // Key
  std::vector<ActionRef> actions;      // Actions
  std::vector<TableEntry> entries;     // Entries
  ExprPtr value;                       // Value: default_action, size, implementation, ...
};

struct TableDecl : Decl {
  P4NFC_NODE(TableDecl);
  std::vector<TableProperty> properties;
  TableDecl(SourceLoc l) : Decl(kKind, l) {}
  const TableProperty* property(std::string_view name) const {
    for (auto& p : properties)
      if (p.name == name) return &p;
    return nullptr;
  }
};

struct Program : Node {
  P4NFC_NODE(Program);
  std::vector<DeclPtr> decls;
  Program(SourceLoc l) : Node(kKind, l) {}
};

inline const Expr* AssignStmt::writtenRhs() const {
  if (compoundLowered) return static_cast<const BinaryExpr*>(rhs.get())->rhs.get();
  return rhs.get();
}

// A copy of an expression as written (syntax only: no types or resolved names), for
// passes that need to evaluate the same expression twice (compound assignments).
ExprPtr cloneExpr(const Expr* e);
TypeRefPtr cloneTypeRef(const TypeRef* t);

#undef P4NFC_NODE

// ---- walking the tree --------------------------------------------------------------
// What a node holds below it, in source order, defined once (ast_children.cpp) for every
// walk: the dump, the mid end's analyses. Each child node comes with its role ("cond",
// "body", "arg"...); the groupings that are not nodes themselves (an argument, a struct
// field initializer, a select or switch case, a table property and its parts, an
// annotation) come as a group whose contents the visitor visits, or not, by calling
// `contents`. A declaration's annotations come first.
class ChildVisitor {
 public:
  virtual ~ChildVisitor() = default;
  // `node` is null where an expected child is missing (the condition of `for (;;)`).
  virtual void child(const char* role, const Node* node) = 0;
  // `head` describes the grouping (for the dump); `loc` is absent for a key-value pair
  // of an annotation, which has none.
  virtual void group(const char* role, const std::string& head, std::optional<SourceLoc> loc,
                     const std::function<void()>& contents) {
    contents();
  }
};
void forEachChild(const Node& n, ChildVisitor& visitor);
// Whether `a` and `b` name the same storage, structurally: the same resolved declaration
// (sema sets PathExpr::decl), the same members, the same literal indexes. False for
// anything else, including indexes that are not literals (which may differ at run time).
bool sameLValue(const Expr& a, const Expr& b);

// The name of a table property's kind ("key", "actions", "entries", "value").
const char* propertyKindName(TableProperty::Kind k);

}  // namespace p4nfc
