// Tables: exact -> HASH, lpm -> LPM_TRIE, ternary/range/optional -> tuple-space search
// (a HASH per mask, sharing one map, plus the masks ARRAY), keyed by the key fields in
// network order; the value is { u32 action_id; [u32 priority;] action data }. On a miss the one-entry ARRAY `default_map`
// holds the control plane's default action; while its action id is 0 the program's own
// default action (compiled in, with its constant arguments) runs.
#include <llvm/IR/Constants.h>

#include <algorithm>
#include <set>

#include "bpf/bpf_helpers.h"
#include "bpf/record_ir.h"
#include "codegen/generator.h"
#include "common/dataplane_abi.h"
#include "codegen/network_bytes.h"

namespace p4nfc::codegen {

namespace dir24 = p4nf::abi::dir24;

namespace {

// Tuple-space search (docs/manifest.md, "ternary"): for every mask slot in use whose
// max_priority can still beat the best match so far, AND the key with the slot's mask,
// store the slot index as mask_id and look the result up; keep the entry with the largest
// priority. A loop bounded by max_masks, which the verifier walks iteration by iteration.
// Returns the best entry or null.
llvm::Value* lookupTernary(Generator& g, const TableState& state, llvm::Value* key) {
  llvm::IRBuilder<>& b = *g.b_;
  const midend::TableLayout& t = state.layout;
  const std::string& name = t.mapName;
  llvm::Type* i32 = b.getInt32Ty();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();
  llvm::Value* null = llvm::ConstantPointerNull::get(b.getPtrTy());
  llvm::AllocaInst* probe = g.entryAlloca(llvm::ArrayType::get(i64, t.keySize / 8), name + ".probe", 8);
  llvm::AllocaInst* slotIndex = g.entryAlloca(i32, name + ".slot_index", 4);

  llvm::BasicBlock* preheader = b.GetInsertBlock();
  llvm::BasicBlock* header = g.newBlock(name + ".mask");
  llvm::BasicBlock* inUse = g.newBlock(name + ".mask_in_use");
  llvm::BasicBlock* probeBlock = g.newBlock(name + ".probe");
  llvm::BasicBlock* found = g.newBlock(name + ".probe_hit");
  llvm::BasicBlock* latch = g.newBlock(name + ".next_mask");
  llvm::BasicBlock* exit = g.newBlock(name + ".masks_done");
  b.CreateBr(header);

  b.SetInsertPoint(header);
  llvm::PHINode* index = b.CreatePHI(i32, 2, "mask_index");
  llvm::PHINode* best = b.CreatePHI(ptr, 2, "best");
  llvm::PHINode* bestPriority = b.CreatePHI(i32, 2, "best_priority");
  index->addIncoming(b.getInt32(0), preheader);
  best->addIncoming(null, preheader);
  bestPriority->addIncoming(b.getInt32(0), preheader);
  b.CreateStore(index, slotIndex);
  llvm::Value* slot = bpf::mapLookup(b, state.masksMap, slotIndex, "mask_slot");
  b.CreateCondBr(b.CreateICmpNE(slot, null), inUse, latch);
  llvm::BasicBlock* noSlot = header;

  // Skip free slots and slots whose best entry cannot beat the match so far.
  b.SetInsertPoint(inUse);
  llvm::Value* used = b.CreateAlignedLoad(i32, slot, llvm::Align(4), "in_use");
  llvm::Value* maxPriority = b.CreateAlignedLoad(
      i32, b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), slot, 4), llvm::Align(4), "max_priority");
  llvm::Value* worth = b.CreateAnd(b.CreateICmpNE(used, b.getInt32(0)),
                                   b.CreateICmpUGT(maxPriority, bestPriority));
  b.CreateCondBr(worth, probeBlock, latch);

  b.SetInsertPoint(probeBlock);
  for (uint32_t word = 0; word < t.keySize / 8; ++word) {
    llvm::Value* k = b.CreateAlignedLoad(i64, b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), key, 8 * word),
                                         llvm::Align(8));
    llvm::Value* m = b.CreateAlignedLoad(
        i64, b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), slot, 8 + 8 * word), llvm::Align(8));
    b.CreateAlignedStore(b.CreateAnd(k, m), b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), probe, 8 * word),
                         llvm::Align(8));
  }
  b.CreateAlignedStore(index, probe, llvm::Align(8));  // mask_id: the mask zeroed it
  llvm::Value* entry = bpf::mapLookup(b, state.map, probe, "probe_entry");
  b.CreateCondBr(b.CreateICmpNE(entry, null), found, latch);

  b.SetInsertPoint(found);
  llvm::Value* priority = b.CreateAlignedLoad(
      i32, b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), entry, 4), llvm::Align(4), "priority");
  llvm::Value* better = b.CreateICmpUGT(priority, bestPriority);
  llvm::Value* foundBest = b.CreateSelect(better, entry, best);
  llvm::Value* foundPriority = b.CreateSelect(better, priority, bestPriority);
  b.CreateBr(latch);

  b.SetInsertPoint(latch);
  llvm::PHINode* nextBest = b.CreatePHI(ptr, 4);
  llvm::PHINode* nextPriority = b.CreatePHI(i32, 4);
  for (llvm::BasicBlock* from : {noSlot, inUse, probeBlock}) {
    nextBest->addIncoming(best, from);
    nextPriority->addIncoming(bestPriority, from);
  }
  nextBest->addIncoming(foundBest, found);
  nextPriority->addIncoming(foundPriority, found);
  llvm::Value* next = b.CreateAdd(index, b.getInt32(1));
  index->addIncoming(next, latch);
  best->addIncoming(nextBest, latch);
  bestPriority->addIncoming(nextPriority, latch);
  b.CreateCondBr(b.CreateICmpULT(next, b.getInt32(t.maxMasks)), header, exit);

  b.SetInsertPoint(exit);
  return nextBest;
}

