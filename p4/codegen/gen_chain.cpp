// The chain metadata record (docs/manifest.md, "Chain metadata layout" and "Chains"):
// the maps and the position variable every object carries, reading the record on entry,
// the P4 accessors of the p4nf extension (chain_get_mark() ...), writing the record back
// at the end, and the tail call of "continue".
//
// Where the record lives is what every kernel and driver offers: XDP, a per-CPU scratch
// map (p4nf_record: a tail-call chain runs to completion on one CPU, so the next module
// finds what this one wrote); TC, skb->cb. Not the XDP metadata area: some kernels refuse
// bpf_xdp_adjust_meta and many drivers have no such area.
//
// While the pipeline runs, the record's words live in stack slots (promoted to registers),
// so P4 reads and writes of the mark cost nothing; the record is touched once on entry
// and once at the end.
#include <llvm/IR/Constants.h>
#include <llvm/BinaryFormat/Dwarf.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"

namespace p4nfc::codegen {

namespace {
constexpr uint32_t kXdpIngressIfindex = 12;  // offsetof(struct xdp_md, ingress_ifindex)
constexpr uint32_t kSkbIfindex = 40;         // offsetof(struct __sk_buff, ifindex)
constexpr uint32_t kSkbCb = 48;              // offsetof(struct __sk_buff, cb)
using namespace p4nf::abi;
}  // namespace

void Generator::defineChainMaps(SourceLoc loc) {
  mapNames_.reserve(kChainMapName);
  mapNames_.reserve(kPortIdsMapName);
  mapNames_.reserve(kPortSlotsMapName);
  auto chain = module_.defineMap(bpf::MapSpec::sized(kChainMapName, bpf::MapKind::ProgArray, kChainSlots, 4, 4));
  if (!chain) unsupported(loc, "internal error: " + llvm::toString(chain.takeError()));
  chainMap_ = *chain;
  auto ids = module_.defineMap(bpf::MapSpec::typed(
      kPortIdsMapName, bpf::MapKind::Hash, kPortIdsMapSize,
      {"p4nf_port_ids_key", 0, {{"ifindex", 32, 0, bpf::FieldRepr::Integer}}},
      {"p4nf_port_ids_value", 0, {{"port", 32, 0, bpf::FieldRepr::Integer}}}));
  if (!ids) unsupported(loc, "internal error: " + llvm::toString(ids.takeError()));
  portIdsMap_ = *ids;
  auto slots = module_.defineMap(bpf::MapSpec::indexed(
      kPortSlotsMapName, bpf::MapKind::Array, kPortSlots,
      {"p4nf_port_slot", kPortSlotSize,
       {{"ifindex", 32, 0, bpf::FieldRepr::Integer}, {"port", 32, 4, bpf::FieldRepr::Integer}}}));
  if (!slots) unsupported(loc, "internal error: " + llvm::toString(slots.takeError()));
  portSlotsMap_ = *slots;
  if (kind_ == bpf::ProgramKind::Xdp) {
    mapNames_.reserve(kRecordMapName);
    auto u32 = [](const char* name, uint32_t offset) {
      return bpf::FieldLayout{name, 32, offset, bpf::FieldRepr::Integer};
    };
    auto record = module_.defineMap(bpf::MapSpec::indexed(
        kRecordMapName, bpf::MapKind::PercpuArray, 1,
        {"p4nf_chain_record",
         kChainRecordSize,
         {u32("verdict", 0), u32("egress_port", 4), u32("ingress_port", 8), u32("mark", 12),
          {"ct_state", 8, 16, bpf::FieldRepr::Integer},
          {"l3_offset", 8, 17, bpf::FieldRepr::Integer},
          {"l4_offset", 16, 18, bpf::FieldRepr::Integer}}}));
    if (!record) unsupported(loc, "internal error: " + llvm::toString(record.takeError()));
    recordMap_ = *record;
    manifest_->maps["record"] = kRecordMapName;
  }

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
  chainPosition_ = rodataU32(kChainPositionVariable, 0);
  recordIn_ = rodataU32(kRecordInVariable, 1);

  manifest_->maps["chain"] = kChainMapName;
  manifest_->maps["chain_position"] = kChainPositionVariable;
  manifest_->maps["record_in"] = kRecordInVariable;
  manifest_->maps["port_ids"] = kPortIdsMapName;
  manifest_->maps["port_slots"] = kPortSlotsMapName;
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

// The PNA port of the interface the packet is on: its slot of p4nf_port_slots when the
// slot holds this ifindex (an ARRAY lookup, inlined by the verifier: no helper call), else
// p4nf_port_ids[ifindex], else the ifindex itself when the loader put no entry there.
llvm::Value* Generator::lookupPortId() {
  bool xdp = kind_ == bpf::ProgramKind::Xdp;
  llvm::Value* ifindex = bpf::loadContextU32(*b_, program_.ctx, xdp ? kXdpIngressIfindex : kSkbIfindex, "ifindex");
  llvm::BasicBlock* join = newBlock("port_id.done");
  llvm::BasicBlock* cached = newBlock("port_slot.cached");
  llvm::BasicBlock* slotFound = newBlock("port_slot.found");
  llvm::BasicBlock* probe = newBlock("port_ids.probe");

  llvm::AllocaInst* slotKey = entryAlloca(b_->getInt32Ty(), "port_slot.key", 4);
  b_->CreateStore(b_->CreateAnd(ifindex, b_->getInt32(kPortSlotMask)), slotKey);
  llvm::Value* slot = bpf::mapLookup(*b_, portSlotsMap_, slotKey, "port_slot");
  b_->CreateCondBr(b_->CreateIsNull(slot), probe, slotFound);
  b_->SetInsertPoint(slotFound);
  llvm::Value* owner = b_->CreateAlignedLoad(b_->getInt32Ty(), slot, llvm::Align(4), "port_slot.ifindex");
  b_->CreateCondBr(b_->CreateICmpEQ(owner, ifindex), cached, probe);
  b_->SetInsertPoint(cached);
  llvm::Value* cachedPort = b_->CreateAlignedLoad(
      b_->getInt32Ty(), b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), slot, 4), llvm::Align(4), "port_slot.port");
  b_->CreateBr(join);

