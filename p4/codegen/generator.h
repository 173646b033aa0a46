// The code generator's state, shared by the gen_*.cpp files (one topic each):
//   gen_module.cpp   orchestration: maps, the entry function, manifest, finish
//   gen_storage.cpp  LValue trees: creating storage, reading and writing it
//   gen_exprs.cpp    expressions
//   gen_stmts.cpp    statements, inlined actions and functions, controls
//   gen_parser.cpp   the parser state machine, extract, select
//   gen_tables.cpp   table apply
//   gen_externs.cpp  extern objects and functions (forwarding, counters, checksums ...)
//   gen_verdict.cpp  the end of the pipeline: verdict, egress port, chain metadata
//
// Unsupported constructs are reported and then abort the current statement by throwing
// Unsupported; generation carries on with the next statement, so one run reports many.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <functional>

#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/bpf_module.h"
#include "backend/bpf_program.h"
#include "codegen/codegen.h"
#include "codegen/lvalue.h"
#include "frontend/frontend.h"
#include "frontend/sema.h"
#include "midend/error_codes.h"
#include "midend/manifest.h"
#include "midend/map_names.h"
#include "midend/pipeline.h"
#include "midend/table_layout.h"

namespace p4nfc::codegen {

struct Unsupported {};

// Verdict codes recorded in the chain metadata (docs/manifest.md).
enum Verdict : uint32_t { kVerdictDrop = 1, kVerdictPort = 2, kVerdictHost = 3 };

struct TableState {
  midend::TableLayout layout;
  llvm::GlobalVariable* map = nullptr;
  llvm::GlobalVariable* defaultMap = nullptr;
  const ControlDecl* control = nullptr;
};

struct ExternState {
  std::string kind;  // Counter, Register, InternetChecksum, Random
  llvm::GlobalVariable* map = nullptr;
  llvm::AllocaInst* state = nullptr;  // InternetChecksum: u32 running sum
  uint32_t width = 0;                 // Register cell width
  std::string counterType;            // PACKETS, BYTES, PACKETS_AND_BYTES
  mpz_class min, max;                 // Random
  const Type* valueType = nullptr;
};

struct ApplyResult {
  llvm::Value* hit = nullptr;       // i1
  llvm::Value* actionId = nullptr;  // i32: the id of the action that ran (0: none)
  const TableState* table = nullptr;
};

// Where `return` and `exit` go.
struct Frame {
  llvm::BasicBlock* returnTarget = nullptr;
  llvm::AllocaInst* returnSlot = nullptr;
  const Type* returnType = nullptr;
};

class Generator {
 public:
  Generator(Compilation& c, const CodegenOptions& options, backend::BpfModule& module);
  bool run();  // builds the whole module; false if anything was reported
  void promoteSlots();
  llvm::Value* inputPort();
  std::string manifestText() const { return manifest_ ? manifest_->text() : ""; }

  // ---- diagnostics (gen_module.cpp) ----
  [[noreturn]] void unsupported(SourceLoc loc, const std::string& what);
  void setLocation(SourceLoc loc);

  // ---- types and constants (gen_storage.cpp) ----
  llvm::Type* lowerType(const Type* t, SourceLoc loc);  // throws if unsupported
  static const Type* valueType(const Type* t);          // strips NewType, enum -> underlying
  int widthOf(const Type* t, SourceLoc loc);
  bool isSigned(const Type* t) const;
  llvm::Constant* constant(const mpz_class& v, llvm::Type* type);
  llvm::Value* convert(llvm::Value* v, llvm::Type* to, bool isSignedSource);

  // ---- storage ----
  llvm::AllocaInst* entryAlloca(llvm::Type* type, const std::string& name, uint32_t align = 0);
  LValuePtr makeStorage(const Type* type, const std::string& name, bool headersInPacket,
                        SourceLoc loc, int depth = 0);
  llvm::Value* readLValue(const LValuePtr& lv, SourceLoc loc);
  void writeLValue(const LValuePtr& lv, llvm::Value* value, SourceLoc loc);
  void copyLValue(const LValuePtr& to, const LValuePtr& from, SourceLoc loc, int depth = 0);
  void zeroLValue(const LValuePtr& lv, SourceLoc loc, int depth = 0);
  // Runs `body` when `header` is valid; returns the phi of its value and `otherwise`.
  llvm::Value* whenValid(HeaderSlot& header, const std::function<llvm::Value*(llvm::Value*)>& body,
                         llvm::Type* resultType);

  // ---- expressions (gen_exprs.cpp) ----
  LValuePtr genLValue(const Expr* e);
  llvm::Value* genExpr(const Expr* e);
  llvm::Value* genValue(const Expr* e, const Type* target);  // converted to target's type
  llvm::Value* genCondition(const Expr* e);
  llvm::Value* genBinary(const BinaryExpr* e);
  llvm::Value* genShift(const BinaryExpr* e, llvm::Value* l, llvm::Value* r, bool left, bool sign);
  llvm::Value* genCast(const CastExpr* e);
  llvm::Value* genMember(const MemberExpr* e);
  llvm::Value* genCallValue(const CallExpr* e);
  // The leaves of a value for checksums and digests: (value, width) in order.
  void flattenLeaves(const Expr* e, std::vector<std::pair<llvm::Value*, int>>& out, int depth = 0);
  void flattenLValue(const LValuePtr& lv, SourceLoc loc, std::vector<std::pair<llvm::Value*, int>>& out, int depth = 0);