// A key expression that names a field of a parsed header in the packet, by a path of
// struct members (`hdr.ipv4.dst_addr`), found without generating code; null otherwise.
LValuePtr packetFieldOf(Generator& g, const Expr* e, int depth = 0) {
  if (depth > 16) return nullptr;
  if (auto* path = dyn_cast<PathExpr>(e)) {
    auto it = g.env_.find(path->decl);
    return it == g.env_.end() ? nullptr : it->second;
  }
  auto* member = dyn_cast<MemberExpr>(e);
  if (!member) return nullptr;
  LValuePtr base = packetFieldOf(g, member->base.get(), depth + 1);
  if (!base) return nullptr;
  if (base->kind == LValue::Kind::Struct) return base->member(member->member);
  if (base->kind != LValue::Kind::Header || !base->header->inPacket) return nullptr;
  int index = base->header->type->fieldIndex(member->member);
  if (index < 0) return nullptr;
  return g.headerField(base, index);
}

// An exact key whose fields are whole, byte-aligned bytes of one parsed header, in the
// key record's order and at its offsets, is those bytes of the packet: the lookup reads
// it there, as hand-written C does, instead of copying it to the stack. An invalid
// header points at zeroed storage (Generator::invalidHeaderStorage), so the key is then
// all zeros, as a stack copy of its fields would be. Returns the key pointer, or null
// when the key is not of that shape.
//
// Not for add_on_miss tables: their actions may rewrite those bytes before add_entry
// inserts the key that was looked up.
llvm::Value* keyInPacket(Generator& g, const TableState& state) {
  const midend::TableLayout& t = state.layout;
  if (t.kind != midend::TableKind::Exact || t.addOnMiss || t.keys.empty()) return nullptr;
  std::shared_ptr<HeaderSlot> header;
  int64_t firstBit = 0;
  uint32_t end = 0;
  for (const auto& k : t.keys) {
    LValuePtr lv = packetFieldOf(g, k.expr);
    if (!lv || lv->kind != LValue::Kind::PacketField) return nullptr;
    HeaderSlot& h = *lv->header;
    if (h.hasLocalCopy() || lv->field == h.varbitField) return nullptr;
    if (header && header != lv->header) return nullptr;
    int64_t bit = h.bitOffsets[lv->field];
    if (!header) firstBit = bit;
    header = lv->header;
    if (bit % 8 != 0 || k.width != 8 * k.size || bit - firstBit != 8 * int64_t{k.offset}) return nullptr;
    end = k.offset + k.size;
  }
  if (end != t.keySize) return nullptr;
  llvm::IRBuilder<>& b = *g.b_;
  llvm::Value* base = b.CreateLoad(b.getPtrTy(), header->ptr, header->name + ".ptr");
  return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, firstBit / 8, t.mapName + ".key_bytes");
}

// The dir24 lookup (midend/table_layout.h, LpmScheme): the entry of the key's /24 block
// names the value of the longest route of length <= 24 that covers it, unless the block
// holds longer routes, which only the trie knows. Returns the entry or null.
//
// The values array is read before the branch on the trie: two lookups at the ends of two
// paths into one block would be merged by LLVM into one call through a phi of the maps,
// and the verifier inlines array lookups only for a call that always sees the same map.
llvm::Value* lookupDir24(Generator& g, const TableState& state, llvm::Value* address,
                         const std::function<llvm::AllocaInst*(const std::vector<llvm::Value*>&)>& trieKey) {
  llvm::IRBuilder<>& b = *g.b_;
  const midend::TableLayout& t = state.layout;
  llvm::Type* i32 = b.getInt32Ty();
  llvm::Value* null = llvm::ConstantPointerNull::get(b.getPtrTy());
  address = b.CreateZExtOrTrunc(address, i32);
  llvm::Value* block = b.CreateLShr(address, 8, t.mapName + ".block");
  llvm::AllocaInst* cellIndex = g.entryAlloca(i32, t.mapName + ".cell_index", 4);
  b.CreateStore(b.CreateLShr(block, dir24::kCellShift), cellIndex);
  llvm::Value* cell = bpf::mapLookup(b, state.dirMap, cellIndex, "dir_cell");
  llvm::BasicBlock* from = b.GetInsertBlock();
  llvm::BasicBlock* read = g.newBlock(t.mapName + ".dir_read");
  llvm::BasicBlock* readDone = g.newBlock(t.mapName + ".dir_entry");
  b.CreateCondBr(b.CreateICmpNE(cell, null), read, readDone);
  b.SetInsertPoint(read);
  llvm::Value* word = b.CreateMul(b.CreateZExt(b.CreateAnd(block, dir24::kCellEntries - 1), b.getInt64Ty()),
                                  b.getInt64(4));
  llvm::Value* loaded = b.CreateAlignedLoad(i32, b.CreateInBoundsGEP(b.getInt8Ty(), cell, word), llvm::Align(4));
  b.CreateBr(readDone);
  b.SetInsertPoint(readDone);
  llvm::PHINode* dirEntry = b.CreatePHI(i32, 2, t.mapName + ".dir_entry");
  dirEntry->addIncoming(loaded, read);
  dirEntry->addIncoming(b.getInt32(0), from);

  // Slot 0 means no route: index 0 - 1 is past the array, and the lookup gives null.
  llvm::AllocaInst* slotIndex = g.entryAlloca(i32, t.mapName + ".slot_index", 4);
  b.CreateStore(b.CreateSub(b.CreateAnd(dirEntry, dir24::kSlotMask), b.getInt32(1)), slotIndex);
  llvm::Value* shortRoute = bpf::mapLookup(b, state.valuesMap, slotIndex, "dir_value");
  llvm::BasicBlock* beforeTrie = b.GetInsertBlock();
  llvm::BasicBlock* trie = g.newBlock(t.mapName + ".long_routes");
  llvm::BasicBlock* done = g.newBlock(t.mapName + ".looked_up");
  b.CreateCondBr(b.CreateICmpNE(b.CreateAnd(dirEntry, dir24::kLongBit), b.getInt32(0)), trie, done);
  b.SetInsertPoint(trie);
  llvm::Value* longRoute = bpf::mapLookup(b, state.map, trieKey({address}), "trie_entry");
  llvm::BasicBlock* trieEnd = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode* entry = b.CreatePHI(b.getPtrTy(), 2, "hit_entry");
  entry->addIncoming(shortRoute, beforeTrie);
  entry->addIncoming(longRoute, trieEnd);
  return entry;
}

