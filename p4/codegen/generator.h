// The code generator's state, shared by the gen_*.cpp files (one topic each):
//   gen_module.cpp   orchestration: maps, the entry function, manifest, finish
//   gen_storage.cpp  LValue trees: creating storage, reading and writing it
//   gen_exprs.cpp    expressions
//   gen_stmts.cpp    statements, inlined actions and functions, controls
//   gen_parser.cpp   the parser state machine, extract, select
//   gen_tables.cpp   table apply
//   gen_externs.cpp  extern objects and functions (forwarding, counters, checksums ...)
//   gen_verdict.cpp  the end of the pipeline: verdict, egress port, forwarding
//   gen_chain.cpp    the chain metadata record, its P4 accessors, tail calls
//
// Unsupported constructs are reported and then abort the current statement by throwing
// Unsupported; generation carries on with the next statement, so one run reports many.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <functional>

#include <map>
#include <set>
#include <tuple>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/dataplane_abi.h"
#include "bpf/bpf_module.h"
#include "bpf/bpf_program.h"
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

// Verdict codes recorded in the chain metadata (common/dataplane_abi.h).
using p4nf::abi::kVerdictContinue;
using p4nf::abi::kVerdictDrop;
using p4nf::abi::kVerdictSendToPort;
using p4nf::abi::kVerdictToHost;
using p4nf::abi::kVerdictSendToPorts;

// The chain metadata record's words while the pipeline runs (gen_chain.cpp). Only the
// words the program uses have slots (null otherwise): a word the program neither reads
// nor sets stays where it is in the record, so it costs nothing per packet.
struct ChainRecordSlots {
  llvm::AllocaInst* ingress = nullptr;  // i32 PNA input_port (the program reads it)
  llvm::AllocaInst* mark = nullptr;     // i32 (chain_get_mark / chain_set_mark)
  llvm::AllocaInst* ctState = nullptr;  // i8  (any of the ct_state, l3/l4 offset accessors)
  llvm::AllocaInst* l3Offset = nullptr; // i8
  llvm::AllocaInst* l4Offset = nullptr; // i16
};

struct TableState {
  midend::TableLayout layout;
  llvm::GlobalVariable* map = nullptr;
  llvm::GlobalVariable* defaultMap = nullptr;
  llvm::GlobalVariable* masksMap = nullptr;   // ternary tables
  llvm::GlobalVariable* expireMap = nullptr;  // tables with pna_idle_timeout
  llvm::GlobalVariable* dirMap = nullptr;     // lpm tables with the dir24 scheme
  llvm::GlobalVariable* valuesMap = nullptr;
  const ControlDecl* control = nullptr;
};

// Hash and Checksum algorithms (gen_hash.cpp).
enum class HashAlgorithm { Identity, Crc32, Crc16, OnesComplement16, Toeplitz };
std::optional<HashAlgorithm> hashAlgorithmNamed(const std::string& name);

struct DigestField {
  std::string name;
  int width = 0;
  uint32_t offset = 0;  // bytes, in the record
};

// The Meter map's value (gen_meter.cpp).
bpf::RecordLayout meterValueLayout(const std::string& name);

struct ExternState {
  std::string kind;  // Counter, Register, InternetChecksum, Random, Hash, Checksum, Meter, Digest
  llvm::GlobalVariable* map = nullptr;
  llvm::AllocaInst* state = nullptr;  // InternetChecksum: u32 running sum; Checksum: i64
  uint32_t unfoldedWords = 0;         // InternetChecksum: words its unfolding add()s may add
  HashAlgorithm algorithm = HashAlgorithm::Crc32;  // Hash, Checksum
  bool meterBytes = false;                         // Meter: BYTES (else PACKETS)
  std::vector<DigestField> digestFields;           // Digest
  uint32_t digestSize = 0;
  uint32_t width = 0;                 // Register cell width
  std::string counterType;            // PACKETS, BYTES, PACKETS_AND_BYTES
  mpz_class min, max;                 // Random
  const Type* valueType = nullptr;
};

