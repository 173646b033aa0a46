// The end of the pipeline: record the verdict and egress port in the chain metadata
// (gen_chain.cpp writes the 20-byte record), then forward: drop, redirect to a port, pass
// to the host, or tail-call the next module of the chain. docs/manifest.md, "Verdict and
// egress port", is the contract with the loader.
#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Intrinsics.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"
#include "midend/program_uses.h"

namespace p4nfc::codegen {

void Generator::genVerdict() {
  llvm::Value* verdict = b_->CreateLoad(b_->getInt32Ty(), verdict_, "verdict");
  llvm::Value* port = b_->CreateLoad(b_->getInt32Ty(), egressPort_, "egress_port");
  // send_to_ports(): the record's egress word shows ports 0..15 of both sets. Programs
  // that never call it get none of its code, maps or programs.
  const bool floods = midend::findProgramUses(*c_.program, sema_).sendToPorts;
  llvm::Value* recorded = port;
  if (floods) {
    llvm::Value* low16 = b_->getInt64(0xffff);
    llvm::Value* sets = b_->CreateTrunc(
        b_->CreateOr(b_->CreateAnd(b_->CreateLoad(b_->getInt64Ty(), floodPorts_), low16),
                     b_->CreateShl(b_->CreateAnd(b_->CreateLoad(b_->getInt64Ty(), floodTagged_), low16),
                                   p4nf::abi::kSendToPortsTaggedShift)),
        b_->getInt32Ty(), "port_sets");
    recorded = b_->CreateSelect(b_->CreateICmpEQ(verdict, b_->getInt32(kVerdictSendToPorts)), sets, port);
  }
  llvm::BasicBlock* forward = newBlock("forward");
  writeChainRecord(verdict, recorded);
  b_->CreateBr(forward);
  b_->SetInsertPoint(forward);
  llvm::BasicBlock* toPort = newBlock("to_port");
  llvm::BasicBlock* toHost = newBlock("to_host");
  llvm::BasicBlock* drop = newBlock("drop");
  llvm::BasicBlock* next = newBlock("next_module");
  llvm::BasicBlock* toPorts = floods ? newBlock("to_ports") : nullptr;
  llvm::SwitchInst* sw = b_->CreateSwitch(verdict, drop);
  if (floods) sw->addCase(b_->getInt32(kVerdictSendToPorts), toPorts);
  sw->addCase(b_->getInt32(kVerdictContinue), next);
  sw->addCase(b_->getInt32(kVerdictSendToPort), toPort);
  sw->addCase(b_->getInt32(kVerdictToHost), toHost);
  bool xdp = kind_ == bpf::ProgramKind::Xdp;

  b_->SetInsertPoint(drop);
  b_->CreateRet(b_->getInt32(xdp ? bpf::xdp_action::kDrop : bpf::tc_action::kShot));
  b_->SetInsertPoint(next);
  genTailCall();
  b_->SetInsertPoint(toHost);
  b_->CreateRet(b_->getInt32(xdp ? bpf::xdp_action::kPass : bpf::tc_action::kOk));
  if (floods) {
    b_->SetInsertPoint(toPorts);
    genSendToPorts(drop);
  }
  b_->SetInsertPoint(toPort);
  if (xdp) {
    llvm::Value* r = bpf::redirectMap(*b_, portsMap_, port, bpf::xdp_action::kDrop);
    b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
    return;
  }
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "port.key", 4);
  b_->CreateStore(port, key);
  llvm::Value* ifindex = bpf::mapLookup(*b_, portsMap_, key, "ifindex");
  llvm::Value* present = b_->CreateICmpNE(ifindex, llvm::ConstantPointerNull::get(b_->getPtrTy()));
  llvm::BasicBlock* redirect = newBlock("redirect");
  b_->CreateCondBr(present, redirect, drop);
  b_->SetInsertPoint(redirect);
  llvm::Value* index = b_->CreateAlignedLoad(b_->getInt32Ty(), ifindex, llvm::Align(4));
  llvm::Value* r = bpf::redirect(*b_, index, 0);
  b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
}