// A profile's timeout in ns: the expiry map's cell, else the compiled-in default, else 0
// (never expires).
llvm::Value* profileTimeout(Generator& g, const TableState& state, llvm::Value* profile) {
  llvm::IRBuilder<>& b = *g.b_;
  const midend::TableLayout& t = state.layout;
  llvm::AllocaInst* index = g.entryAlloca(b.getInt32Ty(), t.mapName + ".profile", 4);
  b.CreateStore(profile, index);
  llvm::Value* cell = bpf::mapLookup(b, state.expireMap, index, "timeout_cell");
  llvm::BasicBlock* from = b.GetInsertBlock();
  llvm::BasicBlock* read = g.newBlock(t.mapName + ".timeout_cell");
  llvm::BasicBlock* done = g.newBlock(t.mapName + ".timeout");
  b.CreateCondBr(b.CreateICmpNE(cell, llvm::ConstantPointerNull::get(b.getPtrTy())), read, done);
  b.SetInsertPoint(read);
  llvm::Value* configured = b.CreateAlignedLoad(b.getInt64Ty(), cell, llvm::Align(8), "configured");
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* value = b.CreatePHI(b.getInt64Ty(), 2, "timeout_ns");
  value->addIncoming(configured, read);
  value->addIncoming(b.getInt64(0), from);
  llvm::Value* fallback = b.getInt64(0);
  for (const auto& [id, ns] : t.defaultTimeouts)
    fallback = b.CreateSelect(b.CreateICmpEQ(profile, b.getInt32(id)), b.getInt64(ns), fallback);
  return b.CreateSelect(b.CreateICmpEQ(value, b.getInt64(0)), fallback, value);
}

// An entry older than its profile's timeout is a miss, and is deleted (docs/manifest.md,
// "Expiry"). Entries with last_ns 0 (written by the control plane) never expire.
void checkExpiry(Generator& g, const TableState& state, llvm::Value* entry, llvm::Value* key,
                 llvm::BasicBlock* hit, llvm::BasicBlock* miss) {
  llvm::IRBuilder<>& b = *g.b_;
  const midend::TableLayout& t = state.layout;
  llvm::Value* last = b.CreateAlignedLoad(
      b.getInt64Ty(), b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), entry, t.kTimestampOffset),
      llvm::Align(8), "last_ns");
  llvm::BasicBlock* timed = g.newBlock(t.mapName + ".timed");
  b.CreateCondBr(b.CreateICmpEQ(last, b.getInt64(0)), hit, timed);
  b.SetInsertPoint(timed);
  llvm::Value* profile = b.CreateAlignedLoad(
      b.getInt32Ty(), b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), entry, t.kExpireProfileOffset),
      llvm::Align(4), "expire_profile");
  profile = b.CreateAnd(profile, b.getInt32(t.kExpireProfiles - 1));
  llvm::Value* timeout = profileTimeout(g, state, profile);
  llvm::Value* age = b.CreateSub(bpf::ktimeGetNs(b), last, "age");
  llvm::Value* expired = b.CreateAnd(b.CreateICmpNE(timeout, b.getInt64(0)), b.CreateICmpUGT(age, timeout));
  llvm::BasicBlock* remove = g.newBlock(t.mapName + ".expired");
  b.CreateCondBr(expired, remove, hit);
  b.SetInsertPoint(remove);
  bpf::mapDelete(b, state.map, key);
  b.CreateBr(miss);
}

}  // namespace

