// PNA Hash<O> and Checksum<W>: hashes over the bytes of P4 data, taken in network order
// (the leaves of the data one after the other, most significant bit first, as they would
// sit in a header). Algorithms:
//   CRC32             CRC-32/ISO-HDLC (zlib, Ethernet): reflected poly 0xEDB88320,
//                     init and final xor 0xffffffff; "123456789" -> 0xcbf43926
//   CRC16             CRC-16/ARC (bmv2's crc16): reflected poly 0xA001, init 0, no final
//                     xor; "123456789" -> 0xbb3d
//   IDENTITY          the data itself, its low bits when wider than the result
//   ONES_COMPLEMENT16 the Internet checksum (RFC 1071) of the data, complemented
//   TARGET_DEFAULT    CRC32
// CRCs are table driven, one lookup per byte: the 256-entry tables are constant globals in
// .rodata (p4nf_crc32_table, p4nf_crc16_table). A bit-by-bit CRC is branch free in C, but
// LLVM turns each bit into `-(r & 1) & poly`, and the verifier forks its state on every
// such 0/-1 mask: 2^(8 x bytes) paths, "program too large".
#include <llvm/IR/Constants.h>
#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/GlobalVariable.h>

#include "codegen/generator.h"

namespace p4nfc::codegen {

namespace {

struct CrcSpec {
  uint32_t poly;  // reflected
  uint32_t init;
  uint32_t xorOut;
  uint32_t mask;
};
constexpr CrcSpec kCrc32 = {0xEDB88320u, 0xffffffffu, 0xffffffffu, 0xffffffffu};
constexpr CrcSpec kCrc16 = {0xA001u, 0, 0, 0xffffu};
// ONES_COMPLEMENT16 state: the sum of words in bits 0..62, the byte parity in bit 63.
constexpr uint64_t kOnesComplementSumMask = ~(uint64_t{1} << 63);

const CrcSpec* crcOf(HashAlgorithm a) {
  if (a == HashAlgorithm::Crc32) return &kCrc32;
  if (a == HashAlgorithm::Crc16) return &kCrc16;
  return nullptr;
}

}  // namespace

std::optional<HashAlgorithm> hashAlgorithmNamed(const std::string& name) {
  if (name == "CRC32" || name == "TARGET_DEFAULT") return HashAlgorithm::Crc32;
  if (name == "CRC16") return HashAlgorithm::Crc16;
  if (name == "IDENTITY") return HashAlgorithm::Identity;
  if (name == "ONES_COMPLEMENT16") return HashAlgorithm::OnesComplement16;
  if (name == "TOEPLITZ") return HashAlgorithm::Toeplitz;  // dpdk/pna.p4
  return std::nullopt;
}

// The data's bytes (i32 values 0..255) in network order; nullopt when the data is not a
// whole number of bytes.
std::optional<std::vector<llvm::Value*>> Generator::dataBytes(const Expr* data) {
  std::vector<std::pair<llvm::Value*, int>> leaves;
  flattenLeaves(data, leaves);
  std::vector<llvm::Value*> bytes;
  llvm::Value* partial = nullptr;
  int partialBits = 0;
  for (auto& [value, width] : leaves) {
    int remaining = width;
    while (remaining > 0) {
      int take = std::min(8 - partialBits, remaining);
      llvm::Value* piece = value;
      if (remaining - take) piece = b_->CreateLShr(piece, remaining - take);
      piece = b_->CreateAnd(b_->CreateZExtOrTrunc(piece, b_->getInt32Ty()), b_->getInt32((1u << take) - 1));
      partial = partial ? b_->CreateOr(b_->CreateShl(partial, take), piece) : piece;
      partialBits += take;
      remaining -= take;
      if (partialBits == 8) {
        bytes.push_back(partial);
        partial = nullptr;
        partialBits = 0;
      }
    }
  }
  if (partialBits) return std::nullopt;
  return bytes;
}

// The byte table of a reflected CRC, defined once per object.
llvm::GlobalVariable* Generator::crcTable(HashAlgorithm algorithm) {
  const CrcSpec* crc = crcOf(algorithm);
  std::string name = algorithm == HashAlgorithm::Crc32 ? "p4nf_crc32_table" : "p4nf_crc16_table";
  if (auto* existing = module_.module().getNamedGlobal(name)) return existing;
  std::vector<llvm::Constant*> entries;
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t r = i;
    for (int bit = 0; bit < 8; ++bit) r = (r >> 1) ^ ((r & 1) ? crc->poly : 0);
    entries.push_back(b_->getInt32(r));
  }
  auto* type = llvm::ArrayType::get(b_->getInt32Ty(), 256);
  auto* table = new llvm::GlobalVariable(module_.module(), type, /*isConstant=*/true, llvm::GlobalValue::InternalLinkage,
                                         llvm::ConstantArray::get(type, entries), name);
  table->setSection(".rodata");
  table->setAlignment(llvm::Align(4));
  llvm::DIBuilder& di = module_.debugInfo().builder();
  llvm::Metadata* range = di.getOrCreateSubrange(0, 256);
  llvm::DIType* arrayType = di.createArrayType(256 * 32, 32, module_.debugInfo().unsignedType(4), di.getOrCreateArray({range}));
  module_.debugInfo().describeGlobal(*table, di.createQualifiedType(llvm::dwarf::DW_TAG_const_type, arrayType));
  return table;
}

