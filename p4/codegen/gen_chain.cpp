// The chain metadata record (docs/manifest.md, "Chain metadata layout" and "Chains"):
// the maps and the position variable every object carries, reading the record on entry,
// the P4 accessors of the p4nf extension (chain_get_mark() ...), writing the record back
// at the end, and the tail call of "continue".
//
// While the pipeline runs, the record's words live in stack slots (promoted to registers),
// so P4 reads and writes of the mark cost nothing; the metadata area or skb->cb is touched
// once on entry and once at the end.
#include <llvm/IR/Constants.h>
#include <llvm/BinaryFormat/Dwarf.h>

#include "backend/bpf_helpers.h"
#include "codegen/generator.h"

namespace p4nfc::codegen {

namespace {
constexpr uint32_t kXdpDataMeta = 8;         // offsetof(struct xdp_md, data_meta)
constexpr uint32_t kXdpIngressIfindex = 12;  // offsetof(struct xdp_md, ingress_ifindex)
constexpr uint32_t kSkbIfindex = 40;         // offsetof(struct __sk_buff, ifindex)
constexpr uint32_t kSkbCb = 48;              // offsetof(struct __sk_buff, cb)
constexpr int kRecordBytes = 20;
// TC: cb[0] (the verdict word) set to this by `p4nf test` says "the record is given".
constexpr uint32_t kRecordGiven = 0xffffffff;
constexpr uint32_t kChainSlots = 64;
constexpr uint32_t kPortIdsSize = 256;
constexpr const char* kChainMap = "p4nf_chain";
constexpr const char* kPortIdsMap = "p4nf_port_ids";
constexpr const char* kPositionVariable = "p4nf_chain_position";
}  // namespace

void Generator::defineChainMaps(SourceLoc loc) {
  mapNames_.reserve(kChainMap);
  mapNames_.reserve(kPortIdsMap);
  auto chain = module_.defineMap(backend::MapSpec::sized(kChainMap, backend::MapKind::ProgArray, kChainSlots, 4, 4));
  if (!chain) unsupported(loc, "internal error: " + llvm::toString(chain.takeError()));
  chainMap_ = *chain;
  auto ids = module_.defineMap(backend::MapSpec::typed(
      kPortIdsMap, backend::MapKind::Hash, kPortIdsSize,
      {"p4nf_port_ids_key", 0, {{"ifindex", 32, 0, backend::FieldRepr::Integer}}},
      {"p4nf_port_ids_value", 0, {{"port", 32, 0, backend::FieldRepr::Integer}}}));
  if (!ids) unsupported(loc, "internal error: " + llvm::toString(ids.takeError()));
  portIdsMap_ = *ids;

  // `const volatile __u32 p4nf_chain_position = 0;` in .rodata: the loader sets it before
  // load (libbpf freezes .rodata, so the verifier knows its value and prunes the branches
  // of other positions); loads are volatile so that LLVM does not fold the 0.
  auto* i32 = b_->getInt32Ty();
  chainPosition_ = new llvm::GlobalVariable(module_.module(), i32, /*isConstant=*/true,
                                            llvm::GlobalValue::ExternalLinkage,
                                            llvm::ConstantInt::get(i32, 0), kPositionVariable);
  chainPosition_->setSection(".rodata");
  chainPosition_->setAlignment(llvm::Align(4));
  llvm::DIBuilder& di = module_.debugInfo().builder();
  llvm::DIType* type = di.createQualifiedType(
      llvm::dwarf::DW_TAG_const_type,
      di.createQualifiedType(llvm::dwarf::DW_TAG_volatile_type, module_.debugInfo().unsignedType(4)));
  module_.debugInfo().describeGlobal(*chainPosition_, type);

  manifest_->setMap("chain", kChainMap);
  manifest_->setMap("chain_position", kPositionVariable);
  manifest_->setMap("port_ids", kPortIdsMap);
}

llvm::Value* Generator::chainPosition() {
  auto* load = b_->CreateAlignedLoad(b_->getInt32Ty(), chainPosition_, llvm::Align(4), "chain_position");
  load->setVolatile(true);
  return load;
}

// The PNA port of the interface the packet is on: p4nf_port_ids[ifindex], or the ifindex
// itself when the loader put no entry there.
llvm::Value* Generator::lookupPortId() {
  bool xdp = kind_ == backend::ProgramKind::Xdp;
  llvm::Value* ifindex = backend::loadContextU32(*b_, program_.ctx, xdp ? kXdpIngressIfindex : kSkbIfindex, "ifindex");
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "port_ids.key", 4);
  b_->CreateStore(ifindex, key);
  llvm::Value* found = backend::mapLookup(*b_, portIdsMap_, key, "port_id");
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* hit = newBlock("port_id.hit");
  llvm::BasicBlock* join = newBlock("port_id.done");
  b_->CreateCondBr(b_->CreateIsNull(found), join, hit);
  b_->SetInsertPoint(hit);
  llvm::Value* port = b_->CreateAlignedLoad(b_->getInt32Ty(), found, llvm::Align(4));
  b_->CreateBr(join);
  b_->SetInsertPoint(join);
  auto* phi = b_->CreatePHI(b_->getInt32Ty(), 2, "port_id");
  phi->addIncoming(ifindex, from);
  phi->addIncoming(port, hit);
  return phi;
}

