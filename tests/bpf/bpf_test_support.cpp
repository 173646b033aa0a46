#include "bpf_test_support.h"

#include <llvm/Support/Error.h>

#include <cstdio>

namespace p4nfc::testing {

std::unique_ptr<BpfTarget> makeTarget(const bpf::BpfTargetOptions& options) {
  auto target = BpfTarget::create(options);
  if (!target) {
    ADD_FAILURE() << llvm::toString(target.takeError());
    return nullptr;
  }
  return std::move(*target);
}

std::unique_ptr<RawObject> compileAndLoad(BpfModule& object) {
  std::string elf = emitTestObject(object);
  if (elf.empty()) return nullptr;
  std::string log;
  auto loaded = RawObject::load(elf, log);
  if (!loaded) ADD_FAILURE() << "load failed:\n" << log << "\nIR:\n" << object.emitIR();
  return loaded;
}

void recordVerifiedInstructions(const std::string& name, int programFd) {
  std::printf("verified_insns %s %u (xlated %u)\n", name.c_str(), verifiedInstructions(programFd),
              loadedInstructions(programFd));
}

}  // namespace p4nfc::testing
