#include "codegen/network_bytes.h"

#include <llvm/IR/Intrinsics.h>

namespace p4nfc::codegen {

llvm::Align accessAlignment(uint32_t byteOffset, uint32_t bytes, uint32_t baseAlign) {
  uint32_t align = 1;
  while (align < 8 && align * 2 <= bytes) align *= 2;
  if (baseAlign == 0) return llvm::Align(align);  // packet: claim natural alignment
  while (align > 1 && (byteOffset % align != 0 || baseAlign % align != 0)) align /= 2;
  return llvm::Align(align);
}

llvm::Value* swapBytes(llvm::IRBuilder<>& b, llvm::Value* value, uint32_t bytes) {
  if (bytes <= 1) return value;
  auto* type = llvm::cast<llvm::IntegerType>(value->getType());
  if (bytes % 2 == 0) return b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, value);
  // bswap needs an even number of bytes: swap one more, then drop it.
  auto* wide = b.getIntNTy(8 * (bytes + 1));
  llvm::Value* swapped = b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, b.CreateZExt(value, wide));
  return b.CreateTrunc(b.CreateLShr(swapped, 8), type);
}

namespace {

struct Span {
  uint64_t firstByte;
  uint32_t bytes;
  uint32_t shift;  // of the field from bit 0 of the host-order span value
};

Span spanOf(uint64_t bitOffset, uint32_t width) {
  Span s;
  s.firstByte = bitOffset / 8;
  uint32_t lead = bitOffset % 8;
  s.bytes = (lead + width + 7) / 8;
  s.shift = 8 * s.bytes - lead - width;
  return s;
}

llvm::Value* spanAddress(llvm::IRBuilder<>& b, llvm::Value* base, uint64_t firstByte) {
  if (firstByte == 0) return base;
  return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, firstByte);
}

}  // namespace

llvm::Value* loadNetworkBits(llvm::IRBuilder<>& b, llvm::Value* base, uint64_t bitOffset,
                             uint32_t width, uint32_t baseAlign) {
  Span s = spanOf(bitOffset, width);
  auto* spanType = b.getIntNTy(8 * s.bytes);
  llvm::Value* raw = b.CreateAlignedLoad(spanType, spanAddress(b, base, s.firstByte),
                                         accessAlignment(s.firstByte, s.bytes, baseAlign));
  llvm::Value* host = swapBytes(b, raw, s.bytes);
  if (s.shift) host = b.CreateLShr(host, s.shift);
  if (8 * s.bytes != width) host = b.CreateTrunc(host, b.getIntNTy(width));
  return host;
}

void storeNetworkBits(llvm::IRBuilder<>& b, llvm::Value* base, uint64_t bitOffset,
                      uint32_t width, llvm::Value* value, uint32_t baseAlign) {
  Span s = spanOf(bitOffset, width);
  auto* spanType = b.getIntNTy(8 * s.bytes);
  llvm::Value* address = spanAddress(b, base, s.firstByte);
  llvm::Align align = accessAlignment(s.firstByte, s.bytes, baseAlign);
  llvm::Value* wide = b.CreateZExtOrTrunc(value, spanType);
  if (8 * s.bytes != width) {
    llvm::APInt mask = llvm::APInt::getBitsSet(8 * s.bytes, s.shift, s.shift + width);
    llvm::Value* old = swapBytes(b, b.CreateAlignedLoad(spanType, address, align), s.bytes);
    llvm::Value* kept = b.CreateAnd(old, llvm::ConstantInt::get(spanType, ~mask));
    wide = b.CreateOr(kept, b.CreateShl(wide, s.shift));
  }
  b.CreateAlignedStore(swapBytes(b, wide, s.bytes), address, align);
}

}  // namespace p4nfc::codegen