llvm::Value* Generator::hashInitialState(HashAlgorithm algorithm) {
  if (const CrcSpec* crc = crcOf(algorithm)) return b_->getInt64(crc->init);
  return b_->getInt64(0);
}

// Feeds bytes into a running state (i64: CRC register, one's complement sum, or the
// identity's last 64 bits).
llvm::Value* Generator::hashUpdate(HashAlgorithm algorithm, llvm::Value* state, const std::vector<llvm::Value*>& bytes) {
  if (const CrcSpec* crc = crcOf(algorithm)) {
    llvm::GlobalVariable* table = crcTable(algorithm);
    llvm::Value* r = state;
    for (llvm::Value* byte : bytes) {
      llvm::Value* index = b_->CreateAnd(b_->CreateXor(r, b_->CreateZExt(byte, b_->getInt64Ty())), b_->getInt64(0xff));
      llvm::Value* entry = b_->CreateAlignedLoad(
          b_->getInt32Ty(), b_->CreateInBoundsGEP(table->getValueType(), table, {b_->getInt64(0), index}),
          llvm::Align(4));
      r = b_->CreateXor(b_->CreateZExt(entry, b_->getInt64Ty()), b_->CreateLShr(r, 8));
    }
    (void)crc;
    return r;
  }
  if (algorithm == HashAlgorithm::OnesComplement16) {
    // Words start at even offsets of everything fed since clear(), so a Checksum's
    // updates of odd lengths add up to the sum of their concatenation: bit 63 of the
    // state says that an odd number of bytes came so far, and then this update's first
    // byte is the low half of a word. (A trailing odd byte is padded with zero.)
    llvm::Type* i64 = b_->getInt64Ty();
    llvm::Value* evenBytes = b_->getInt64(0);  // at even positions of this update
    llvm::Value* oddBytes = b_->getInt64(0);
    for (size_t i = 0; i < bytes.size(); ++i) {
      llvm::Value*& sum = i % 2 ? oddBytes : evenBytes;
      sum = b_->CreateAdd(sum, b_->CreateZExt(bytes[i], i64));
    }
    llvm::Value* odd = b_->CreateICmpSLT(state, b_->getInt64(0));
    llvm::Value* sum = b_->CreateAnd(state, b_->getInt64(kOnesComplementSumMask));
    llvm::Value* aligned = b_->CreateAdd(b_->CreateShl(evenBytes, 8), oddBytes);
    llvm::Value* shifted = b_->CreateAdd(b_->CreateShl(oddBytes, 8), evenBytes);
    sum = b_->CreateAdd(sum, b_->CreateSelect(odd, shifted, aligned));
    llvm::Value* nowOdd = bytes.size() % 2 ? b_->CreateNot(odd) : odd;
    return b_->CreateOr(sum, b_->CreateShl(b_->CreateZExt(nowOdd, i64), 63));
  }
  llvm::Value* v = state;  // identity: shift the bytes in
  for (llvm::Value* byte : bytes) v = b_->CreateOr(b_->CreateShl(v, 8), b_->CreateZExt(byte, b_->getInt64Ty()));
  return v;
}

llvm::Value* Generator::hashFinish(HashAlgorithm algorithm, llvm::Value* state) {
  if (const CrcSpec* crc = crcOf(algorithm))
    return b_->CreateAnd(b_->CreateXor(state, b_->getInt64(crc->xorOut)), b_->getInt64(crc->mask));
  if (algorithm == HashAlgorithm::OnesComplement16) {
    llvm::Value* sum = b_->CreateAnd(state, b_->getInt64(kOnesComplementSumMask));
    for (int i = 0; i < 3; ++i)
      sum = b_->CreateAdd(b_->CreateAnd(sum, b_->getInt64(0xffff)), b_->CreateLShr(sum, 16));
    return b_->CreateXor(sum, b_->getInt64(0xffff));
  }
  return state;
}

