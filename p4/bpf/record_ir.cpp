#include "bpf/record_ir.h"

namespace p4nfc::bpf {

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
