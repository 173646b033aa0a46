// The deparser: the packet leaves with the headers the deparser emits, in emit order, each
// when valid, followed by the bytes the parser did not consume.
//
// Headers are edited in place, so when the emitted layout is the parsed one (no header is
// added, removed or reordered, nothing was skipped) the deparser costs nothing. Otherwise
// the packet is split in two: a kept suffix, the longest run of emitted headers that the
// program never adds or removes and that the parser found contiguous up to its end (plus
// the payload), which stays where it is; and a prefix, which is rebuilt. The prefix's
// headers are copied into one stack buffer (the image, in network byte order), the packet
// grows or shrinks at its front by the difference (XDP: bpf_xdp_adjust_head; TC:
// bpf_skb_change_head to grow, bpf_skb_adjust_room to shrink), and the image is written
// back in emit order.
#include <llvm/IR/Constants.h>

#include "bpf/bpf_helpers.h"
#include "bpf/bpf_program.h"
#include "codegen/generator.h"
#include "codegen/network_bytes.h"

namespace p4nfc::codegen {
namespace {

constexpr uint32_t kAdjustRoomMac = 1;  // BPF_ADJ_ROOM_MAC: room after the L2 header

// The receiver of `x.isValid()`, or null.
const Expr* isValidReceiver(const Expr* e) {
  auto* call = dyn_cast<CallExpr>(e);
  auto* member = call && call->args.empty() ? dyn_cast<MemberExpr>(call->callee.get()) : nullptr;
  return member && member->member == "isValid" ? member->base.get() : nullptr;
}

// emit() calls that act as if they always ran: statements of the deparser's body (not
// under an if, not inside an action or function), and `if (h.isValid()) emit(h);`, since
// emit() skips invalid headers anyway.
void collectUnconditional(const Stmt* s, std::set<const CallExpr*>& out, const Expr* guard = nullptr) {
  if (!s) return;
  if (auto* call = dyn_cast<CallStmt>(s)) {
    const Expr* arg = call->call->args.size() == 1 ? call->call->args[0].value.get() : nullptr;
    if (!guard || (arg && sameLValue(*arg, *guard))) out.insert(call->call.get());
  }
  if (auto* block = dyn_cast<BlockStmt>(s))
    for (const auto& inner : block->stmts) collectUnconditional(inner.get(), out, guard);
  if (auto* branch = dyn_cast<IfStmt>(s); branch && !guard && !branch->elseStmt)
    if (const Expr* receiver = isValidReceiver(branch->cond.get()))
      collectUnconditional(branch->thenStmt.get(), out, receiver);
}

// Copies `size` bytes in the widest loads and stores the alignments allow (8, then 4, 2,
// 1): an alignment of 0 is the packet's, which claims natural alignment (bpf/README.md,
// rule 6); stack sides must really be aligned, which the 8-aligned image is. Volatile
// loads keep a stack source in memory: SROA would otherwise turn it back into registers,
// which spill across the helper calls in between.
void copyBytes(llvm::IRBuilder<>& b, llvm::Value* to, uint32_t toAlign, llvm::Value* from,
               uint32_t fromAlign, uint32_t size, bool volatileLoads = false) {
  uint32_t offset = 0;
  for (uint32_t chunk = 8; chunk >= 1; chunk /= 2) {
    for (; offset + chunk <= size; offset += chunk) {
      llvm::Type* type = b.getIntNTy(8 * chunk);
      llvm::Value* source = b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), from, offset);
      llvm::Value* target = b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), to, offset);
      llvm::Value* v =
          b.CreateAlignedLoad(type, source, accessAlignment(offset, chunk, fromAlign), volatileLoads);
      b.CreateAlignedStore(v, target, accessAlignment(offset, chunk, toAlign));
    }
  }
}

// Whether anything but the parser's `true` may be stored into a header's validity: the
// entry block's initial `false` aside, such a store (setInvalid, a whole assignment, a
// stack pop, a union sibling's extract) can make the header invalid.
bool mayBecomeInvalid(const HeaderSlot& h, const llvm::BasicBlock* entry) {
  for (const llvm::User* user : h.valid->users()) {
    auto* store = llvm::dyn_cast<llvm::StoreInst>(user);
    if (!store || store->getParent() == entry) continue;
    auto* value = llvm::dyn_cast<llvm::ConstantInt>(store->getValueOperand());
    if (!value || !value->isOne()) return true;
  }
  return false;
}

}  // namespace