  // ---- statements (gen_stmts.cpp) ----
  void genStmt(const Stmt* s);
  void genStmts(const std::vector<StmtPtr>& stmts);
  void genBlock(const BlockStmt* b);
  void genAssign(const AssignStmt* s);
  void genIf(const IfStmt* s);
  void genSwitch(const SwitchStmt* s);
  void genLocalDecl(const Decl* d);
  llvm::Value* genCall(const CallExpr* call);  // any call; the result or nullptr
  llvm::Value* inlineCallable(const CallTarget& target, const Parameters& params,
                              const BlockStmt* body, const Type* returnType, SourceLoc loc);
  void bindArgument(const Parameter* p, const Expr* arg, SourceLoc loc);
  void assignFrom(const LValuePtr& lv, const Expr* rhs, SourceLoc loc);
  llvm::Value* genBuiltin(const CallExpr* call, const CallTarget& target);
  void inlineControl(const ControlDecl* control, const CallTarget& target, SourceLoc loc);
  void genControl(const ControlDecl* control);
  void declareControlLocals(const ControlDecl* control);
  llvm::BasicBlock* newBlock(const std::string& name);
  void continueInNewBlock(const std::string& name);

  // ---- parser (gen_parser.cpp) ----
  void genParser(const ParserDecl* parser, llvm::BasicBlock* done);
  void genExtract(const CallExpr* call, const CallTarget& target);
  llvm::Value* genLookahead(const CallExpr* call, const CallTarget& target);
  void genAdvance(const CallExpr* call, const CallTarget& target);
  void genTransition(const ParserState* state);
  void genSelect(const SelectExpr* select);
  llvm::Value* genKeysetMatch(const Expr* keyset, const Expr* selector);
  void setParserError(uint32_t code);

  // ---- tables (gen_tables.cpp) ----
  void defineTable(const ControlDecl* control, const TableDecl* table);
  ApplyResult genTableApply(const TableDecl* table, SourceLoc loc);
  void runAction(const midend::TableActionLayout& action, const TableState& table,
                 llvm::Value* valuePtr, const std::vector<mpz_class>* constArgs, SourceLoc loc);

  // ---- externs (gen_externs.cpp) ----
  void defineExtern(const ControlDecl* control, const InstantiationDecl* inst);
  llvm::Value* genExternMethod(const CallExpr* call, const CallTarget& target);
  llvm::Value* genExternFunction(const CallExpr* call, const CallTarget& target);
  llvm::Value* packetLength();

  // ---- the end (gen_verdict.cpp) ----
  void genVerdict();
  void storeContextU32(uint32_t offset, llvm::Value* value);

  // ---- state ----
  Compilation& c_;
  Sema& sema_;
  Diagnostics& diags_;
  CodegenOptions options_;
  backend::BpfModule& module_;
  llvm::LLVMContext& ctx_;
  backend::ProgramKind kind_;
  std::unique_ptr<llvm::IRBuilder<>> b_;
  backend::ProgramFunction program_;
  backend::PacketPointers packet_;
  std::optional<midend::Pipeline> pipeline_;
  std::unique_ptr<midend::ErrorCodes> errors_;
  std::unique_ptr<midend::Manifest> manifest_;
  midend::MapNames mapNames_;
  uint32_t mainFile_ = 0;
  int errorCount_ = 0;

  std::unordered_map<const Decl*, LValuePtr> env_;
  std::unordered_map<const TableDecl*, std::unique_ptr<TableState>> tables_;
  std::unordered_map<const Decl*, std::unique_ptr<ExternState>> externs_;
  std::set<const TableDecl*> failedTables_;
  std::vector<std::shared_ptr<HeaderSlot>> packetHeaders_;
  std::vector<Frame> frames_;
  llvm::BasicBlock* exitTarget_ = nullptr;  // `exit`
  int inlineDepth_ = 0;

  // Pipeline-wide slots.
  llvm::AllocaInst* verdict_ = nullptr;     // i32
  llvm::AllocaInst* egressPort_ = nullptr;  // i32
  llvm::AllocaInst* parserError_ = nullptr; // i32
  llvm::AllocaInst* cursor_ = nullptr;      // i64: parser offset in bytes
  llvm::GlobalVariable* portsMap_ = nullptr;
  llvm::BasicBlock* rejectBlock_ = nullptr;
  llvm::BasicBlock* acceptBlock_ = nullptr;
  std::unordered_map<const ParserState*, llvm::BasicBlock*> stateBlocks_;
  bool inDeparser_ = false;
};

}  // namespace p4nfc::codegen
