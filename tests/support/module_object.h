// Turning a module that a test built with the back end's API (tests/bpf's shapes,
// tests/loader's fixture) into an ELF object.
#pragma once

#include <string>

#include "bpf/bpf_module.h"

namespace p4nf::testing {

// finish() + emitObject(). On error: a test failure with LLVM's message (and the IR), and
// an empty result. P4NFC_TEST_DUMP_DIR=dir keeps each object and its optimised IR there
// for inspection (llvm-objdump-19 -d, bpftool btf dump file).
std::string emitTestObject(p4nfc::bpf::BpfModule& module);

}  // namespace p4nf::testing
