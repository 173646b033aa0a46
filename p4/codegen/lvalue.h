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
//
// A header of the parsed struct that the program adds (setValid, whole assignment) also
// gets a local copy: `fields` then holds one slot per field and `detached` says, at run
// time, whether the content lives there rather than in the packet. The deparser writes
// detached headers out (gen_deparser.cpp).
struct HeaderSlot {
  const StructType* type = nullptr;
  std::string name;
  bool inPacket = false;
  llvm::AllocaInst* valid = nullptr;     // i1
  llvm::AllocaInst* ptr = nullptr;       // ptr (inPacket)
  llvm::AllocaInst* offset = nullptr;    // i64 (inPacket): where extract found it
  llvm::AllocaInst* detached = nullptr;  // i1 (inPacket with a local copy)
  std::vector<LValuePtr> fields;         // !inPacket, or the local copy of a packet header
  std::vector<int64_t> bitOffsets;       // from the header's start
  uint32_t byteSize = 0;
  bool extracted = false;
  bool emitted = false;
  // The deparser's view (inPacket only).
  bool layoutTouched = false;             // setValid/setInvalid/assigned somewhere
  int emitIndex = -1;                     // position in the deparser's emit sequence
  llvm::AllocaInst* emitFlag = nullptr;   // i1, when emit() is not unconditional

  bool hasLocalCopy() const { return inPacket && detached; }
  // The other members of the header union this header belongs to (at most one is valid).
  std::vector<HeaderSlot*> unionSiblings;
  // A varbit last field (parsed headers only): its index and its extracted size in bytes.
  int varbitField = -1;
  uint32_t varbitMaxBytes = 0;
  llvm::AllocaInst* varbitBytes = nullptr;  // i64
  // Element `stackIndex` of a header stack (`stack` identifies it), or not in a stack.
  const void* stack = nullptr;
  int stackIndex = -1;
};

struct LValue {
  enum class Kind {
    Scalar,       // `slot` holds a value of lowered type
    Value,        // read-only `value`
    Struct,       // `members`
    Header,       // `header`
    PacketField,  // field `field` of a packet-resident `header`
    Slice,        // bits [hi:lo] of `base`
    Stack,        // a header stack: `members` are its elements ("0", "1", ...), `slot`
                  // its nextIndex (i32)
    StackElement, // `base`'s element number `value` (i32, known at run time only)
    StackField,   // field `field` of `base`'s element number `value`
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
