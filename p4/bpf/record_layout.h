// The byte layout of a map key or value, as the code generator fills it from a P4 table
// (key fields, action id + action data) or an extern (counter, register cell).
//
// One layout drives three things that must agree: the BTF type the kernel and bpftool see
// (with field names), the stack slot the program builds a key in, and the manifest the
// loader encodes entries with. Every field occupies whole bytes; a P4 field of N bits
// takes ceil(N/8) bytes (bit<12> -> 2 bytes, bit<48> -> 6 bytes). Byte order is the
// code generator's choice (and the manifest's to state): BTF has no notion of it.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/Support/Alignment.h>
#include <llvm/Support/Error.h>

#include <cstdint>
#include <string>
#include <vector>

namespace p4nfc::bpf {

// How a field appears in BTF (and so in `bpftool map dump`).
enum class FieldRepr {
  Auto,     // Integer when the field is 1, 2, 4 or 8 bytes at an offset aligned to its
            // size, otherwise Bytes.
  Integer,  // __u8/__u16/__u32/__u64: the size must be 1, 2, 4 or 8 bytes and aligned.
  Bytes,    // __u8[n]: addresses, MACs, anything stored in network byte order.
};

struct FieldLayout {
  std::string name;
  uint32_t bitWidth = 0;    // the P4 width; storage is ceil(bitWidth / 8) bytes
  uint32_t byteOffset = 0;  // from the start of the struct
  FieldRepr repr = FieldRepr::Auto;

  uint32_t storageBytes() const { return (bitWidth + 7) / 8; }
  uint32_t endOffset() const { return byteOffset + storageBytes(); }
  // Resolves Auto: true when the field is described as an integer in BTF.
  bool isInteger() const;
  // The alignment a load or store of the whole field may assume.
  llvm::Align alignment() const;
};

struct RecordLayout {
  std::string name;       // the BTF struct name, e.g. "ingress_fwd_key"; a C identifier
  uint32_t byteSize = 0;  // 0: computed (end of the last field rounded up to alignment())
  std::vector<FieldLayout> fields;

  // Empty or non-identifier names, duplicate field names, zero widths, overlapping
  // fields, fields past byteSize, Integer fields that cannot be integers.
  llvm::Error validate() const;
  // The size the kernel sees as key_size/value_size.
  uint32_t size() const;
  // The largest integer field alignment (at least 1); keys live on the stack, where the
  // verifier demands naturally aligned accesses.
  llvm::Align alignment() const;
  const FieldLayout* field(const std::string& name) const;
};

// True for C identifiers: BTF names (structs, members, maps) must be.
bool isCIdentifier(const std::string& name);

// A zero-filled stack slot for one struct (keys must not carry stack garbage in their
// padding: hash maps compare every byte). Emitted in the function's entry block so that
// LLVM sees a static stack object, as the verifier's 512-byte budget requires.
llvm::AllocaInst* createRecordSlot(llvm::IRBuilder<>& builder, const RecordLayout& layout,
                                   const llvm::Twine& name = "");
// The address of one field inside a struct at `base` (a stack slot or a map value).
llvm::Value* fieldAddress(llvm::IRBuilder<>& builder, llvm::Value* base, const FieldLayout& field);
// The LLVM integer type a field is loaded as (i8, i16, i32, i64 or, for odd sizes, iN with
// N = 8 * storageBytes()).
llvm::IntegerType* fieldStorageType(llvm::LLVMContext& context, const FieldLayout& field);

}  // namespace p4nfc::bpf
