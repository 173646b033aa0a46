#include "bpf/object_sections.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

namespace p4nfc::bpf {
namespace {

// A constant byte array in its own section, kept alive through optimisation: nothing in
// the program references it, so without llvm.used global DCE could drop it.
llvm::GlobalVariable* addBytesSection(llvm::Module& module, const std::string& symbol,
                                      const std::string& section, llvm::StringRef bytes,
                                      bool addNul) {
  llvm::LLVMContext& context = module.getContext();
  llvm::Constant* data = llvm::ConstantDataArray::getString(context, bytes, addNul);
  auto* global = new llvm::GlobalVariable(module, data->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::ExternalLinkage, data, symbol);
  global->setSection(section);
  global->setAlignment(llvm::Align(1));
  llvm::appendToUsed(module, {global});
  return global;
}

}  // namespace

llvm::GlobalVariable* addLicense(llvm::Module& module, const std::string& license) {
  // The kernel reads a NUL-terminated string from this section.
  return addBytesSection(module, "_license", kLicenseSection, license, /*addNul=*/true);
}

llvm::GlobalVariable* addManifest(llvm::Module& module, const std::string& json) {
  return addBytesSection(module, kManifestSymbol, kManifestSection, json, /*addNul=*/false);
}

}  // namespace p4nfc::bpf
