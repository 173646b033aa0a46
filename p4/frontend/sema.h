// Semantic analysis: name resolution, type checking and inference, compile-time
// constants, and the P4-specific checks (directions, tables, parsers, statements).
//
// Sema annotates the AST in place (Expr::type, TypeRef::resolved, PathExpr::decl,
// NamedTypeRef::decl, KeyElement::matchKindDecl) and keeps what does not fit there in side
// tables that the mid end queries through the public interface below: constant values,
// the resolved target of every call, the type of every declaration, table summaries.
//
// It reports every problem it finds and carries on; an expression whose checking failed
// gets the Unknown type, which every check accepts silently, so one mistake gives one
// message. When in doubt it accepts: a valid program must never be rejected.
//
// The implementation is split by topic: sema.cpp (driver, lookup, utilities),
// sema_types.cpp (type references, unification), sema_decls.cpp, sema_exprs.cpp,
// sema_calls.cpp, sema_stmts.cpp, consteval.cpp, checks_table.cpp, checks_parser.cpp,
// annotations.cpp.
#pragma once

#include <gmpxx.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "frontend/ast.h"
#include "frontend/diagnostics.h"
#include "frontend/scope.h"
#include "frontend/types.h"

namespace p4nfc {


// What a call expression calls, resolved by sema.
struct CallTarget {
  enum class Kind {
    Action,             // a(x) — decl: ActionDecl
    Function,           // f(x) — decl: FunctionDecl
    ExternFunction,     // verify(...) — decl: ExternFunctionDecl
    ExternMethod,       // r.read(i), pkt.extract(h) — decl: MethodDecl, receiver: r
    ExternConstructor,  // Register<..>(n) — decl: MethodDecl (constructor) or ExternDecl
    BlockConstructor,  // MyParser() / PNA_NIC(...) — decl: ParserDecl/ControlDecl/PackageTypeDecl
    ParserApply,       // p.apply(...) — decl: the parser (ParserDecl or ParserTypeDecl)
    ControlApply,      // c.apply(...) — decl: the control
    TableApply,        // t.apply() — decl: TableDecl
    Builtin,           // h.isValid(), s.push_front(1), ... — see `builtin`
  };
  enum class Builtin {
    None,
    IsValid,
    SetValid,
    SetInvalid,
    PushFront,
    PopFront,
    MinSizeInBits,
    MinSizeInBytes,
    MaxSizeInBits,
    MaxSizeInBytes,
  };
  Kind kind = Kind::Builtin;
  Builtin builtin = Builtin::None;
  const Decl* decl = nullptr;
  const ExternDecl* externDecl = nullptr;   // the extern of an ExternMethod/Constructor
  const Expr* receiver = nullptr;           // object of a method, apply or builtin
  bool directApplication = false;           // `MyParser.apply(...)`: an anonymous instance
  const CallableType* signature = nullptr;  // parameter types after inference (if any)
  std::vector<const Type*> typeArgs;        // explicit or inferred type arguments
  std::vector<const Expr*> argForParam;     // per parameter, its argument (null: omitted)
};

// A table, as sema understood it.
struct TableInfo {
  struct Key {
    const Expr* expr;
    const EnumMember* matchKind;  // null if the match kind was not found
  };
  struct ActionEntry {
    const ActionDecl* decl;
    const ActionRef* ref;
    bool defaultOnly = false;
    bool tableOnly = false;
  };
  std::vector<Key> keys;
  std::vector<ActionEntry> actions;
  const ActionDecl* defaultAction = nullptr;
  const Expr* defaultActionExpr = nullptr;
  bool defaultActionIsConst = false;
  std::optional<mpz_class> size;
};

class Sema {
 public:
  // Checks `program`; `sources` tells the user's files from the system includes (whose
  // names may shadow without a warning).
  Sema(Program* program, const SourceManager& sources, Diagnostics& diags);
  ~Sema();
  Sema(const Sema&) = delete;
  Sema& operator=(const Sema&) = delete;

  // Checks the whole program. False if any error was reported.
  bool run();

  TypeContext& types() { return types_; }

