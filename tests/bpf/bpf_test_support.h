// Shared by the back-end tests: compile a test module and load it into the kernel. The
// objects have no manifest: they are loaded as they are (RawObject) and run with
// libp4nf's timed runner, which passes no chain record in (tests/support, loader/).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>

#include "bpf/bpf_module.h"
#include "loader/packet_runner.h"
#include "test_programs.h"
#include "tests/support/kernel.h"
#include "tests/support/module_object.h"
#include "tests/support/packets.h"

namespace p4nfc::testing {

using namespace p4nf::testing;
using p4nf::runTimed;
using p4nf::TimedRun;

#define REQUIRE_BPF()                                                    \
  do {                                                                   \
    if (!::p4nf::testing::canLoadBpf())                                  \
      GTEST_SKIP() << "needs root to load BPF programs into the kernel"; \
  } while (0)

std::unique_ptr<BpfTarget> makeTarget(const bpf::BpfTargetOptions& options = {});

// emitTestObject() + RawObject::load(); on failure adds a test failure with libbpf's log
// (the verifier's complaint) and the IR, and returns nullptr.
std::unique_ptr<RawObject> compileAndLoad(BpfModule& object);

// Prints "verified_insns <name> <count>" so that a test log shows what each shape costs.
void recordVerifiedInstructions(const std::string& name, int programFd);

}  // namespace p4nfc::testing

namespace p4nfc::bpf {
// Readable test names in gtest and ctest output.
inline void PrintTo(ProgramKind kind, std::ostream* out) {
  *out << (kind == ProgramKind::Xdp ? "xdp" : "tc");
}
}  // namespace p4nfc::bpf
