#include "loader/packet_runner.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "loader/fd.h"
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

// What goes into the record storage before the run: the given record marked as such, or
// zeros. After the run, storage whose verdict word differs holds the program's record
// (every record a program writes has a verdict, 1..4).
ChainMetadata recordPassedIn(const std::optional<ChainMetadata>& given) {
  if (!given) return ChainMetadata{};
  ChainMetadata in = *given;
  in.verdict = abi::kRecordGivenMarker;
  in.egressPort = 0;
  return in;
}

// The chain record map of an XDP program (`p4nf_record`, docs/manifest.md), found among
// the program's own maps by name. Objects without one (hand-written programs) keep no
// record: their outcome is their return code.
Fd recordMapOf(int programFd) {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(programFd, &info, &length) != 0)
    throw LoaderError(std::string("cannot read the program's info: ") + std::strerror(errno));
  std::vector<uint32_t> ids(info.nr_map_ids);
  info = {};
  info.nr_map_ids = static_cast<uint32_t>(ids.size());
  info.map_ids = reinterpret_cast<uintptr_t>(ids.data());
  length = sizeof info;
  if (bpf_obj_get_info_by_fd(programFd, &info, &length) != 0)
    throw LoaderError(std::string("cannot read the program's maps: ") + std::strerror(errno));
  for (uint32_t id : ids) {
    Fd map(bpf_map_get_fd_by_id(id));
    if (!map.valid()) continue;
    bpf_map_info mapInfo{};
    uint32_t mapLength = sizeof mapInfo;
    if (bpf_obj_get_info_by_fd(map.get(), &mapInfo, &mapLength) == 0 &&
        mapInfo.type == BPF_MAP_TYPE_PERCPU_ARRAY && std::strcmp(mapInfo.name, abi::kRecordMapName) == 0 &&
        mapInfo.value_size == abi::kChainRecordSize)
      return map;
  }
  return Fd();
}

// XDP: the record lives in the per-CPU scratch map. Every CPU's cell gets it, since the
// kernel runs the program on whichever CPU the caller is on, and only that cell changes.
class ScratchRecords {
 public:
  ScratchRecords(int programFd, const ChainMetadata& in) : map_(recordMapOf(programFd)), in_(in) {
    if (!map_.valid()) return;
    int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) throw LoaderError("cannot count the possible CPUs: " + std::string(std::strerror(-cpus)));
    cells_.resize(kCell * static_cast<size_t>(cpus));
    for (int cpu = 0; cpu < cpus; ++cpu) std::memcpy(cells_.data() + kCell * cpu, &in, sizeof in);
    if (bpf_map_update_elem(map_.get(), &kIndex, cells_.data(), BPF_ANY) != 0)
      throw LoaderError(std::string("cannot pass the chain record in: ") + std::strerror(errno));
  }

  std::optional<ChainMetadata> written() {
    if (!map_.valid()) return std::nullopt;
    if (bpf_map_lookup_elem(map_.get(), &kIndex, cells_.data()) != 0)
      throw LoaderError(std::string("cannot read the chain record back: ") + std::strerror(errno));
    for (size_t offset = 0; offset < cells_.size(); offset += kCell) {
      ChainMetadata cell = readMetadata(cells_.data() + offset);
      if (cell.verdict != in_.verdict) return cell;
    }
    return std::nullopt;
  }

 private:
  static constexpr size_t kCell = (abi::kChainRecordSize + 7) / 8 * 8;  // per-CPU values are 8-byte aligned
  static constexpr uint32_t kIndex = 0;
  Fd map_;
  ChainMetadata in_;
  std::vector<uint8_t> cells_;
};

// The one BPF_PROG_TEST_RUN call of libp4nf: every run mode (with a record, without one,
// timed) comes through here, so the buffers and options are set up in one place.
struct KernelRun {
  int error = 0;  // the errno of a run the kernel refused, else 0
  int returnCode = 0;
  Bytes packet;
  uint32_t durationNs = 0;
};

KernelRun testRun(int programFd, const Bytes& packet, void* contextIn, void* contextOut,
                  uint32_t contextSize, uint32_t repeat) {
  Bytes output(packet.size() + kHeadroomForGrowth);
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = packet.data();
  options.data_size_in = static_cast<uint32_t>(packet.size());
  options.data_out = output.data();
  options.data_size_out = static_cast<uint32_t>(output.size());
  options.ctx_in = contextIn;
  options.ctx_size_in = contextIn ? contextSize : 0;
  options.ctx_out = contextOut;
  options.ctx_size_out = contextOut ? contextSize : 0;
  options.repeat = static_cast<int>(repeat);
  KernelRun run;
  if (bpf_prog_test_run_opts(programFd, &options) != 0) {
    run.error = errno;
    return run;
  }
  run.returnCode = static_cast<int>(options.retval);
  run.durationNs = options.duration;
  uint32_t total = std::min<uint32_t>(options.data_size_out, static_cast<uint32_t>(output.size()));
  run.packet.assign(output.begin(), output.begin() + total);
  return run;
}

RawRun runXdp(int programFd, const ChainMetadata& in, const Bytes& packet) {
  ScratchRecords records(programFd, in);
  KernelRun run = testRun(programFd, packet, nullptr, nullptr, 0, 1);
  if (run.error)
    throw LoaderError(std::string("BPF_PROG_TEST_RUN (xdp) failed: ") + std::strerror(run.error));
  return {run.returnCode, std::move(run.packet), records.written()};
}