void Generator::genEmit(const CallExpr* call, const LValuePtr& lv) {
  std::set<const CallExpr*> unconditional;
  if (pipeline_ && pipeline_->deparser) collectUnconditional(pipeline_->deparser->body.get(), unconditional);
  bool always = inlineDepth_ == 0 && unconditional.count(call);
  std::function<void(const LValuePtr&, int)> emit = [&](const LValuePtr& part, int depth) {
    if (depth > kMaxTypeDepth) unsupported(call->loc, "types nested this deeply");
    if (part->kind == LValue::Kind::Unsupported) unsupported(call->loc, part->what);
    if (part->kind == LValue::Kind::Struct || part->kind == LValue::Kind::Stack) {
      for (const auto& [name, member] : part->members) emit(member, depth + 1);
      return;
    }
    if (part->kind != LValue::Kind::Header) unsupported(call->loc, "emitting something other than headers");
    HeaderSlot& h = *part->header;
    if (h.emitted)
      unsupported(call->loc, "emitting the header '" + h.name + "' more than once");
    h.emitted = true;
    h.emitIndex = static_cast<int>(emitOrder_.size());
    emitOrder_.push_back(part->header);
    if (!always) {
      h.emitFlag = entryAlloca(b_->getInt1Ty(), h.name + ".emitted");
      llvm::IRBuilder<> init(program_.entry->getTerminator());
      init.CreateStore(init.getInt1(false), h.emitFlag);
      b_->CreateStore(b_->getInt1(true), h.emitFlag);
    }
  };
  emit(lv, 0);
}

// TC: moves bytes [from, skb->len) to `to` (< from), front to back through a 64-byte
// stack buffer, then trims the tail; returns the helpers' verdict (0: done). A bounded
// loop: packets whose kept part exceeds kMaxMovedBytes are dropped (through `failed`).
llvm::Value* Generator::moveKeptBytes(llvm::Value* from, llvm::Value* to, llvm::BasicBlock* failed) {
  constexpr uint64_t kChunk = 64, kMaxMovedBytes = 9216;
  llvm::Type* i64 = b_->getInt64Ty();
  if (!moveBuffer_) moveBuffer_ = entryAlloca(llvm::ArrayType::get(b_->getInt8Ty(), kChunk), "move.buffer", 8);
  llvm::Value* length = b_->CreateZExt(bpf::loadContextU32(*b_, program_.ctx, 0, "skb_len"), i64);
  llvm::BasicBlock* entry = b_->GetInsertBlock();
  llvm::BasicBlock* loop = newBlock("move.loop");
  llvm::BasicBlock* body = newBlock("move.chunk");
  llvm::BasicBlock* whole = newBlock("move.whole");
  llvm::BasicBlock* partial = newBlock("move.partial");
  llvm::BasicBlock* trim = newBlock("move.trim");
  b_->CreateBr(loop);
  b_->SetInsertPoint(loop);
  auto* iteration = b_->CreatePHI(i64, 2, "move.i");
  iteration->addIncoming(b_->getInt64(0), entry);
  llvm::Value* source = b_->CreateAdd(from, b_->CreateMul(iteration, b_->getInt64(kChunk)));
  llvm::Value* target = b_->CreateAdd(to, b_->CreateMul(iteration, b_->getInt64(kChunk)));
  llvm::Value* left = b_->CreateSub(length, source, "move.left");
  llvm::BasicBlock* more = newBlock("move.more");
  b_->CreateCondBr(b_->CreateICmpSLE(left, b_->getInt64(0)), trim, more);
  b_->SetInsertPoint(more);
  b_->CreateCondBr(b_->CreateICmpUGE(iteration, b_->getInt64(kMaxMovedBytes / kChunk)), failed, body);
  b_->SetInsertPoint(body);
  b_->CreateCondBr(b_->CreateICmpUGE(left, b_->getInt64(kChunk)), whole, partial);
  auto copy = [&](llvm::Value* size) {
    llvm::Value* loaded = bpf::callHelper(*b_, bpf::Helper::SkbLoadBytes, i64,
                                              {program_.ctx, b_->CreateAnd(source, b_->getInt64(0xffffffff)),
                                               moveBuffer_, size});
    llvm::Value* stored = bpf::callHelper(*b_, bpf::Helper::SkbStoreBytes, i64,
                                              {program_.ctx, b_->CreateAnd(target, b_->getInt64(0xffffffff)),
                                               moveBuffer_, size, b_->getInt64(0)});
    return b_->CreateOr(loaded, stored);
  };
  b_->SetInsertPoint(whole);
  llvm::Value* wholeResult = copy(b_->getInt64(kChunk));
  llvm::BasicBlock* next = newBlock("move.next");
  b_->CreateCondBr(b_->CreateICmpEQ(wholeResult, b_->getInt64(0)), next, failed);
  b_->SetInsertPoint(next);
  iteration->addIncoming(b_->CreateAdd(iteration, b_->getInt64(1)), next);
  b_->CreateBr(loop);
  b_->SetInsertPoint(partial);
  // 1..63 bytes: a size the verifier can bound.
  llvm::Value* rest = b_->CreateAnd(left, b_->getInt64(kChunk - 1));
  llvm::BasicBlock* copyRest = newBlock("move.rest");
  b_->CreateCondBr(b_->CreateICmpEQ(rest, b_->getInt64(0)), trim, copyRest);
  b_->SetInsertPoint(copyRest);
  llvm::Value* restResult = copy(rest);
  b_->CreateCondBr(b_->CreateICmpEQ(restResult, b_->getInt64(0)), trim, failed);
  b_->SetInsertPoint(trim);
  llvm::Value* newSize = b_->CreateSub(length, b_->CreateSub(from, to));
  return bpf::callHelper(*b_, bpf::Helper::SkbChangeTail, i64,
                             {program_.ctx, b_->CreateAnd(newSize, b_->getInt64(0xffffffff)), b_->getInt64(0)});
}

