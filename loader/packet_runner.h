// Runs packets through a loaded XDP or TC program with BPF_PROG_TEST_RUN: libp4nf's one
// test runner, for `p4nf test`, the tests and the benchmark.
//
// runPacket runs one packet and reports what happened to it, reading the chain metadata
// record the program writes (docs/manifest.md, "Chain metadata layout"): the verdict and
// the egress port. The record goes in and comes out where the data path keeps it, so a
// test run sees what a chain sees: XDP, the program's per-CPU scratch map `p4nf_record`
// (every CPU's cell is set, the run takes one); TC, skb->cb. Nothing depends on the XDP
// metadata area. runRaw is the same run before interpretation; runTimed repeats a packet
// in one call and reports the kernel's time, for measurements.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/dataplane_abi.h"
#include "loader/object_loader.h"

namespace p4nf {

using Bytes = std::vector<uint8_t>;

// The chain metadata record (common/dataplane_abi.h), as the data path lays it out.
using ChainMetadata = abi::ChainRecord;

// One run as the kernel reports it, before any interpretation.
struct RawRun {
  int returnCode = 0;                   // XDP_* / TC_ACT_*
  Bytes packet;                         // the packet after the program
  std::optional<ChainMetadata> record;  // the record the program wrote, if it wrote one
};
// `given`: the record passed in (marked as given; its verdict and egress port are
// ignored), or none: the production shape of a module alone on its hook, where the
// record storage holds zeros and the program writes a record only when it continues.
// Throws LoaderError when the kernel refuses the run.
RawRun runRaw(int programFd, ProgramType type, const std::optional<ChainMetadata>& given, const Bytes& packet);

// `repeat` runs of `packet` in one call, as a measurement wants them: nothing goes in but
// the packet (no record, the kernel's default context) and nothing is read back but the
// return code, the packet and the time. Also what tests of programs that keep no chain
// record use (the back end's).
struct TimedRun {
  int returnCode = 0;       // XDP_* / TC_ACT_*, of the last repetition
  Bytes packet;             // after the last repetition (a run without live frames reuses
                            // the buffer: a program that rewrites the packet rewrites its
                            // own output again in each repetition)
  uint32_t durationNs = 0;  // the kernel's average per repetition, rounded down
};
// Throws LoaderError when the kernel refuses the run.
TimedRun runTimed(int programFd, const Bytes& packet, uint32_t repeat = 1);

struct PacketOutcome {
  enum class Kind { Dropped, SentToPort, ToHost, Continue, SentToPorts };
  Kind kind = Kind::Dropped;
  uint32_t egressPort = 0;   // SentToPort; SentToPorts: the sets of ports 0..15 (untagged in
                             // the low half, tagged in the high half: abi::kVerdictSendToPorts)
  Bytes packet;              // the packet after the program
  int returnCode = 0;        // the program's return value (XDP_* / TC_ACT_*)
  ChainMetadata metadata;    // as the program left it (the record passed in, verdict 0,
                             // when it wrote none)
};

std::string describe(const PacketOutcome& outcome);
// "1+2/4": the untagged and tagged sets of a SentToPorts outcome ("-" for an empty one).
std::string describePortSets(uint32_t sets);

// Throws LoaderError when the kernel refuses the run or the outcome is not one of the
// documented ones (e.g. XDP_REDIRECT without a verdict in the record).
// Passes in a record whose ingress_port is `ingressPort` and whose other words are zero.
PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet);
// The same with a whole record passed in (its verdict and egress_port are ignored).
PacketOutcome runPacket(int programFd, ProgramType type, const ChainMetadata& record, const Bytes& packet);

}  // namespace p4nf
