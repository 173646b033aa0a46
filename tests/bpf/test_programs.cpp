#include "test_programs.h"

#include <linux/bpf.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

#include "bpf/bpf_helpers.h"
#include "bpf/record_ir.h"

namespace p4nfc::testing {
namespace {

using namespace p4nfc::bpf;
using llvm::Align;
using llvm::BasicBlock;
using llvm::Value;

int dropVerdict(ProgramKind kind) {
  return kind == ProgramKind::Xdp ? xdp_action::kDrop : tc_action::kShot;
}
int passVerdict(ProgramKind kind) {
  return kind == ProgramKind::Xdp ? xdp_action::kPass : tc_action::kOk;
}

// One program under construction: an IRBuilder that stamps every instruction with a
// source line (BTF line info), and return blocks for verdicts.
class Emitter {
 public:
  Emitter(BpfModule& object, const std::string& name, ProgramKind kind, unsigned line = 1)
      : object_(object),
        kind_(kind),
        program_(object.defineProgram(name, kind, line)),
        builder_(program_.entry) {
    at(line);
  }

  llvm::IRBuilder<>& b() { return builder_; }
  Value* ctx() { return program_.ctx; }
  ProgramKind kind() const { return kind_; }
  void at(unsigned line) {
    builder_.SetCurrentDebugLocation(object_.debugInfo().location(program_.subprogram, line));
  }

  BasicBlock* block(const char* name) {
    return BasicBlock::Create(object_.context(), name, program_.function);
  }
  BasicBlock* returning(int verdict, const char* name) {
    BasicBlock* result = block(name);
    llvm::IRBuilder<> ret(result);
    ret.SetCurrentDebugLocation(builder_.getCurrentDebugLocation());
    ret.CreateRet(ret.getInt32(verdict));
    return result;
  }
  void ret(Value* verdict) {
    builder_.CreateRet(builder_.CreateTrunc(verdict, builder_.getInt32Ty()));
  }
  void ret(int verdict) { builder_.CreateRet(builder_.getInt32(verdict)); }
  // Continues in a new block when `condition` is false; jumps to `target` when true.
  void branchIf(Value* condition, BasicBlock* target, const char* continueName) {
    BasicBlock* next = block(continueName);
    builder_.CreateCondBr(condition, target, next);
    builder_.SetInsertPoint(next);
  }
  // A 16-bit network-order field as a host integer.
  Value* loadBigEndian16(Value* address) {
    Value* raw = builder_.CreateAlignedLoad(builder_.getInt16Ty(), address, Align(2));
    return builder_.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, raw);
  }
  Value* at(Value* base, uint64_t offset) {
    return builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), base, offset);
  }

 private:
  BpfModule& object_;
  ProgramKind kind_;
  ProgramFunction program_;
  llvm::IRBuilder<> builder_;
};

std::unique_ptr<BpfModule> newModule(const BpfTarget& target, const char* name) {
  return std::make_unique<BpfModule>(target, name, std::string("tests/bpf/") + name + ".p4");
}

FieldLayout field(const char* name, uint32_t bits, uint32_t offset,
                  FieldRepr repr = FieldRepr::Auto) {
  return FieldLayout{name, bits, offset, repr};
}

llvm::GlobalVariable* map(BpfModule& object, const MapSpec& spec) {
  return llvm::cantFail(object.defineMap(spec));
}

}  // namespace

RecordLayout macKeyLayout() { return {"mac_key", 0, {field("dst_mac", 48, 0)}}; }

RecordLayout macValueLayout() {
  return {"mac_value", 0, {field("action", 32, 0), field("port", 32, 4), field("hits", 64, 8)}};
}

RecordLayout lpmKeyLayout() {
  return {"route_key", 0, {field("prefixlen", 32, 0), field("dst_addr", 32, 4, FieldRepr::Bytes)}};
}

RecordLayout digestLayout() {
  return {"mac_digest", 0, {field("src_mac", 48, 0), field("ether_type", 16, 6)}};
}