// The table whose actions are being generated (gen_tables.cpp): DirectCounter.count(),
// add_entry and the expiry functions act on its entry and key.
struct TableActionContext {
  const TableState* table = nullptr;
  llvm::AllocaInst* entry = nullptr;  // ptr: the entry that matched, the default map's value, or null
  llvm::AllocaInst* hitEntry = nullptr;  // ptr: the entry that matched or null (expiring or add_on_miss tables)
  const midend::TableActionLayout* action = nullptr;  // the action being generated
  llvm::Value* key = nullptr;            // the key record looked up (null for keyless tables)
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
  Generator(Compilation& c, const CodegenOptions& options, bpf::BpfModule& module);
  bool run();  // builds the whole module; false if anything was reported
  void promoteSlots();
  llvm::Value* inputPort();
  std::string manifestText() const { return manifest_ ? p4nf::serializeManifest(*manifest_) : ""; }

  // ---- diagnostics (gen_module.cpp) ----
  [[noreturn]] void unsupported(SourceLoc loc, const std::string& what);
  // A mistake in the program that only code generation sees (which table an action runs
  // in, for example): an error, then the same abort as unsupported().
  [[noreturn]] void programError(SourceLoc loc, const std::string& what);
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
  // Runs `body` with the header's first byte when `header` is valid; returns the phi of
  // its value and zero.
  llvm::Value* whenValid(HeaderSlot& header, const std::function<llvm::Value*(llvm::Value*)>& body,
                         llvm::Type* resultType);
  // Where a parsed header points while it is not in the packet (gen_storage.cpp).
  llvm::Value* invalidHeaderStorage();
  void sizeInvalidHeaderStorage();
  // Packet headers that the program adds or replaces (gen_storage.cpp).
  llvm::Value* whenDetached(HeaderSlot& header, const std::function<llvm::Value*()>& local,
                            const std::function<llvm::Value*()>& inPacket, llvm::Type* resultType);
  void ensureLocalCopy(HeaderSlot& header, SourceLoc loc);
  void detachHeader(HeaderSlot& header, SourceLoc loc);
  void setHeaderValidity(HeaderSlot& header, bool valid, SourceLoc loc);
  // Header stacks (gen_stack.cpp; storage in gen_storage.cpp).
  static constexpr int64_t kMaxStackSize = 16;
  LValuePtr headerField(const LValuePtr& header, int index);
  llvm::Value* forStackElement(const LValuePtr& stack, llvm::Value* index,
                               const std::function<llvm::Value*(const LValuePtr&)>& body,
                               llvm::Type* resultType, llvm::BasicBlock* outOfRange);
  LValuePtr genStackLValue(const Expr* e, const LValuePtr& stack, const std::string& member);
  LValuePtr genStackIndex(const IndexExpr* e);
  llvm::Value* genStackMember(const MemberExpr* e);
  void genStackBuiltin(const CallExpr* call, const CallTarget& target, const LValuePtr& stack);
  void stackOutOfBounds();

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
  void genForIn(const ForInStmt* s);
  void genLocalDecl(const Decl* d);
  llvm::Value* genCall(const CallExpr* call);  // any call; the result or nullptr
  llvm::Value* inlineCallable(const CallTarget& target, const Parameters& params,
                              const BlockStmt* body, const Type* returnType, SourceLoc loc);
  void bindArgument(const Parameter* p, const Expr* arg, SourceLoc loc);
  void assignFrom(const LValuePtr& lv, const Expr* rhs, SourceLoc loc);
  llvm::Value* genBuiltin(const CallExpr* call, const CallTarget& target);
  void inlineControl(const ControlDecl* control, const CallTarget& target, const InstantiationDecl* instance,
                     SourceLoc loc);
  void genControl(const ControlDecl* control);
  void declareControlLocals(const ControlDecl* control);
  llvm::BasicBlock* newBlock(const std::string& name);
  void continueInNewBlock(const std::string& name);

