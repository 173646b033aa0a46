// Compiling P4 programs with the code generator and running packets through them with
// libp4nf's runner, for the code generator tests. Loading objects, packets and the
// kernel checks come from tests/support.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loader/object_loader.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"
#include "tests/support/kernel.h"
#include "tests/support/packets.h"

namespace p4nfc::codegen_test {

using namespace p4nf::testing;

struct Compiled {
  bool ok = false;
  std::string object;        // ELF bytes
  std::string manifestText;  // as the object carries it
  p4nf::Manifest manifest;   // read back with libp4nf's strict reader (a refusal: not ok)
  std::string diagnostics;   // rendered, as p4nfc prints them
};
Compiled compileP4(const std::string& path, const std::string& target = "xdp", int optLevel = 2);
std::string programPath(const std::string& name);  // tests/codegen/programs/<name>

// A run of one packet with BPF_PROG_TEST_RUN, read back through the chain metadata record
// (docs/manifest.md, "Chain metadata layout").
struct RunResult {
  int error = 0;         // 0, or -1 when the kernel refused the run (message says why)
  std::string message;
  uint32_t retval = 0;
  Bytes packet;          // the packet after the program, without the metadata
  uint32_t verdict = 0;  // from the chain metadata (0: none recorded)
  uint32_t port = 0;
};
// The production shape: no record passed in (the XDP scratch map and skb->cb hold zeros,
// without the "given" marker). A module then records its verdict only when it continues the chain
// (it creates the record for the next module); for drop, port and host it leaves none,
// and `verdict` stays 0.
RunResult runWithoutRecord(int programFd, p4nf::ProgramType type, const Bytes& packet);
// With a zeroed record passed in (input port 0), as `p4nf test` and a later module of a
// chain see it: the program writes its verdict and egress port into it.
RunResult runWithRecord(int programFd, p4nf::ProgramType type, const Bytes& packet);
inline RunResult runXdp(int programFd, const Bytes& packet) {
  return runWithRecord(programFd, p4nf::ProgramType::Xdp, packet);
}
inline RunResult runTc(int programFd, const Bytes& packet) {
  return runWithRecord(programFd, p4nf::ProgramType::Tc, packet);
}

// The writer of `table` (full or bare name) in a loaded object: entries and default
// actions go in as `p4nf` writes them (loader/table_writer.h, loader/entry.h).
p4nf::TableWriter writerFor(const p4nf::LoadedObject& object, const std::string& table);
// Points PNA port `port` at interface `ifindex` in the object's port map (maps.ports).
void mapPort(const p4nf::LoadedObject& object, uint32_t port, uint32_t ifindex);

}  // namespace p4nfc::codegen_test
