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
constexpr const char* kRecordInVariable = "p4nf_record_in";
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
  // `p4nf_record_in` (initially 1) says whether a record may come in: the chain loader
  // clears it for a module at position 0 attached to its hook, where none ever does (the
  // first module makes the record), and the verifier then drops the record code behind
  // it (docs/manifest.md, "Chains"). One word, so that the check costs one load.
  auto* i32 = b_->getInt32Ty();
  llvm::DIBuilder& di = module_.debugInfo().builder();
  llvm::DIType* type = di.createQualifiedType(
      llvm::dwarf::DW_TAG_const_type,
      di.createQualifiedType(llvm::dwarf::DW_TAG_volatile_type, module_.debugInfo().unsignedType(4)));
  auto rodataU32 = [&](const char* name, uint32_t initial) {
    auto* variable = new llvm::GlobalVariable(module_.module(), i32, /*isConstant=*/true,
                                              llvm::GlobalValue::ExternalLinkage,
                                              llvm::ConstantInt::get(i32, initial), name);
    variable->setSection(".rodata");
    variable->setAlignment(llvm::Align(4));
    module_.debugInfo().describeGlobal(*variable, type);
    return variable;
  };
  chainPosition_ = rodataU32(kPositionVariable, 0);
  recordIn_ = rodataU32(kRecordInVariable, 1);

  manifest_->setMap("chain", kChainMap);
  manifest_->setMap("chain_position", kPositionVariable);
  manifest_->setMap("record_in", kRecordInVariable);
  manifest_->setMap("port_ids", kPortIdsMap);
}

llvm::Value* Generator::chainPosition() {
  auto* load = b_->CreateAlignedLoad(b_->getInt32Ty(), chainPosition_, llvm::Align(4), "chain_position");
  load->setVolatile(true);
  return load;
}

// i1: a record can be there at all (p4nf_record_in): after position 0 (the first module
// made it when it continued), and at position 0 only in test runs. Branch on this before
// touching the metadata or skb->cb: when it is 0 the verifier removes the code behind it.
llvm::Value* Generator::recordMayComeIn() {
  auto* recordIn = b_->CreateAlignedLoad(b_->getInt32Ty(), recordIn_, llvm::Align(4), "record_in");
  recordIn->setVolatile(true);
  return b_->CreateICmpNE(recordIn, b_->getInt32(0), "record_may_come_in");
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

// Reads the words the program uses from the record that came in (a test run, or a
// later position of a chain), else starts them from zeros; input_port then comes from
// p4nf_port_ids. A program that uses no word reads nothing here.
void Generator::readChainRecord(bool readsIngress, bool usesMark, bool usesFlow) {
  auto slot = [&](llvm::Type* type, const char* name) {
    llvm::AllocaInst* s = entryAlloca(type, name);
    llvm::IRBuilder<> entry(program_.entry->getTerminator());
    entry.CreateStore(llvm::Constant::getNullValue(type), s);
    return s;
  };
  if (readsIngress) chain_.ingress = slot(b_->getInt32Ty(), "chain.ingress_port");
  if (usesMark) chain_.mark = slot(b_->getInt32Ty(), "chain.mark");
  if (usesFlow) {
    chain_.ctState = slot(b_->getInt8Ty(), "chain.ct_state");
    chain_.l3Offset = slot(b_->getInt8Ty(), "chain.l3_offset");
    chain_.l4Offset = slot(b_->getInt16Ty(), "chain.l4_offset");
  }
  if (!readsIngress && !usesMark && !usesFlow) return;

  llvm::BasicBlock* given = newBlock("chain.given");
  llvm::BasicBlock* fresh = newBlock("chain.fresh");
  llvm::BasicBlock* done = newBlock("chain.read");
  auto readWords = [&](const std::function<llvm::Value*(uint32_t)>& word) {
    if (chain_.ingress) b_->CreateStore(word(8), chain_.ingress);
    if (chain_.mark) b_->CreateStore(word(12), chain_.mark);
    if (usesFlow) {
      llvm::Value* flow = word(16);  // u8 ct_state, u8 l3_offset, u16 l4_offset (host order)
      b_->CreateStore(b_->CreateTrunc(flow, b_->getInt8Ty()), chain_.ctState);
      b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 8), b_->getInt8Ty()), chain_.l3Offset);
      b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 16), b_->getInt16Ty()), chain_.l4Offset);
    }
    b_->CreateBr(done);
  };
  if (kind_ == backend::ProgramKind::Xdp) {
    // A record is there when the metadata area holds at least 20 bytes (p4nf test, or an
    // earlier module of the chain made it).
    llvm::BasicBlock* check = newBlock("chain.check");
    b_->CreateCondBr(recordMayComeIn(), check, fresh);
    b_->SetInsertPoint(check);
    llvm::Value* meta = metadataPointer();
    llvm::Value* end = b_->CreateConstGEP1_64(b_->getInt8Ty(), meta, kRecordBytes);
    b_->CreateCondBr(b_->CreateICmpUGT(end, packet_.data), fresh, given);
    b_->SetInsertPoint(given);
    readWords([&](uint32_t offset) {
      return b_->CreateAlignedLoad(b_->getInt32Ty(), b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), meta, offset),
                                   llvm::Align(4));
    });
  } else {
    b_->CreateCondBr(recordGiven(), given, fresh);
    b_->SetInsertPoint(given);
    readWords([&](uint32_t offset) { return backend::loadContextU32(*b_, program_.ctx, kSkbCb + offset); });
  }
  b_->SetInsertPoint(fresh);
  if (chain_.ingress) b_->CreateStore(lookupPortId(), chain_.ingress);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