  b_->SetInsertPoint(probe);
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "port_ids.key", 4);
  b_->CreateStore(ifindex, key);
  llvm::Value* found = bpf::mapLookup(*b_, portIdsMap_, key, "port_id");
  llvm::BasicBlock* missed = b_->GetInsertBlock();
  llvm::BasicBlock* hit = newBlock("port_id.hit");
  b_->CreateCondBr(b_->CreateIsNull(found), join, hit);
  b_->SetInsertPoint(hit);
  llvm::Value* port = b_->CreateAlignedLoad(b_->getInt32Ty(), found, llvm::Align(4));
  b_->CreateBr(join);
  b_->SetInsertPoint(join);
  auto* phi = b_->CreatePHI(b_->getInt32Ty(), 3, "port_id");
  phi->addIncoming(cachedPort, cached);
  phi->addIncoming(ifindex, missed);
  phi->addIncoming(port, hit);
  return phi;
}

// XDP: this CPU's record, p4nf_record[0]. An array lookup of index 0 cannot miss, but the
// verifier wants the null check: a miss branches to `missing`.
llvm::Value* Generator::scratchRecord(llvm::BasicBlock* missing) {
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "record.key", 4);
  b_->CreateStore(b_->getInt32(0), key);
  llvm::Value* record = bpf::mapLookup(*b_, recordMap_, key, "record");
  llvm::BasicBlock* found = newBlock("record.found");
  b_->CreateCondBr(b_->CreateIsNull(record), missing, found);
  b_->SetInsertPoint(found);
  return record;
}

// A word of the record: through this CPU's scratch record (XDP, `record`) or skb->cb (TC,
// `record` null).
llvm::Value* Generator::loadRecordWord(llvm::Value* record, uint32_t offset) {
  if (!record) return bpf::loadContextU32(*b_, program_.ctx, kSkbCb + offset);
  return b_->CreateAlignedLoad(b_->getInt32Ty(), b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), record, offset),
                               llvm::Align(4));
}

