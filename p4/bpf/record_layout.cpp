#include "bpf/record_layout.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace p4nfc::bpf {
namespace {

bool isPowerOfTwoIntegerSize(uint32_t bytes) {
  return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
}

std::string layoutError(const RecordLayout& layout, const std::string& message) {
  return "struct '" + layout.name + "': " + message;
}

uint32_t alignTo(uint32_t value, uint32_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

bool isCIdentifier(const std::string& name) {
  if (name.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool FieldLayout::isInteger() const {
  uint32_t bytes = storageBytes();
  bool canBeInteger = isPowerOfTwoIntegerSize(bytes) && byteOffset % bytes == 0;
  switch (repr) {
    case FieldRepr::Auto:
      return canBeInteger;
    case FieldRepr::Integer:
      return true;  // validate() rejects the impossible cases
    case FieldRepr::Bytes:
      return false;
  }
  return false;
}

uint32_t FieldLayout::alignment() const {
  // The largest power of two (up to 8) dividing both the offset and the size: a field at
  // an aligned offset may be loaded whole. Struct slots are at least 8-aligned.
  uint32_t bytes = storageBytes();
  uint32_t align = 8;
  while (align > 1 && (byteOffset % align != 0 || bytes % align != 0)) align /= 2;
  return align;
}

std::string RecordLayout::validate() const {
  if (!isCIdentifier(name)) return layoutError(*this, "the name must be a C identifier");
  if (fields.empty()) return layoutError(*this, "a struct needs at least one field");
  std::set<std::string> seen;
  for (const FieldLayout& field : fields) {
    if (!isCIdentifier(field.name))
      return layoutError(*this, "field '" + field.name + "': the name must be a C identifier");
    if (!seen.insert(field.name).second)
      return layoutError(*this, "field '" + field.name + "' appears twice");
    if (field.bitWidth == 0) return layoutError(*this, "field '" + field.name + "' has width 0");
    if (field.repr == FieldRepr::Integer && !(isPowerOfTwoIntegerSize(field.storageBytes()) &&
                                              field.byteOffset % field.storageBytes() == 0))
      return layoutError(*this, "field '" + field.name +
                                    "' cannot be an integer: needs 1, 2, 4 or 8 bytes, aligned");
  }
  std::vector<const FieldLayout*> byOffset;
  for (const FieldLayout& field : fields) byOffset.push_back(&field);
  std::sort(byOffset.begin(), byOffset.end(),
            [](auto* a, auto* b) { return a->byteOffset < b->byteOffset; });
  for (size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->byteOffset < byOffset[i - 1]->endOffset())
      return layoutError(
          *this, "fields '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name + "' overlap");
  if (byteSize != 0 && byOffset.back()->endOffset() > byteSize)
    return layoutError(
        *this, "field '" + byOffset.back()->name + "' ends past byte " + std::to_string(byteSize));
  return "";
}

uint32_t RecordLayout::alignment() const {
  uint32_t result = 1;
  for (const FieldLayout& field : fields)
    if (field.isInteger()) result = std::max(result, field.storageBytes());
  return result;
}

uint32_t RecordLayout::size() const {
  if (byteSize != 0) return byteSize;
  uint32_t end = 0;
  for (const FieldLayout& field : fields) end = std::max(end, field.endOffset());
  return alignTo(end, alignment());
}

const FieldLayout* RecordLayout::field(const std::string& fieldName) const {
  for (const FieldLayout& f : fields)
    if (f.name == fieldName) return &f;
  return nullptr;
}

}  // namespace p4nfc::bpf
