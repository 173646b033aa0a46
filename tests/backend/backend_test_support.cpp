#include "backend_test_support.h"

#include <llvm/Support/Error.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace p4nfc::testing {

std::unique_ptr<BpfTarget> makeTarget(const backend::BpfTargetOptions& options) {
  auto target = BpfTarget::create(options);
  if (!target) {
    ADD_FAILURE() << llvm::toString(target.takeError());
    return nullptr;
  }
  return std::move(*target);
}

std::string compile(BpfModule& object) {
  if (llvm::Error error = object.finish()) {
    ADD_FAILURE() << llvm::toString(std::move(error)) << "\n" << object.emitIR();
    return {};
  }
  auto bytes = object.emitObject();
  if (!bytes) {
    ADD_FAILURE() << llvm::toString(bytes.takeError());
    return {};
  }
  std::string elf(bytes->data(), bytes->size());
  // P4NFC_TEST_DUMP_DIR=dir keeps each test object and its optimised IR for inspection
  // (llvm-objdump-19 -d, bpftool btf dump file).
  if (const char* directory = std::getenv("P4NFC_TEST_DUMP_DIR")) {
    std::string base = std::string(directory) + "/" + object.module().getName().str();
    std::ofstream(base + ".o", std::ios::binary) << elf;
    std::ofstream(base + ".ll") << object.emitIR();
  }
  return elf;
}

std::unique_ptr<LoadedObject> compileAndLoad(BpfModule& object) {
  std::string elf = compile(object);
  if (elf.empty()) return nullptr;
  std::string log;
  auto loaded = LoadedObject::load(elf, log);
  if (!loaded) ADD_FAILURE() << "load failed:\n" << log << "\nIR:\n" << object.emitIR();
  return loaded;
}

void recordVerifiedInstructions(const std::string& name, int programFd) {
  std::printf("verified_insns %s %u (xlated %u)\n", name.c_str(), verifiedInstructions(programFd),
              loadedInstructions(programFd));
}

}  // namespace p4nfc::testing
