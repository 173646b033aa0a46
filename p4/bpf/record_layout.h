// The byte layout of a map key or value, as the code generator fills it from a P4 table
// (key fields, action id + action data) or an extern (counter, register cell).
//
// One layout drives three things that must agree: the BTF type the kernel and bpftool see
// (with field names), the stack slot the program builds a key in, and the manifest the
// loader encodes entries with. Every field occupies whole bytes; a P4 field of N bits
// takes ceil(N/8) bytes (bit<12> -> 2 bytes, bit<48> -> 6 bytes). Byte order is the
// code generator's choice (and the manifest's to state): BTF has no notion of it.
//
// Plain data without LLVM (library p4nfc_layout), so that the mid end computes layouts
// without linking LLVM; the IR over them is in record_ir.h.
#pragma once

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
  // The alignment (bytes) a load or store of the whole field may assume.
  uint32_t alignment() const;
};

struct RecordLayout {
  std::string name;       // the BTF struct name, e.g. "ingress_fwd_key"; a C identifier
  uint32_t byteSize = 0;  // 0: computed (end of the last field rounded up to alignment())
  std::vector<FieldLayout> fields;

  // Empty or non-identifier names, duplicate field names, zero widths, overlapping
  // fields, fields past byteSize, Integer fields that cannot be integers.
  // Empty when the layout is valid, else what is wrong with it.
  std::string validate() const;
  // The size the kernel sees as key_size/value_size.
  uint32_t size() const;
  // The largest integer field alignment (at least 1); keys live on the stack, where the
  // verifier demands naturally aligned accesses.
  uint32_t alignment() const;
  const FieldLayout* field(const std::string& name) const;
};

// True for C identifiers: BTF names (structs, members, maps) must be.
bool isCIdentifier(const std::string& name);

}  // namespace p4nfc::bpf
