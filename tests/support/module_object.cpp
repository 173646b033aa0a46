#include "tests/support/module_object.h"

#include <gtest/gtest.h>
#include <llvm/Support/Error.h>

#include <cstdlib>
#include <fstream>

namespace p4nf::testing {

std::string emitTestObject(p4nfc::bpf::BpfModule& module) {
  if (llvm::Error error = module.finish()) {
    ADD_FAILURE() << llvm::toString(std::move(error)) << "\n" << module.emitIR();
    return {};
  }
  auto bytes = module.emitObject();
  if (!bytes) {
    ADD_FAILURE() << llvm::toString(bytes.takeError());
    return {};
  }
  std::string elf(bytes->data(), bytes->size());
  if (const char* directory = std::getenv("P4NFC_TEST_DUMP_DIR")) {
    std::string base = std::string(directory) + "/" + module.module().getName().str();
    std::ofstream(base + ".o", std::ios::binary) << elf;
    std::ofstream(base + ".ll") << module.emitIR();
  }
  return elf;
}

}  // namespace p4nf::testing