void Generator::storeRecordWord(llvm::Value* record, uint32_t offset, llvm::Value* value) {
  if (!record) return bpf::storeContextU32(*b_, program_.ctx, kSkbCb + offset, value);
  b_->CreateAlignedStore(value, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), record, offset), llvm::Align(4));
}

// The record that came in with this packet, found once: after position 0 one always has
// (the module before made it and tail-called us on this CPU); at position 0 only in a test
// run, which marks the record it passes with kRecordGivenMarker in the verdict word, since
// neither this CPU's scratch record nor skb->cb is cleared between packets. With
// p4nf_record_in 0 (position 0 of a deployment) the verifier drops everything behind the
// first branch. XDP: the record's pointer, null when none came in. TC: i1, a record is in
// skb->cb.
llvm::Value* Generator::incomingRecord() {
  if (incomingRecord_) return incomingRecord_;
  bool xdp = kind_ == bpf::ProgramKind::Xdp;
  llvm::Value* none = xdp ? static_cast<llvm::Value*>(llvm::ConstantPointerNull::get(b_->getPtrTy())) : b_->getFalse();
  llvm::Value* yes = b_->getTrue();
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* lookup = newBlock("record.may");
  llvm::BasicBlock* done = newBlock("record.known");
  b_->CreateCondBr(recordMayComeIn(), lookup, done);
  b_->SetInsertPoint(lookup);
  llvm::Value* record = xdp ? scratchRecord(done) : nullptr;  // a miss (never) means none
  llvm::BasicBlock* found = b_->GetInsertBlock();
  llvm::BasicBlock* marker = newBlock("record.marker");
  b_->CreateCondBr(b_->CreateICmpNE(chainPosition(), b_->getInt32(0)), done, marker);
  b_->SetInsertPoint(marker);
  llvm::BasicBlock* marked = newBlock("record.marked");
  b_->CreateCondBr(b_->CreateICmpEQ(loadRecordWord(record, 0), b_->getInt32(kRecordGivenMarker)), marked, done);
  b_->SetInsertPoint(marked);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  auto* phi = b_->CreatePHI(none->getType(), 5, "incoming_record");
  phi->addIncoming(none, from);
  if (xdp) phi->addIncoming(none, lookup);  // the lookup's null branch
  phi->addIncoming(xdp ? record : yes, found);
  phi->addIncoming(none, marker);
  phi->addIncoming(xdp ? record : yes, marked);
  incomingRecord_ = phi;
  return phi;
}

// i1: a record came in.
llvm::Value* Generator::recordGiven() {
  llvm::Value* incoming = incomingRecord();
  if (kind_ != bpf::ProgramKind::Xdp) return incoming;
  return b_->CreateICmpNE(incoming, llvm::ConstantPointerNull::get(b_->getPtrTy()), "record_given");
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
  b_->CreateCondBr(recordGiven(), given, fresh);
  b_->SetInsertPoint(given);
  llvm::Value* record = kind_ == bpf::ProgramKind::Xdp ? incomingRecord_ : nullptr;
  if (chain_.ingress) b_->CreateStore(loadRecordWord(record, kRecordIngressPort), chain_.ingress);
  if (chain_.mark) b_->CreateStore(loadRecordWord(record, kRecordMark), chain_.mark);
  if (usesFlow) {
    llvm::Value* flow = loadRecordWord(record, kRecordFlow);  // u8 ct_state, u8 l3_offset, u16 l4_offset (host order)
    b_->CreateStore(b_->CreateTrunc(flow, b_->getInt8Ty()), chain_.ctState);
    b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 8), b_->getInt8Ty()), chain_.l3Offset);
    b_->CreateStore(b_->CreateTrunc(b_->CreateLShr(flow, 16), b_->getInt16Ty()), chain_.l4Offset);
  }
  b_->CreateBr(done);
  b_->SetInsertPoint(fresh);
  if (chain_.ingress) b_->CreateStore(lookupPortId(), chain_.ingress);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

llvm::Value* Generator::inputPort() {
  if (!chain_.ingress) return b_->getInt32(0);  // never read: nothing looks it up
  return b_->CreateLoad(b_->getInt32Ty(), chain_.ingress, "input_port");
}