void Generator::defineTable(const ControlDecl* control, const TableDecl* table) {
  if (tables_.count(table)) return;
  if (failedTables_.count(table)) throw Unsupported{};
  midend::LpmDefault lpm = options_.lpm == "trie"    ? midend::LpmDefault::Trie
                           : options_.lpm == "dir24" ? midend::LpmDefault::Dir24
                                                     : midend::LpmDefault::Auto;
  auto layout = midend::layoutTable(sema_, *control, *table, mapNames_, diags_, lpm);
  if (!layout) {
    // Reported by layoutTable; applying the table later fails silently.
    failedTables_.insert(table);
    ++errorCount_;
    throw Unsupported{};
  }
  auto state = std::make_unique<TableState>();
  state->control = control;
  state->layout = std::move(*layout);
  const midend::TableLayout& t = state->layout;
  if (t.kind != midend::TableKind::Keyless) {
    bpf::MapKind kind = t.kind == midend::TableKind::Lpm ? bpf::MapKind::LpmTrie
                            : t.addOnMiss                      ? bpf::MapKind::LruHash
                                                               : bpf::MapKind::Hash;
    auto map = module_.defineMap(bpf::MapSpec::typed(t.mapName, kind, t.size, t.keyRecord, t.valueRecord));
    if (!map) unsupported(table->loc, "this table's map: " + llvm::toString(map.takeError()));
    state->map = *map;
  }
  if (t.lpmScheme == midend::LpmScheme::Dir24) {
    // Both arrays are mmap-able: the loader writes a prefix's range of /24 blocks (up to
    // 2^24 entries for /0) as memory, not as one syscall per entry.
    constexpr uint32_t kMmapable = 1u << 10;  // BPF_F_MMAPABLE
    bpf::RecordLayout cell;
    cell.name = t.dirMapName + "_cell";
    cell.fields = {{"entries", 32 * dir24::kCellEntries, 0, bpf::FieldRepr::Bytes}};
    auto dirSpec = bpf::MapSpec::indexed(t.dirMapName, bpf::MapKind::Array, dir24::kCells, cell);
    dirSpec.flags = kMmapable;
    auto valuesSpec = bpf::MapSpec::indexed(t.valuesMapName, bpf::MapKind::Array, t.dirSlots, t.dirRecord);
    valuesSpec.flags = kMmapable;
    bpf::RecordLayout slot;
    slot.name = t.indexMapName + "_value";
    slot.fields = {{"slot", 32, 0, bpf::FieldRepr::Integer}};
    // A route of length <= 24 and, at most, one /24 block per longer route.
    auto indexSpec = bpf::MapSpec::typed(t.indexMapName, bpf::MapKind::Hash,
                                             std::min<uint64_t>(2ull * t.size, dir24::kMaxSlots), t.indexKey, slot);
    indexSpec.flags = 1;  // BPF_F_NO_PREALLOC: it grows with the routes
    for (auto* spec : {&dirSpec, &valuesSpec, &indexSpec}) {
      auto map = module_.defineMap(*spec);
      if (!map) unsupported(table->loc, "this table's " + spec->name + " map: " + llvm::toString(map.takeError()));
      if (spec == &dirSpec) state->dirMap = *map;
      if (spec == &valuesSpec) state->valuesMap = *map;
    }
  }
  if (t.kind == midend::TableKind::Ternary) {
    auto masks = module_.defineMap(
        bpf::MapSpec::indexed(t.masksMapName, bpf::MapKind::Array, t.maxMasks, t.masksRecord));
    if (!masks) unsupported(table->loc, "this table's masks map: " + llvm::toString(masks.takeError()));
    state->masksMap = *masks;
  }
  if (t.expires()) {
    bpf::RecordLayout timeout;
    timeout.name = t.expireMapName + "_value";
    timeout.fields = {{"timeout_ns", 64, 0, bpf::FieldRepr::Integer}};
    auto map = module_.defineMap(bpf::MapSpec::indexed(
        t.expireMapName, bpf::MapKind::Array, midend::TableLayout::kExpireProfiles, timeout));
    if (!map) unsupported(table->loc, "this table's expiry map: " + llvm::toString(map.takeError()));
    state->expireMap = *map;
  }
  if (!t.defaultIsConst) {
    bpf::RecordLayout value = t.valueRecord;
    value.name = t.defaultMapName + "_value";
    auto map = module_.defineMap(bpf::MapSpec::indexed(t.defaultMapName, bpf::MapKind::Array, 1, value));
    if (!map) unsupported(table->loc, "this table's default map: " + llvm::toString(map.takeError()));
    state->defaultMap = *map;
  }
  manifest_->tables.push_back(midend::manifestTable(t));
  tables_[table] = std::move(state);
}