  // ---- parser (gen_parser.cpp) ----
  void genParser(const ParserDecl* parser, llvm::BasicBlock* done);
  void genExtract(const CallExpr* call, const CallTarget& target);
  void extractInto(const LValuePtr& header, const Expr* arg, SourceLoc loc);
  void extractVarbit(HeaderSlot& header, llvm::Value* bits, SourceLoc loc);
  llvm::Value* genLookahead(const CallExpr* call, const CallTarget& target);
  void genAdvance(const CallExpr* call, const CallTarget& target);
  void genAdvanceBy(llvm::Value* bits, SourceLoc loc);
  void requirePacketUpTo(llvm::Value* end, llvm::Value* bytes, const std::string& name);
  void declareParserLocals(const ParserDecl* parser);
  void genParserStates(const ParserDecl* parser, llvm::BasicBlock* accept, const ParserState* caller);
  void inlineParser(const ParserDecl* parser, const CallTarget& target, const InstantiationDecl* instance,
                    SourceLoc loc);
  static const InstantiationDecl* instanceApplied(const CallExpr* call);
  void bindConstructorArguments(const Parameters& ctorParams, const InstantiationDecl* instance, SourceLoc loc);
  std::vector<std::pair<const Decl*, LValuePtr>> saveBindings(const Parameters& params,
                                                              const Parameters& ctorParams);
  void restoreBindings(const std::vector<std::pair<const Decl*, LValuePtr>>& saved);
  llvm::Value* genSegmentsFitMtu(const Expr* portArg);
  std::optional<llvm::Value*> genSkbFunction(const CallExpr* call, const std::string& name, const Expr* arg);
  LValuePtr genLookaheadHeader(const CallExpr* call);  // null: not lookahead<header>
  static constexpr uint64_t kMaxSkippedBytes = 4096;   // advance, varbit: verifier bound
  void genTransition(const ParserState* state);
  void genSelect(const SelectExpr* select);
  llvm::Value* genKeysetMatch(const Expr* keyset, const Expr* selector);
  void setParserError(uint32_t code);
  // Pairs (a, b): on some path through the parser, `a` is extracted before `b`.
  using ExtractOrder = std::set<std::pair<const HeaderSlot*, const HeaderSlot*>>;
  ExtractOrder extractOrder() const;

  // ---- deparser (gen_deparser.cpp): emit order and packet layout changes ----
  // The rebuilt front of the packet on the stack: one 8-aligned place per header of the
  // prefix, whether each is emitted (i1), and the prefix's length (i64).
  struct DeparseImage {
    llvm::AllocaInst* buffer = nullptr;
    std::vector<uint32_t> offsets;
    std::vector<llvm::Value*> emitted;
    llvm::Value* length = nullptr;
    llvm::Value* at(llvm::IRBuilder<>& b, size_t i) const;
  };
  void genEmit(const CallExpr* call, const LValuePtr& lv);
  void genDeparse(SourceLoc loc);
  size_t keptSuffixStart(const ExtractOrder& order) const;
  DeparseImage buildDeparseImage(size_t keptFrom, SourceLoc loc);
  bool frontOnlyGrows(size_t keptFrom) const;
  llvm::Value* resizeFront(llvm::Value* growth, llvm::Value* keepStart, llvm::Value* newLength, bool onlyGrows,
                           llvm::BasicBlock* failed);
  void writePrefix(const DeparseImage& image, size_t keptFrom, llvm::BasicBlock* failed);
  llvm::Value* moveKeptBytes(llvm::Value* from, llvm::Value* to, llvm::BasicBlock* failed);

  // ---- tables (gen_tables.cpp) ----
  void defineTable(const ControlDecl* control, const TableDecl* table);
  ApplyResult genTableApply(const TableDecl* table, SourceLoc loc);
  void runAction(const midend::TableActionLayout& action, const TableState& table,
                 llvm::Value* valuePtr, const std::vector<mpz_class>* constArgs, SourceLoc loc);
  // DirectCounter, add_entry, expiry: nullopt when the call is none of them.
  std::optional<llvm::Value*> genTableExternMethod(const CallExpr* call, const CallTarget& target,
                                                   const std::string& externName,
                                                   const std::string& method);
  std::optional<llvm::Value*> genTableExternFunction(const CallExpr* call, const CallTarget& target);