// The end of the pipeline. A record that came in is updated in place: the verdict, the
// egress port and the words the program may have set; the others are still what the
// previous module wrote. Without one, only "continue" needs a record (the next module
// reads it): it is created then, with all five words. Other verdicts leave no record, so a
// module alone on its hook touches no record at all (docs/manifest.md, "Chain metadata").
//
// Every word is stored at most once on a path, and only one side of each branch stores it,
// so that LLVM cannot sink two stores at different offsets into one through a computed
// pointer (for skb->cb the verifier refuses a modified ctx pointer).
void Generator::writeChainRecord(llvm::Value* verdict, llvm::Value* port) {
  auto flowWord = [&]() -> llvm::Value* {
    return b_->CreateOr(
        b_->CreateOr(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.ctState), b_->getInt32Ty()),
                     b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt8Ty(), chain_.l3Offset), b_->getInt32Ty()), 8)),
        b_->CreateShl(b_->CreateZExt(b_->CreateLoad(b_->getInt16Ty(), chain_.l4Offset), b_->getInt32Ty()), 16));
  };
  bool xdp = kind_ == bpf::ProgramKind::Xdp;
  llvm::Value* continues = b_->CreateICmpEQ(verdict, b_->getInt32(kVerdictContinue), "continues");
  llvm::Value* given = recordGiven();  // found on entry when the program read a word
  llvm::BasicBlock* done = newBlock("record.done");
  llvm::BasicBlock* common = newBlock("record.write");
  llvm::BasicBlock* create = newBlock("record.create");
  llvm::BasicBlock* joined = newBlock("record.joined");
  b_->CreateCondBr(b_->CreateOr(given, continues), common, done);
  b_->SetInsertPoint(common);
  // XDP: the incoming record, or this CPU's cell for a new one. (The pointer is chosen by
  // a branch, not a select, so that each path hands the verifier one kind of pointer.)
  llvm::Value* record = nullptr;
  if (xdp) {
    llvm::BasicBlock* fromCommon = b_->GetInsertBlock();
    llvm::BasicBlock* lookup = newBlock("record.lookup");
    llvm::BasicBlock* have = newBlock("record.have");
    b_->CreateCondBr(given, have, lookup);
    b_->SetInsertPoint(lookup);
    llvm::Value* fresh = scratchRecord(done);
    llvm::BasicBlock* looked = b_->GetInsertBlock();
    b_->CreateBr(have);
    b_->SetInsertPoint(have);
    auto* phi = b_->CreatePHI(b_->getPtrTy(), 2, "record");
    phi->addIncoming(incomingRecord_, fromCommon);
    phi->addIncoming(fresh, looked);
    record = phi;
  }
  storeRecordWord(record, kRecordVerdict, verdict);
  storeRecordWord(record, kRecordEgressPort, port);
  b_->CreateCondBr(given, joined, create);
  b_->SetInsertPoint(create);
  storeRecordWord(record, kRecordIngressPort,
                  chain_.ingress ? static_cast<llvm::Value*>(b_->CreateLoad(b_->getInt32Ty(), chain_.ingress))
                                 : lookupPortId());
  if (!chain_.mark) storeRecordWord(record, kRecordMark, b_->getInt32(0));
  if (!chain_.ctState) storeRecordWord(record, kRecordFlow, b_->getInt32(0));
  b_->CreateBr(joined);
  b_->SetInsertPoint(joined);
  if (chain_.mark) storeRecordWord(record, kRecordMark, b_->CreateLoad(b_->getInt32Ty(), chain_.mark));
  if (chain_.ctState) storeRecordWord(record, kRecordFlow, flowWord());
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

// "continue": tail-call the next slot of the chain; an empty slot falls through and the
// packet goes to the host, the end of the chain.
void Generator::genTailCall() {
  llvm::Value* next = b_->CreateAdd(chainPosition(), b_->getInt32(1), "next_position");
  bpf::tailCall(*b_, program_.ctx, chainMap_, next);
  bool xdp = kind_ == bpf::ProgramKind::Xdp;
  b_->CreateRet(b_->getInt32(xdp ? bpf::xdp_action::kPass : bpf::tc_action::kOk));
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
    // Slots exist for every accessor the program calls (midend/program_uses.h finds them).
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
