// Big-endian (network order) bit fields in memory: header fields in the packet, key
// fields, action data and register cells in maps. A field of `width` bits starting at
// `bitOffset` bits from `base` is read as the bytes that cover it, byte-swapped to host
// order, shifted and truncated; writes are read-modify-write unless the field is whole
// bytes.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <cstdint>

namespace p4nfc::codegen {

// The alignment claimed for an access of `bytes` bytes at `byteOffset` from a base that is
// `baseAlign`-aligned. Packet accesses claim natural alignment (the verifier does not
// enforce it for packets; it keeps LLVM from splitting loads into bytes).
llvm::Align accessAlignment(uint32_t byteOffset, uint32_t bytes, uint32_t baseAlign);

llvm::Value* loadNetworkBits(llvm::IRBuilder<>& b, llvm::Value* base, uint64_t bitOffset,
                             uint32_t width, uint32_t baseAlign);
void storeNetworkBits(llvm::IRBuilder<>& b, llvm::Value* base, uint64_t bitOffset,
                      uint32_t width, llvm::Value* value, uint32_t baseAlign);

// Reverses the byte order of an integer of `bytes` bytes (any count, odd ones included).
llvm::Value* swapBytes(llvm::IRBuilder<>& b, llvm::Value* value, uint32_t bytes);

}  // namespace p4nfc::codegen
