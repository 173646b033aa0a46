#include "loader/packet_runner.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

// Room for programs that grow the packet (encapsulation, VLAN push).
constexpr size_t kHeadroomForGrowth = 512;

ChainMetadata readMetadata(const uint8_t* bytes) {
  ChainMetadata meta;
  std::memcpy(&meta, bytes, sizeof meta);
  return meta;
}

struct RawRun {
  int returnCode = 0;
  Bytes packet;
  ChainMetadata metadata;
};

RawRun runXdp(int programFd, const ChainMetadata& record, const Bytes& packet) {
  // The metadata area goes in front of the packet in data_in; ctx_in.data says how long it
  // is (the kernel builds data_meta from it).
  ChainMetadata meta = record;
  meta.verdict = kVerdictNone;
  meta.egressPort = 0;
  Bytes input(kChainMetadataSize + packet.size());
  std::memcpy(input.data(), &meta, sizeof meta);
  std::copy(packet.begin(), packet.end(), input.begin() + kChainMetadataSize);
  xdp_md contextIn{};
  contextIn.data = kChainMetadataSize;
  contextIn.data_end = static_cast<uint32_t>(input.size());
  xdp_md contextOut{};
  Bytes output(input.size() + kHeadroomForGrowth);

  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = input.data();
  options.data_size_in = static_cast<uint32_t>(input.size());
  options.data_out = output.data();
  options.data_size_out = static_cast<uint32_t>(output.size());
  options.ctx_in = &contextIn;
  options.ctx_size_in = sizeof contextIn;
  options.ctx_out = &contextOut;
  options.ctx_size_out = sizeof contextOut;
  options.repeat = 1;
  if (bpf_prog_test_run_opts(programFd, &options) != 0)
    throw LoaderError(std::string("BPF_PROG_TEST_RUN (xdp) failed: ") + std::strerror(errno));
  RawRun run;
  run.returnCode = static_cast<int>(options.retval);
  // data_out starts at data_meta; ctx_out.data is the metadata length after the run. The
  // record is at the front of the area (a module finds the one we passed in and never
  // grows the area).
  uint32_t metaLength = contextOut.data;
  uint32_t total = std::min<uint32_t>(options.data_size_out, static_cast<uint32_t>(output.size()));
  if (metaLength > total) metaLength = total;
  if (metaLength >= kChainMetadataSize) run.metadata = readMetadata(output.data());
  run.packet.assign(output.begin() + metaLength, output.begin() + total);
  return run;
}

RawRun runTc(int programFd, const ChainMetadata& record, const Bytes& packet) {
  // The record is skb->cb[0..4]; cb[0] (the verdict word) carries the "given" marker.
  ChainMetadata given = record;
  given.verdict = kRecordGivenMarker;
  given.egressPort = 0;
  __sk_buff contextIn{};
  std::memcpy(contextIn.cb, &given, sizeof given);
  __sk_buff contextOut{};
  Bytes input = packet;
  Bytes output(input.size() + kHeadroomForGrowth);
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = input.data();
  options.data_size_in = static_cast<uint32_t>(input.size());
  options.data_out = output.data();
  options.data_size_out = static_cast<uint32_t>(output.size());
  options.ctx_in = &contextIn;
  options.ctx_size_in = sizeof contextIn;
  options.ctx_out = &contextOut;
  options.ctx_size_out = sizeof contextOut;
  options.repeat = 1;
  if (bpf_prog_test_run_opts(programFd, &options) != 0) {
    int error = errno;
    throw LoaderError(std::string("BPF_PROG_TEST_RUN (tc) failed: ") + std::strerror(error) +
                      (error == EINVAL ? " (TC test runs need at least a 14-byte Ethernet header, and a "
                                         "whole IPv4 or IPv6 header when the EtherType announces one)"
                                       : ""));
  }
  RawRun run;
  run.returnCode = static_cast<int>(options.retval);
  std::memcpy(&run.metadata, contextOut.cb, sizeof run.metadata);
  // A program that wrote no record leaves the marker: that is "no verdict".
  if (run.metadata.verdict == kRecordGivenMarker) run.metadata.verdict = kVerdictNone;
  uint32_t total = std::min<uint32_t>(options.data_size_out, static_cast<uint32_t>(output.size()));
  run.packet.assign(output.begin(), output.begin() + total);
  return run;
}

// The outcome when the program left no verdict in the metadata (docs/manifest.md).
PacketOutcome::Kind fromReturnCode(ProgramType type, int code, uint32_t ingressPort,
                                   uint32_t& egressPort) {
  using Kind = PacketOutcome::Kind;
  if (type == ProgramType::Xdp) {
    switch (code) {
      case XDP_ABORTED:
      case XDP_DROP: return Kind::Dropped;
      case XDP_PASS: return Kind::ToHost;
      case XDP_TX: egressPort = ingressPort; return Kind::SentToPort;
      default: break;
    }
  } else {
    switch (code) {
      case TC_ACT_SHOT: return Kind::Dropped;
      case TC_ACT_OK: return Kind::ToHost;
      default: break;
    }
  }
  throw LoaderError("the program returned " + std::to_string(code) +
                    " without a verdict in the chain metadata, so the egress port is unknown");
}

}  // namespace

std::string describe(const PacketOutcome& outcome) {
  switch (outcome.kind) {
    case PacketOutcome::Kind::Dropped: return "dropped";
    case PacketOutcome::Kind::SentToPort: return "sent to port " + std::to_string(outcome.egressPort);
    case PacketOutcome::Kind::ToHost: return "sent to the host";
    case PacketOutcome::Kind::Continue: return "continued to the next module";
  }
  return "?";
}

PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet) {
  ChainMetadata record;
  record.ingressPort = ingressPort;
  return runPacket(programFd, type, record, packet);
}

PacketOutcome runPacket(int programFd, ProgramType type, const ChainMetadata& record, const Bytes& packet) {
  uint32_t ingressPort = record.ingressPort;
  RawRun run = type == ProgramType::Xdp ? runXdp(programFd, record, packet)
                                        : runTc(programFd, record, packet);
  PacketOutcome outcome;
  outcome.packet = std::move(run.packet);
  outcome.returnCode = run.returnCode;
  outcome.metadata = run.metadata;
  using Kind = PacketOutcome::Kind;
  switch (run.metadata.verdict) {
    case kVerdictNone:
      outcome.kind = fromReturnCode(type, run.returnCode, ingressPort, outcome.egressPort);
      break;
    case kVerdictDrop: outcome.kind = Kind::Dropped; break;
    case kVerdictSendToPort:
      outcome.kind = Kind::SentToPort;
      outcome.egressPort = run.metadata.egressPort;
      break;
    case kVerdictToHost: outcome.kind = Kind::ToHost; break;
    case kVerdictContinue: outcome.kind = Kind::Continue; break;
    default:
      throw LoaderError("the program left verdict " + std::to_string(run.metadata.verdict) +
                        " in the chain metadata (0..4 are defined)");
  }
  // The metadata wins over the return code: in a test run the port map is empty, so a
  // send_to_port comes back as the redirect's fallback (XDP_DROP, TC_ACT_SHOT). Only an
  // aborted XDP program (a program error) drops whatever the metadata says.
  if (type == ProgramType::Xdp && run.returnCode == XDP_ABORTED) outcome.kind = Kind::Dropped;
  return outcome;
}

}  // namespace p4nf