  // --- queries for the mid end ---
  const Type* typeOf(const Expr* e) const { return e ? e->type : nullptr; }
  // The type a declaration introduces: a variable's, constant's, parameter's or instance's
  // value type, the type declared by a type declaration, an action's signature ...
  const Type* typeOfDecl(const Decl* d) const;
  // The value of a compile-time constant expression of integer, bit<W>, int<W>, bool
  // (0/1) or serializable-enum type, normalised to its type's range.
  std::optional<mpz_class> constantValue(const Expr* e) const;
  std::optional<mpz_class> constantValue(const Decl* d) const;  // const decls, enum members
  // True for expressions whose value is known at compile time (constants, enum members,
  // error and match_kind members, string literals, lists/structs of such).
  bool isCompileTimeKnown(const Expr* e) const;
  const CallTarget* callTarget(const CallExpr* call) const;
  // The enum/error/match_kind member or struct field a member expression names.
  const Decl* memberDecl(const MemberExpr* e) const;
  const TableInfo* tableInfo(const TableDecl* t) const;
  // The built-in `accept` and `reject` states that PathExpr::decl points to.
  const ParserState* acceptState() const { return acceptState_.get(); }
  const ParserState* rejectState() const { return rejectState_.get(); }
  // The `main` package instantiation, if the program has one.
  const InstantiationDecl* mainPackage() const { return main_; }

 private:
  // ----- context -----
  enum class Body {
    TopLevel,
    Parser,
    ParserState,
    Control,
    ControlApply,
    Action,
    Function,
    Extern
  };
  struct Context {
    Body body = Body::TopLevel;
    const Decl* owner = nullptr;       // the enclosing parser/control/action/function
    const Type* returnType = nullptr;  // functions only
    const ParserDecl* parser = nullptr;
    const ControlDecl* control = nullptr;
    int loops = 0;  // for loops around the statement being checked (break, continue)
  };
  class ScopeGuard;
  class ContextGuard;

  // ----- sema.cpp: driver, lookup, diagnostics helpers -----
  void declare(Decl* d, SourceLoc loc);
  void declareAs(const std::string& name, Decl* d, SourceLoc loc);
  void warnIfShadowing(const std::string& name, const Decl* d, SourceLoc loc);
  const std::vector<Decl*>* lookup(const Path& path) const;
  Decl* lookupOne(const Path& path) const;
  void setDeclType(const Decl* d, const Type* t);
  void setConstant(const Expr* e, mpz_class v);
  void markKnown(const Expr* e);
  bool isTypeDecl(const Decl* d) const;
  static std::string describeDecl(const Decl* d);
  bool inBody(Body b) const { return ctx_.body == b; }

  // ----- sema_types.cpp -----
  const Type* resolveType(TypeRef* ref);
  const Type* resolveBaseType(BaseTypeRef* ref);
  const Type* resolveNamedType(NamedTypeRef* ref);
  const Type* typeOfTypeDecl(const Decl* d, SourceLoc loc);
  const Type* specializeNamed(const Type* generic, const Decl* decl, std::vector<const Type*> args,
                              SourceLoc loc);
  std::optional<int64_t> evalWidth(Expr* e, const char* what, int64_t min, int64_t max);
  void declareTypeParams(TypeParams& params, std::vector<const TypeVarType*>* out);
  std::vector<ParamInfo> checkParams(Parameters& params, bool allowDirections);
  bool unify(const Type* param, const Type* arg, TypeSubst& subst,
             const std::set<const TypeVarType*>& vars, int depth = 0);
  bool sameType(const Type* a, const Type* b) const;

  // ----- sema_decls.cpp -----
  void checkDecl(Decl* d);
  void collectErrorsAndMatchKinds(Program& program);
  void checkConst(ConstDecl* d);
  void checkVar(VarDecl* d);
  void checkTypedef(TypedefDecl* d);
  void checkEnum(EnumDecl* d);
  void checkErrorDecl(ErrorDecl* d);
  void checkMatchKindDecl(MatchKindDecl* d);
  void checkStructLike(StructLikeDecl* d);
  void checkFieldType(const StructLikeDecl* d, const Field* f, const Type* t);
  void checkExtern(ExternDecl* d);
  const CallableType* methodType(const MethodDecl* m);
  void checkExternFunction(ExternFunctionDecl* d);
  void checkReturnType(const TypeRef* ref, const Type* t, const std::string& what);
  void checkInitializerMethods(InstantiationDecl* d, const ExternDecl* ext);
  void checkBlockTypeDecl(Decl* d, TypeKind kind, TypeParams& tps, Parameters& params);
  void checkParser(ParserDecl* d);
  void checkControl(ControlDecl* d);
  void checkInstantiation(InstantiationDecl* d);
  void checkAction(ActionDecl* d);
  void checkFunction(FunctionDecl* d);
  void checkValueSet(ValueSetDecl* d);
  void checkLocalDecl(Decl* d);

