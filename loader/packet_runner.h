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

// The chain metadata words (host order, 16 bytes), in their order.
struct ChainMetadata {
  uint32_t verdict = 0;
  uint32_t egressPort = 0;
  uint32_t ingressPort = 0;
  uint32_t reserved = 0;
};
inline constexpr uint32_t kChainMetadataSize = 16;
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
PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet);

}  // namespace p4nf