RawRun runTc(int programFd, const ChainMetadata& in, const Bytes& packet) {
  __sk_buff contextIn{};
  std::memcpy(contextIn.cb, &in, sizeof in);
  __sk_buff contextOut{};
  KernelRun run = testRun(programFd, packet, &contextIn, &contextOut, sizeof(__sk_buff), 1);
  if (run.error)
    throw LoaderError(std::string("BPF_PROG_TEST_RUN (tc) failed: ") + std::strerror(run.error) +
                      (run.error == EINVAL ? " (TC test runs need at least a 14-byte Ethernet header, and a "
                                             "whole IPv4 or IPv6 header when the EtherType announces one)"
                                           : ""));
  ChainMetadata out;
  std::memcpy(&out, contextOut.cb, sizeof out);
  std::optional<ChainMetadata> written;
  if (out.verdict != in.verdict) written = out;
  return {run.returnCode, std::move(run.packet), written};
}

}  // namespace

RawRun runRaw(int programFd, ProgramType type, const std::optional<ChainMetadata>& given, const Bytes& packet) {
  ChainMetadata in = recordPassedIn(given);
  return type == ProgramType::Xdp ? runXdp(programFd, in, packet) : runTc(programFd, in, packet);
}

TimedRun runTimed(int programFd, const Bytes& packet, uint32_t repeat) {
  KernelRun run = testRun(programFd, packet, nullptr, nullptr, 0, repeat);
  if (run.error) throw LoaderError(std::string("BPF_PROG_TEST_RUN failed: ") + std::strerror(run.error));
  return {run.returnCode, std::move(run.packet), run.durationNs};
}

namespace {

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

std::string describePortSets(uint32_t sets) {
  auto list = [](uint32_t bits) {
    std::string text;
    for (uint32_t i = 0; i < 16; ++i)
      if (bits & (1u << i)) text += (text.empty() ? "" : "+") + std::to_string(i);
    return text.empty() ? std::string("-") : text;
  };
  return list(sets & 0xffff) + "/" + list(sets >> abi::kSendToPortsTaggedShift);
}

std::string describe(const PacketOutcome& outcome) {
  switch (outcome.kind) {
    case PacketOutcome::Kind::Dropped: return "dropped";
    case PacketOutcome::Kind::SentToPort: return "sent to port " + std::to_string(outcome.egressPort);
    case PacketOutcome::Kind::ToHost: return "sent to the host";
    case PacketOutcome::Kind::Continue: return "continued to the next module";
    case PacketOutcome::Kind::SentToPorts: return "sent to ports " + describePortSets(outcome.egressPort);
  }
  return "?";
}

PacketOutcome runPacket(int programFd, ProgramType type, uint32_t ingressPort, const Bytes& packet) {
  ChainMetadata record;
  record.ingressPort = ingressPort;
  return runPacket(programFd, type, record, packet);
}

PacketOutcome runPacket(int programFd, ProgramType type, const ChainMetadata& record, const Bytes& packet) {
  RawRun run = runRaw(programFd, type, record, packet);
  PacketOutcome outcome;
  outcome.packet = std::move(run.packet);
  outcome.returnCode = run.returnCode;
  outcome.metadata = run.record.value_or(record);
  if (!run.record) outcome.metadata.verdict = abi::kVerdictNone;
  using Kind = PacketOutcome::Kind;
  switch (outcome.metadata.verdict) {
    case abi::kVerdictNone:
      outcome.kind = fromReturnCode(type, run.returnCode, record.ingressPort, outcome.egressPort);
      break;
    case abi::kVerdictDrop: outcome.kind = Kind::Dropped; break;
    case abi::kVerdictSendToPort:
      outcome.kind = Kind::SentToPort;
      outcome.egressPort = outcome.metadata.egressPort;
      break;
    case abi::kVerdictToHost: outcome.kind = Kind::ToHost; break;
    case abi::kVerdictContinue: outcome.kind = Kind::Continue; break;
    case abi::kVerdictSendToPorts:
      outcome.kind = Kind::SentToPorts;
      outcome.egressPort = outcome.metadata.egressPort;
      break;
    default:
      throw LoaderError("the program left verdict " + std::to_string(outcome.metadata.verdict) +
                        " in the chain metadata (0..5 are defined)");
  }
  // The record wins over the return code: in a test run the port map is empty, so a
  // send_to_port comes back as the redirect's fallback (XDP_DROP, TC_ACT_SHOT). Only an
  // aborted XDP program (a program error) drops whatever the record says.
  if (type == ProgramType::Xdp && run.returnCode == XDP_ABORTED) outcome.kind = Kind::Dropped;
  // send_to_ports on XDP: the frame comes with the flood header in front, for the devmap
  // egress program; the outcome is the frame (docs/manifest.md, "Flooding").
  if (type == ProgramType::Xdp && outcome.kind == Kind::SentToPorts && outcome.packet.size() >= abi::kFloodHeaderBytes)
    outcome.packet.erase(outcome.packet.begin(), outcome.packet.begin() + abi::kFloodHeaderBytes);
  return outcome;
}

}  // namespace p4nf