  // ---- externs (gen_externs.cpp) ----
  void defineExtern(const ControlDecl* control, const InstantiationDecl* inst);
  // Lists an extern instance with a map in the manifest; the caller adds what its kind has.
  p4nf::ManifestExtern& addManifestExtern(const std::string& kind, const std::string& name,
                                          const std::string& map, uint32_t size);
  llvm::Value* genExternMethod(const CallExpr* call, const CallTarget& target);
  llvm::Value* genExternFunction(const CallExpr* call, const CallTarget& target);
  llvm::Value* packetLength();
  // gen_hash.cpp
  std::optional<std::vector<llvm::Value*>> dataBytes(const Expr* data);
  llvm::Value* hashInitialState(HashAlgorithm algorithm);
  llvm::GlobalVariable* crcTable(HashAlgorithm algorithm);
  llvm::Value* hashUpdate(HashAlgorithm algorithm, llvm::Value* state, const std::vector<llvm::Value*>& bytes);
  llvm::Value* hashFinish(HashAlgorithm algorithm, llvm::Value* state);
  llvm::Value* genHashGet(const CallExpr* call, ExternState& ext, const Expr* base, const Expr* data, const Expr* max);
  llvm::Value* toeplitzHash(const std::vector<llvm::Value*>& bytes, SourceLoc loc);
  llvm::Value* genChecksumMethod(const CallExpr* call, ExternState& ext, const std::string& method, const Expr* data);
  // gen_meter.cpp, gen_digest.cpp
  llvm::Value* genMeterExecute(const CallExpr* call, ExternState& ext, const Expr* index, const Expr* color,
                               const Expr* length = nullptr);
  void defineDigest(const std::string& qualified, const InstantiationDecl* inst, ExternState& state, const Type* dataType);
  void genDigestPack(const CallExpr* call, ExternState& ext, const Expr* data);

  // ---- the end (gen_verdict.cpp) ----
  void genVerdict();
  void genSendToPorts(llvm::BasicBlock* drop);  // TC: a copy to each port of the sets
  void genTcVlanIntoFrame();  // TC: the tag the kernel took out of the frame goes back in

  // ---- the program and its pipeline (gen_module.cpp) ----
  struct PipelineStorage {
    LValuePtr istd;  // the main control's input metadata (the parser's error goes there)
    LValuePtr preIstd;  // the pre control's, when it runs
  };
  void startProgram();
  bool definePortsMap();
  void definePipelineSlots();
  PipelineStorage bindPipelineParameters(llvm::Value* ingress, llvm::Value* now);
  void genPipeline(const PipelineStorage& storage);

  // ---- chains (gen_chain.cpp) ----
  void defineChainMaps(SourceLoc loc);
  void readChainRecord(bool readsIngress, bool usesMark, bool usesFlow);
  void writeChainRecord(llvm::Value* verdict, llvm::Value* port);
  llvm::Value* lookupPortId();
  llvm::Value* scratchRecord(llvm::BasicBlock* missing);  // XDP: this CPU's p4nf_record[0]
  llvm::Value* loadRecordWord(llvm::Value* record, uint32_t offset);
  void storeRecordWord(llvm::Value* record, uint32_t offset, llvm::Value* value);
  llvm::Value* incomingRecord();   // XDP: ptr or null; TC: i1 (computed once, on entry)
  llvm::Value* recordGiven();      // i1, a record came in with this packet
  llvm::Value* recordMayComeIn();  // i1, from the position and p4nf_record_in
  llvm::Value* chainPosition();
  void genTailCall();
  std::optional<llvm::Value*> genChainFunction(const std::string& name, const Expr* arg);

