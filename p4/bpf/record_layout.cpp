#include "bpf/record_layout.h"

#include <llvm/ADT/StringSet.h>

#include <algorithm>
#include <cctype>

namespace p4nfc::bpf {
namespace {

bool isPowerOfTwoIntegerSize(uint32_t bytes) {
  return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
}

llvm::Error layoutError(const RecordLayout& layout, const llvm::Twine& message) {
  return llvm::make_error<llvm::StringError>("struct '" + layout.name + "': " + message,
                                             llvm::inconvertibleErrorCode());
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

llvm::Align FieldLayout::alignment() const {
  // The largest power of two (up to 8) dividing both the offset and the size: a field at
  // an aligned offset may be loaded whole. Struct slots are at least 8-aligned.
  uint32_t bytes = storageBytes();
  uint32_t align = 8;
  while (align > 1 && (byteOffset % align != 0 || bytes % align != 0)) align /= 2;
  return llvm::Align(align);
}

llvm::Error RecordLayout::validate() const {
  if (!isCIdentifier(name)) return layoutError(*this, "the name must be a C identifier");
  if (fields.empty()) return layoutError(*this, "a struct needs at least one field");
  llvm::StringSet<> seen;
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
        *this, "field '" + byOffset.back()->name + "' ends past byte " + llvm::Twine(byteSize));
  return llvm::Error::success();
}

llvm::Align RecordLayout::alignment() const {
  llvm::Align result(1);
  for (const FieldLayout& field : fields)
    if (field.isInteger()) result = std::max(result, llvm::Align(field.storageBytes()));
  return result;
}

uint32_t RecordLayout::size() const {
  if (byteSize != 0) return byteSize;
  uint32_t end = 0;
  for (const FieldLayout& field : fields) end = std::max(end, field.endOffset());
  return alignTo(end, static_cast<uint32_t>(alignment().value()));
}

const FieldLayout* RecordLayout::field(const std::string& fieldName) const {
  for (const FieldLayout& f : fields)
    if (f.name == fieldName) return &f;
  return nullptr;
}

llvm::AllocaInst* createRecordSlot(llvm::IRBuilder<>& builder, const RecordLayout& layout,
                                   const llvm::Twine& name) {
  llvm::LLVMContext& context = builder.getContext();
  llvm::Function* function = builder.GetInsertBlock()->getParent();
  llvm::Type* bytes = llvm::ArrayType::get(llvm::Type::getInt8Ty(context), layout.size());

  // Allocas at the top of the entry block are static stack objects: mem2reg/SROA may split
  // them and codegen gives each a fixed frame offset.
  llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
  llvm::AllocaInst* slot = entry.CreateAlloca(bytes, nullptr, name);
  slot->setAlignment(llvm::Align(8));

  // Zero where the key is built, not in the entry block: the slot is then clean on every
  // path that reaches this point, whatever was stored in it before.
  builder.CreateMemSet(slot, builder.getInt8(0), layout.size(), llvm::Align(8));
  return slot;
}

llvm::Value* fieldAddress(llvm::IRBuilder<>& builder, llvm::Value* base, const FieldLayout& field) {
  if (field.byteOffset == 0) return base;
  return builder.CreateConstInBoundsGEP1_32(builder.getInt8Ty(), base, field.byteOffset,
                                            field.name);
}

llvm::IntegerType* fieldStorageType(llvm::LLVMContext& context, const FieldLayout& field) {
  return llvm::IntegerType::get(context, field.storageBytes() * 8);
}

}  // namespace p4nfc::bpf