// XDP: ctx->data_meta as a pointer.
llvm::Value* Generator::metadataPointer() {
  return b_->CreateIntToPtr(
      b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, kXdpDataMeta, "data_meta"), b_->getInt64Ty()),
      b_->getPtrTy(), "meta");
}

// TC: skb->cb always exists but is not cleared: it holds a record at positions > 0, and
// at position 0 only when `p4nf test` marked it as given.
llvm::Value* Generator::recordGiven() {
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* check = newBlock("record.marker");
  llvm::BasicBlock* done = newBlock("record.known");
  b_->CreateCondBr(recordMayComeIn(), check, done);
  b_->SetInsertPoint(check);
  llvm::Value* marker = backend::loadContextU32(*b_, program_.ctx, kSkbCb, "cb0");
  llvm::Value* given = b_->CreateOr(b_->CreateICmpNE(chainPosition(), b_->getInt32(0)),
                                    b_->CreateICmpEQ(marker, b_->getInt32(kRecordGiven)));
  llvm::BasicBlock* checked = b_->GetInsertBlock();
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  auto* phi = b_->CreatePHI(b_->getInt1Ty(), 2, "record_given");
  phi->addIncoming(given, checked);
  phi->addIncoming(b_->getFalse(), from);
  return phi;
}

llvm::Value* Generator::inputPort() {
  if (!chain_.ingress) return b_->getInt32(0);  // never read: nothing looks it up
  return b_->CreateLoad(b_->getInt32Ty(), chain_.ingress, "input_port");
}

