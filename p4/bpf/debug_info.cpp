#include "bpf/debug_info.h"

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Path.h>

namespace p4nfc::bpf {

DebugInfo::DebugInfo(llvm::Module& module, const std::string& sourcePath,
                     const std::string& producer)
    : module_(module), builder_(std::make_unique<llvm::DIBuilder>(module)) {
  llvm::StringRef directory = llvm::sys::path::parent_path(sourcePath);
  llvm::StringRef fileName = llvm::sys::path::filename(sourcePath);
  file_ = builder_->createFile(fileName.empty() ? "<none>" : fileName, directory);
  compileUnit_ = builder_->createCompileUnit(llvm::dwarf::DW_LANG_C99, file_, producer,
                                             /*isOptimized=*/true, /*Flags=*/"",
                                             /*RuntimeVersion=*/0);
  // Without these flags the AsmPrinter treats the module as having no debug info, and
  // then emits no BTF at all.
  module_.addModuleFlag(llvm::Module::Max, "Dwarf Version", 5);
  module_.addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
}

DebugInfo::~DebugInfo() = default;

llvm::DIBasicType* DebugInfo::intType() {
  llvm::DIType*& slot = types_["int"];
  if (!slot) slot = builder_->createBasicType("int", 32, llvm::dwarf::DW_ATE_signed);
  return llvm::cast<llvm::DIBasicType>(slot);
}

llvm::DIBasicType* DebugInfo::unsignedType(unsigned bytes) {
  std::string name = "__u" + std::to_string(bytes * 8);
  llvm::DIType*& slot = types_[name];
  if (!slot) slot = builder_->createBasicType(name, bytes * 8, llvm::dwarf::DW_ATE_unsigned);
  return llvm::cast<llvm::DIBasicType>(slot);
}

llvm::DIType* DebugInfo::byteArrayType(unsigned bytes) {
  llvm::DIType*& slot = types_["__u8[" + std::to_string(bytes) + "]"];
  if (!slot) {
    llvm::Metadata* range = builder_->getOrCreateSubrange(0, static_cast<int64_t>(bytes));
    slot = builder_->createArrayType(uint64_t(bytes) * 8, 8, unsignedType(1),
                                     builder_->getOrCreateArray({range}));
  }
  return slot;
}

llvm::DIType* DebugInfo::pointerTo(llvm::DIType* pointee) {
  // Cache by the pointee node's address: the same pointee always gives the same pointer.
  std::string key = "ptr:" + std::to_string(reinterpret_cast<uintptr_t>(pointee));
  llvm::DIType*& slot = types_[key];
  if (!slot) slot = builder_->createPointerType(pointee, 64);
  return slot;
}

llvm::DIType* DebugInfo::intArrayPointer(uint64_t count) {
  llvm::DIType*& slot = types_["int(*)[" + std::to_string(count) + "]"];
  if (!slot) {
    llvm::Metadata* range = builder_->getOrCreateSubrange(0, static_cast<int64_t>(count));
    llvm::DIType* array =
        builder_->createArrayType(count * 32, 32, intType(), builder_->getOrCreateArray({range}));
    slot = builder_->createPointerType(array, 64);
  }
  return slot;
}

llvm::DICompositeType* DebugInfo::buildStruct(llvm::StringRef name, uint64_t byteSize,
                                              llvm::ArrayRef<Member> members) {
  llvm::DICompositeType* type = builder_->createStructType(
      compileUnit_, name, file_, /*LineNumber=*/0, byteSize * 8, /*AlignInBits=*/0,
      llvm::DINode::FlagZero, /*DerivedFrom=*/nullptr, llvm::DINodeArray());
  llvm::SmallVector<llvm::Metadata*, 8> elements;
  for (const Member& member : members)
    elements.push_back(builder_->createMemberType(type, member.name, file_, 0, member.byteSize * 8,
                                                  0, member.byteOffset * 8, llvm::DINode::FlagZero,
                                                  member.type));
  builder_->replaceArrays(type, builder_->getOrCreateArray(elements));
  return type;
}

llvm::DICompositeType* DebugInfo::structType(const RecordLayout& layout) {
  llvm::DIType*& slot = types_["struct " + layout.name];
  if (slot) return llvm::cast<llvm::DICompositeType>(slot);
  std::vector<Member> members;
  for (const FieldLayout& field : layout.fields) {
    llvm::DIType* type = field.isInteger() ? unsignedType(field.storageBytes())
                                           : byteArrayType(field.storageBytes());
    members.push_back({field.name, type, field.byteOffset, field.storageBytes()});
  }
  llvm::DICompositeType* type = buildStruct(layout.name, layout.size(), members);
  slot = type;
  return type;
}

llvm::DICompositeType* DebugInfo::structType(const std::string& name, uint64_t byteSize,
                                             llvm::ArrayRef<Member> members) {
  llvm::DIType*& slot = types_["struct " + name];
  if (!slot) slot = buildStruct(name, byteSize, members);
  return llvm::cast<llvm::DICompositeType>(slot);
}

llvm::DICompositeType* DebugInfo::anonymousStructType(uint64_t byteSize,
                                                      llvm::ArrayRef<Member> members) {
  return buildStruct("", byteSize, members);
}

llvm::DISubprogram* DebugInfo::describeFunction(llvm::Function& function, unsigned line,
                                                llvm::DIType* result,
                                                llvm::ArrayRef<llvm::DIType*> params) {
  llvm::SmallVector<llvm::Metadata*, 8> signature;
  signature.push_back(result);  // nullptr encodes void
  for (llvm::DIType* param : params) signature.push_back(param);
  llvm::DISubroutineType* type =
      builder_->createSubroutineType(builder_->getOrCreateTypeArray(signature));

  auto flags = llvm::DISubprogram::SPFlagDefinition | llvm::DISubprogram::SPFlagOptimized;
  if (function.hasLocalLinkage()) flags |= llvm::DISubprogram::SPFlagLocalToUnit;
  llvm::DISubprogram* subprogram =
      builder_->createFunction(file_, function.getName(), /*LinkageName=*/"", file_, line, type,
                               /*ScopeLine=*/line, llvm::DINode::FlagPrototyped, flags);
  // Named parameters give BTF FUNC_PROTO parameter names (the kernel checks the types of
  // global functions' parameters; names make verifier logs readable).
  for (unsigned i = 0; i < params.size() && i < function.arg_size(); ++i) {
    llvm::StringRef argName = function.getArg(i)->getName();
    std::string name = argName.empty() ? "arg" + std::to_string(i) : argName.str();
    builder_->createParameterVariable(subprogram, name, i + 1, file_, line, params[i],
                                      /*AlwaysPreserve=*/true);
  }
  function.setSubprogram(subprogram);
  return subprogram;
}

llvm::DILocation* DebugInfo::location(llvm::DISubprogram* scope, unsigned line, unsigned column) {
  return llvm::DILocation::get(module_.getContext(), line, column, scope);
}

void DebugInfo::describeGlobal(llvm::GlobalVariable& global, llvm::DIType* type, unsigned line) {
  llvm::DIGlobalVariableExpression* expression = builder_->createGlobalVariableExpression(
      compileUnit_, global.getName(), /*LinkageName=*/"", file_, line, type,
      /*IsLocalToUnit=*/global.hasLocalLinkage());
  global.addDebugInfo(expression);
}

void DebugInfo::finalize() {
  if (finalized_) return;
  finalized_ = true;
  builder_->finalize();
}

}  // namespace p4nfc::bpf
