// One BPF object under test: loaded from a file through libp4nf (loader/object_loader.h,
// as p4nf loads it), its manifest parsed for the scenarios' table encoding, its XDP
// program run with BPF_PROG_TEST_RUN many times in one call (p4nf::runPacket runs a
// packet once, which is what a test wants and not what a measurement wants). For the
// chain scenarios it is a chain: the same object loaded at positions 0..N-1 of one prog
// array (loader/chain_loader.h), and the program run is the one at position 0.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/lpm_dir24.h"
#include "loader/object_loader.h"
#include "loader/packet_runner.h"
#include "table_encoding.h"

namespace p4nf::bench {

struct ProgramStats {
  uint32_t verifiedInstructions = 0;  // bpf_prog_info.verified_insns
  uint32_t loadedInstructions = 0;    // after the verifier's rewrites (xlated_prog_len / 8)
  uint32_t jitedBytes = 0;
};

struct TestRun {
  int error = 0;            // 0 or -errno from bpf_prog_test_run_opts
  uint32_t verdict = 0;     // the program's return value (of the last repetition)
  uint32_t durationNs = 0;  // the kernel's average per repetition, rounded down
  Bytes packet;             // data_out
  // Of a checking run (XdpObject::runOnce): the chain record the program left in
  // p4nf_record, when it has that map and wrote one, and how many modules the chain has.
  std::optional<p4nf::ChainMetadata> record;
  uint32_t modules = 1;
};

class XdpObject {
 public:
  // Throws std::runtime_error with libbpf's output (the verifier log included) on failure.
  // `modules` > 1: a chain of that many copies of the object, as a deployment loads a
  // chain (positions > 0 share position 0's prog array and record map); the maps of
  // manifest(), update() and the others are position 0's.
  static std::unique_ptr<XdpObject> load(const std::string& path, uint32_t modules = 1);
  XdpObject(const XdpObject&) = delete;
  XdpObject& operator=(const XdpObject&) = delete;

  const Manifest& manifest() const { return manifest_; }
  int programFd() const { return object_->programFd(); }
  int mapFd(const std::string& name) const;  // throws when absent
  ProgramStats stats() const;  // of a chain: its programs' sums

  void update(const std::string& map, const Bytes& key, const Bytes& value);
  // One entry of a table, by its map key and value: update() on the table's map, and for
  // an lpm table with the dir24 scheme (docs/manifest.md) the array in front of it too,
  // as the loader's table writer keeps it.
  void addEntry(const TableLayout& table, const Bytes& key, const Bytes& value);
  // Points every port in [0, ports) of the manifest's port devmap at `ifindex`.
  void fillPorts(uint32_t ports, uint32_t ifindex);
  // Writes each table's default action into its default map (what the loader does at load).
  void installDefaultActions();

  // Runs `packet` through the program `repeat` times in one BPF_PROG_TEST_RUN call.
  TestRun run(const Bytes& packet, uint32_t repeat) const;
  // Runs `packet` once to check the result: as a hook hands a packet to the program (the
  // chain record storage zeroed, no record passed in), and reads back the record.
  TestRun runOnce(const Bytes& packet) const;

 private:
  XdpObject(std::unique_ptr<p4nf::LoadedObject> object, Manifest manifest)
      : object_(std::move(object)), manifest_(std::move(manifest)) {}
  std::unique_ptr<p4nf::LoadedObject> object_;
  std::vector<std::unique_ptr<p4nf::LoadedObject>> laterModules_;  // positions 1..N-1
  Manifest manifest_;
  std::map<std::string, std::unique_ptr<p4nf::Dir24Index>> dir24_;  // by table name
};

}  // namespace p4nf::bench