void Generator::readChainRecord(bool eagerIngress) {
  auto slot = [&](llvm::Type* type, const char* name) {
    llvm::AllocaInst* s = entryAlloca(type, name);
    llvm::IRBuilder<> entry(program_.entry->getTerminator());
    entry.CreateStore(llvm::Constant::getNullValue(type), s);
    return s;
  };
  chain_.given = slot(b_->getInt1Ty(), "chain.given");
  chain_.ingress = slot(b_->getInt32Ty(), "chain.ingress_port");
  chain_.mark = slot(b_->getInt32Ty(), "chain.mark");
  chain_.ctState = slot(b_->getInt8Ty(), "chain.ct_state");
  chain_.l3Offset = slot(b_->getInt8Ty(), "chain.l3_offset");
  chain_.l4Offset = slot(b_->getInt16Ty(), "chain.l4_offset");
  chain_.ingressKnown = eagerIngress;

  llvm::BasicBlock* given = newBlock("chain.given");
  llvm::BasicBlock* fresh = newBlock("chain.fresh");
  llvm::BasicBlock* done = newBlock("chain.read");
  auto readWords = [&](const std::function<llvm::Value*(uint32_t)>& word) {
    b_->CreateStore(b_->getTrue(), chain_.given);
    b_->CreateStore(word(8), chain_.ingress);
    b_->CreateStore(word(12), chain_.mark);
    llvm::Value* flow = word(16);  // u8 ct_state, u8 l3_offset, u16 l4_offset (host order)
    b_->CreateStore(b_->CreateTrunc(flow, b_->getInt8Ty()), chain_.ctState);
    b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 8), b_->getInt8Ty()), chain_.l3Offset);
    b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 16), b_->getInt16Ty()), chain_.l4Offset);
    b_->CreateBr(done);
  };
  if (kind_ == backend::ProgramKind::Xdp) {
    // A record is there when the metadata area holds at least 20 bytes (p4nf test, or an
    // earlier module of the chain made it).
    llvm::Value* meta = b_->CreateIntToPtr(
        b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, kXdpDataMeta, "data_meta"), b_->getInt64Ty()),
        b_->getPtrTy());
    llvm::Value* end = b_->CreateConstGEP1_64(b_->getInt8Ty(), meta, kRecordBytes);
    b_->CreateCondBr(b_->CreateICmpUGT(end, packet_.data), fresh, given);
    b_->SetInsertPoint(given);
    readWords([&](uint32_t offset) {
      return b_->CreateAlignedLoad(b_->getInt32Ty(), b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), meta, offset),
                                   llvm::Align(4));
    });
  } else {
    // skb->cb always exists but is not cleared: it holds a record at positions > 0, and at
    // position 0 only when `p4nf test` marked it as given.
    llvm::Value* marker = backend::loadContextU32(*b_, program_.ctx, kSkbCb, "cb0");
    llvm::Value* isGiven = b_->CreateOr(b_->CreateICmpNE(chainPosition(), b_->getInt32(0)),
                                        b_->CreateICmpEQ(marker, b_->getInt32(kRecordGiven)));
    b_->CreateCondBr(isGiven, given, fresh);
    b_->SetInsertPoint(given);
    readWords([&](uint32_t offset) { return backend::loadContextU32(*b_, program_.ctx, kSkbCb + offset); });
  }
  b_->SetInsertPoint(fresh);
  if (eagerIngress) b_->CreateStore(lookupPortId(), chain_.ingress);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

llvm::Value* Generator::inputPort() { return b_->CreateLoad(b_->getInt32Ty(), chain_.ingress, "input_port"); }

