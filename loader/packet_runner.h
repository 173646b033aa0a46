// Runs one packet through a loaded XDP or TC program with BPF_PROG_TEST_RUN and reports
// what happened to it, reading the chain metadata record the program writes
// (docs/manifest.md, "Chain metadata layout"): the verdict and the egress port.
//
// The record goes in and comes out where the data path keeps it, so a test run sees what
// a chain sees: XDP, the program's per-CPU scratch map `p4nf_record` (every CPU's cell is
// set, the run takes one); TC, skb->cb. Nothing depends on the XDP metadata area.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/object_loader.h"

namespace p4nf {

using Bytes = std::vector<uint8_t>;

// The chain metadata record (host order, 20 bytes), laid out as in the data path.
struct ChainMetadata {
  uint32_t verdict = 0;
  uint32_t egressPort = 0;
  uint32_t ingressPort = 0;
  uint32_t mark = 0;
  uint8_t ctState = 0;
  uint8_t l3Offset = 0;
  uint16_t l4Offset = 0;
};
inline constexpr uint32_t kChainMetadataSize = 20;
static_assert(sizeof(ChainMetadata) == kChainMetadataSize);
// The verdict word set to this in the record passed in says "the record is given" (neither
// skb->cb nor the XDP scratch map is cleared between packets, so the first module cannot
// tell otherwise).
inline constexpr uint32_t kRecordGivenMarker = 0xffffffff;
// XDP: the per-CPU scratch map that holds the record (manifest `maps.record`).
inline constexpr const char* kRecordMapName = "p4nf_record";
enum MetadataVerdict : uint32_t {
  kVerdictNone = 0,
  kVerdictDrop = 1,
  kVerdictSendToPort = 2,
  kVerdictToHost = 3,
  kVerdictContinue = 4,
};

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

struct PacketOutcome {
  enum class Kind { Dropped, SentToPort, ToHost, Continue };
  Kind kind = Kind::Dropped;
  uint32_t egressPort = 0;   // SentToPort
  Bytes packet;              // the packet after the program
  int returnCode = 0;        // the program's return value (XDP_* / TC_ACT_*)
  ChainMetadata metadata;    // as the program left it (the record passed in, verdict 0,
                             // when it wrote none)
};

std::string describe(const PacketOutcome& outcome);

// Throws LoaderError when the kernel refuses the run or the outcome is not one of the
// documented ones (e.g. XDP_REDIRECT without a verdict in the record).
// Passes in a record whose ingress_port is `ingressPort` and whose other words are zero.
PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet);
// The same with a whole record passed in (its verdict and egress_port are ignored).
PacketOutcome runPacket(int programFd, ProgramType type, const ChainMetadata& record, const Bytes& packet);

}  // namespace p4nf