std::unique_ptr<BpfModule> buildMacTable(const BpfTarget& target, ProgramKind kind) {
  auto object = newModule(target, "mac_table");
  auto* table = map(
      *object, MapSpec::typed("mac_table", MapKind::Hash, 1024, macKeyLayout(), macValueLayout()));
  Emitter e(*object, "mac_fwd", kind);
  auto& b = e.b();
  BasicBlock* drop = e.returning(dropVerdict(kind), "drop");
  BasicBlock* pass = e.returning(passVerdict(kind), "pass");

  e.at(2);
  PacketPointers packet = loadPacketPointers(b, e.ctx(), kind);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");

  e.at(3);
  llvm::AllocaInst* key = createRecordSlot(b, macKeyLayout(), "key");
  b.CreateMemCpy(key, Align(8), eth, Align(2), 6);
  Value* entry = mapLookup(b, table, key, "entry");
  e.branchIf(b.CreateIsNull(entry), pass, "hit");

  e.at(4);
  RecordLayout value = macValueLayout();
  b.CreateAtomicRMW(llvm::AtomicRMWInst::Add, fieldAddress(b, entry, *value.field("hits")),
                    b.getInt64(1), Align(8), llvm::AtomicOrdering::Monotonic);
  Value* action = b.CreateAlignedLoad(
      b.getInt32Ty(), fieldAddress(b, entry, *value.field("action")), Align(4), "action");
  BasicBlock* forward = e.block("forward");
  llvm::SwitchInst* dispatch = b.CreateSwitch(action, pass, 2);
  dispatch->addCase(b.getInt32(kActionForward), forward);
  dispatch->addCase(b.getInt32(kActionDrop), drop);

  // Swap destination and source MAC: bytes [0,6) <-> [6,12).
  e.at(5);
  b.SetInsertPoint(forward);
  Value* dstHigh = b.CreateAlignedLoad(b.getInt32Ty(), eth, Align(2));
  Value* dstLow = b.CreateAlignedLoad(b.getInt16Ty(), e.at(eth, 4), Align(2));
  Value* srcHigh = b.CreateAlignedLoad(b.getInt16Ty(), e.at(eth, 6), Align(2));
  Value* srcLow = b.CreateAlignedLoad(b.getInt32Ty(), e.at(eth, 8), Align(2));
  b.CreateAlignedStore(srcHigh, eth, Align(2));
  b.CreateAlignedStore(srcLow, e.at(eth, 2), Align(2));
  b.CreateAlignedStore(dstHigh, e.at(eth, 6), Align(2));
  b.CreateAlignedStore(dstLow, e.at(eth, 10), Align(2));
  e.ret(kind == ProgramKind::Xdp ? xdp_action::kTx : tc_action::kOk);
  return object;
}