namespace {
bool stableHeader(const HeaderSlot* h) {
  return h->inPacket && !h->layoutTouched && !h->emitFlag && h->emitIndex >= 0;
}
}  // namespace

// Where the kept suffix of emitOrder_ starts: stable headers (in the packet, untouched,
// always emitted) after which the parser extracts nothing but kept headers, in emit
// order. Their bytes stay where they are. emitOrder_.size(): nothing is kept.
size_t Generator::keptSuffixStart(const ExtractOrder& order) const {
  size_t keptFrom = emitOrder_.size();
  if (advanced_) return keptFrom;
  while (keptFrom > 0 && stableHeader(emitOrder_[keptFrom - 1].get())) --keptFrom;
  auto isKept = [&](const HeaderSlot* h, size_t from) {
    return h->emitIndex >= 0 && static_cast<size_t>(h->emitIndex) >= from && stableHeader(h);
  };
  for (;; ++keptFrom) {
    bool ok = true;
    for (const auto& [a, b] : order)
      if (isKept(a, keptFrom) && (a == b || !isKept(b, keptFrom) || a->emitIndex > b->emitIndex)) ok = false;
    if (ok || keptFrom == emitOrder_.size()) break;
  }
  return keptFrom;
}

// The prefix's image: every emitted header before `keptFrom`, in network byte order, at an
// 8-aligned place of one stack buffer, so that only these bytes live across the resize.
// (A local copy's fields would each need a stack slot of their own there: 8 bytes for a
// 4-bit field, and a program adding a few headers would exceed the 512-byte stack.)
Generator::DeparseImage Generator::buildDeparseImage(size_t keptFrom, SourceLoc loc) {
  DeparseImage image;
  uint32_t imageSize = 0;
  for (size_t i = 0; i < keptFrom; ++i) {
    image.offsets.push_back(imageSize);
    imageSize += (emitOrder_[i]->byteSize + 7) / 8 * 8;
  }
  image.buffer =
      imageSize ? entryAlloca(llvm::ArrayType::get(b_->getInt8Ty(), imageSize), "deparse.image", 8) : nullptr;
  if (image.buffer) {
    // Zeroed on entry: SROA keeps the image in registers, and on the paths that skip a
    // header its bytes must still be defined values (an undefined register that LLVM
    // spills is refused by the verifier: "R0 !read_ok").
    llvm::IRBuilder<> init(program_.entry->getTerminator());
    init.CreateMemSet(image.buffer, init.getInt8(0), imageSize, llvm::Align(8));
  }
  auto fieldsToImage = [&](HeaderSlot& h, llvm::Value* slot) -> llvm::Value* {
    // Zeroed first: fields narrower than a byte are merged into what is there (the stores
    // that cover it make the memset go away).
    b_->CreateMemSet(slot, b_->getInt8(0), h.byteSize, llvm::Align(8));
    for (size_t f = 0; f < h.fields.size(); ++f) {
      int width = widthOf(h.type->fields[f].type, loc);
      storeNetworkBits(*b_, slot, h.bitOffsets[f], width, readLValue(h.fields[f], loc), 8);
    }
    return nullptr;
  };
  image.length = b_->getInt64(0);
  for (size_t i = 0; i < keptFrom; ++i) {
    HeaderSlot& h = *emitOrder_[i];
    llvm::Value* valid = b_->CreateLoad(b_->getInt1Ty(), h.valid, h.name + ".valid");
    if (h.emitFlag) valid = b_->CreateAnd(valid, b_->CreateLoad(b_->getInt1Ty(), h.emitFlag));
    image.emitted.push_back(valid);
    image.length =
        b_->CreateAdd(image.length, b_->CreateSelect(valid, b_->getInt64(h.byteSize), b_->getInt64(0)));
    llvm::BasicBlock* fill = newBlock(h.name + ".image");
    llvm::BasicBlock* next = newBlock(h.name + ".imaged");
    b_->CreateCondBr(valid, fill, next);
    b_->SetInsertPoint(fill);
    llvm::Value* slot = image.at(*b_, i);
    // A packet header that was never detached is its bytes in the packet.
    auto packetToImage = [&]() -> llvm::Value* {
      llvm::Value* base = b_->CreateLoad(b_->getPtrTy(), h.ptr, h.name + ".ptr");
      copyBytes(*b_, slot, 8, base, 0, h.byteSize);
      return nullptr;
    };
    if (!h.inPacket) fieldsToImage(h, slot);
    else if (!h.detached) packetToImage();
    else whenDetached(h, [&] { return fieldsToImage(h, slot); }, packetToImage, nullptr);
    b_->CreateBr(next);
    b_->SetInsertPoint(next);
  }
  return image;
}