namespace {

using p4nf::abi::kFloodHeaderBytes;
constexpr uint32_t kXdpEgressIfindex = 20;   // offsetof(struct xdp_md, egress_ifindex)
constexpr uint64_t kBroadcast = 1ull << 3;   // BPF_F_BROADCAST
constexpr uint64_t kExcludeIngress = 1ull << 4;  // BPF_F_EXCLUDE_INGRESS

// Byte-wise (the packet has no known alignment) little-endian store/load of an integer.
void storeBytes(llvm::IRBuilder<>& b, llvm::Value* at, llvm::Value* value, unsigned bytes) {
  b.CreateAlignedStore(value, at, llvm::Align(1));
  (void)bytes;
}

// The devmap egress program of send_to_ports on XDP (section xdp/devmap, run by the kernel
// for each copy of a BPF_F_BROADCAST redirect, on its way out of one port): the frame comes
// with the flood header in front (kFloodHeaderBytes: u64 untagged set, u64 tagged set, u16
// TCI, host order); the copy is dropped when its port is in neither set, else leaves
// without the header, with the 802.1Q tag added after the MAC addresses for the tagged set.
void defineFloodEgress(bpf::BpfModule& module, llvm::GlobalVariable* portIds) {
  bpf::ProgramFunction program = module.defineProgram("p4nf_flood_egress", bpf::ProgramKind::Xdp, 0);
  program.function->setSection("xdp/devmap");
  llvm::LLVMContext& context = module.context();
  llvm::IRBuilder<> b(program.entry);
  b.SetCurrentDebugLocation(llvm::DILocation::get(context, 0, 0, program.subprogram));
  auto* i8 = b.getInt8Ty();
  auto* i16 = b.getInt16Ty();
  auto* i32 = b.getInt32Ty();
  auto* i64 = b.getInt64Ty();
  auto block = [&](const char* name) { return llvm::BasicBlock::Create(context, name, program.function); };
  llvm::AllocaInst* key = b.CreateAlloca(i32, nullptr, "port_ids.key");
  llvm::BasicBlock* drop = block("drop");
  llvm::BasicBlock* have = block("header");
  llvm::BasicBlock* known = block("port");
  llvm::BasicBlock* member = block("member");
  llvm::BasicBlock* tag = block("tagged");
  llvm::BasicBlock* untag = block("untagged");
  llvm::BasicBlock* pass = block("pass");
  bpf::PacketPointers packet = bpf::loadPacketPointers(b, program.ctx, bpf::ProgramKind::Xdp);
  llvm::Value* header = bpf::checkPacketBounds(b, packet, packet.data, kFloodHeaderBytes + 14, drop, "flood");
  b.CreateBr(have);
  b.SetInsertPoint(drop);
  b.CreateRet(b.getInt32(bpf::xdp_action::kDrop));
  b.SetInsertPoint(have);
  auto field = [&](uint32_t offset) { return b.CreateConstInBoundsGEP1_64(i8, header, offset); };
  llvm::Value* ports = b.CreateAlignedLoad(i64, field(0), llvm::Align(1), "ports");
  llvm::Value* tagged = b.CreateAlignedLoad(i64, field(8), llvm::Align(1), "tagged");
  llvm::Value* tci = b.CreateAlignedLoad(i16, field(16), llvm::Align(1), "tci");
  b.CreateStore(bpf::loadContextU32(b, program.ctx, kXdpEgressIfindex, "egress_ifindex"), key);
  llvm::Value* found = bpf::mapLookup(b, portIds, key, "port_id");
  b.CreateCondBr(b.CreateIsNull(found), drop, known);
  b.SetInsertPoint(known);
  llvm::Value* port = b.CreateAlignedLoad(i32, found, llvm::Align(4), "port");
  b.CreateCondBr(b.CreateICmpULT(port, b.getInt32(64)), member, drop);
  b.SetInsertPoint(member);
  llvm::Value* shift = b.CreateZExt(port, i64);
  llvm::Value* isTagged = b.CreateICmpNE(b.CreateAnd(b.CreateLShr(tagged, shift), b.getInt64(1)), b.getInt64(0));
  llvm::Value* isUntagged = b.CreateICmpNE(b.CreateAnd(b.CreateLShr(ports, shift), b.getInt64(1)), b.getInt64(0));
  llvm::BasicBlock* notTagged = block("not_tagged");
  b.CreateCondBr(isTagged, tag, notTagged);
  b.SetInsertPoint(notTagged);
  b.CreateCondBr(isUntagged, untag, drop);
  // Tagged: the MAC addresses move 4 bytes towards the header, the tag follows them, and
  // the frame starts 4 bytes before where it was.
  b.SetInsertPoint(tag);
  const uint32_t from = kFloodHeaderBytes, to = kFloodHeaderBytes - 4;
  llvm::Value* mac0 = b.CreateAlignedLoad(i32, field(from), llvm::Align(1));
  llvm::Value* mac1 = b.CreateAlignedLoad(i32, field(from + 4), llvm::Align(1));
  llvm::Value* mac2 = b.CreateAlignedLoad(i32, field(from + 8), llvm::Align(1));
  storeBytes(b, field(to), mac0, 4);
  storeBytes(b, field(to + 4), mac1, 4);
  storeBytes(b, field(to + 8), mac2, 4);
  storeBytes(b, field(to + 12), b.getInt16(0x0081), 2);  // 0x8100 in network order
  storeBytes(b, field(to + 14), b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, tci), 2);
  llvm::Value* taggedOk = bpf::xdpAdjustHead(b, program.ctx, b.getInt32(to));
  b.CreateCondBr(b.CreateICmpEQ(taggedOk, b.getInt64(0)), pass, drop);
  b.SetInsertPoint(untag);
  llvm::Value* untaggedOk = bpf::xdpAdjustHead(b, program.ctx, b.getInt32(kFloodHeaderBytes));
  b.CreateCondBr(b.CreateICmpEQ(untaggedOk, b.getInt64(0)), pass, drop);
  b.SetInsertPoint(pass);
  b.CreateRet(b.getInt32(bpf::xdp_action::kPass));
}

