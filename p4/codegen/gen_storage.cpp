// Types, constants and storage: how P4 values and variables become LLVM values and
// stack slots, and how header fields in the packet are read and written in place.
#include <llvm/IR/Constants.h>

#include <functional>

#include <llvm/IR/CFG.h>

#include "codegen/generator.h"
#include "codegen/network_bytes.h"

namespace p4nfc::codegen {

const Type* Generator::valueType(const Type* t) {
  t = underlyingType(t);
  if (auto* e = dyn_cast<EnumType>(t))
    if (e->underlying) return e->underlying;
  return t;
}

llvm::Type* Generator::lowerType(const Type* t, SourceLoc loc) {
  t = valueType(t);
  if (!t) unsupported(loc, "a value of unknown type");
  switch (t->kind) {
    case TypeKind::Bool: return b_->getInt1Ty();
    case TypeKind::Bits: {
      int w = cast<BitsType>(t)->width;
      if (w <= 0) unsupported(loc, "zero-width values");
      if (w > 512) unsupported(loc, "values wider than 512 bits");
      return b_->getIntNTy(w);
    }
    case TypeKind::Enum:
    case TypeKind::Error: return b_->getInt32Ty();
    default: unsupported(loc, "values of type " + typeToString(t));
  }
}

int Generator::widthOf(const Type* t, SourceLoc loc) {
  return static_cast<int>(lowerType(t, loc)->getIntegerBitWidth());
}

bool Generator::isSigned(const Type* t) const {
  auto* bits = dyn_cast<BitsType>(valueType(t));
  return bits && bits->isSigned;
}

llvm::Constant* Generator::constant(const mpz_class& v, llvm::Type* type) {
  unsigned width = type->getIntegerBitWidth();
  mpz_class modulus = mpz_class(1) << width;
  mpz_class value = v % modulus;
  if (value < 0) value += modulus;
  return llvm::ConstantInt::get(ctx_, llvm::APInt(width, value.get_str(16), 16));
}

llvm::Value* Generator::convert(llvm::Value* v, llvm::Type* to, bool isSignedSource) {
  if (v->getType() == to) return v;
  return isSignedSource ? b_->CreateSExtOrTrunc(v, to) : b_->CreateZExtOrTrunc(v, to);
}

llvm::AllocaInst* Generator::entryAlloca(llvm::Type* type, const std::string& name, uint32_t align) {
  llvm::IRBuilder<> entry(program_.entry, program_.entry->begin());
  auto* slot = entry.CreateAlloca(type, nullptr, name);
  if (align) slot->setAlignment(llvm::Align(align));
  return slot;
}

LValuePtr Generator::makeStorage(const Type* type, const std::string& name, bool headersInPacket,
                                 SourceLoc loc, int depth) {
  auto lv = std::make_shared<LValue>();
  lv->type = type;
  const Type* t = underlyingType(type);
  if (depth > kMaxTypeDepth) unsupported(loc, "types nested this deeply");
  if (auto* st = dyn_cast<StructType>(t)) {
    if (t->is(TypeKind::Struct)) {
      lv->kind = LValue::Kind::Struct;
      for (const auto& f : st->fields)
        lv->members.emplace_back(f.name, makeStorage(f.type, name + "." + f.name, headersInPacket, loc, depth + 1));
      return lv;
    }
    if (t->is(TypeKind::HeaderUnion)) {
      // A struct of its member headers that knows they exclude each other (gen_union.cpp).
      lv->kind = LValue::Kind::Struct;
      std::vector<HeaderSlot*> members;
      for (const auto& f : st->fields) {
        LValuePtr m = makeStorage(f.type, name + "." + f.name, headersInPacket, loc, depth + 1);
        if (m->kind != LValue::Kind::Header) return m;
        members.push_back(m->header.get());
        lv->members.emplace_back(f.name, m);
      }
      for (HeaderSlot* m : members)
        for (HeaderSlot* other : members)
          if (other != m) m->unionSiblings.push_back(other);
      return lv;
    }
    auto h = std::make_shared<HeaderSlot>();
    h->type = st;
    h->name = name;
    h->inPacket = headersInPacket;
    h->bitOffsets = headerFieldOffsets(st);
    auto bits = bitWidth(st);
    for (size_t i = 0; i < st->fields.size(); ++i)
      if (auto* varbit = dyn_cast<VarbitType>(underlyingType(st->fields[i].type))) {
        // In the packet, a varbit field is bytes the header spans, never a value.
        if (!headersInPacket || i + 1 != st->fields.size() || varbit->maxWidth % 8 != 0) {
          lv->kind = LValue::Kind::Unsupported;
          lv->what = "headers with varbit fields outside the parsed headers, or not last, or not whole bytes ('" +
                     name + "')";
          return lv;
        }
        h->varbitField = static_cast<int>(i);
        h->varbitMaxBytes = static_cast<uint32_t>(varbit->maxWidth / 8);
        bits = minBitWidth(st);
      }
    if (!bits || *bits % 8 != 0) {
      lv->kind = LValue::Kind::Unsupported;
      lv->what = "headers whose size is not a whole number of bytes ('" + name + "')";
      return lv;
    }
    h->byteSize = static_cast<uint32_t>(*bits / 8);
    h->valid = entryAlloca(b_->getInt1Ty(), name + ".valid");
    llvm::IRBuilder<> init(program_.entry->getTerminator());
    init.CreateStore(init.getInt1(false), h->valid);
    if (headersInPacket) {
      h->ptr = entryAlloca(b_->getPtrTy(), name + ".ptr");
      init.CreateStore(invalidHeaderStorage(), h->ptr);
      h->offset = entryAlloca(b_->getInt64Ty(), name + ".offset");
      init.CreateStore(init.getInt64(0), h->offset);
      if (h->varbitField >= 0) {
        h->varbitBytes = entryAlloca(b_->getInt64Ty(), name + ".varbit_bytes");
        init.CreateStore(init.getInt64(0), h->varbitBytes);
      }
      packetHeaders_.push_back(h);
    } else {
      for (size_t i = 0; i < st->fields.size(); ++i)
        h->fields.push_back(makeStorage(st->fields[i].type, name + "." + st->fields[i].name, false, loc, depth + 1));
    }
    lv->kind = LValue::Kind::Header;
    lv->header = h;
    return lv;
  }
  if (auto* stack = dyn_cast<StackType>(t)) {
    const Type* element = underlyingType(stack->element);
    if (!element || !element->is(TypeKind::Header) || stack->size <= 0 || stack->size > kMaxStackSize) {
      lv->kind = LValue::Kind::Unsupported;
      lv->what = "header stacks of header unions or of more than " + std::to_string(kMaxStackSize) +
                 " elements ('" + name + "')";
      return lv;
    }
    lv->kind = LValue::Kind::Stack;
    for (int64_t i = 0; i < stack->size; ++i) {
      LValuePtr e = makeStorage(stack->element, name + "[" + std::to_string(i) + "]", headersInPacket, loc, depth + 1);
      if (e->kind == LValue::Kind::Header) {
        e->header->stack = lv.get();
        e->header->stackIndex = static_cast<int>(i);
      }
      lv->members.emplace_back(std::to_string(i), e);
    }
    auto* next = entryAlloca(b_->getInt32Ty(), name + ".nextIndex");
    llvm::IRBuilder<> init(program_.entry->getTerminator());
    init.CreateStore(init.getInt32(0), next);
    lv->slot = next;
    return lv;
  }
  if (t->is(TypeKind::Extern)) {
    lv->kind = LValue::Kind::Extern;
    return lv;
  }
  llvm::Type* lowered = nullptr;
  try {
    lowered = lowerType(t, loc);
  } catch (Unsupported&) {
    throw;
  }
  auto* slot = entryAlloca(lowered, name);
  llvm::IRBuilder<> init(program_.entry->getTerminator());
  init.CreateStore(llvm::Constant::getNullValue(lowered), slot);
  lv->kind = LValue::Kind::Scalar;
  lv->slot = slot;
  return lv;
}

// A header of the parsed struct always points somewhere readable for its whole size:
// into the packet, at bytes that extract checked, or, while it is not there (never
// extracted, setInvalid, a union sibling extracted), at p4nf_invalid_header, zeroed
// storage in .bss as large as the largest header. So a field read needs no branch at all
// and reads 0 from an invalid header, and the verifier sees a pointer that is valid for
// the access on every path: a packet pointer with its checked range, or a map value. No
// validity flag has to be related to the pointer, which the verifier cannot always do
// once LLVM merged paths and spilled both. Writes stay under the validity check (a write
// to an invalid header does nothing), and would only reach the zeroed storage on paths
// the verifier explores but the program never takes, which is why it is writable.
llvm::Value* Generator::invalidHeaderStorage() {
  if (!invalidHeader_) {
    // Sized by sizeInvalidHeaderStorage() once all parsed headers exist.
    auto* type = llvm::ArrayType::get(b_->getInt8Ty(), 0);
    invalidHeader_ = new llvm::GlobalVariable(module_.module(), type, /*isConstant=*/false,
                                              llvm::GlobalValue::ExternalLinkage,
                                              llvm::Constant::getNullValue(type), "p4nf_invalid_header.unsized");
  }
  return invalidHeader_;
}

void Generator::sizeInvalidHeaderStorage() {
  if (!invalidHeader_) return;
  uint32_t bytes = 8;
  for (const auto& h : packetHeaders_) bytes = std::max(bytes, h->byteSize);
  auto* type = llvm::ArrayType::get(b_->getInt8Ty(), (bytes + 7) / 8 * 8);
  auto* sized = new llvm::GlobalVariable(module_.module(), type, /*isConstant=*/false,
                                         llvm::GlobalValue::ExternalLinkage,
                                         llvm::Constant::getNullValue(type), "p4nf_invalid_header");
  sized->setSection(".bss");
  sized->setAlignment(llvm::Align(8));
  module_.debugInfo().describeGlobal(*sized, module_.debugInfo().byteArrayType(type->getNumElements()));
  invalidHeader_->replaceAllUsesWith(sized);
  invalidHeader_->eraseFromParent();
  invalidHeader_ = sized;
}

llvm::Value* Generator::whenValid(HeaderSlot& header, const std::function<llvm::Value*(llvm::Value*)>& body,
                                  llvm::Type* resultType) {
  llvm::Value* valid = b_->CreateLoad(b_->getInt1Ty(), header.valid, header.name + ".valid");
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* access = newBlock(header.name + ".access");
  llvm::BasicBlock* done = newBlock(header.name + ".done");
  b_->CreateCondBr(valid, access, done);
  b_->SetInsertPoint(access);
  llvm::Value* base = b_->CreateLoad(b_->getPtrTy(), header.ptr, header.name + ".ptr");
  llvm::Value* result = body(base);
  llvm::BasicBlock* accessEnd = b_->GetInsertBlock();
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  if (!resultType) return nullptr;
  auto* phi = b_->CreatePHI(resultType, 2);
  phi->addIncoming(result, accessEnd);
  phi->addIncoming(llvm::Constant::getNullValue(resultType), from);
  return phi;
}

llvm::Value* Generator::whenDetached(HeaderSlot& header, const std::function<llvm::Value*()>& local,
                                     const std::function<llvm::Value*()>& inPacket, llvm::Type* resultType) {
  llvm::Value* detached = b_->CreateLoad(b_->getInt1Ty(), header.detached, header.name + ".detached");
  llvm::BasicBlock* localBlock = newBlock(header.name + ".local");
  llvm::BasicBlock* packetBlock = newBlock(header.name + ".in_packet");
  llvm::BasicBlock* done = newBlock(header.name + ".joined");
  b_->CreateCondBr(detached, localBlock, packetBlock);
  b_->SetInsertPoint(localBlock);
  llvm::Value* a = local();
  llvm::BasicBlock* localEnd = b_->GetInsertBlock();
  b_->CreateBr(done);
  b_->SetInsertPoint(packetBlock);
  llvm::Value* c = inPacket();
  llvm::BasicBlock* packetEnd = b_->GetInsertBlock();
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  if (!resultType) return nullptr;
  auto* phi = b_->CreatePHI(resultType, 2);
  phi->addIncoming(a, localEnd);
  phi->addIncoming(c, packetEnd);
  return phi;
}

void Generator::ensureLocalCopy(HeaderSlot& h, SourceLoc loc) {
  if (!h.inPacket || h.detached) return;
  if (h.varbitField >= 0)
    unsupported(loc, "adding, replacing or moving a header with a varbit field ('" + h.name + "')");
  // Created on first need: accesses generated before this point run before any code that
  // can detach the header (controls have no loops), so they may assume the packet.
  h.detached = entryAlloca(b_->getInt1Ty(), h.name + ".detached");
  llvm::IRBuilder<> init(program_.entry->getTerminator());
  init.CreateStore(init.getInt1(false), h.detached);
  for (size_t i = 0; i < h.type->fields.size(); ++i)
    h.fields.push_back(makeStorage(h.type->fields[i].type, h.name + "." + h.type->fields[i].name, false, loc, 1));
}

void Generator::detachHeader(HeaderSlot& h, SourceLoc loc) {
  ensureLocalCopy(h, loc);
  h.layoutTouched = true;
  b_->CreateStore(b_->getInt1(true), h.detached);
}

void Generator::setHeaderValidity(HeaderSlot& h, bool valid, SourceLoc loc) {
  if (!h.inPacket) {
    if (valid)
      for (HeaderSlot* other : h.unionSiblings) b_->CreateStore(b_->getInt1(false), other->valid);
    b_->CreateStore(b_->getInt1(valid), h.valid);
    return;
  }
  h.layoutTouched = true;
  if (valid)
    for (HeaderSlot* other : h.unionSiblings) setHeaderValidity(*other, false, loc);
  else
    b_->CreateStore(invalidHeaderStorage(), h.ptr);  // reads give 0 again
  if (valid) {
    // setValid on a valid header changes nothing; on an invalid one it gives the header
    // fresh (zeroed) local storage that the deparser writes out.
    ensureLocalCopy(h, loc);
    llvm::Value* was = b_->CreateLoad(b_->getInt1Ty(), h.valid, h.name + ".was_valid");
    llvm::BasicBlock* fresh = newBlock(h.name + ".set_valid");
    llvm::BasicBlock* done = newBlock(h.name + ".valid_now");
    b_->CreateCondBr(was, done, fresh);
    b_->SetInsertPoint(fresh);
    b_->CreateStore(b_->getInt1(true), h.detached);
    for (const auto& field : h.fields) zeroLValue(field, loc, 1);
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
  }
  b_->CreateStore(b_->getInt1(valid), h.valid);
}

LValuePtr Generator::headerField(const LValuePtr& header, int index) {
  HeaderSlot& h = *header->header;
  if (!h.inPacket) return h.fields[index];
  auto lv = std::make_shared<LValue>();
  lv->kind = LValue::Kind::PacketField;
  lv->type = h.type->fields[index].type;
  lv->header = header->header;
  lv->field = index;
  return lv;
}

llvm::Value* Generator::forStackElement(const LValuePtr& stack, llvm::Value* index,
                                        const std::function<llvm::Value*(const LValuePtr&)>& body,
                                        llvm::Type* resultType, llvm::BasicBlock* outOfRange) {
  // A switch on the index, one case per element: the elements are separate slots.
  llvm::BasicBlock* done = newBlock("stack.done");
  llvm::BasicBlock* otherwise = outOfRange ? outOfRange : newBlock("stack.none");
  llvm::SwitchInst* sw = b_->CreateSwitch(index, otherwise, static_cast<unsigned>(stack->members.size()));
  std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> results;
  for (size_t i = 0; i < stack->members.size(); ++i) {
    llvm::BasicBlock* element = newBlock("stack." + std::to_string(i));
    sw->addCase(b_->getInt32(static_cast<uint32_t>(i)), element);
    b_->SetInsertPoint(element);
    llvm::Value* v = body(stack->members[i].second);
    results.emplace_back(v, b_->GetInsertBlock());
    b_->CreateBr(done);
  }
  if (!outOfRange) {
    b_->SetInsertPoint(otherwise);
    b_->CreateBr(done);
    if (resultType) results.emplace_back(llvm::Constant::getNullValue(resultType), otherwise);
  }
  b_->SetInsertPoint(done);
  if (!resultType) return nullptr;
  auto* phi = b_->CreatePHI(resultType, static_cast<unsigned>(results.size()));
  for (auto& [v, block] : results) phi->addIncoming(v, block);
  return phi;
}

llvm::Value* Generator::readLValue(const LValuePtr& lv, SourceLoc loc) {
  switch (lv->kind) {
    case LValue::Kind::Scalar:
      return b_->CreateLoad(lowerType(lv->type, loc), lv->slot);
    case LValue::Kind::Value:
      return lv->value;
    case LValue::Kind::PacketField: {
      HeaderSlot& h = *lv->header;
      if (lv->field == h.varbitField) unsupported(loc, "reading a varbit field ('" + h.name + "')");
      int width = widthOf(lv->type, loc);
      auto* type = b_->getIntNTy(width);
      auto fromPacket = [&]() -> llvm::Value* {
        // No validity check: see invalidHeaderStorage().
        llvm::Value* base = b_->CreateLoad(b_->getPtrTy(), h.ptr, h.name + ".ptr");
        return loadNetworkBits(*b_, base, h.bitOffsets[lv->field], width, 0);
      };
      (void)type;
      if (!h.hasLocalCopy()) return fromPacket();
      return whenDetached(h, [&]() { return readLValue(h.fields[lv->field], loc); }, fromPacket, type);
    }
    case LValue::Kind::StackField: {
      llvm::Type* type = lowerType(lv->type, loc);
      return forStackElement(lv->base, lv->value, [&](const LValuePtr& element) -> llvm::Value* {
        return readLValue(headerField(element, lv->field), loc);
      }, type, nullptr);
    }
    case LValue::Kind::Slice: {
      llvm::Value* whole = readLValue(lv->base, loc);
      llvm::Value* shifted = lv->lo ? b_->CreateLShr(whole, lv->lo) : whole;
      return b_->CreateTrunc(shifted, b_->getIntNTy(lv->hi - lv->lo + 1));
    }
    case LValue::Kind::Unsupported:
      unsupported(loc, lv->what);
    default:
      unsupported(loc, "using a struct, header or extern as a value here");
  }
}

void Generator::writeLValue(const LValuePtr& lv, llvm::Value* value, SourceLoc loc) {
  switch (lv->kind) {
    case LValue::Kind::Scalar:
      b_->CreateStore(convert(value, lowerType(lv->type, loc), false), lv->slot);
      return;
    case LValue::Kind::PacketField: {
      HeaderSlot& h = *lv->header;
      if (lv->field == h.varbitField) unsupported(loc, "writing a varbit field ('" + h.name + "')");
      int width = widthOf(lv->type, loc);
      value = convert(value, b_->getIntNTy(width), false);
      auto toPacket = [&]() -> llvm::Value* {
        return whenValid(h, [&](llvm::Value* base) -> llvm::Value* {
          storeNetworkBits(*b_, base, h.bitOffsets[lv->field], width, value, 0);
          return nullptr;
        }, nullptr);
      };
      if (!h.hasLocalCopy()) {
        toPacket();
        return;
      }
      whenDetached(h, [&]() -> llvm::Value* {
        writeLValue(h.fields[lv->field], value, loc);
        return nullptr;
      }, toPacket, nullptr);
      return;
    }
    case LValue::Kind::Slice: {
      llvm::Value* whole = readLValue(lv->base, loc);
      auto* type = llvm::cast<llvm::IntegerType>(whole->getType());
      unsigned width = type->getBitWidth();
      llvm::APInt mask = llvm::APInt::getBitsSet(width, lv->lo, lv->hi + 1);
      llvm::Value* kept = b_->CreateAnd(whole, llvm::ConstantInt::get(type, ~mask));
      llvm::Value* part = b_->CreateShl(b_->CreateZExtOrTrunc(value, type), lv->lo);
      writeLValue(lv->base, b_->CreateOr(kept, part), loc);
      return;
    }
    case LValue::Kind::StackField:
      forStackElement(lv->base, lv->value, [&](const LValuePtr& element) -> llvm::Value* {
        writeLValue(headerField(element, lv->field), value, loc);
        return nullptr;
      }, nullptr, nullptr);
      return;
    case LValue::Kind::Value:
      unsupported(loc, "assigning to a read-only value");
    case LValue::Kind::Unsupported:
      unsupported(loc, lv->what);
    default:
      unsupported(loc, "assigning a scalar to a struct, header or extern");
  }
}

void Generator::copyLValue(const LValuePtr& to, const LValuePtr& from, SourceLoc loc, int depth) {
  if (depth > kMaxTypeDepth) unsupported(loc, "types nested this deeply");
  if (to->kind == LValue::Kind::Unsupported) unsupported(loc, to->what);
  if (from->kind == LValue::Kind::Unsupported) unsupported(loc, from->what);
  if (to->kind == LValue::Kind::Struct && from->kind == LValue::Kind::Struct) {
    for (const auto& [name, member] : to->members) {
      LValuePtr source = from->member(name);
      if (!source) unsupported(loc, "copying structs of different shapes");
      copyLValue(member, source, loc, depth + 1);
    }
    return;
  }
  if (to->kind == LValue::Kind::Header && from->kind == LValue::Kind::Header) {
    HeaderSlot& dst = *to->header;
    HeaderSlot& src = *from->header;
    if (dst.inPacket) {
      if (&dst == &src) return;
      detachHeader(dst, loc);
    }
    b_->CreateStore(b_->CreateLoad(b_->getInt1Ty(), src.valid), dst.valid);
    for (size_t i = 0; i < dst.fields.size(); ++i) {
      LValuePtr field = src.inPacket ? nullptr : src.fields[i];
      if (!field) {
        field = std::make_shared<LValue>();
        field->kind = LValue::Kind::PacketField;
        field->type = src.type->fields[i].type;
        field->header = from->header;
        field->field = static_cast<int>(i);
      }
      writeLValue(dst.fields[i], readLValue(field, loc), loc);
    }
    return;
  }
  if (to->kind == LValue::Kind::Struct || to->kind == LValue::Kind::Header ||
      from->kind == LValue::Kind::Struct || from->kind == LValue::Kind::Header)
    unsupported(loc, "this struct or header assignment");
  writeLValue(to, readLValue(from, loc), loc);
}

void Generator::zeroLValue(const LValuePtr& lv, SourceLoc loc, int depth) {
  if (depth > kMaxTypeDepth) unsupported(loc, "types nested this deeply");
  switch (lv->kind) {
    case LValue::Kind::Struct:
      for (const auto& [name, member] : lv->members) zeroLValue(member, loc, depth + 1);
      return;
    case LValue::Kind::Header:
      if (lv->header->inPacket) {
        setHeaderValidity(*lv->header, false, loc);
        return;
      }
      b_->CreateStore(b_->getInt1(false), lv->header->valid);
      return;
    case LValue::Kind::Scalar:
      b_->CreateStore(llvm::Constant::getNullValue(lowerType(lv->type, loc)), lv->slot);
      return;
    default:
      return;
  }
}

}  // namespace p4nfc::codegen
