#include "bpf/bpf_module.h"

#include "bpf/object_sections.h"

namespace p4nfc::bpf {
namespace {

llvm::Error usageError(const llvm::Twine& message) {
  return llvm::make_error<llvm::StringError>(message, llvm::inconvertibleErrorCode());
}

}  // namespace

BpfModule::BpfModule(const BpfTarget& target, const std::string& name,
                     const std::string& sourcePath)
    : target_(target),
      context_(std::make_unique<llvm::LLVMContext>()),
      module_(std::make_unique<llvm::Module>(name, *context_)) {
  target_.configureModule(*module_);
  module_->setSourceFileName(sourcePath);
  debugInfo_ = std::make_unique<DebugInfo>(*module_, sourcePath);
  addLicense(*module_);
}

BpfModule::~BpfModule() = default;

llvm::Expected<llvm::GlobalVariable*> BpfModule::defineMap(const MapSpec& spec) {
  return bpf::defineMap(*module_, *debugInfo_, spec);
}

ProgramFunction BpfModule::defineProgram(const std::string& name, ProgramKind kind, unsigned line) {
  return bpf::defineProgram(*module_, *debugInfo_, name, kind, line);
}

llvm::Function* BpfModule::defineLocalFunction(const std::string& name, llvm::FunctionType* type,
                                               unsigned line) {
  return bpf::defineLocalFunction(*module_, *debugInfo_, name, type, line);
}

void BpfModule::setManifest(const std::string& json) { manifest_ = json; }

llvm::Error BpfModule::finish() {
  if (finished_) return usageError("BpfModule::finish called twice");
  if (manifest_) addManifest(*module_, *manifest_);
  debugInfo_->finalize();
  if (llvm::Error error = BpfTarget::verify(*module_)) return error;
  finished_ = true;
  if (llvm::Error error = target_.optimize(*module_, &warnings_)) return error;
  // The optimiser must not break the IR; if it did, it is our bug, say so here.
  return BpfTarget::verify(*module_);
}

llvm::Expected<llvm::SmallVector<char, 0>> BpfModule::emitObject() {
  if (!finished_) return usageError("BpfModule::emitObject before finish()");
  return target_.emitObject(*module_, &warnings_);
}

llvm::Error BpfModule::emitObjectFile(const std::string& path) {
  if (!finished_) return usageError("BpfModule::emitObjectFile before finish()");
  return target_.emitObjectFile(*module_, path, &warnings_);
}

std::string BpfModule::emitIR() const { return BpfTarget::emitIR(*module_); }

}  // namespace p4nfc::bpf