// The Toeplitz hash of RSS (dpdk/pna.p4's TOEPLITZ) with the 40-byte key of Microsoft's RSS
// specification, the default of DPDK's drivers: for each bit of the data that is set, the
// 32 bits of the key that start at its position are XORed into the result. The hash is
// linear, so it is the XOR of one value per byte, looked up in a table of each byte
// position's 256 values (36 positions: the last window must fit in the key), defined
// once per object.
llvm::Value* Generator::toeplitzHash(const std::vector<llvm::Value*>& bytes, SourceLoc loc) {
  static const uint8_t kKey[40] = {0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
                                   0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
                                   0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
                                   0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa};
  constexpr uint32_t kPositions = sizeof(kKey) - 4;
  if (bytes.size() > kPositions)
    unsupported(loc, "TOEPLITZ hashing of more than 36 bytes (the RSS key is 40 bytes long)");
  const std::string name = "p4nf_toeplitz_table";
  llvm::GlobalVariable* table = module_.module().getNamedGlobal(name);
  auto* type = llvm::ArrayType::get(b_->getInt32Ty(), kPositions * 256);
  if (!table) {
    auto keyBit = [&](size_t bit) { return (kKey[bit / 8] >> (7 - bit % 8)) & 1u; };
    std::vector<llvm::Constant*> entries;
    for (uint32_t n = 0; n < kPositions; ++n)
      for (uint32_t value = 0; value < 256; ++value) {
        uint32_t h = 0;
        for (uint32_t j = 0; j < 8; ++j) {
          if (!((value >> (7 - j)) & 1)) continue;
          uint32_t window = 0;
          for (uint32_t k = 0; k < 32; ++k) window = (window << 1) | keyBit(8 * n + j + k);
          h ^= window;
        }
        entries.push_back(b_->getInt32(h));
      }
    table = new llvm::GlobalVariable(module_.module(), type, /*isConstant=*/true, llvm::GlobalValue::InternalLinkage,
                                     llvm::ConstantArray::get(type, entries), name);
    table->setSection(".rodata");
    table->setAlignment(llvm::Align(4));
    llvm::DIBuilder& di = module_.debugInfo().builder();
    llvm::Metadata* range = di.getOrCreateSubrange(0, kPositions * 256);
    llvm::DIType* arrayType = di.createArrayType(uint64_t{kPositions} * 256 * 32, 32,
                                                 module_.debugInfo().unsignedType(4), di.getOrCreateArray({range}));
    module_.debugInfo().describeGlobal(*table, di.createQualifiedType(llvm::dwarf::DW_TAG_const_type, arrayType));
  }
  llvm::Value* result = b_->getInt32(0);
  for (size_t n = 0; n < bytes.size(); ++n) {
    llvm::Value* index = b_->CreateAdd(b_->CreateAnd(b_->CreateZExt(bytes[n], b_->getInt64Ty()), b_->getInt64(0xff)),
                                       b_->getInt64(n * 256));
    llvm::Value* entry = b_->CreateAlignedLoad(
        b_->getInt32Ty(), b_->CreateInBoundsGEP(type, table, {b_->getInt64(0), index}), llvm::Align(4));
    result = b_->CreateXor(result, entry);
  }
  return b_->CreateZExt(result, b_->getInt64Ty());
}

llvm::Value* Generator::genHashGet(const CallExpr* call, ExternState& ext, const Expr* base, const Expr* data,
                                   const Expr* max) {
  auto bytes = dataBytes(data);
  if (!bytes) unsupported(data->loc, "hashing data that is not a whole number of bytes");
  llvm::Value* h = ext.algorithm == HashAlgorithm::Toeplitz
                       ? toeplitzHash(*bytes, data->loc)
                       : hashFinish(ext.algorithm, hashUpdate(ext.algorithm, hashInitialState(ext.algorithm), *bytes));
  llvm::Type* resultType = lowerType(ext.valueType, call->loc);
  if (!base) return b_->CreateZExtOrTrunc(h, resultType);
  // base + hash % max; max 0 gives base (no division by zero in BPF or in LLVM).
  llvm::Value* b = convert(genExpr(base), b_->getInt64Ty(), false);
  llvm::Value* m = convert(genExpr(max), b_->getInt64Ty(), false);
  llvm::Value* isZero = b_->CreateICmpEQ(m, b_->getInt64(0));
  llvm::Value* safe = b_->CreateSelect(isZero, b_->getInt64(1), m);
  llvm::Value* folded = b_->CreateSelect(isZero, b_->getInt64(0), b_->CreateURem(h, safe));
  return b_->CreateZExtOrTrunc(b_->CreateAdd(b, folded), resultType);
}

llvm::Value* Generator::genChecksumMethod(const CallExpr* call, ExternState& ext, const std::string& method,
                                          const Expr* data) {
  if (method == "clear") {
    b_->CreateStore(hashInitialState(ext.algorithm), ext.state);
    return nullptr;
  }
  if (method == "update") {
    auto bytes = dataBytes(data);
    if (!bytes) unsupported(data->loc, "checksum data that is not a whole number of bytes");
    llvm::Value* state = b_->CreateLoad(b_->getInt64Ty(), ext.state);
    b_->CreateStore(hashUpdate(ext.algorithm, state, *bytes), ext.state);
    return nullptr;
  }
  if (method == "get") {
    llvm::Value* state = b_->CreateLoad(b_->getInt64Ty(), ext.state);
    return b_->CreateZExtOrTrunc(hashFinish(ext.algorithm, state), lowerType(ext.valueType, call->loc));
  }
  unsupported(call->loc, "Checksum." + method);
}

}  // namespace p4nfc::codegen
