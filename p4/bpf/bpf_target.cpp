#include "bpf/bpf_target.h"

#include "bpf/byte_swaps.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <algorithm>
#include <mutex>

// The BPF target's entry points (exported by libLLVM; declared here so that we do not
// need llvm/Config/Targets.def and initialise only the one target we use).
extern "C" {
void LLVMInitializeBPFTargetInfo();
void LLVMInitializeBPFTarget();
void LLVMInitializeBPFTargetMC();
void LLVMInitializeBPFAsmPrinter();
}

namespace p4nfc::bpf {
namespace {

void initialiseBpfTargetOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
  });
}

llvm::CodeGenOptLevel codeGenLevel(OptLevel level) {
  switch (level) {
    case OptLevel::O0:
      return llvm::CodeGenOptLevel::None;
    case OptLevel::O1:
      return llvm::CodeGenOptLevel::Less;
    case OptLevel::O2:
      return llvm::CodeGenOptLevel::Default;
    case OptLevel::O3:
      return llvm::CodeGenOptLevel::Aggressive;
  }
  return llvm::CodeGenOptLevel::Default;
}

llvm::OptimizationLevel passLevel(OptLevel level) {
  switch (level) {
    case OptLevel::O0:
      return llvm::OptimizationLevel::O0;
    case OptLevel::O1:
      return llvm::OptimizationLevel::O1;
    case OptLevel::O2:
      return llvm::OptimizationLevel::O2;
    case OptLevel::O3:
      return llvm::OptimizationLevel::O3;
  }
  return llvm::OptimizationLevel::O2;
}

llvm::Error makeError(const llvm::Twine& message) {
  return llvm::make_error<llvm::StringError>(message, llvm::inconvertibleErrorCode());
}

// Collects the diagnostics LLVM raises while a module is optimised or lowered. LLVM's
// default handler prints errors and exits the process; the BPF back end raises errors for
// programs it cannot express ("stack limit exceeded", "too many arguments", an unsupported
// atomic), and the compiler must report those as diagnostics, not die.
class DiagnosticCollector final : public llvm::DiagnosticHandler {
 public:
  bool handleDiagnostics(const llvm::DiagnosticInfo& info) override {
    if (info.getSeverity() != llvm::DS_Error && info.getSeverity() != llvm::DS_Warning)
      return true;  // remarks and notes: not ours to show
    std::string text;
    llvm::raw_string_ostream stream(text);
    llvm::DiagnosticPrinterRawOStream printer(stream);
    info.print(printer);
    // The BPF back end repeats some errors once per stack object; one copy is enough.
    std::vector<std::string>& list = info.getSeverity() == llvm::DS_Error ? errors : warnings;
    if (std::find(list.begin(), list.end(), stream.str()) == list.end())
      list.push_back(stream.str());
    return true;
  }
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

// Installs a DiagnosticCollector on a context for one scope, then puts the previous
// handler back.
class ScopedDiagnostics {
 public:
  explicit ScopedDiagnostics(llvm::LLVMContext& context)
      : context_(context), previous_(context.getDiagnosticHandler()) {
    auto collector = std::make_unique<DiagnosticCollector>();
    collector_ = collector.get();
    context_.setDiagnosticHandler(std::move(collector));
  }
  ~ScopedDiagnostics() { context_.setDiagnosticHandler(std::move(previous_)); }

  // Errors become one llvm::Error; warnings go to `warnings` when given.
  llvm::Error takeResult(std::vector<std::string>* warnings) {
    if (warnings)
      warnings->insert(warnings->end(), collector_->warnings.begin(), collector_->warnings.end());
    if (collector_->errors.empty()) return llvm::Error::success();
    std::string message;
    for (const std::string& error : collector_->errors) {
      if (!message.empty()) message += '\n';
      message += error;
    }
    return makeError(message);
  }

 private:
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::DiagnosticHandler> previous_;
  DiagnosticCollector* collector_;
};

}  // namespace

BpfTarget::BpfTarget(BpfTargetOptions options, std::unique_ptr<llvm::TargetMachine> machine)
    : options_(std::move(options)), machine_(std::move(machine)) {}

BpfTarget::~BpfTarget() = default;

llvm::Expected<std::unique_ptr<BpfTarget>> BpfTarget::create(const BpfTargetOptions& options) {
  initialiseBpfTargetOnce();
  std::string lookupError;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(kBpfTriple, lookupError);
  if (!target) return makeError("BPF target unavailable in this LLVM: " + lookupError);

  // LLVM meets an unknown cpu with a warning on stderr and falls back to "generic"; ask
  // a generic subtarget first, so that `--mcpu=v33` is our error, not a silent downgrade.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      target->createMCSubtargetInfo(kBpfTriple, "generic", ""));
  if (!generic || !generic->isCPUStringValid(options.cpu))
    return makeError("unknown BPF cpu '" + options.cpu + "' (expected v1, v2, v3, v4 or probe)");

  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      kBpfTriple, options.cpu, /*Features=*/"", targetOptions, /*RM=*/std::nullopt,
      /*CM=*/std::nullopt, codeGenLevel(options.optLevel)));
  if (!machine) return makeError("cannot create a BPF target machine");
  return std::unique_ptr<BpfTarget>(new BpfTarget(options, std::move(machine)));
}