void Generator::runAction(const midend::TableActionLayout& action, const TableState& table,
                          llvm::Value* valuePtr, const std::vector<mpz_class>* constArgs,
                          SourceLoc loc) {
  const ActionDecl* decl = action.decl;
  // Directional arguments bound in the table's actions list: `a(meta.x)`.
  const CallTarget* bound = nullptr;
  if (action.ref)
    if (auto* call = dyn_cast<CallExpr>(action.ref->action.get())) bound = sema_.callTarget(call);
  CallTarget target;
  size_t dataIndex = 0;
  std::vector<LValuePtr> data;
  for (size_t i = 0; i < decl->params.size(); ++i) {
    const Parameter* p = decl->params[i].get();
    if (p->direction != Direction::None) {
      const Expr* arg = bound && i < bound->argForParam.size() ? bound->argForParam[i] : nullptr;
      if (!arg) unsupported(loc, "action '" + decl->name + "' with unbound directional parameters");
      target.argForParam.push_back(arg);
      continue;
    }
    target.argForParam.push_back(nullptr);
    if (dataIndex >= action.params.size()) unsupported(loc, "this action's data");
    const midend::ActionParamLayout& layout = action.params[dataIndex];
    llvm::Type* type = lowerType(sema_.typeOfDecl(p), p->loc);
    auto lv = std::make_shared<LValue>();
    lv->kind = LValue::Kind::Value;
    lv->type = sema_.typeOfDecl(p);
    if (valuePtr) {
      llvm::Value* raw = loadNetworkBits(*b_, valuePtr, 8ull * layout.offset, 8 * layout.size, 4);
      lv->value = b_->CreateZExtOrTrunc(raw, type);
    } else {
      lv->value = constant(constArgs && dataIndex < constArgs->size() ? (*constArgs)[dataIndex] : 0, type);
    }
    data.push_back(lv);
    ++dataIndex;
  }
  // Bind action data after the directional arguments (which bindArgument resolves).
  std::vector<std::pair<const Decl*, LValuePtr>> saved;
  for (const auto& p : decl->params) {
    auto it = env_.find(p.get());
    saved.emplace_back(p.get(), it == env_.end() ? nullptr : it->second);
  }
  size_t d = 0;
  for (size_t i = 0; i < decl->params.size(); ++i) {
    const Parameter* p = decl->params[i].get();
    if (p->direction == Direction::None) env_[p] = data[d++];
    else bindArgument(p, target.argForParam[i], loc);
  }
  Frame frame;
  frame.returnTarget = newBlock("action.done");
  frames_.push_back(frame);
  ++inlineDepth_;
  genBlock(decl->body.get());
  --inlineDepth_;
  frames_.pop_back();
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(frame.returnTarget);
  b_->SetInsertPoint(frame.returnTarget);
  for (auto& [decl2, lv] : saved) {
    if (lv) env_[decl2] = lv;
    else env_.erase(decl2);
  }
  (void)table;
}

