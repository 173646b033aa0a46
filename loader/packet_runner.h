// Runs one packet through a loaded XDP or TC program with BPF_PROG_TEST_RUN and reports
// what happened to it, reading the chain metadata the program writes (docs/manifest.md,
// "Chain metadata layout"): the verdict and the egress port.
#pragma once

#include <cstdint>
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
// TC: the verdict word set to this in the record passed in says "the record is given"
// (skb->cb is not cleared by the kernel, so the first module cannot tell otherwise).
inline constexpr uint32_t kRecordGivenMarker = 0xffffffff;
enum MetadataVerdict : uint32_t {
  kVerdictNone = 0,
  kVerdictDrop = 1,
  kVerdictSendToPort = 2,
  kVerdictToHost = 3,
  kVerdictContinue = 4,
};

struct PacketOutcome {
  enum class Kind { Dropped, SentToPort, ToHost, Continue };
  Kind kind = Kind::Dropped;
  uint32_t egressPort = 0;   // SentToPort
  Bytes packet;              // the packet after the program
  int returnCode = 0;        // the program's return value (XDP_* / TC_ACT_*)
  ChainMetadata metadata;    // as the program left it
};

std::string describe(const PacketOutcome& outcome);

// Throws LoaderError when the kernel refuses the run or the outcome is not one of the
// documented ones (e.g. XDP_REDIRECT without a verdict in the metadata).
// Passes in a record whose ingress_port is `ingressPort` and whose other words are zero.
PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet);
// The same with a whole record passed in (its verdict and egress_port are ignored: the
// runner passes 0, or TC's "given" marker).
PacketOutcome runPacket(int programFd, ProgramType type, const ChainMetadata& record, const Bytes& packet);

}  // namespace p4nf
