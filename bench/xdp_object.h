// One BPF object under test: loaded from a file through libp4nf (loader/object_loader.h,
// as p4nf loads it), its tables filled through libp4nf's table writer from its manifest
// (loader/table_writer.h, as p4nf fills them), its XDP program run by libp4nf's runner
// (loader/packet_runner.h): many times in one BPF_PROG_TEST_RUN call to measure it
// (runTimed), once with the chain record read back to check it (runRaw). For the chain
// scenarios it is a chain: the same object loaded at positions 0..N-1 of one prog array
// (loader/chain_loader.h), and the program run is the one at position 0.
//
// Both sides of every benchmark are filled through this one path: a p4nfc object carries
// its manifest, and each hand-written baseline gets one attached at build time
// (bench/baselines/*.manifest.json). So if the baseline and the compiled P4 program lay
// out a table differently, each still gets exactly the entries the scenario asked for.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/object_loader.h"
#include "loader/packet_runner.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"

namespace p4nf::bench {

// One key field of a scenario's table entry. For an lpm field, `prefixLength` counts the
// field's own bits (-1: all of them).
struct KeyField {
  uint64_t value = 0;
  int prefixLength = -1;
};

struct ProgramStats {
  uint32_t verifiedInstructions = 0;  // bpf_prog_info.verified_insns
  uint32_t loadedInstructions = 0;    // after the verifier's rewrites (xlated_prog_len / 8)
  uint32_t jitedBytes = 0;
};

// A checking run (XdpObject::runOnce).
struct TestRun {
  uint32_t verdict = 0;  // the program's return value
  Bytes packet;          // data_out
  // The chain record the program left in p4nf_record, when it has that map and wrote one,
  // and how many modules the chain has.
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

  const p4nf::Manifest& manifest() const { return object_->manifest(); }
  int programFd() const { return object_->programFd(); }
  int mapFd(const std::string& name) const;  // throws when absent
  ProgramStats stats() const;  // of a chain: its programs' sums

  // One entry of a table (by full or bare name): its key fields in the table's key order,
  // the action by name and its arguments in parameter order. Written by the table writer,
  // which keeps the array of an lpm table with the dir24 scheme (docs/manifest.md) in step.
  void addEntry(const std::string& table, const std::vector<KeyField>& keys, const std::string& action,
                const std::vector<uint64_t>& args);
  // Points every port in [0, ports) of the manifest's port devmap at `ifindex`.
  void fillPorts(uint32_t ports, uint32_t ifindex);
  // Gives the interface `ifindex` the PNA port id `port` (the manifest's port_ids map).
  void setPortId(uint32_t ifindex, uint32_t port);
  // What the loader writes at load: each table's default action into its default map (and
  // the program's entries; the bench programs have none).
  void installDefaultActions();

  // Runs `packet` through the program `repeat` times in one BPF_PROG_TEST_RUN call
  // (libp4nf's timed run); throws when the kernel refuses it.
  p4nf::TimedRun run(const Bytes& packet, uint32_t repeat) const { return p4nf::runTimed(programFd(), packet, repeat); }
  // Runs `packet` once to check the result: as a hook hands a packet to the program (the
  // chain record storage zeroed, no record passed in), and reads back the record.
  TestRun runOnce(const Bytes& packet) const;

 private:
  explicit XdpObject(std::unique_ptr<p4nf::LoadedObject> object) : object_(std::move(object)) {}
  // The writer of a table, made on first use: a dir24 table's writer maps its arrays.
  p4nf::TableWriter& writer(const p4nf::ManifestTable& table);
  std::unique_ptr<p4nf::LoadedObject> object_;
  std::vector<std::unique_ptr<p4nf::LoadedObject>> laterModules_;  // positions 1..N-1
  std::map<std::string, std::unique_ptr<p4nf::TableWriter>> writers_;  // by full table name
};

}  // namespace p4nf::bench