  // ----- sema_exprs.cpp -----
  const Type* checkExpr(Expr* e, const Type* expected = nullptr);
  const Type* checkValue(Expr* e, const Type* expected = nullptr);
  const Type* checkExprKind(Expr* e, const Type* expected);
  const Type* checkPath(PathExpr* e, const Type* expected);
  const Type* checkMember(MemberExpr* e);
  const Type* checkIndex(IndexExpr* e);
  const Type* checkSlice(SliceExpr* e);
  const Type* checkUnary(UnaryExpr* e, const Type* expected);
  const Type* checkBinary(BinaryExpr* e, const Type* expected);
  const Type* checkArith(BinaryExpr* e, const Type* l, const Type* r, const Type* expected);
  const Type* checkShift(BinaryExpr* e, const Type* l, const Type* r, const Type* expected);
  const Type* checkComparison(BinaryExpr* e, const Type* l, const Type* r);
  const Type* checkConcat(BinaryExpr* e, const Type* l, const Type* r);
  const Type* checkTernary(TernaryExpr* e, const Type* expected);
  const Type* checkCast(CastExpr* e);
  const Type* checkList(ListExpr* e, const Type* expected);
  const Type* checkStructExpr(StructExpr* e, const Type* expected);
  const Type* checkKeyset(Expr* e, const Type* keyType);
  const Type* checkDefaultValue(DefaultValueExpr* e, const Type* expected);
  const Expr* knownInitializer(const Expr* e, int depth = 0) const;
  const Expr* partOf(const Expr* init, int index, const std::string& name) const;
  void knowPart(const Expr* e, const Expr* whole, int index, const Type* partType);
  bool hasDefaultValue(const Type* t, int depth = 0) const;
  bool castAllowed(const Type* from, const Type* to, const Expr* e) const;
  // Converts `e` (already checked) to `target` where P4 allows it implicitly; adopts the
  // target type for int literals and untyped initializers. Reports and returns false if
  // not possible. `what` names the context in messages ("initializer of 'x'").
  bool coerce(Expr* e, const Type* target, const std::string& what);
  bool canCoerce(const Expr* e, const Type* from, const Type* to) const;
  // Makes two operands of a binary operator agree (int literals adopt the other width).
  const Type* unifyOperands(BinaryExpr* e);
  bool isLValue(const Expr* e, std::string* why) const;
  void requireLValue(const Expr* e, const char* context);
  const Parameter* rootParameter(const Expr* e) const;

  // ----- sema_calls.cpp -----
  const Type* checkCall(CallExpr* e, const Type* expected);
  const Type* checkMethodCall(CallExpr* e, MemberExpr* callee, const Type* expected);
  const Type* checkBuiltinCall(CallExpr* e, MemberExpr* callee, const Type* baseType);
  void checkArgsLoosely(std::vector<Argument>& args);
  std::vector<const Type*> resolveTypeArgs(std::vector<TypeRefPtr>& refs);
  // Checks `args` against `sig`, inferring the type variables in `vars` (starting from
  // `subst`), converting arguments and checking directions. Fills `target` (signature,
  // type arguments, argument per parameter) and returns the call's result type.
  const Type* applyCall(std::vector<Argument>& args, SourceLoc loc, const CallableType* sig,
                        TypeSubst& subst, const std::set<const TypeVarType*>& vars,
                        const std::string& calleeName, CallTarget& target);
  const Decl* chooseOverload(const std::vector<Decl*>& candidates,
                             const std::vector<Argument>& args, SourceLoc loc,
                             const std::string& name);
  bool matchArguments(const std::vector<Argument>& args, SourceLoc loc,
                      const std::vector<ParamInfo>& params, std::vector<const Expr*>* argForParam,
                      bool report, const std::string& calleeName);
  const CallableType* applySignature(const BlockType* block);
  void checkAddEntry(const CallTarget& target);
  struct PendingAddEntry {
    const StringLit* name;
    const Expr* params;
    const ActionDecl* caller;  // the action calling add_entry, if any
    const ControlDecl* control;
  };
  const ActionDecl* addEntryAction(const PendingAddEntry& p) const;
  void resolveAddEntries(const ControlDecl* control);
  void checkPacketMethod(CallExpr* e, const ExternDecl* ext, const MethodDecl* method,
                         const CallTarget& target);
  // Instantiates an extern, parser, control or package: `Register<bit<8>, _>(16)` as an
  // expression or an instantiation declaration. Returns the instance's type.
  const Type* instantiate(const Type* named, const Decl* decl, std::vector<Argument>& args,
                          const std::vector<const Type*>& explicitTypeArgs, SourceLoc loc,
                          CallTarget& target);
  const Decl* instantiableDecl(const Type* named, const Decl* written) const;
  bool blockCompatible(const BlockType* want, const BlockType* have) const;
  void explainBlockMismatch(const Type* want, const Type* have);