// The end of the pipeline. A record that came in is updated in place: the verdict, the
// egress port and the words the program may have set; the others are still what the
// previous module wrote. Without one, only "continue" needs a record (the next module
// reads it): it is created then, with all five words. Other verdicts leave no record, so a
// module alone on its hook touches no metadata at all (docs/manifest.md, "Chain metadata").
void Generator::writeChainRecord(llvm::Value* verdict, llvm::Value* port) {
  auto flowWord = [&]() -> llvm::Value* {
    if (!chain_.ctState) return b_->getInt32(0);
    return b_->CreateOr(
        b_->CreateOr(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.ctState), b_->getInt32Ty()),
                     b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.l3Offset), b_->getInt32Ty()), 8)),
        b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt16Ty(), chain_.l4Offset), b_->getInt32Ty()), 16));
  };
  auto markWord = [&]() -> llvm::Value* {
    if (!chain_.mark) return b_->getInt32(0);
    return b_->CreateLoad(b_->getInt32Ty(), chain_.mark);
  };
  // In place: the words this program decides; all five when the record is new.
  auto wordsFor = [&](bool fresh) {
    std::vector<std::pair<uint32_t, llvm::Value*>> words = {{0, verdict}, {4, port}};
    if (fresh) {
      llvm::Value* ingress = chain_.ingress ? static_cast<llvm::Value*>(b_->CreateLoad(b_->getInt32Ty(), chain_.ingress)) : lookupPortId();
      words.emplace_back(8, ingress);
    }
    if (fresh || chain_.mark) words.emplace_back(12, markWord());
    if (fresh || chain_.ctState) words.emplace_back(16, flowWord());
    return words;
  };
  llvm::BasicBlock* done = newBlock("record.done");
  llvm::BasicBlock* inPlace = newBlock("record.update");
  llvm::BasicBlock* absent = newBlock("record.absent");
  llvm::BasicBlock* create = newBlock("record.create");
  llvm::Value* continues = b_->CreateICmpEQ(verdict, b_->getInt32(kVerdictContinue), "continues");

  if (kind_ != backend::ProgramKind::Xdp) {
    // skb->cb: every word at most once on a path, and only one side of each branch
    // stores, so that LLVM cannot sink two stores at different offsets into one through a
    // computed pointer (the verifier refuses a modified ctx pointer).
    llvm::Value* given = recordGiven();
    llvm::BasicBlock* common = newBlock("record.write");
    llvm::BasicBlock* joined = newBlock("record.joined");
    b_->CreateCondBr(b_->CreateOr(given, continues), common, done);
    b_->SetInsertPoint(common);
    storeContextU32(kSkbCb + 0, verdict);
    storeContextU32(kSkbCb + 4, port);
    b_->CreateCondBr(given, joined, create);
    b_->SetInsertPoint(create);
    storeContextU32(kSkbCb + 8, chain_.ingress ? static_cast<llvm::Value*>(b_->CreateLoad(b_->getInt32Ty(), chain_.ingress))
                                               : lookupPortId());
    if (!chain_.mark) storeContextU32(kSkbCb + 12, b_->getInt32(0));
    if (!chain_.ctState) storeContextU32(kSkbCb + 16, b_->getInt32(0));
    b_->CreateBr(joined);
    b_->SetInsertPoint(joined);
    if (chain_.mark) storeContextU32(kSkbCb + 12, markWord());
    if (chain_.ctState) storeContextU32(kSkbCb + 16, flowWord());
    b_->CreateBr(done);
    inPlace->eraseFromParent();
    absent->eraseFromParent();
    b_->SetInsertPoint(done);
    return;
  }

  auto store = [&](llvm::Value* record, const std::vector<std::pair<uint32_t, llvm::Value*>>& words) {
    for (auto& [offset, value] : words)
      b_->CreateAlignedStore(value, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), record, offset), llvm::Align(4));
  };
  // After a resize (the metadata area moves with the packet) or adjust_meta: fresh pointers.
  auto metaPointers = [&] {
    backend::PacketPointers meta;
    meta.data = metadataPointer();
    meta.dataEnd = b_->CreateIntToPtr(
        b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, 0, "data"), b_->getInt64Ty()), b_->getPtrTy());
    return meta;
  };
  llvm::BasicBlock* check = newBlock("record.check");
  b_->CreateCondBr(recordMayComeIn(), check, absent);
  b_->SetInsertPoint(check);
  backend::PacketPointers meta;
  meta.data = metadataPointer();
  // The area ends where the packet starts: the entry's pointer while nothing moved it.
  meta.dataEnd = packet_.data == entryPacket_.data
                     ? packet_.data
                     : b_->CreateIntToPtr(b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, 0, "data"),
                                                         b_->getInt64Ty()),
                                          b_->getPtrTy());
  llvm::Value* end = b_->CreateConstGEP1_64(b_->getInt8Ty(), meta.data, kRecordBytes);
  b_->CreateCondBr(b_->CreateICmpUGT(end, meta.dataEnd), absent, inPlace);
  b_->SetInsertPoint(inPlace);
  store(meta.data, wordsFor(false));
  b_->CreateBr(done);

  b_->SetInsertPoint(absent);
  b_->CreateCondBr(continues, create, done);
  // Growing the area invalidates every packet pointer: reload and check again. When the
  // driver offers no metadata area the record is skipped.
  b_->SetInsertPoint(create);
  std::vector<std::pair<uint32_t, llvm::Value*>> words = wordsFor(true);  // before the helper
  llvm::Value* adjusted = backend::xdpAdjustMeta(*b_, program_.ctx, b_->getInt32(-kRecordBytes));
  llvm::BasicBlock* grown = newBlock("record.grown");
  b_->CreateCondBr(b_->CreateICmpEQ(adjusted, b_->getInt64(0)), grown, done);
  b_->SetInsertPoint(grown);
  backend::PacketPointers created = metaPointers();
  llvm::Value* base = backend::checkPacketBounds(*b_, created, created.data, kRecordBytes, done, "record.room");
  store(base, words);
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
    if (name != f.get && name != f.set) continue;
    // Slots exist for every accessor the program mentions (gen_module.cpp scans for them).
    if (!f.slot) unsupported(arg ? arg->loc : SourceLoc{}, "internal error: no slot for " + name + "()");
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
