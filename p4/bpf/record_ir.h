// The IR over a RecordLayout (record_layout.h): stack slots for keys and values, field
// addresses and the integer types fields are loaded as.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include "bpf/record_layout.h"

namespace p4nfc::bpf {

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
