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
      lv->kind = LValue::Kind::Unsupported;
      lv->what = "header unions ('" + name + "')";
      return lv;
    }
    auto h = std::make_shared<HeaderSlot>();
    h->type = st;
    h->name = name;
    h->inPacket = headersInPacket;
    h->bitOffsets = headerFieldOffsets(st);
    auto bits = bitWidth(st);
    for (const auto& f : st->fields)
      if (underlyingType(f.type)->is(TypeKind::Varbit)) {
        lv->kind = LValue::Kind::Unsupported;
        lv->what = "headers with varbit fields ('" + name + "')";
        return lv;
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
      init.CreateStore(packet_.data, h->ptr);
      packetHeaders_.push_back(h);
    } else {
      for (size_t i = 0; i < st->fields.size(); ++i)
        h->fields.push_back(makeStorage(st->fields[i].type, name + "." + st->fields[i].name, false, loc, depth + 1));
    }
    lv->kind = LValue::Kind::Header;
    lv->header = h;
    return lv;
  }
  if (t->is(TypeKind::Stack)) {
    lv->kind = LValue::Kind::Unsupported;
    lv->what = "header stacks ('" + name + "')";
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

llvm::Value* Generator::whenValid(HeaderSlot& header, const std::function<llvm::Value*(llvm::Value*)>& body,
                                  llvm::Type* resultType) {
  // Valid, and (again) inside the packet: the verifier cannot always relate the validity
  // flag to the pointer once LLVM has merged paths and spilled both, so every access
  // carries its own bounds check. Where the extract's check dominates, LLVM removes it.
  llvm::Value* valid = b_->CreateLoad(b_->getInt1Ty(), header.valid, header.name + ".valid");
  llvm::BasicBlock* check = newBlock(header.name + ".valid");
  llvm::BasicBlock* access = newBlock(header.name + ".access");
  llvm::BasicBlock* done = newBlock(header.name + ".done");
  b_->CreateCondBr(valid, check, done);
  b_->SetInsertPoint(check);
  llvm::Value* base = b_->CreateLoad(b_->getPtrTy(), header.ptr, header.name + ".ptr");
  llvm::Value* end = b_->CreateConstGEP1_64(b_->getInt8Ty(), base, header.byteSize);
  b_->CreateCondBr(b_->CreateICmpUGT(end, packet_.dataEnd), done, access);
  b_->SetInsertPoint(access);
  llvm::Value* result = body(base);
  llvm::BasicBlock* accessEnd = b_->GetInsertBlock();
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  if (!resultType) return nullptr;
  auto* phi = b_->CreatePHI(resultType, 3);
  phi->addIncoming(result, accessEnd);
  for (llvm::BasicBlock* pred : llvm::predecessors(done))
    if (pred != accessEnd) phi->addIncoming(llvm::Constant::getNullValue(resultType), pred);
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
      int width = widthOf(lv->type, loc);
      auto* type = b_->getIntNTy(width);
      llvm::Value* v = whenValid(h, [&](llvm::Value* base) -> llvm::Value* {
        return loadNetworkBits(*b_, base, h.bitOffsets[lv->field], width, 0);
      }, type);
      return v;
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
      int width = widthOf(lv->type, loc);
      value = convert(value, b_->getIntNTy(width), false);
      whenValid(h, [&](llvm::Value* base) -> llvm::Value* {
        storeNetworkBits(*b_, base, h.bitOffsets[lv->field], width, value, 0);
        return nullptr;
      }, nullptr);
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
    if (dst.inPacket)
      unsupported(loc, "assigning a whole header that lives in the packet ('" + dst.name +
                           "'): it can change the packet layout");
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
      if (lv->header->inPacket) unsupported(loc, "invalidating a header in the packet");
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