ApplyResult Generator::genTableApply(const TableDecl* table, SourceLoc loc) {
  auto it = tables_.find(table);
  if (it == tables_.end() && failedTables_.count(table)) throw Unsupported{};
  if (it == tables_.end()) unsupported(loc, "applying table '" + table->name + "' here");
  const TableState& state = *it->second;
  const midend::TableLayout& t = state.layout;
  setLocation(loc);

  llvm::AllocaInst* hitSlot = entryAlloca(b_->getInt1Ty(), t.mapName + ".hit");
  llvm::AllocaInst* idSlot = entryAlloca(b_->getInt32Ty(), t.mapName + ".action");
  b_->CreateStore(b_->getInt1(false), hitSlot);
  b_->CreateStore(b_->getInt32(0), idSlot);
  llvm::BasicBlock* done = newBlock(t.mapName + ".done");
  llvm::BasicBlock* dispatch = newBlock(t.mapName + ".dispatch");
  llvm::BasicBlock* staticDefault = newBlock(t.mapName + ".default");
  llvm::PHINode* valuePtr = nullptr;
  {
    llvm::IRBuilder<>::InsertPointGuard guard(*b_);
    b_->SetInsertPoint(dispatch);
    valuePtr = b_->CreatePHI(b_->getPtrTy(), 2, "entry");
  }

  // The entry the actions act on (DirectCounter): the hit, else the default map's value.
  TableActionContext context;
  context.table = &state;
  if (t.directCounter) {
    context.entry = entryAlloca(b_->getPtrTy(), t.mapName + ".entry", 8);
    b_->CreateStore(llvm::ConstantPointerNull::get(b_->getPtrTy()), context.entry);
  }
  if (t.expires() || t.addOnMiss) {
    context.hitEntry = entryAlloca(b_->getPtrTy(), t.mapName + ".hit_entry", 8);
    b_->CreateStore(llvm::ConstantPointerNull::get(b_->getPtrTy()), context.hitEntry);
  }

  llvm::BasicBlock* missBlock = staticDefault;
  if (state.defaultMap) missBlock = newBlock(t.mapName + ".miss");
  if (state.map) {
    // The key record on the stack. A field read from the packet or from action data is
    // byte-swapped to host order and back to network order here: InstCombine cancels the
    // two, and where paths merged in between (a metadata field set by one of several
    // actions) the BPF toolkit's byte-swap pass does (bpf/byte_swaps.h).
    auto keyRecord = [&](const std::vector<llvm::Value*>& values) {
      llvm::AllocaInst* record = bpf::createRecordSlot(*b_, t.keyRecord, t.mapName + ".key");
      uint32_t dataBytes = 0;
      for (size_t i = 0; i < t.keys.size(); ++i) {
        const midend::TableKeyLayout& k = t.keys[i];
        llvm::Value* v = values[i];
        llvm::Value* wide = v->getType()->getIntegerBitWidth() == 8 * k.size
                                ? v
                                : b_->CreateZExt(v, b_->getIntNTy(8 * k.size));
        storeNetworkBits(*b_, record, 8ull * k.offset, 8 * k.size, wide, 8);
        dataBytes += k.size;
      }
      if (t.kind == midend::TableKind::Lpm)
        b_->CreateAlignedStore(b_->getInt32(8 * dataBytes), record, llvm::Align(4));
      return record;
    };
    llvm::Value* key = nullptr;
    llvm::Value* entry = nullptr;
    if (t.lpmScheme == midend::LpmScheme::Dir24) {
      entry = lookupDir24(*this, state, genValue(t.keys[0].expr, t.keys[0].expr->type), keyRecord);
    } else {
      key = keyInPacket(*this, state);
      if (!key) {
        std::vector<llvm::Value*> values;
        for (const auto& k : t.keys) values.push_back(genValue(k.expr, k.expr->type));
        key = keyRecord(values);
      }
      entry = t.kind == midend::TableKind::Ternary ? lookupTernary(*this, state, key)
                                                   : bpf::mapLookup(*b_, state.map, key, "hit_entry");
    }
    context.key = key;
    llvm::Value* hit = b_->CreateICmpNE(entry, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::BasicBlock* hitBlock = newBlock(t.mapName + ".hit");
    if (t.expires()) {
      llvm::BasicBlock* found = newBlock(t.mapName + ".found");
      b_->CreateCondBr(hit, found, missBlock);
      b_->SetInsertPoint(found);
      checkExpiry(*this, state, entry, key, hitBlock, missBlock);
    } else {
      b_->CreateCondBr(hit, hitBlock, missBlock);
    }
    b_->SetInsertPoint(hitBlock);
    b_->CreateStore(b_->getInt1(true), hitSlot);
    if (context.entry) b_->CreateStore(entry, context.entry);
    if (context.hitEntry) b_->CreateStore(entry, context.hitEntry);
    valuePtr->addIncoming(entry, hitBlock);
    b_->CreateBr(dispatch);
  } else {
    b_->CreateBr(missBlock);
  }
  if (state.defaultMap) {
    b_->SetInsertPoint(missBlock);
    llvm::AllocaInst* zero = entryAlloca(b_->getInt32Ty(), t.mapName + ".zero", 4);
    b_->CreateStore(b_->getInt32(0), zero);
    llvm::Value* entry = bpf::mapLookup(*b_, state.defaultMap, zero, "default_entry");
    llvm::Value* present = b_->CreateICmpNE(entry, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::BasicBlock* check = newBlock(t.mapName + ".default_set");
    b_->CreateCondBr(present, check, staticDefault);
    b_->SetInsertPoint(check);
    if (context.entry) b_->CreateStore(entry, context.entry);
    llvm::Value* id = b_->CreateAlignedLoad(b_->getInt32Ty(), entry, llvm::Align(4));
    llvm::Value* set = b_->CreateICmpNE(id, b_->getInt32(0));
    valuePtr->addIncoming(entry, check);
    b_->CreateCondBr(set, dispatch, staticDefault);
  }

  // Dispatch on the action id of an entry (a hit, or the control plane's default).
  TableActionContext saved = tableAction_;
  tableAction_ = context;
  b_->SetInsertPoint(dispatch);
  if (valuePtr->getNumIncomingValues() == 0) {
    valuePtr->eraseFromParent();
    b_->CreateBr(done);
  } else {
    llvm::Value* id = b_->CreateAlignedLoad(b_->getInt32Ty(), valuePtr, llvm::Align(4), "action_id");
    llvm::SwitchInst* sw = b_->CreateSwitch(id, done);
    for (const auto& action : t.actions) {
      if (action.scope == "default_only" && !state.defaultMap) continue;
      llvm::BasicBlock* block = newBlock(t.mapName + "." + action.decl->name);
      sw->addCase(b_->getInt32(action.id), block);
      b_->SetInsertPoint(block);
      b_->CreateStore(b_->getInt32(action.id), idSlot);
      tableAction_.action = &action;
      runAction(action, state, valuePtr, nullptr, loc);
      if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
    }
  }

  b_->SetInsertPoint(staticDefault);
  if (t.defaultAction) {
    b_->CreateStore(b_->getInt32(t.defaultAction->id), idSlot);
    tableAction_.action = t.defaultAction;
    runAction(*t.defaultAction, state, nullptr, &t.defaultArgs, loc);
  }
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
  tableAction_ = saved;

  b_->SetInsertPoint(done);
  ApplyResult result;
  result.table = &state;
  result.hit = b_->CreateLoad(b_->getInt1Ty(), hitSlot);
  result.actionId = b_->CreateLoad(b_->getInt32Ty(), idSlot);
  return result;
}

}  // namespace p4nfc::codegen

namespace p4nfc::codegen {

std::optional<llvm::Value*> Generator::genTableExternMethod(const CallExpr* call,
                                                            const CallTarget& target,
                                                            const std::string& externName,
                                                            const std::string& method) {
  if (externName != "DirectCounter") return std::nullopt;
  auto* path = dyn_cast<PathExpr>(target.receiver);
  const TableState* table = tableAction_.table;
  if (!path || !table || table->layout.directCounter != path->decl)
    unsupported(call->loc, "DirectCounter." + method + "() outside the actions of the table whose "
                           "pna_direct_counter it is");
  if (method != "count") unsupported(call->loc, "DirectCounter." + method);
  // Counts at the entry that matched, or in the default map's value on a miss; a const
  // default action (no default map) is not counted.
  if (!tableAction_.entry) return nullptr;
  const Expr* increment = target.argForParam.empty() ? nullptr : target.argForParam[0];
  llvm::Value* entry = b_->CreateLoad(b_->getPtrTy(), tableAction_.entry, "counted_entry");
  llvm::BasicBlock* update = newBlock("direct_counter.update");
  llvm::BasicBlock* done = newBlock("direct_counter.done");
  b_->CreateCondBr(b_->CreateICmpNE(entry, llvm::ConstantPointerNull::get(b_->getPtrTy())), update, done);
  b_->SetInsertPoint(update);
  // Entries are shared by all CPUs: atomic adds (BPF_ATOMIC | BPF_ADD).
  uint32_t offset = table->layout.directCounterOffset;
  llvm::Value* packets = b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, offset);
  llvm::Value* bytes = b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, offset + 8);
  llvm::Value* amount = increment ? convert(genExpr(increment), b_->getInt64Ty(), false)
                                  : b_->CreateZExt(packetLength(), b_->getInt64Ty());
  b_->CreateAtomicRMW(llvm::AtomicRMWInst::Add, packets, b_->getInt64(1), llvm::MaybeAlign(8),
                      llvm::AtomicOrdering::Monotonic);
  b_->CreateAtomicRMW(llvm::AtomicRMWInst::Add, bytes, amount, llvm::MaybeAlign(8),
                      llvm::AtomicOrdering::Monotonic);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  return nullptr;
}