// TC send_to_ports as a global BPF function, `int p4nf_flood_tc(struct __sk_buff *skb, u64
// ports, u64 tagged, u32 tci, u32 ingress_port)`: the kernel verifies a global function once,
// whatever the paths of the pipeline that call it (its 64-port loop, verified along each
// of them, would exceed the verifier's budget). One pass over PNA ports 0..63; each member
// of a set other than the input port with an interface in p4nf_ports gets a copy
// (bpf_clone_redirect to its egress), the tagged set's with the tag as the skb's
// out-of-frame VLAN tag (bpf_skb_vlan_push), which the device puts into the frame on
// transmit; the tag is popped before each copy.
llvm::Function* defineTcFlood(bpf::BpfModule& module, llvm::GlobalVariable* portsMap) {
  llvm::LLVMContext& context = module.context();
  auto* i32 = llvm::Type::getInt32Ty(context);
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  auto* type = llvm::FunctionType::get(i32, {ptr, i64, i64, i32, i32}, false);
  llvm::Function* function =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, "p4nf_flood_tc", module.module());
  function->setDoesNotThrow();
  function->addFnAttr(llvm::Attribute::NoInline);
  const char* names[] = {"skb", "ports", "tagged", "tci", "ingress_port"};
  for (unsigned i = 0; i < 5; ++i) function->getArg(i)->setName(names[i]);
  bpf::DebugInfo& debug = module.debugInfo();
  llvm::DISubprogram* subprogram = debug.describeFunction(
      *function, 0, debug.intType(),
      {bpf::contextPointerType(debug, bpf::ProgramKind::Tc), debug.unsignedType(8), debug.unsignedType(8),
       debug.unsignedType(4), debug.unsignedType(4)});
  auto block = [&](const char* name) { return llvm::BasicBlock::Create(context, name, function); };
  llvm::BasicBlock* entry = block("entry");
  llvm::IRBuilder<> b(entry);
  b.SetCurrentDebugLocation(llvm::DILocation::get(context, 0, 0, subprogram));
  llvm::Value* skb = function->getArg(0);
  llvm::Value* ports = function->getArg(1);
  llvm::Value* tagged = function->getArg(2);
  llvm::Value* tci = function->getArg(3);
  llvm::Value* ingress = function->getArg(4);
  llvm::AllocaInst* key = b.CreateAlloca(i32, nullptr, "port.key");
  llvm::BasicBlock* loop = block("port");
  llvm::BasicBlock* member = block("member");
  llvm::BasicBlock* send = block("send");
  llvm::BasicBlock* push = block("tag");
  llvm::BasicBlock* clone = block("clone");
  llvm::BasicBlock* next = block("next");
  llvm::BasicBlock* done = block("done");
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  auto* index = b.CreatePHI(i32, 2, "index");
  index->addIncoming(b.getInt32(0), entry);
  llvm::Value* shift = b.CreateZExt(index, i64);
  llvm::Value* untaggedBit = b.CreateAnd(b.CreateLShr(ports, shift), b.getInt64(1));
  llvm::Value* taggedBit = b.CreateAnd(b.CreateLShr(tagged, shift), b.getInt64(1));
  llvm::Value* inSet = b.CreateICmpNE(b.CreateOr(untaggedBit, taggedBit), b.getInt64(0));
  b.CreateCondBr(b.CreateAnd(inSet, b.CreateICmpNE(index, ingress)), member, next);
  b.SetInsertPoint(member);
  b.CreateStore(index, key);
  llvm::Value* found = bpf::mapLookup(b, portsMap, key, "ifindex");
  b.CreateCondBr(b.CreateIsNull(found), next, send);
  b.SetInsertPoint(send);
  llvm::Value* ifindex = b.CreateAlignedLoad(i32, found, llvm::Align(4));
  bpf::skbVlanPop(b, skb);
  b.CreateCondBr(b.CreateICmpNE(taggedBit, b.getInt64(0)), push, clone);
  b.SetInsertPoint(push);
  bpf::skbVlanPush(b, skb, b.getInt32(0x0081), b.CreateAnd(tci, b.getInt32(0xffff)));  // htons(ETH_P_8021Q)
  b.CreateBr(clone);
  b.SetInsertPoint(clone);
  bpf::cloneRedirect(b, skb, ifindex, 0);
  b.CreateBr(next);
  b.SetInsertPoint(next);
  llvm::Value* following = b.CreateAdd(index, b.getInt32(1));
  index->addIncoming(following, next);
  b.CreateCondBr(b.CreateICmpULT(following, b.getInt32(64)), loop, done);
  b.SetInsertPoint(done);
  b.CreateRet(b.getInt32(0));
  return function;
}

}  // namespace

