// Storage as the code generator sees it: every P4 variable, parameter and header is
// bound to an LValue tree. Leaves are scalars in stack slots (which LLVM promotes to
// registers), fields of headers that live in the packet (read and written in place), or
// read-only values (action data, `in` arguments). Structs are trees of their members.
#pragma once

#include <llvm/IR/Instructions.h>

#include <memory>
#include <string>
#include <vector>

#include "frontend/types.h"

namespace p4nfc::codegen {

struct LValue;
using LValuePtr = std::shared_ptr<LValue>;

// One header instance. In the packet: `ptr` holds a checked pointer to its first byte
// once extracted. Elsewhere (locals, metadata): one scalar slot per field.
struct HeaderSlot {
  const StructType* type = nullptr;
  std::string name;
  bool inPacket = false;
  llvm::AllocaInst* valid = nullptr;  // i1
  llvm::AllocaInst* ptr = nullptr;    // ptr (inPacket)
  std::vector<LValuePtr> fields;      // !inPacket
  std::vector<int64_t> bitOffsets;    // from the header's start
  uint32_t byteSize = 0;
  bool extracted = false;
  bool emitted = false;
};

struct LValue {
  enum class Kind {
    Scalar,       // `slot` holds a value of lowered type
    Value,        // read-only `value`
    Struct,       // `members`
    Header,       // `header`
    PacketField,  // field `field` of a packet-resident `header`
    Slice,        // bits [hi:lo] of `base`
    Extern,       // an extern object (packet_in, packet_out): no storage
    Unsupported,  // storage we cannot build yet; `what` says why, reported on use
  };
  Kind kind = Kind::Scalar;
  const Type* type = nullptr;
  llvm::Value* slot = nullptr;
  llvm::Value* value = nullptr;
  std::vector<std::pair<std::string, LValuePtr>> members;
  std::shared_ptr<HeaderSlot> header;
  int field = -1;
  LValuePtr base;
  int hi = 0, lo = 0;
  std::string what;

  LValuePtr member(const std::string& name) const {
    for (const auto& [n, m] : members)
      if (n == name) return m;
    return nullptr;
  }
};

}  // namespace p4nfc::codegen
