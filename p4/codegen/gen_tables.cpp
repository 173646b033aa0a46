// Tables: exact -> HASH, lpm -> LPM_TRIE, keyed by the key fields in network order; the
// value is { u32 action_id; action data }. On a miss the one-entry ARRAY `default_map`
// holds the control plane's default action; while its action id is 0 the program's own
// default action (compiled in, with its constant arguments) runs.
#include <llvm/IR/Constants.h>

#include "backend/bpf_helpers.h"
#include "codegen/generator.h"
#include "codegen/network_bytes.h"

namespace p4nfc::codegen {

void Generator::defineTable(const ControlDecl* control, const TableDecl* table) {
  if (tables_.count(table)) return;
  if (failedTables_.count(table)) throw Unsupported{};
  auto layout = midend::layoutTable(sema_, *control, *table, mapNames_, diags_);
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
    backend::MapKind kind = t.kind == midend::TableKind::Lpm ? backend::MapKind::LpmTrie
                                                             : backend::MapKind::Hash;
    auto map = module_.defineMap(backend::MapSpec::typed(t.mapName, kind, t.size, t.keyRecord, t.valueRecord));
    if (!map) unsupported(table->loc, "this table's map: " + llvm::toString(map.takeError()));
    state->map = *map;
  }
  if (!t.defaultIsConst) {
    backend::RecordLayout value = t.valueRecord;
    value.name = t.defaultMapName + "_value";
    auto map = module_.defineMap(backend::MapSpec::indexed(t.defaultMapName, backend::MapKind::Array, 1, value));
    if (!map) unsupported(table->loc, "this table's default map: " + llvm::toString(map.takeError()));
    state->defaultMap = *map;
  }
  manifest_->addTable(t);
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

  llvm::BasicBlock* missBlock = staticDefault;
  if (state.defaultMap) missBlock = newBlock(t.mapName + ".miss");
  if (state.map) {
    llvm::AllocaInst* key = backend::createRecordSlot(*b_, t.keyRecord, t.mapName + ".key");
    uint32_t dataBytes = 0;
    for (const auto& k : t.keys) {
      llvm::Value* v = genValue(k.expr, k.expr->type);
      llvm::Value* wide = b_->CreateZExt(v, b_->getIntNTy(8 * k.size));
      if (v->getType()->getIntegerBitWidth() == 8 * k.size) wide = v;
      storeNetworkBits(*b_, key, 8ull * k.offset, 8 * k.size, wide, 8);
      dataBytes += k.size;
    }
    if (t.kind == midend::TableKind::Lpm)
      b_->CreateAlignedStore(b_->getInt32(8 * dataBytes), key, llvm::Align(4));
    llvm::Value* entry = backend::mapLookup(*b_, state.map, key, "hit_entry");
    llvm::Value* hit = b_->CreateICmpNE(entry, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::BasicBlock* hitBlock = newBlock(t.mapName + ".hit");
    b_->CreateCondBr(hit, hitBlock, missBlock);
    b_->SetInsertPoint(hitBlock);
    b_->CreateStore(b_->getInt1(true), hitSlot);
    valuePtr->addIncoming(entry, hitBlock);
    b_->CreateBr(dispatch);
  } else {
    b_->CreateBr(missBlock);
  }
  if (state.defaultMap) {
    b_->SetInsertPoint(missBlock);
    llvm::AllocaInst* zero = entryAlloca(b_->getInt32Ty(), t.mapName + ".zero", 4);
    b_->CreateStore(b_->getInt32(0), zero);
    llvm::Value* entry = backend::mapLookup(*b_, state.defaultMap, zero, "default_entry");
    llvm::Value* present = b_->CreateICmpNE(entry, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::BasicBlock* check = newBlock(t.mapName + ".default_set");
    b_->CreateCondBr(present, check, staticDefault);
    b_->SetInsertPoint(check);
    llvm::Value* id = b_->CreateAlignedLoad(b_->getInt32Ty(), entry, llvm::Align(4));
    llvm::Value* set = b_->CreateICmpNE(id, b_->getInt32(0));
    valuePtr->addIncoming(entry, check);
    b_->CreateCondBr(set, dispatch, staticDefault);
  }

  // Dispatch on the action id of an entry (a hit, or the control plane's default).
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
      runAction(action, state, valuePtr, nullptr, loc);
      if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);
    }
  }

  b_->SetInsertPoint(staticDefault);
  if (t.defaultAction) {
    b_->CreateStore(b_->getInt32(t.defaultAction->id), idSlot);
    runAction(*t.defaultAction, state, nullptr, &t.defaultArgs, loc);
  }
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(done);

  b_->SetInsertPoint(done);
  ApplyResult result;
  result.table = &state;
  result.hit = b_->CreateLoad(b_->getInt1Ty(), hitSlot);
  result.actionId = b_->CreateLoad(b_->getInt32Ty(), idSlot);
  return result;
}

}  // namespace p4nfc::codegen