  // ---- state ----
  Compilation& c_;
  Sema& sema_;
  Diagnostics& diags_;
  CodegenOptions options_;
  bpf::BpfModule& module_;
  llvm::LLVMContext& ctx_;
  bpf::ProgramKind kind_;
  std::unique_ptr<llvm::IRBuilder<>> b_;
  bpf::ProgramFunction program_;
  bpf::PacketPointers packet_;       // current: the deparser reloads them after a resize
  bpf::PacketPointers entryPacket_;  // as loaded on entry
  std::optional<midend::Pipeline> pipeline_;
  std::unique_ptr<midend::ErrorCodes> errors_;
  std::optional<p4nf::Manifest> manifest_;  // from the pipeline on; serialised into the object
  midend::MapNames mapNames_;
  uint32_t mainFile_ = 0;
  int errorCount_ = 0;
  // Errors said already: an action's body is generated once per place it runs (a
  // table's hit and its default, say), and each place must not repeat the error.
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, std::string>> reported_;
  void reportOnce(SourceLoc loc, const std::string& message);

  std::unordered_map<const Decl*, LValuePtr> env_;
  std::unordered_map<const TableDecl*, std::unique_ptr<TableState>> tables_;
  std::unordered_map<const Decl*, std::unique_ptr<ExternState>> externs_;
  std::set<const TableDecl*> failedTables_;
  TableActionContext tableAction_;
  std::vector<std::shared_ptr<HeaderSlot>> packetHeaders_;
  std::vector<Frame> frames_;
  // The loops around the statement being generated: where break and continue go.
  struct LoopTargets {
    llvm::BasicBlock* breakTarget;
    llvm::BasicBlock* continueTarget;
  };
  std::vector<LoopTargets> loops_;
  llvm::BasicBlock* exitTarget_ = nullptr;  // `exit`
  int inlineDepth_ = 0;

  // Pipeline-wide slots.
  llvm::AllocaInst* verdict_ = nullptr;     // i32
  llvm::AllocaInst* egressPort_ = nullptr;  // i32
  // send_to_ports(): the port sets (bit i: PNA port i) and the tag of the tagged copies.
  llvm::AllocaInst* floodPorts_ = nullptr;   // i64
  llvm::AllocaInst* floodTagged_ = nullptr;  // i64
  llvm::AllocaInst* floodTci_ = nullptr;     // i16
  llvm::AllocaInst* parserError_ = nullptr; // i32
  llvm::AllocaInst* cursor_ = nullptr;      // i64: parser offset in bytes
  llvm::GlobalVariable* portsMap_ = nullptr;
  llvm::GlobalVariable* chainMap_ = nullptr;       // p4nf_chain (PROG_ARRAY)
  llvm::GlobalVariable* portIdsMap_ = nullptr;     // p4nf_port_ids (ifindex -> port id)
  llvm::GlobalVariable* portSlotsMap_ = nullptr;   // p4nf_port_slots (its inlined cache)
  llvm::GlobalVariable* chainPosition_ = nullptr;  // p4nf_chain_position (.rodata)
  llvm::GlobalVariable* recordIn_ = nullptr;       // p4nf_record_in (.rodata)
  llvm::GlobalVariable* recordMap_ = nullptr;      // p4nf_record (XDP: PERCPU_ARRAY, 1 record)
  llvm::Value* incomingRecord_ = nullptr;          // incomingRecord(), once it was asked
  ChainRecordSlots chain_;
  llvm::BasicBlock* rejectBlock_ = nullptr;
  llvm::BasicBlock* acceptBlock_ = nullptr;
  std::unordered_map<const ParserState*, llvm::BasicBlock*> stateBlocks_;
  bool inDeparser_ = false;
  // Packet layout (gen_parser.cpp records, gen_deparser.cpp uses).
  const ParserState* currentState_ = nullptr;
  std::vector<std::pair<const ParserState*, HeaderSlot*>> extracts_;  // in state order
  bool advanced_ = false;  // an advance() skipped bytes: they leave the packet
  std::vector<std::shared_ptr<HeaderSlot>> emitOrder_;
  llvm::AllocaInst* moveBuffer_ = nullptr;  // TC: bytes moved when the front shrinks
  llvm::GlobalVariable* invalidHeader_ = nullptr;  // see invalidHeaderStorage()
};

}  // namespace p4nfc::codegen
