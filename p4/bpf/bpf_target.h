// The BPF target: one TargetMachine for little-endian eBPF, the LLVM optimisation pipeline,
// and emission of an ELF object (to memory or a file) or of textual IR.
//
// Typical use by the code generator:
//   auto target = BpfTarget::create({.cpu = "v3", .optLevel = OptLevel::O2});
//   target->configureModule(module);      // before building IR: triple + data layout
//   ... build IR ...
//   target->optimize(module);
//   auto object = target->emitObject(module);
#pragma once

#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Error.h>

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
}  // namespace llvm

namespace p4nfc::bpf {

enum class OptLevel { O0, O1, O2, O3 };

struct BpfTargetOptions {
  // BPF ISA version: "v1", "v2", "v3" (32-bit jumps and ALU32 sub-registers, which give
  // the verifier tighter bounds; kernel >= 5.1), "v4" (kernel >= 6.6), or "probe".
  std::string cpu = "v3";
  OptLevel optLevel = OptLevel::O2;
};

class BpfTarget {
 public:
  // Fails only if LLVM was built without the BPF target or the cpu name is unknown.
  static llvm::Expected<std::unique_ptr<BpfTarget>> create(const BpfTargetOptions& options = {});
  ~BpfTarget();

  const BpfTargetOptions& options() const { return options_; }
  llvm::TargetMachine& machine() { return *machine_; }

  // Sets the target triple and data layout. Call before creating IR so that LLVM's
  // type sizes and alignments match BPF (pointers are 64-bit, i64 is 8-aligned).
  void configureModule(llvm::Module& module) const;

  // Runs the new-pass-manager pipeline for options().optLevel, including the BPF
  // target's own IR passes (registered through the TargetMachine), which undo some
  // transformations the verifier cannot follow.
  //
  // Diagnostics: LLVM's errors (which its default handler would print before exiting the
  // process) come back as the llvm::Error, with the IR's debug location ("file:line:col:
  // in function f ..."); its warnings are appended to `warnings` when given.
  llvm::Error optimize(llvm::Module& module, std::vector<std::string>* warnings = nullptr) const;

  // Checks the module with LLVM's IR verifier (including debug info). Returns the
  // verifier's message as the error.
  static llvm::Error verify(const llvm::Module& module);

  // Lowers the module to a relocatable BPF ELF object. Verifies the module first. Fails
  // with the BPF back end's errors, e.g. "Looks like the BPF stack limit is exceeded".
  llvm::Expected<llvm::SmallVector<char, 0>> emitObject(
      llvm::Module& module, std::vector<std::string>* warnings = nullptr) const;
  llvm::Error emitObjectFile(llvm::Module& module, const std::string& path,
                             std::vector<std::string>* warnings = nullptr) const;

  // Textual IR, as `--emit-llvm` prints it.
  static std::string emitIR(const llvm::Module& module);

 private:
  BpfTarget(BpfTargetOptions options, std::unique_ptr<llvm::TargetMachine> machine);

  BpfTargetOptions options_;
  std::unique_ptr<llvm::TargetMachine> machine_;
};

// The triple every object we emit carries (little-endian: x86-64 and arm64 hosts).
inline constexpr const char* kBpfTriple = "bpfel";

}  // namespace p4nfc::bpf