std::optional<llvm::Value*> Generator::genTableExternFunction(const CallExpr* call,
                                                              const CallTarget& target) {
  static const std::set<std::string> kNames = {
      "add_entry", "add_entry_if", "set_entry_expire_time", "set_entry_expire_time_if",
      "restart_expire_timer", "update_expire_info", "update_entry_data"};
  const std::string name = target.decl ? target.decl->name : "";
  if (!kNames.count(name)) return std::nullopt;
  auto arg = [&](size_t i) -> const Expr* {
    return i < target.argForParam.size() ? target.argForParam[i] : nullptr;
  };
  const TableState* table = tableAction_.table;
  if (!table) unsupported(call->loc, name + "() outside the actions of a table");
  const midend::TableLayout& t = table->layout;
  llvm::Value* null = llvm::ConstantPointerNull::get(b_->getPtrTy());
  // Runs `body` only when `condition` (an i1, or null for always) holds; returns the phi
  // of body's i1 result and false.
  auto when = [&](llvm::Value* condition, const std::function<llvm::Value*()>& body) -> llvm::Value* {
    if (!condition) return body();
    llvm::BasicBlock* from = b_->GetInsertBlock();
    llvm::BasicBlock* then = newBlock(name + ".do");
    llvm::BasicBlock* done = newBlock(name + ".done");
    b_->CreateCondBr(condition, then, done);
    b_->SetInsertPoint(then);
    llvm::Value* result = body();
    llvm::BasicBlock* end = b_->GetInsertBlock();
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    auto* phi = b_->CreatePHI(b_->getInt1Ty(), 2);
    phi->addIncoming(result, end);
    phi->addIncoming(b_->getFalse(), from);
    return phi;
  };

  // The action data of `action` from a struct expression (by name) or a list/tuple (in
  // order): one value per action data parameter, with its width.
  auto actionDataLeaves = [&](const Expr* params, const midend::TableActionLayout& action) {
    std::vector<std::pair<llvm::Value*, int>> leaves;
    if (auto* cast = params ? dyn_cast<CastExpr>(params) : nullptr;
        cast && (isa<StructExpr>(cast->expr.get()) || isa<ListExpr>(cast->expr.get())))
      params = cast->expr.get();
    if (auto* init = params ? dyn_cast<StructExpr>(params) : nullptr) {
      // `{ port = ..., tag = ... }`: by name, in the action's parameter order.
      for (const auto& p : action.params) {
        auto field = std::find_if(init->fields.begin(), init->fields.end(),
                                  [&](const auto& f) { return f.name == p.name; });
        if (field == init->fields.end())
          unsupported(params->loc, name + "(): no value for parameter '" + p.name + "' of action '" +
                                       action.decl->name + "'");
        llvm::Value* v = genValue(field->value.get(), sema_.typeOfDecl(p.decl));
        leaves.emplace_back(v, static_cast<int>(p.width));
      }
    } else if (params) {
      flattenLeaves(params, leaves);
    }
    if (leaves.size() != action.params.size())
      unsupported(call->loc, name + "(): the action parameters do not match action '" + action.decl->name + "'");
    return leaves;
  };
  auto storeActionData = [&](llvm::Value* value, const midend::TableActionLayout& action,
                             const std::vector<std::pair<llvm::Value*, int>>& leaves) {
    for (size_t i = 0; i < leaves.size(); ++i) {
      const midend::ActionParamLayout& p = action.params[i];
      llvm::Value* v = b_->CreateZExtOrTrunc(leaves[i].first, b_->getIntNTy(8 * p.size));
      storeNetworkBits(*b_, value, 8ull * p.offset, 8 * p.size, v, 8);
    }
  };

  // p4nf extension: the matched entry's action data, rewritten in place (a miss: nothing).
  if (name == "update_entry_data") {
    if (!t.addOnMiss || !tableAction_.hitEntry || !tableAction_.action)
      unsupported(call->loc, name + "() in table '" + t.decl->name + "', which is not add_on_miss = true");
    const midend::TableActionLayout& action = *tableAction_.action;
    llvm::Value* entry = b_->CreateLoad(b_->getPtrTy(), tableAction_.hitEntry);
    std::vector<std::pair<llvm::Value*, int>> leaves = actionDataLeaves(arg(0), action);
    when(b_->CreateICmpNE(entry, null), [&]() -> llvm::Value* {
      storeActionData(entry, action, leaves);
      return b_->getTrue();
    });
    return nullptr;
  }

  if (name == "add_entry" || name == "add_entry_if") {
    if (!t.addOnMiss || !tableAction_.key)
      unsupported(call->loc, name + "() in table '" + t.decl->name + "', which is not add_on_miss = true");
    size_t first = name == "add_entry_if" ? 1 : 0;
    llvm::Value* condition = first ? genCondition(arg(0)) : nullptr;
    auto* actionName = arg(first) ? dyn_cast<StringLit>(arg(first)) : nullptr;
    const midend::TableActionLayout* action = nullptr;
    if (actionName)
      for (const auto& a : t.actions)
        if (a.decl->name == actionName->value || a.name == actionName->value) action = &a;
    if (!actionName)
      unsupported(call->loc, name + "() with an action name that is not a string literal");
    if (!action)
      programError(actionName->loc, name + "(): '" + actionName->value + "' is not an action of table '" +
                                        t.decl->name + "'; add it to the table's actions");
    std::vector<std::pair<llvm::Value*, int>> leaves = actionDataLeaves(arg(first + 1), *action);
    llvm::Value* profile = arg(first + 2) ? convert(genExpr(arg(first + 2)), b_->getInt32Ty(), false)
                                          : b_->getInt32(0);
    llvm::Value* key = tableAction_.key;
    llvm::Value* added = when(condition, [&]() -> llvm::Value* {
      llvm::AllocaInst* value = bpf::createRecordSlot(*b_, t.valueRecord, t.mapName + ".new");
      b_->CreateAlignedStore(b_->getInt32(action->id), value, llvm::Align(8));
      if (t.expires()) {
        b_->CreateAlignedStore(profile, b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), value, t.kExpireProfileOffset),
                               llvm::Align(4));
        b_->CreateAlignedStore(bpf::ktimeGetNs(*b_),
                               b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), value, t.kTimestampOffset),
                               llvm::Align(8));
      }
      storeActionData(value, *action, leaves);
      llvm::Value* status = bpf::mapUpdate(*b_, table->map, key, value, /*BPF_NOEXIST*/ 1);
      return b_->CreateICmpEQ(status, llvm::ConstantInt::get(status->getType(), 0));
    });
    // pna.p4 returns a bool (true: added); tc/pna.p4 an AddEntryErrorStatus_t
    // (ADD_ENTRY_SUCCESS = 0, ADD_ENTRY_NOT_DONE = 1).
    const Type* result = sema_.typeOf(call);
    if (result && !result->is(TypeKind::Bool) && !result->is(TypeKind::Void))
      return convert(b_->CreateNot(added), lowerType(result, call->loc), false);
    return added;
  }

  // The expiry functions act on the entry that matched; in a miss they do nothing.
  // PNA: these "may only be called from within an action of a table with property
  // pna_idle_timeout having a value of NOTIFY_CONTROL or AUTO_DELETE".
  if (!t.expires())
    programError(call->loc, name + "() in an action of table '" + t.decl->name +
                                "', which has no pna_idle_timeout: PNA allows it only in tables whose "
                                "pna_idle_timeout is NOTIFY_CONTROL or AUTO_DELETE");
  if (!tableAction_.hitEntry)
    unsupported(call->loc, name + "() in table '" + t.decl->name + "' here");
  llvm::Value* condition = nullptr;
  llvm::Value* newProfile = nullptr;
  if (name == "set_entry_expire_time") {
    newProfile = genExpr(arg(0));
  } else if (name == "set_entry_expire_time_if") {
    condition = genCondition(arg(0));
    newProfile = genExpr(arg(1));
  } else if (name == "update_expire_info") {
    // update_aging_info: restart at all; update_expire_time: with the new profile.
    condition = genCondition(arg(0));
    llvm::Value* update = genCondition(arg(1));
    newProfile = genExpr(arg(2));
    newProfile = convert(newProfile, b_->getInt32Ty(), false);
    llvm::Value* entry = b_->CreateLoad(b_->getPtrTy(), tableAction_.hitEntry);
    llvm::Value* old = nullptr;
    when(b_->CreateAnd(condition, b_->CreateICmpNE(entry, null)), [&]() -> llvm::Value* {
      llvm::Value* at = b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, t.kExpireProfileOffset);
      old = b_->CreateAlignedLoad(b_->getInt32Ty(), at, llvm::Align(4));
      b_->CreateAlignedStore(b_->CreateSelect(update, newProfile, old), at, llvm::Align(4));
      b_->CreateAlignedStore(bpf::ktimeGetNs(*b_),
                             b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, t.kTimestampOffset),
                             llvm::Align(8));
      return b_->getTrue();
    });
    return nullptr;
  }
  if (newProfile) newProfile = convert(newProfile, b_->getInt32Ty(), false);
  llvm::Value* entry = b_->CreateLoad(b_->getPtrTy(), tableAction_.hitEntry);
  llvm::Value* present = b_->CreateICmpNE(entry, null);
  when(condition ? b_->CreateAnd(condition, present) : present, [&]() -> llvm::Value* {
    if (newProfile)
      b_->CreateAlignedStore(newProfile,
                             b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, t.kExpireProfileOffset),
                             llvm::Align(4));
    b_->CreateAlignedStore(bpf::ktimeGetNs(*b_),
                           b_->CreateConstInBoundsGEP1_32(b_->getInt8Ty(), entry, t.kTimestampOffset),
                           llvm::Align(8));
    return b_->getTrue();
  });
  return nullptr;
}

}  // namespace p4nfc::codegen