std::unique_ptr<BpfModule> buildLpmRouter(const BpfTarget& target) {
  auto object = newModule(target, "lpm_router");
  auto* routes = map(
      *object, MapSpec::typed(
                   "routes", MapKind::LpmTrie, 256, lpmKeyLayout(),
                   RecordLayout{"route_value", 0, {field("action", 32, 0), field("port", 32, 4)}}));
  Emitter e(*object, "router", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  BasicBlock* pass = e.returning(xdp_action::kPass, "pass");

  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  e.at(2);
  Value* etherType = e.loadBigEndian16(e.at(eth, 12));
  e.branchIf(b.CreateICmpNE(etherType, b.getInt16(0x0800)), pass, "is_ipv4");

  e.at(3);
  Value* ip = checkPacketBounds(b, packet, packetAddress(b, packet, 14, "ip"), 20, drop, "ip_ok");
  RecordLayout keyLayout = lpmKeyLayout();
  llvm::AllocaInst* key = createRecordSlot(b, keyLayout, "key");
  b.CreateAlignedStore(b.getInt32(32), fieldAddress(b, key, *keyLayout.field("prefixlen")),
                       Align(8));
  Value* dstAddr = b.CreateAlignedLoad(b.getInt32Ty(), e.at(ip, 16), Align(4), "dst_addr");
  b.CreateAlignedStore(dstAddr, fieldAddress(b, key, *keyLayout.field("dst_addr")), Align(4));
  Value* route = mapLookup(b, routes, key, "route");
  e.branchIf(b.CreateIsNull(route), drop, "has_route");

  e.at(4);
  Value* ttlAddress = e.at(ip, 8);
  Value* ttl = b.CreateLoad(b.getInt8Ty(), ttlAddress, "ttl");
  e.branchIf(b.CreateICmpULE(ttl, b.getInt8(1)), pass, "forward");

  // TTL - 1 and the matching incremental checksum update (RFC 1141): the 16-bit word
  // holding the TTL drops by 0x0100, so the checksum rises by 0x0100 with end-around carry.
  // Both are network order in memory; on this little-endian target htons(0x0100) == 1.
  e.at(5);
  b.CreateStore(b.CreateSub(ttl, b.getInt8(1)), ttlAddress);
  Value* checksumAddress = e.at(ip, 10);
  Value* checksum =
      b.CreateZExt(b.CreateAlignedLoad(b.getInt16Ty(), checksumAddress, Align(2)), b.getInt32Ty());
  Value* sum = b.CreateAdd(checksum, b.getInt32(1));
  Value* carry = b.CreateZExt(b.CreateICmpUGE(sum, b.getInt32(0xffff)), b.getInt32Ty());
  b.CreateAlignedStore(b.CreateTrunc(b.CreateAdd(sum, carry), b.getInt16Ty()), checksumAddress,
                       Align(2));
  e.ret(xdp_action::kTx);
  return object;
}

std::unique_ptr<BpfModule> buildDevmapForwarder(const BpfTarget& target) {
  auto object = newModule(target, "devmap_forwarder");
  auto* ports = map(*object, MapSpec::sized("tx_ports", MapKind::Devmap, 64, 4, 4));
  Emitter e(*object, "forward", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  e.at(2);
  Value* port = b.CreateZExt(b.CreateLoad(b.getInt8Ty(), e.at(eth, 5)), b.getInt32Ty(), "port");
  e.ret(redirectMap(b, ports, port, xdp_action::kPass));
  return object;
}

std::unique_ptr<BpfModule> buildPacketCounter(const BpfTarget& target) {
  auto object = newModule(target, "packet_counter");
  RecordLayout value{"stats_value", 0, {field("packets", 64, 0), field("bytes", 64, 8)}};
  auto* stats = map(*object, MapSpec::indexed("stats", MapKind::PercpuArray, 1, value));
  llvm::LLVMContext& context = object->context();

  // static void count_packet(u64 len): a real BPF-to-BPF call (needs BTF func_info).
  auto* countType = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                            {llvm::Type::getInt64Ty(context)}, false);
  llvm::Function* count = object->defineLocalFunction("count_packet", countType, 10);
  {
    llvm::IRBuilder<> b(BasicBlock::Create(context, "entry", count));
    b.SetCurrentDebugLocation(object->debugInfo().location(count->getSubprogram(), 11));
    llvm::AllocaInst* key = b.CreateAlloca(b.getInt32Ty(), nullptr, "index");
    b.CreateStore(b.getInt32(0), key);
    Value* cell = mapLookup(b, stats, key, "cell");
    BasicBlock* done = BasicBlock::Create(context, "done", count);
    BasicBlock* update = BasicBlock::Create(context, "update", count);
    b.CreateCondBr(b.CreateIsNull(cell), done, update);
    b.SetInsertPoint(update);
    // Per-CPU cells need no atomics: only this CPU writes them.
    for (const char* name : {"packets", "bytes"}) {
      Value* address = fieldAddress(b, cell, *value.field(name));
      Value* old = b.CreateAlignedLoad(b.getInt64Ty(), address, Align(8));
      Value* delta =
          std::string(name) == "packets" ? static_cast<Value*>(b.getInt64(1)) : count->getArg(0);
      b.CreateAlignedStore(b.CreateAdd(old, delta), address, Align(8));
    }
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRetVoid();
  }

  Emitter e(*object, "counter", ProgramKind::Xdp);
  auto& b = e.b();
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  e.at(2);
  Value* length = b.CreateSub(b.CreatePtrToInt(packet.dataEnd, b.getInt64Ty()),
                              b.CreatePtrToInt(packet.data, b.getInt64Ty()), "len");
  b.CreateCall(count, {length});
  e.ret(xdp_action::kPass);
  return object;
}

std::unique_ptr<BpfModule> buildUdpPortFilter(const BpfTarget& target) {
  auto object = newModule(target, "udp_filter");
  Emitter e(*object, "udp_filter", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  BasicBlock* pass = e.returning(xdp_action::kPass, "pass");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  e.branchIf(b.CreateICmpNE(e.loadBigEndian16(e.at(eth, 12)), b.getInt16(0x0800)), pass, "is_ipv4");
  e.at(2);
  Value* ip = checkPacketBounds(b, packet, packetAddress(b, packet, 14, "ip"), 20, drop, "ip_ok");
  Value* ihl = b.CreateAnd(b.CreateLoad(b.getInt8Ty(), ip), b.getInt8(0x0f), "ihl");
  e.branchIf(b.CreateICmpULT(ihl, b.getInt8(5)), drop, "ihl_ok");
  Value* protocol = b.CreateLoad(b.getInt8Ty(), e.at(ip, 9), "protocol");
  e.branchIf(b.CreateICmpNE(protocol, b.getInt8(17)), pass, "is_udp");

  // The UDP header sits at a variable offset, ip + ihl * 4 (at most 60): one GEP from the
  // IP header pointer, then one bounds check on that pointer.
  e.at(3);
  Value* l4Offset = b.CreateShl(b.CreateZExt(ihl, b.getInt64Ty()), 2, "l4_offset");
  Value* udp = b.CreateInBoundsGEP(b.getInt8Ty(), ip, l4Offset, "udp");
  checkPacketBounds(b, packet, udp, 8, drop, "udp_ok");
  Value* dstPort = e.loadBigEndian16(e.at(udp, 2));
  b.CreateCondBr(b.CreateICmpEQ(dstPort, b.getInt16(53)), drop, pass);
  return object;
}

std::unique_ptr<BpfModule> buildMacLearning(const BpfTarget& target) {
  auto object = newModule(target, "mac_learning");
  RecordLayout keyLayout{"learn_key", 0, {field("src_mac", 48, 0)}};
  RecordLayout valueLayout{"learn_value", 0, {field("last_seen", 64, 0)}};
  auto* learned =
      map(*object, MapSpec::typed("learned", MapKind::LruHash, 128, keyLayout, valueLayout));
  Emitter e(*object, "learn", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  e.at(2);
  llvm::AllocaInst* key = createRecordSlot(b, keyLayout, "key");
  b.CreateMemCpy(key, Align(8), e.at(eth, 6), Align(2), 6);
  llvm::AllocaInst* value = createRecordSlot(b, valueLayout, "value");
  b.CreateAlignedStore(ktimeGetNs(b), value, Align(8));
  mapUpdate(b, learned, key, value, BPF_ANY);
  e.ret(xdp_action::kPass);
  return object;
}

std::unique_ptr<BpfModule> buildDigest(const BpfTarget& target) {
  auto object = newModule(target, "digest");
  auto* digests = map(*object, MapSpec::ringbuf("digests", 16384));
  Emitter e(*object, "digest", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  e.at(2);
  RecordLayout layout = digestLayout();
  llvm::AllocaInst* message = createRecordSlot(b, layout, "message");
  b.CreateMemCpy(message, Align(8), e.at(eth, 6), Align(2), 6);
  b.CreateAlignedStore(e.loadBigEndian16(e.at(eth, 12)),
                       fieldAddress(b, message, *layout.field("ether_type")), Align(2));
  ringbufOutput(b, digests, message, b.getInt64(layout.size()));
  e.ret(xdp_action::kPass);
  return object;
}

std::unique_ptr<BpfModule> buildTailCallChain(const BpfTarget& target) {
  auto object = newModule(target, "tail_call_chain");
  auto* chain = map(*object, MapSpec::sized("chain", MapKind::ProgArray, 4, 4, 4));
  {
    Emitter e(*object, "chain_entry", ProgramKind::Xdp);
    tailCall(e.b(), e.ctx(), chain, e.b().getInt32(0));
    e.ret(xdp_action::kDrop);  // only reached when slot 0 is empty
  }
  {
    Emitter e(*object, "chain_next", ProgramKind::Xdp, 20);
    e.ret(xdp_action::kTx);
  }
  return object;
}

std::unique_ptr<BpfModule> buildPacketKeyedLookup(const BpfTarget& target) {
  auto object = newModule(target, "packet_key");
  auto* table = map(
      *object, MapSpec::typed("mac_table", MapKind::Hash, 1024, macKeyLayout(), macValueLayout()));
  Emitter e(*object, "packet_key", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  BasicBlock* pass = e.returning(xdp_action::kPass, "pass");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  // The bounds check must cover the whole key: the helper reads key_size bytes.
  Value* eth = checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");
  Value* entry = mapLookup(b, table, eth, "entry");
  e.branchIf(b.CreateIsNull(entry), pass, "hit");
  e.ret(xdp_action::kTx);
  return object;
}

std::unique_ptr<BpfModule> buildVlanPush(const BpfTarget& target) {
  auto object = newModule(target, "vlan_push");
  Emitter e(*object, "vlan_push", ProgramKind::Xdp);
  auto& b = e.b();
  BasicBlock* drop = e.returning(xdp_action::kDrop, "drop");
  BasicBlock* aborted = e.returning(xdp_action::kAborted, "aborted");
  PacketPointers packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  checkPacketBounds(b, packet, packet.data, 14, drop, "eth_ok");

  e.at(2);
  Value* status = xdpAdjustHead(b, e.ctx(), b.getInt32(-4));
  e.branchIf(b.CreateICmpNE(status, b.getInt64(0)), aborted, "grown");
  // Every packet pointer died in the helper call: load them again and check again.
  packet = loadPacketPointers(b, e.ctx(), ProgramKind::Xdp);
  Value* eth = checkPacketBounds(b, packet, packet.data, 18, drop, "tagged_ok");

  e.at(3);
  for (uint64_t offset : {0, 4, 8}) {  // the 12 MAC bytes move 4 bytes to the front
    Value* word = b.CreateAlignedLoad(b.getInt32Ty(), e.at(eth, offset + 4), Align(4));
    b.CreateAlignedStore(word, e.at(eth, offset), Align(4));
  }
  // TPID 0x8100 and TCI (PCP 0, VID 100), in network order.
  b.CreateAlignedStore(b.getInt16(0x0081), e.at(eth, 12), Align(2));
  b.CreateAlignedStore(b.getInt16(0x6400), e.at(eth, 14), Align(2));
  e.ret(xdp_action::kTx);
  return object;
}

}  // namespace p4nfc::testing
