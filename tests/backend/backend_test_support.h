// Shared by the back-end tests: compile a test module and load it into the kernel.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>

#include "backend/bpf_module.h"
#include "kernel_harness.h"
#include "test_programs.h"

namespace p4nfc::testing {

#define REQUIRE_BPF()                                                    \
  do {                                                                   \
    if (!::p4nfc::testing::canLoadBpf())                                 \
      GTEST_SKIP() << "needs root to load BPF programs into the kernel"; \
  } while (0)

std::unique_ptr<BpfTarget> makeTarget(const backend::BpfTargetOptions& options = {});

// finish() + emitObject(); adds a failure and returns an empty object on error.
std::string compile(BpfModule& object);

// compile() + LoadedObject::load(); on failure adds a test failure with libbpf's log (the
// verifier's complaint) and the IR, and returns nullptr.
std::unique_ptr<LoadedObject> compileAndLoad(BpfModule& object);

// Prints "verified_insns <name> <count>" so that a test log shows what each shape costs.
void recordVerifiedInstructions(const std::string& name, int programFd);

}  // namespace p4nfc::testing

namespace p4nfc::backend {
// Readable test names in gtest and ctest output.
inline void PrintTo(ProgramKind kind, std::ostream* out) {
  *out << (kind == ProgramKind::Xdp ? "xdp" : "tc");
}
}  // namespace p4nfc::backend