void BpfTarget::configureModule(llvm::Module& module) const {
  module.setTargetTriple(kBpfTriple);
  module.setDataLayout(machine_->createDataLayout());
}

llvm::Error BpfTarget::optimize(llvm::Module& module, std::vector<std::string>* warnings) const {
  ScopedDiagnostics diagnostics(module.getContext());
  llvm::LoopAnalysisManager loopAnalyses;
  llvm::FunctionAnalysisManager functionAnalyses;
  llvm::CGSCCAnalysisManager cgsccAnalyses;
  llvm::ModuleAnalysisManager moduleAnalyses;

  // Passing the TargetMachine makes PassBuilder call its registerPassBuilderCallbacks:
  // this is how the BPF IR passes (BPFAbstractMemberAccess, BPFIRPeephole,
  // BPFAdjustOpt, ...) join the pipeline, as they do under clang.
  llvm::PassBuilder passBuilder(machine_.get());
  passBuilder.registerModuleAnalyses(moduleAnalyses);
  passBuilder.registerCGSCCAnalyses(cgsccAnalyses);
  passBuilder.registerFunctionAnalyses(functionAnalyses);
  passBuilder.registerLoopAnalyses(loopAnalyses);
  passBuilder.crossRegisterProxies(loopAnalyses, functionAnalyses, cgsccAnalyses, moduleAnalyses);

  // After every InstCombine: cancel the byte swaps that meet through phis (byte_swaps.h).
  passBuilder.registerPeepholeEPCallback(
      [](llvm::FunctionPassManager& passes, llvm::OptimizationLevel) { passes.addPass(SinkByteSwapsPass()); });

  llvm::OptimizationLevel level = passLevel(options_.optLevel);
  llvm::ModulePassManager pipeline = level == llvm::OptimizationLevel::O0
                                         ? passBuilder.buildO0DefaultPipeline(level)
                                         : passBuilder.buildPerModuleDefaultPipeline(level);
  pipeline.run(module, moduleAnalyses);
  return diagnostics.takeResult(warnings);
}

llvm::Error BpfTarget::verify(const llvm::Module& module) {
  std::string message;
  llvm::raw_string_ostream stream(message);
  bool brokenDebugInfo = false;
  if (llvm::verifyModule(module, &stream, &brokenDebugInfo))
    return makeError("invalid IR: " + stream.str());
  // Broken debug info would silently lose BTF (maps without key/value types).
  if (brokenDebugInfo) return makeError("invalid debug info: " + stream.str());
  return llvm::Error::success();
}

llvm::Expected<llvm::SmallVector<char, 0>> BpfTarget::emitObject(
    llvm::Module& module, std::vector<std::string>* warnings) const {
  if (llvm::Error error = verify(module)) return std::move(error);
  ScopedDiagnostics diagnostics(module.getContext());
  // Code generation rewrites IR (CodeGenPrepare and friends); work on a copy so that the
  // caller's module still prints as it was optimised.
  std::unique_ptr<llvm::Module> copy = llvm::CloneModule(module);

  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream stream(object);
  llvm::legacy::PassManager codegen;
  if (machine_->addPassesToEmitFile(codegen, stream, nullptr, llvm::CodeGenFileType::ObjectFile))
    return makeError("the BPF target cannot emit object files");
  codegen.run(*copy);
  // The BPF back end reports what it cannot lower and carries on with a broken object.
  if (llvm::Error error = diagnostics.takeResult(warnings)) return std::move(error);
  return object;
}

llvm::Error BpfTarget::emitObjectFile(llvm::Module& module, const std::string& path,
                                      std::vector<std::string>* warnings) const {
  auto object = emitObject(module, warnings);
  if (!object) return object.takeError();
  std::error_code ec;
  llvm::raw_fd_ostream file(path, ec, llvm::sys::fs::OF_None);
  if (ec) return makeError("cannot write " + path + ": " + ec.message());
  file.write(object->data(), object->size());
  file.close();
  if (file.has_error()) return makeError("cannot write " + path + ": " + file.error().message());
  return llvm::Error::success();
}

std::string BpfTarget::emitIR(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, nullptr);
  return text;
}

}  // namespace p4nfc::bpf
