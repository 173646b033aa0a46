#include "fixture_program.h"

#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

#include <cstddef>

#include "bpf/bpf_helpers.h"
#include "bpf/record_ir.h"
#include "bpf/bpf_module.h"
#include "bpf/bpf_target.h"
#include "tests/support/module_object.h"

namespace p4nf::testing {
namespace {

using namespace p4nfc::bpf;
using llvm::Align;
using llvm::BasicBlock;
using llvm::Value;

RecordLayout keyLayout() { return {"dmac_key", 0, {{"dst_mac", 48, 0, FieldRepr::Bytes}}}; }

RecordLayout valueLayout() {
  return {"dmac_value",
          0,
          {{"action", 32, 0, FieldRepr::Integer},
           {"port", 16, 4, FieldRepr::Bytes},
           {"smac", 48, 6, FieldRepr::Bytes}}};
}

// Where the chain metadata words are: this CPU's cell of the `p4nf_record` scratch map
// for XDP, skb->cb[] in the context for TC.
class Metadata {
 public:
  Metadata(llvm::IRBuilder<>& b, Value* ctx, ProgramKind kind, Value* record)
      : b_(b), ctx_(ctx), kind_(kind), record_(record) {}
  Value* load(unsigned word) {
    if (kind_ == ProgramKind::Tc) return loadContextU32(b_, ctx_, offsetof(__sk_buff, cb) + 4 * word);
    return b_.CreateAlignedLoad(b_.getInt32Ty(), address(word), Align(4));
  }
  void store(unsigned word, Value* value) {
    if (kind_ == ProgramKind::Tc) return storeContextU32(b_, ctx_, offsetof(__sk_buff, cb) + 4 * word, value);
    b_.CreateAlignedStore(value, address(word), Align(4));
  }

 private:
  Value* address(unsigned word) { return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), record_, 4 * word); }
  llvm::IRBuilder<>& b_;
  Value* ctx_;
  ProgramKind kind_;
  Value* record_;
};