// Writes the five words. XDP: creates the area when it is not there (the first module of
// a chain); if the driver offers no metadata area the record is skipped, the verdict
// still goes out through the return code.
void Generator::writeChainRecord(llvm::Value* verdict, llvm::Value* port) {
  llvm::Value* ingress = b_->CreateLoad(b_->getInt32Ty(), chain_.ingress);
  llvm::Value* flow = b_->CreateOr(
      b_->CreateOr(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.ctState), b_->getInt32Ty()),
                   b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.l3Offset), b_->getInt32Ty()), 8)),
      b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt16Ty(), chain_.l4Offset), b_->getInt32Ty()), 16));
  llvm::Value* mark = b_->CreateLoad(b_->getInt32Ty(), chain_.mark);
  std::pair<uint32_t, llvm::Value*> words[] = {{0, verdict}, {4, port}, {8, ingress}, {12, mark}, {16, flow}};
  if (kind_ != backend::ProgramKind::Xdp) {
    for (auto& [offset, value] : words) storeContextU32(kSkbCb + offset, value);
    return;
  }
  llvm::BasicBlock* done = newBlock("record.done");
  llvm::BasicBlock* create = newBlock("record.create");
  llvm::BasicBlock* write = newBlock("record.write");
  auto metaPointers = [&] {
    backend::PacketPointers meta;
    meta.data = b_->CreateIntToPtr(
        b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, kXdpDataMeta, "data_meta"), b_->getInt64Ty()),
        b_->getPtrTy());
    meta.dataEnd = b_->CreateIntToPtr(
        b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, 0, "data"), b_->getInt64Ty()), b_->getPtrTy());
    return meta;
  };
  // The deparser may have moved the packet: fresh pointers.
  backend::PacketPointers meta = metaPointers();
  llvm::Value* end = b_->CreateConstGEP1_64(b_->getInt8Ty(), meta.data, kRecordBytes);
  llvm::BasicBlock* present = newBlock("record.present");
  b_->CreateCondBr(b_->CreateICmpUGT(end, meta.dataEnd), create, present);
  b_->SetInsertPoint(present);
  llvm::Value* existing = meta.data;
  b_->CreateBr(write);

  // Growing the area invalidates every packet pointer: reload and check again.
  b_->SetInsertPoint(create);
  llvm::Value* adjusted = backend::xdpAdjustMeta(*b_, program_.ctx, b_->getInt32(-kRecordBytes));
  llvm::BasicBlock* grown = newBlock("record.grown");
  b_->CreateCondBr(b_->CreateICmpEQ(adjusted, b_->getInt64(0)), grown, done);
  b_->SetInsertPoint(grown);
  backend::PacketPointers created = metaPointers();
  llvm::Value* base = backend::checkPacketBounds(*b_, created, created.data, kRecordBytes, done, "record.room");
  llvm::BasicBlock* createdEnd = b_->GetInsertBlock();
  b_->CreateBr(write);

  b_->SetInsertPoint(write);
  auto* record = b_->CreatePHI(b_->getPtrTy(), 2, "record");
  record->addIncoming(existing, present);
  record->addIncoming(base, createdEnd);
  for (auto& [offset, value] : words)
    b_->CreateAlignedStore(value, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), record, offset), llvm::Align(4));
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

// "continue": tail-call the next slot of the chain; an empty slot falls through and the
// packet goes to the host, the end of the chain.
void Generator::genTailCall() {
  llvm::Value* next = b_->CreateAdd(chainPosition(), b_->getInt32(1), "next_position");
  backend::tailCall(*b_, program_.ctx, chainMap_, next);
  bool xdp = kind_ == backend::ProgramKind::Xdp;
  b_->CreateRet(b_->getInt32(xdp ? backend::xdp_action::kPass : backend::tc_action::kOk));
}

// chain_get_mark() ... and send_to_next_module(); nullptr when `name` is none of them.
std::optional<llvm::Value*> Generator::genChainFunction(const std::string& name, const Expr* arg) {
  struct Field {
    const char* get;
    const char* set;
    llvm::AllocaInst* slot;
  };
  const Field fields[] = {{"chain_get_mark", "chain_set_mark", chain_.mark},
                          {"chain_get_ct_state", "chain_set_ct_state", chain_.ctState},
                          {"chain_get_l3_offset", "chain_set_l3_offset", chain_.l3Offset},
                          {"chain_get_l4_offset", "chain_set_l4_offset", chain_.l4Offset}};
  if (name == "send_to_next_module") {
    b_->CreateStore(b_->getInt32(kVerdictContinue), verdict_);
    return nullptr;
  }
  for (const Field& f : fields) {
    llvm::Type* type = f.slot->getAllocatedType();
    if (name == f.get) return b_->CreateLoad(type, f.slot, name);
    if (name == f.set) {
      b_->CreateStore(convert(genExpr(arg), type, false), f.slot);
      return nullptr;
    }
  }
  return std::nullopt;
}

}  // namespace p4nfc::codegen