// send_to_ports().
// TC: one pass over PNA ports 0..63; each member of a set that is not the input port and
// has an interface gets a copy (bpf_clone_redirect to its egress), untagged ones as
// emitted, tagged ones with the tag as the skb's out-of-frame VLAN tag, which the device
// puts into the frame on transmit (bpf_skb_vlan_push; popped again before the next copy).
// The original is dropped.
// XDP: the flood header (the sets and the TCI) goes in front of the frame and the frame is
// broadcast over p4nf_flood_ports, a devmap of every port whose entries carry the egress
// program p4nf_flood_egress (defineFloodEgress), which keeps the copies of the sets' ports
// and takes the header off (adding the tag for the tagged set); BPF_F_EXCLUDE_INGRESS
// keeps the input port out.
void Generator::genSendToPorts(llvm::BasicBlock* drop) {
  if (kind_ == bpf::ProgramKind::Xdp) {
    std::string name = p4nf::abi::kFloodPortsMapName;
    mapNames_.reserve(name);
    auto map = module_.defineMap(
        bpf::MapSpec::sized(name, bpf::MapKind::DevmapHash, p4nf::abi::kPortsMapSize, 4, 8));
    if (!map) unsupported(SourceLoc{}, "internal error: " + llvm::toString(map.takeError()));
    manifest_->maps["flood_ports"] = name;
    defineFloodEgress(module_, portIdsMap_);
    llvm::Value* ports = b_->CreateLoad(b_->getInt64Ty(), floodPorts_, "ports");
    llvm::Value* tagged = b_->CreateLoad(b_->getInt64Ty(), floodTagged_, "tagged_ports");
    llvm::Value* tci = b_->CreateLoad(b_->getInt16Ty(), floodTci_, "tci");
    llvm::Value* grown = bpf::xdpAdjustHead(*b_, program_.ctx, b_->getInt32(-static_cast<int32_t>(kFloodHeaderBytes)));
    llvm::BasicBlock* room = newBlock("flood.room");
    llvm::BasicBlock* write = newBlock("flood.header");
    b_->CreateCondBr(b_->CreateICmpEQ(grown, b_->getInt64(0)), room, drop);
    b_->SetInsertPoint(room);
    bpf::PacketPointers packet = bpf::loadPacketPointers(*b_, program_.ctx, kind_);
    llvm::Value* header = bpf::checkPacketBounds(*b_, packet, packet.data, kFloodHeaderBytes, drop, "flood");
    b_->CreateBr(write);
    b_->SetInsertPoint(write);
    auto at = [&](uint32_t offset) { return b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), header, offset); };
    b_->CreateAlignedStore(ports, at(0), llvm::Align(1));
    b_->CreateAlignedStore(tagged, at(8), llvm::Align(1));
    b_->CreateAlignedStore(tci, at(16), llvm::Align(1));
    b_->CreateAlignedStore(b_->getInt16(0), at(18), llvm::Align(1));
    b_->CreateAlignedStore(b_->getInt32(0), at(20), llvm::Align(1));
    llvm::Value* r = bpf::redirectMap(*b_, *map, b_->getInt32(0), kBroadcast | kExcludeIngress);
    b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
    return;
  }
  auto* i32 = b_->getInt32Ty();
  auto* i64 = b_->getInt64Ty();
  llvm::Value* ports = b_->CreateLoad(i64, floodPorts_, "ports");
  llvm::Value* tagged = b_->CreateLoad(i64, floodTagged_, "tagged_ports");
  llvm::Value* tci = b_->CreateZExt(b_->CreateLoad(b_->getInt16Ty(), floodTci_, "tci"), i32);
  llvm::Value* ingress = chain_.ingress ? static_cast<llvm::Value*>(b_->CreateLoad(i32, chain_.ingress))
                                        : lookupPortId();
  llvm::Function* flood = defineTcFlood(module_, portsMap_);
  b_->CreateCall(flood, {program_.ctx, ports, tagged, tci, ingress});
  b_->CreateBr(drop);
}