std::string build(ProgramKind kind) {
  auto target = BpfTarget::create({});
  if (!target) {
    ADD_FAILURE() << llvm::toString(target.takeError());
    return {};
  }
  BpfModule object(**target, "dmac_fwd", "tests/loader/dmac_fwd.p4");
  auto* table = llvm::cantFail(
      object.defineMap(MapSpec::typed("t_dmac", MapKind::Hash, 64, keyLayout(), valueLayout())));
  auto* defaults =
      llvm::cantFail(object.defineMap(MapSpec::indexed("d_dmac", MapKind::Array, 1, valueLayout())));
  llvm::GlobalVariable* records = nullptr;
  if (kind == ProgramKind::Xdp)
    records = llvm::cantFail(object.defineMap(MapSpec::sized("p4nf_record", MapKind::PercpuArray, 1, 4, 20)));
  ProgramFunction program = object.defineProgram("dmac_fwd", kind, 1);
  llvm::LLVMContext& context = object.context();
  llvm::IRBuilder<> b(program.entry);
  b.SetCurrentDebugLocation(object.debugInfo().location(program.subprogram, 2));
  auto block = [&](const char* name) { return BasicBlock::Create(context, name, program.function); };
  bool xdp = kind == ProgramKind::Xdp;
  BasicBlock* abort = block("abort");
  {
    llvm::IRBuilder<> r(abort);
    r.SetCurrentDebugLocation(b.getCurrentDebugLocation());
    r.CreateRet(r.getInt32(xdp ? p4nfc::bpf::xdp_action::kAborted : p4nfc::bpf::tc_action::kShot));
  }

  PacketPointers packet = loadPacketPointers(b, program.ctx, kind);
  // Allocas only in the entry block: the verifier needs a static stack frame.
  llvm::BasicBlock& entryBlock = program.function->getEntryBlock();
  llvm::IRBuilder<> allocas(&entryBlock, entryBlock.begin());
  llvm::AllocaInst* index = allocas.CreateAlloca(b.getInt32Ty(), nullptr, "index");
  b.CreateStore(b.getInt32(0), index);
  Value* record = nullptr;
  if (xdp) {
    // The 20-byte chain metadata record: this CPU's cell of the scratch map.
    Value* found = mapLookup(b, records, index, "record");
    BasicBlock* present = block("record_present");
    b.CreateCondBr(b.CreateIsNull(found), abort, present);
    b.SetInsertPoint(present);
    record = found;
  }
  Metadata md(b, program.ctx, kind, record);
  Value* ingress = md.load(2);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, abort, "eth_ok");

  b.SetCurrentDebugLocation(object.debugInfo().location(program.subprogram, 3));
  RecordLayout key = keyLayout();
  llvm::AllocaInst* keySlot = createRecordSlot(b, key, "key");
  b.CreateMemCpy(keySlot, Align(8), eth, Align(1), 6);
  Value* hit = mapLookup(b, table, keySlot, "hit");
  BasicBlock* onHit = b.GetInsertBlock();
  BasicBlock* miss = block("miss");
  BasicBlock* dispatch = block("dispatch");
  b.CreateCondBr(b.CreateIsNull(hit), miss, dispatch);

  b.SetInsertPoint(miss);
  Value* fallback = mapLookup(b, defaults, index, "default");
  BasicBlock* onMiss = b.GetInsertBlock();
  b.CreateCondBr(b.CreateIsNull(fallback), abort, dispatch);

  b.SetInsertPoint(dispatch);
  llvm::PHINode* entry = b.CreatePHI(b.getPtrTy(), 2, "entry");
  entry->addIncoming(hit, onHit);
  entry->addIncoming(fallback, onMiss);
  RecordLayout value = valueLayout();
  Value* action = b.CreateAlignedLoad(b.getInt32Ty(), entry, Align(4), "action");
  BasicBlock* forward = block("forward");
  BasicBlock* drop = block("drop");
  BasicBlock* toHost = block("to_host");
  BasicBlock* reflect = block("reflect");
  llvm::SwitchInst* cases = b.CreateSwitch(action, drop, 4);
  cases->addCase(b.getInt32(1), forward);
  cases->addCase(b.getInt32(2), drop);
  cases->addCase(b.getInt32(3), toHost);
  cases->addCase(b.getInt32(4), reflect);

  // Every exit writes the record, as a module with a record passed in does.
  auto finish = [&](unsigned verdict, Value* port, int code) {
    md.store(0, b.getInt32(verdict));
    md.store(1, port ? port : b.getInt32(0));
    b.CreateRet(b.getInt32(code));
  };
  b.SetInsertPoint(forward);
  b.SetCurrentDebugLocation(object.debugInfo().location(program.subprogram, 4));
  Value* portBig = b.CreateAlignedLoad(b.getInt16Ty(), fieldAddress(b, entry, *value.field("port")), Align(2));
  Value* port = b.CreateZExt(b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, portBig), b.getInt32Ty());
  b.CreateMemCpy(b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), eth, 6), Align(1),
                 fieldAddress(b, entry, *value.field("smac")), Align(2), 6);
  finish(2, port, xdp ? p4nfc::bpf::xdp_action::kTx : p4nfc::bpf::tc_action::kOk);
  b.SetInsertPoint(drop);
  finish(1, nullptr, xdp ? p4nfc::bpf::xdp_action::kDrop : p4nfc::bpf::tc_action::kShot);
  b.SetInsertPoint(toHost);
  finish(3, nullptr, xdp ? p4nfc::bpf::xdp_action::kPass : p4nfc::bpf::tc_action::kOk);
  b.SetInsertPoint(reflect);
  finish(2, ingress, xdp ? p4nfc::bpf::xdp_action::kTx : p4nfc::bpf::tc_action::kOk);

  object.setManifest(forwarderManifest(kind));
  return emitTestObject(object);
}

}  // namespace

std::string forwarderManifest(ProgramKind kind) {
  std::string target = kind == ProgramKind::Xdp ? "xdp" : "tc";
  return R"({"version": 1,
  "program": {"name": "dmac_fwd", "source": "tests/loader/dmac_fwd.p4", "target": ")" + target +
         R"(", "section": ")" + target + R"(", "function": "dmac_fwd"},
  "tables": [{
    "name": "ingress.dmac", "map": "t_dmac", "kind": "exact", "size": 64,
    "key_size": 6, "keys": [{"name": "hdr.ethernet.dst", "match": "exact", "width": 48, "offset": 0, "size": 6}],
    "value_size": 12,
    "actions": [
      {"name": "ingress.forward", "id": 1, "params": [
        {"name": "port", "width": 16, "offset": 4, "size": 2},
        {"name": "smac", "width": 48, "offset": 6, "size": 6}]},
      {"name": "ingress.drop", "id": 2, "params": []},
      {"name": "ingress.to_host", "id": 3, "params": []},
      {"name": "ingress.reflect", "id": 4, "params": []}],
    "default_action": {"action": "ingress.drop", "args": [], "const": false},
    "default_map": "d_dmac",
    "entries": [{"keys": [{"value": "ffffffffffff"}], "action": "ingress.to_host", "args": []}]
  }],
  "externs": [],
  "maps": {)" + (kind == ProgramKind::Xdp ? R"("record": "p4nf_record")" : "") + R"(}
})";
}

std::string buildForwarderObject(ProgramKind kind) { return build(kind); }

}  // namespace p4nf::testing