llvm::Value* Generator::DeparseImage::at(llvm::IRBuilder<>& b, size_t i) const {
  return b.CreateConstInBoundsGEP1_32(b.getInt8Ty(), buffer, offsets[i]);
}

// The front can only grow when every byte the parser consumed before the kept suffix
// comes back: each header it extracted there is emitted in the prefix, always, and stays
// valid. Then TC needs no shrinking path (its byte-moving loop costs stack and verifier
// work).
bool Generator::frontOnlyGrows(size_t keptFrom) const {
  if (advanced_) return false;
  for (const auto& [state, h] : extracts_) {
    bool kept = h->emitIndex >= 0 && static_cast<size_t>(h->emitIndex) >= keptFrom;
    if (kept) continue;
    if (h->emitIndex < 0 || h->emitFlag || mayBecomeInvalid(*h, program_.entry)) return false;
  }
  return true;
}

// Grows or shrinks the front of the packet by `growth` bytes: 0 when it worked.
llvm::Value* Generator::resizeFront(llvm::Value* growth, llvm::Value* keepStart, llvm::Value* newLength,
                                    bool onlyGrows, llvm::BasicBlock* failed) {
  if (kind_ == bpf::ProgramKind::Xdp)
    return bpf::xdpAdjustHead(*b_, program_.ctx, b_->CreateTrunc(b_->CreateNeg(growth), b_->getInt32Ty()));
  if (onlyGrows) return bpf::skbChangeHead(*b_, program_.ctx, b_->CreateTrunc(growth, b_->getInt32Ty()));
  llvm::BasicBlock* grow = newBlock("deparse.grow");
  llvm::BasicBlock* shrink = newBlock("deparse.shrink");
  llvm::BasicBlock* resized = newBlock("deparse.resized");
  b_->CreateCondBr(b_->CreateICmpSGT(growth, b_->getInt64(0)), grow, shrink);
  b_->SetInsertPoint(grow);
  llvm::Value* grown = bpf::skbChangeHead(*b_, program_.ctx, b_->CreateTrunc(growth, b_->getInt32Ty()));
  b_->CreateBr(resized);
  b_->SetInsertPoint(shrink);
  // bpf_skb_adjust_room takes the room out after the first 14 bytes, so both ends must
  // lie in the rebuilt prefix; it only knows IPv4 and IPv6 packets (skb->protocol).
  // Anything else moves the kept bytes forward and trims the tail.
  llvm::BasicBlock* room = newBlock("deparse.room");
  llvm::BasicBlock* move = newBlock("deparse.move");
  b_->CreateCondBr(b_->CreateICmpULT(newLength, b_->getInt64(14)), move, room);
  b_->SetInsertPoint(room);
  llvm::Value* shrunk =
      bpf::skbAdjustRoom(*b_, program_.ctx, b_->CreateTrunc(growth, b_->getInt32Ty()), kAdjustRoomMac, 0);
  llvm::BasicBlock* roomEnd = b_->GetInsertBlock();
  b_->CreateCondBr(b_->CreateICmpEQ(shrunk, b_->getInt64(0)), resized, move);
  b_->SetInsertPoint(move);
  llvm::Value* moved = moveKeptBytes(keepStart, newLength, failed);
  llvm::BasicBlock* moveEnd = b_->GetInsertBlock();
  b_->CreateBr(resized);
  b_->SetInsertPoint(resized);
  auto* phi = b_->CreatePHI(b_->getInt64Ty(), 3, "resize_result");
  phi->addIncoming(grown, grow);
  phi->addIncoming(shrunk, roomEnd);
  phi->addIncoming(moved, moveEnd);
  return phi;
}