// TC: the kernel takes the outer VLAN tag out of a frame before TC ingress runs
// (skb->vlan_tci); a program that floods is VLAN-aware, so the tag goes back into the
// frame in front of the parser: 4 bytes of headroom, the MAC addresses moved to the
// front, the tag written after them. A frame that cannot take it is dropped.
// bpf_skb_vlan_pop, which clears the tag beside the frame, moves the frame's next tag (a
// double-tagged frame's inner one) out of it in its place, where it stays: the parser sees
// one tag; what leaves is not what the Linux bridge sends (nf/switch/README.md,
// "Differences", tc-double-tag). Taking that tag back too, or popping only the flood's own
// tag in p4nf_flood_tc, costs the verifier over its budget on nf/switch: not done yet.
void Generator::genTcVlanIntoFrame() {
  constexpr uint32_t kSkbVlanPresent = 20;  // offsetof(struct __sk_buff, vlan_present)
  constexpr uint32_t kSkbVlanTci = 24;
  constexpr uint32_t kSkbVlanProto = 28;
  auto* i32 = b_->getInt32Ty();
  auto* i64 = b_->getInt64Ty();
  llvm::Value* present = bpf::loadContextU32(*b_, program_.ctx, kSkbVlanPresent, "vlan_present");
  llvm::BasicBlock* move = newBlock("vlan.into_frame");
  llvm::BasicBlock* room = newBlock("vlan.room");
  llvm::BasicBlock* write = newBlock("vlan.write");
  llvm::BasicBlock* fail = newBlock("vlan.fail");
  llvm::BasicBlock* done = newBlock("vlan.done");
  b_->CreateCondBr(b_->CreateICmpNE(present, b_->getInt32(0)), move, done);
  b_->SetInsertPoint(fail);
  b_->CreateRet(b_->getInt32(bpf::tc_action::kShot));
  b_->SetInsertPoint(move);
  llvm::Value* tci = b_->CreateTrunc(bpf::loadContextU32(*b_, program_.ctx, kSkbVlanTci, "vlan_tci"), b_->getInt16Ty());
  llvm::Value* proto = b_->CreateTrunc(bpf::loadContextU32(*b_, program_.ctx, kSkbVlanProto, "vlan_proto"), b_->getInt16Ty());
  bpf::skbVlanPop(*b_, program_.ctx);
  llvm::Value* grown = bpf::skbChangeHead(*b_, program_.ctx, b_->getInt32(4), 0);
  b_->CreateCondBr(b_->CreateICmpEQ(grown, b_->getInt64(0)), room, fail);
  b_->SetInsertPoint(room);
  llvm::AllocaInst* image = entryAlloca(llvm::ArrayType::get(b_->getInt8Ty(), 16), "vlan.image", 8);
  llvm::Value* loaded = bpf::callHelper(*b_, bpf::Helper::SkbLoadBytes, i64,
                                        {program_.ctx, b_->getInt64(4), image, b_->getInt64(12)});
  b_->CreateCondBr(b_->CreateICmpEQ(loaded, b_->getInt64(0)), write, fail);
  b_->SetInsertPoint(write);
  // vlan_proto is the __be16 as it is in memory; vlan_tci is in host order.
  b_->CreateAlignedStore(proto, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), image, 12), llvm::Align(2));
  llvm::Value* tciBe = b_->CreateUnaryIntrinsic(llvm::Intrinsic::bswap, tci);
  b_->CreateAlignedStore(tciBe, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), image, 14), llvm::Align(2));
  llvm::Value* stored = bpf::callHelper(*b_, bpf::Helper::SkbStoreBytes, i64,
                                        {program_.ctx, b_->getInt64(0), image, b_->getInt64(16), b_->getInt64(0)});
  b_->CreateCondBr(b_->CreateICmpEQ(stored, b_->getInt64(0)), done, fail);
  b_->SetInsertPoint(done);
  (void)i32;
}

}  // namespace p4nfc::codegen