// PNA Meter: a two-rate three-colour marker (RFC 2698) per index, in an ARRAY map whose
// cells the control plane configures (docs/manifest.md, "Externs"):
//   { u64 pir, pbs, cir, cbs;            rates in units/s, bursts in units (host order)
//     u64 p_tokens, c_tokens, last_ns }  state, kept by the data plane
// A unit is a packet (PACKETS) or a byte (BYTES). Tokens are kept in nano-units (units x
// 10^9) so that refilling needs no division: elapsed_ns x rate. The refill of one packet
// covers at most one second of elapsed time (so elapsed x rate cannot overflow for rates
// up to 1.8e10 units/s), and a cell whose last_ns is 0 starts with full buckets. A cell
// that is all zero (not configured) colours every packet GREEN.
//
// Cells are shared by all CPUs and updated without a lock: two CPUs metering the same
// index at the same instant may both spend the same tokens. A per-CPU meter would divide
// the rate by the number of CPUs, which is worse; a bpf_spin_lock needs BTF for the lock
// in the value (a later step).
#include <llvm/IR/Constants.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"

namespace p4nfc::codegen {

namespace {
enum MeterColor : uint32_t { kRed = 0, kGreen = 1, kYellow = 2 };  // PNA_MeterColor_t order
constexpr uint64_t kNano = 1000000000ull;
const char* const kMeterFields[] = {"pir", "pbs", "cir", "cbs", "p_tokens", "c_tokens", "last_ns"};
}  // namespace

bpf::RecordLayout meterValueLayout(const std::string& name) {
  bpf::RecordLayout value;
  value.name = name + "_value";
  uint32_t offset = 0;
  for (const char* field : kMeterFields) {
    value.fields.push_back({field, 64, offset, bpf::FieldRepr::Integer});
    offset += 8;
  }
  return value;
}

llvm::Value* Generator::genMeterExecute(const CallExpr* call, ExternState& ext, const Expr* index,
                                        const Expr* color, const Expr* length) {
  (void)call;
  llvm::Value* i = convert(genExpr(index), b_->getInt32Ty(), false);
  llvm::Value* colorIn = color ? b_->CreateZExtOrTrunc(genExpr(color), b_->getInt32Ty()) : b_->getInt32(kGreen);
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "meter.index", 4);
  b_->CreateStore(i, key);
  llvm::Value* cell = bpf::mapLookup(*b_, ext.map, key, "meter");
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* check = newBlock("meter.cell");
  llvm::BasicBlock* run = newBlock("meter.run");
  llvm::BasicBlock* done = newBlock("meter.done");
  b_->CreateCondBr(b_->CreateIsNull(cell), done, check);

  auto* i64 = b_->getInt64Ty();
  auto field = [&](int n) { return b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), cell, 8 * n); };
  auto load = [&](int n) { return b_->CreateAlignedLoad(i64, field(n), llvm::Align(8)); };
  b_->SetInsertPoint(check);
  llvm::Value* pir = load(0);
  llvm::Value* pbs = load(1);
  llvm::Value* cir = load(2);
  llvm::Value* cbs = load(3);
  llvm::Value* configured = b_->CreateICmpNE(b_->CreateOr(b_->CreateOr(pir, pbs), b_->CreateOr(cir, cbs)), b_->getInt64(0));
  b_->CreateCondBr(configured, run, done);

  b_->SetInsertPoint(run);
  llvm::Value* now = bpf::ktimeGetNs(*b_);
  llvm::Value* last = load(6);
  llvm::Value* fresh = b_->CreateICmpEQ(last, b_->getInt64(0));
  llvm::Value* elapsed = b_->CreateSub(now, last);
  elapsed = b_->CreateSelect(b_->CreateICmpUGT(elapsed, b_->getInt64(kNano)), b_->getInt64(kNano), elapsed);
  auto refill = [&](llvm::Value* tokens, llvm::Value* rate, llvm::Value* burst) {
    llvm::Value* full = b_->CreateMul(burst, b_->getInt64(kNano));
    llvm::Value* more = b_->CreateAdd(tokens, b_->CreateMul(elapsed, rate));
    llvm::Value* capped = b_->CreateSelect(b_->CreateICmpUGT(more, full), full, more);
    return b_->CreateSelect(fresh, full, capped);
  };
  llvm::Value* pTokens = refill(load(4), pir, pbs);
  llvm::Value* cTokens = refill(load(5), cir, cbs);
  // dpdk/pna.p4's dpdk_execute gives the length to meter; execute meters the packet's.
  llvm::Value* units = b_->getInt64(1);
  if (ext.meterBytes)
    units = length ? convert(genExpr(length), i64, false) : b_->CreateZExt(packetLength(), i64);
  llvm::Value* cost = b_->CreateMul(units, b_->getInt64(kNano));
  llvm::Value* red = b_->CreateOr(b_->CreateICmpEQ(colorIn, b_->getInt32(kRed)), b_->CreateICmpULT(pTokens, cost));
  llvm::Value* yellow = b_->CreateAnd(
      b_->CreateNot(red),
      b_->CreateOr(b_->CreateICmpEQ(colorIn, b_->getInt32(kYellow)), b_->CreateICmpULT(cTokens, cost)));
  llvm::Value* green = b_->CreateNot(b_->CreateOr(red, yellow));
  b_->CreateAlignedStore(b_->CreateSelect(red, pTokens, b_->CreateSub(pTokens, cost)), field(4), llvm::Align(8));
  b_->CreateAlignedStore(b_->CreateSelect(green, b_->CreateSub(cTokens, cost), cTokens), field(5), llvm::Align(8));
  b_->CreateAlignedStore(now, field(6), llvm::Align(8));
  llvm::Value* result =
      b_->CreateSelect(red, b_->getInt32(kRed), b_->CreateSelect(yellow, b_->getInt32(kYellow), b_->getInt32(kGreen)));
  llvm::BasicBlock* runEnd = b_->GetInsertBlock();
  b_->CreateBr(done);

  b_->SetInsertPoint(done);
  auto* phi = b_->CreatePHI(b_->getInt32Ty(), 3, "meter.color");
  phi->addIncoming(b_->getInt32(kGreen), from);   // index out of range
  phi->addIncoming(b_->getInt32(kGreen), check);  // not configured
  phi->addIncoming(result, runEnd);
  return phi;
}

}  // namespace p4nfc::codegen