// Writes the prefix in emit order after the resize. Every packet pointer died with it.
void Generator::writePrefix(const DeparseImage& image, size_t keptFrom, llvm::BasicBlock* failed) {
  packet_ = bpf::loadPacketPointers(*b_, program_.ctx, kind_);
  llvm::Value* offset = b_->getInt64(0);
  for (size_t i = 0; i < keptFrom; ++i) {
    HeaderSlot& h = *emitOrder_[i];
    llvm::BasicBlock* from = b_->GetInsertBlock();
    llvm::BasicBlock* store = newBlock(h.name + ".write");
    llvm::BasicBlock* next = newBlock(h.name + ".written");
    b_->CreateCondBr(image.emitted[i], store, next);
    b_->SetInsertPoint(store);
    llvm::Value* base = bpf::packetAddress(*b_, packet_, offset, h.name + ".out");
    bpf::checkPacketBounds(*b_, packet_, base, h.byteSize, failed);
    copyBytes(*b_, base, 0, image.at(*b_, i), 8, h.byteSize);
    llvm::Value* after = b_->CreateAdd(offset, b_->getInt64(h.byteSize));
    llvm::BasicBlock* storeEnd = b_->GetInsertBlock();
    b_->CreateBr(next);
    b_->SetInsertPoint(next);
    auto* phi = b_->CreatePHI(b_->getInt64Ty(), 2, "out_offset");
    phi->addIncoming(offset, from);
    phi->addIncoming(after, storeEnd);
    offset = phi;
  }
}

void Generator::genDeparse(SourceLoc loc) {
  ExtractOrder order = extractOrder();
  // Unchanged: every extracted header is emitted, always, untouched, in parse order.
  bool unchanged = !advanced_;
  for (const auto& h : emitOrder_) unchanged &= stableHeader(h.get());
  for (const auto& [state, h] : extracts_) unchanged &= stableHeader(h);
  for (const auto& [a, b] : order) unchanged &= a != b && a->emitIndex < b->emitIndex;
  if (unchanged) return;

  size_t keptFrom = keptSuffixStart(order);
  setLocation(loc);
  llvm::Type* i64 = b_->getInt64Ty();
  llvm::Value* keepStart = b_->CreateLoad(i64, cursor_, "parsed_end");
  for (size_t i = emitOrder_.size(); i > keptFrom; --i) {
    HeaderSlot& h = *emitOrder_[i - 1];
    llvm::Value* valid = b_->CreateLoad(b_->getInt1Ty(), h.valid);
    keepStart = b_->CreateSelect(valid, b_->CreateLoad(i64, h.offset), keepStart, "keep_start");
  }
  DeparseImage image = buildDeparseImage(keptFrom, loc);
  bool onlyGrows = frontOnlyGrows(keptFrom);

  llvm::BasicBlock* failed = newBlock("deparse.failed");
  llvm::BasicBlock* done = newBlock("deparse.done");
  llvm::BasicBlock* write = newBlock("deparse.write");
  llvm::BasicBlock* resize = newBlock("deparse.resize");
  llvm::Value* growth = b_->CreateSub(image.length, keepStart, "growth");
  b_->CreateCondBr(b_->CreateICmpEQ(growth, b_->getInt64(0)), write, resize);
  b_->SetInsertPoint(resize);
  llvm::Value* result = resizeFront(growth, keepStart, image.length, onlyGrows, failed);
  b_->CreateCondBr(b_->CreateICmpEQ(result, b_->getInt64(0)), write, failed);

  b_->SetInsertPoint(write);
  writePrefix(image, keptFrom, failed);
  b_->CreateBr(done);

  // The packet could not take its new shape: drop it.
  b_->SetInsertPoint(failed);
  b_->CreateStore(b_->getInt32(kVerdictDrop), verdict_);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

}  // namespace p4nfc::codegen