  // ----- sema_stmts.cpp -----
  void checkStmt(Stmt* s);
  void checkBlock(BlockStmt* b, bool newScope = true);
  void checkAssign(AssignStmt* s);
  void checkCallStmt(CallStmt* s);
  void checkIf(IfStmt* s);
  void checkSwitch(SwitchStmt* s);
  void checkReturn(ReturnStmt* s);
  void checkExit(ExitStmt* s);
  void checkFor(ForStmt* s);
  void checkForIn(ForInStmt* s);
  void checkLoopBody(Stmt* body);
  bool loopAllowedHere(SourceLoc loc);
  void lowerCompoundAssign(AssignStmt* s, const Type* lhsType);

  // ----- consteval.cpp -----
  void foldConstant(Expr* e);
  std::optional<mpz_class> foldBinary(BinaryExpr* e);
  std::optional<mpz_class> foldUnary(UnaryExpr* e);
  std::optional<mpz_class> foldCast(CastExpr* e);
  bool fitsIn(const mpz_class& v, const Type* t) const;
  static mpz_class normalize(const mpz_class& v, const Type* t);
  std::optional<int64_t> smallConstant(const Expr* e) const;

  // ----- checks_table.cpp -----
  void checkTable(TableDecl* d);
  void checkTableKeys(TableDecl* d, TableProperty& p, TableInfo& info);
  void checkTableActions(TableDecl* d, TableProperty& p, TableInfo& info);
  void checkDefaultAction(TableDecl* d, TableProperty& p, TableInfo& info);
  void checkEntries(TableDecl* d, TableProperty& p, TableInfo& info);
  void checkTableSize(TableProperty& p, TableInfo& info);
  const ActionDecl* resolveActionRef(Expr* action, TableDecl* d, bool bindData,
                                     const TableInfo* info, const char* where);
  void checkEntryKeyset(Expr* keyset, const TableInfo& info, SourceLoc loc);

  // ----- checks_parser.cpp -----
  void checkParserStates(ParserDecl* d);
  void checkState(ParserState* s);
  void checkTransition(ParserState* s);
  void checkSelect(SelectExpr* e);
  void splitSelector(SelectExpr* e, const Type* selectorType);
  bool isPlainReference(const Expr* e) const;
  ExprPtr indexedCopy(const Expr* e, size_t index);
  void resolveStateName(PathExpr* p);
  void warnUnreachableStates(ParserDecl* d);

  // ----- annotations.cpp -----
  void checkAnnotations(const Annotations& annotations);
  static bool hasAnnotation(const Annotations& annotations, std::string_view name);

  // ----- state -----
  Program* program_;
  const SourceManager& sources_;
  Diagnostics& diags_;
  TypeContext types_;
  std::unique_ptr<Scope> global_;
  Scope* scope_ = nullptr;
  Context ctx_;
  int depth_ = 0;  // expression nesting, to bound recursion

  std::unordered_map<const Decl*, const Type*> declTypes_;
  std::unordered_map<const Expr*, mpz_class> constants_;
  std::unordered_set<const Expr*> known_;
  std::unordered_map<const Decl*, mpz_class> declValues_;
  std::unordered_map<const CallExpr*, CallTarget> calls_;
  std::unordered_map<const MemberExpr*, const Decl*> memberDecls_;
  std::unordered_map<const TableDecl*, TableInfo> tables_;
  std::unordered_map<const Decl*, const CallableType*> signatures_;
  std::unordered_map<const BlockType*, const CallableType*> applySignatures_;
  std::unordered_map<std::string, const EnumMember*> errorMembers_;
  std::unordered_map<const ExternDecl*, std::vector<const TypeVarType*>> externTypeParams_;

  std::vector<PendingAddEntry> pendingAddEntries_;
  std::unordered_set<const Parameter*> ctorParams_;       // of parsers, controls, packages
  std::unordered_map<std::string, ParserState*> states_;  // of the parser being checked
  std::unique_ptr<ParserState> acceptState_, rejectState_;
  const InstantiationDecl* main_ = nullptr;
  const Decl* declaringType_ = nullptr;     // the struct/header whose fields are checked
  const Expr* switchExpression_ = nullptr;  // where `.action_run` may appear
};

}  // namespace p4nfc
