// One BPF object under construction: the LLVM context and module, their debug info (for
// BTF), the license, and the steps from IR to an ELF object. The code generator builds
// one BpfModule per P4 program:
//
//   auto target = BpfTarget::create(options);
//   BpfModule object(**target, "router", "nf/router/router.p4");
//   auto table = object.defineMap(spec);            // BTF-defined map in .maps
//   auto program = object.defineProgram("router_ingress", ProgramKind::Xdp, line);
//   llvm::IRBuilder<> b(program.entry);  ... helpers, packet access ...
//   object.setManifest(json);
//   if (auto error = object.finish()) ...           // finalise debug info, verify, optimise
//   auto bytes = object.emitObject();
#pragma once

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Error.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bpf/bpf_program.h"
#include "bpf/bpf_target.h"
#include "bpf/btf_maps.h"
#include "bpf/debug_info.h"

namespace p4nfc::bpf {

class BpfModule {
 public:
  // `sourcePath` is the P4 file (BTF line info names it). Adds the GPL license.
  BpfModule(const BpfTarget& target, const std::string& name, const std::string& sourcePath);
  ~BpfModule();
  BpfModule(const BpfModule&) = delete;
  BpfModule& operator=(const BpfModule&) = delete;

  llvm::LLVMContext& context() { return *context_; }
  llvm::Module& module() { return *module_; }
  DebugInfo& debugInfo() { return *debugInfo_; }

  llvm::Expected<llvm::GlobalVariable*> defineMap(const MapSpec& spec);
  ProgramFunction defineProgram(const std::string& name, ProgramKind kind, unsigned line = 0);
  llvm::Function* defineLocalFunction(const std::string& name, llvm::FunctionType* type,
                                      unsigned line = 0);
  // The `.p4nf.manifest` section's JSON; emitted by finish() (the last call wins).
  void setManifest(const std::string& json);

  // Finalises debug info, verifies the IR, then runs the optimisation pipeline. Call once,
  // after all IR is built.
  llvm::Error finish();
  bool finished() const { return finished_; }

  llvm::Expected<llvm::SmallVector<char, 0>> emitObject();
  llvm::Error emitObjectFile(const std::string& path);
  std::string emitIR() const;
  // LLVM's warnings from finish() and emitObject(), for the driver to show.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  const BpfTarget& target_;
  // Destruction runs bottom-up: debug info, then the module, then its context.
  std::unique_ptr<llvm::LLVMContext> context_;
  std::unique_ptr<llvm::Module> module_;
  std::unique_ptr<DebugInfo> debugInfo_;
  std::optional<std::string> manifest_;
  std::vector<std::string> warnings_;
  bool finished_ = false;
};

}  // namespace p4nfc::bpf
