// router_e2e_sender: sends one frame out of a veth as fast as it can, for a while.
//
//   router_e2e_sender --object xdp_live_tx.o --interface eth0 --frame HEX --seconds S
//                     [--mechanism auto|live_frames|af_packet] [--batch 64] [--chunk 1048576]
//
// Run inside the sending host's network namespace (ip netns exec), pinned to a CPU of
// its own (taskset). Two mechanisms send the same frame out of the same interface:
//
//   live_frames  loads xdp_live_tx.o and runs it with BPF_PROG_TEST_RUN in live-frames mode
//                (BPF_F_TEST_XDP_LIVE_FRAMES, Linux 5.18+): each repetition hands the frame
//                to the program, which restores the frame's headers and transmits it out of
//                `interface` with XDP_TX (for a veth: into its peer's receive ring, as an XDP
//                frame). No socket, no skb: the sender costs little per frame, so the router
//                behind the veth is the bottleneck. --batch and --chunk are the test run's
//                batch_size and repetitions per call.
//   af_packet    an AF_PACKET socket with PACKET_QDISC_BYPASS: each frame is an skb handed
//                straight to the veth's transmit (for a veth: into its peer's receive ring).
//                Works where test runs are refused, at a fraction of live frames' rate.
//   auto         (the default) live_frames if loading the program and a one-repetition
//                live-frames run work, else af_packet; stderr says which and why.
//
// With either, frames the peer's ring has no room for are dropped at the veth, before the
// router.
//
// Prints one JSON line: {"mechanism": "live_frames", "repetitions": N, "seconds": T}, N the
// frames handed to the veth, those it dropped included.
//
// Exit 0; 2 on bad usage or an error; 3 (kExitRefused) when the kernel (or its security
// policy) refuses the mechanism asked for, or under auto both: the message names the feature.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr int kExitError = 2;
constexpr int kExitRefused = 3;

constexpr size_t kHeaderBytes = 34;  // HEADER_BYTES of xdp_live_tx.bpf.c

enum class Mechanism { kAuto, kLiveFrames, kAfPacket };

struct Options {
  std::string object, interface, frameHex;
  Mechanism mechanism = Mechanism::kAuto;
  double seconds = 1.0;
  unsigned batch = 64;
  unsigned chunk = 1 << 20;
};

using Frame = std::vector<unsigned char>;

void note(const std::string& what) {
  std::fprintf(stderr, "router_e2e_sender: %s\n", what.c_str());
}

[[noreturn]] void fail(const std::string& what) {
  note(what);
  std::exit(kExitError);
}

[[noreturn]] void usage() {
  fail(
      "usage: router_e2e_sender --object FILE.o --interface IF --frame HEX --seconds S "
      "[--mechanism auto|live_frames|af_packet] [--batch N] [--chunk N]");
}

Mechanism parseMechanism(const std::string& name) {
  if (name == "auto") return Mechanism::kAuto;
  if (name == "live_frames") return Mechanism::kLiveFrames;
  if (name == "af_packet") return Mechanism::kAfPacket;
  usage();
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--object")
      options.object = value;
    else if (key == "--interface")
      options.interface = value;
    else if (key == "--frame")
      options.frameHex = value;
    else if (key == "--seconds")
      options.seconds = std::atof(value.c_str());
    else if (key == "--mechanism")
      options.mechanism = parseMechanism(value);
    else if (key == "--batch")
      options.batch = unsigned(std::atoi(value.c_str()));
    else if (key == "--chunk")
      options.chunk = unsigned(std::atoi(value.c_str()));
    else
      usage();
  }
  if (argc % 2 != 1 || options.object.empty() || options.interface.empty() ||
      options.frameHex.empty() || options.seconds <= 0 || options.batch == 0 || options.chunk == 0)
    usage();
  return options;
}

Frame fromHex(const std::string& hex) {
  if (hex.size() % 2) fail("--frame: an odd number of hex digits");
  Frame bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    char* end = nullptr;
    std::string pair = hex.substr(i, 2);
    long value = std::strtol(pair.c_str(), &end, 16);
    if (*end) fail("--frame: '" + pair + "' is not hex");
    bytes.push_back(static_cast<unsigned char>(value));
  }
  return bytes;
}

double now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// A kernel feature a mechanism needs that this kernel, or its security policy, refuses.
struct Refused {
  std::string mechanism, feature;
  int error;

  std::string describe() const {
    return mechanism + " is not available: the kernel refuses " + feature + ": " +
           std::strerror(error);
  }
};

// The errors with which a kernel says it lacks a feature or does not allow it, as opposed
// to a mistake of ours (a missing file, a wrong interface) or a passing shortage.
bool isRefusal(int error) {
  return error == EPERM || error == EINVAL || error == EOPNOTSUPP || error == ENOPROTOOPT ||
         error == EAFNOSUPPORT;
}

// Throws Refused when `error` refuses `feature`; exits on any other error.
[[noreturn]] void refuseOrFail(const char* mechanism, const std::string& feature, int error) {
  if (isRefusal(error)) throw Refused{mechanism, feature, error};
  fail(std::string(mechanism) + ": " + feature + ": " + std::strerror(error));
}

class Sender {
 public:
  virtual ~Sender() = default;
  virtual const char* name() const = 0;
  // Hands frames to the interface for a moment; returns how many, the veth's drops included.
  virtual unsigned long long send() = 0;
};

class LiveFramesSender : public Sender {
 public:
  static constexpr const char* kName = "live_frames";

  // Loads the program and sends one frame with it, so that a kernel that refuses live
  // frames does so here (Refused), before the measurement.
  LiveFramesSender(const Options& options, const Frame& frame, unsigned ifindex)
      : options_(options), frame_(frame) {
    object_.reset(bpf_object__open_file(options.object.c_str(), nullptr));
    if (!object_) fail("cannot open " + options.object + ": " + std::strerror(errno));
    setHeaders();
    if (int error = bpf_object__load(object_.get()))
      refuseOrFail(kName, "loading the XDP program " + options.object + " (BPF_PROG_LOAD)", -error);
    bpf_program* program = bpf_object__find_program_by_name(object_.get(), "live_tx");
    if (!program) fail(options.object + " has no program live_tx");
    programFd_ = bpf_program__fd(program);
    context_.data_end = unsigned(frame_.size());
    context_.ingress_ifindex = ifindex;
    run(1);
  }

  const char* name() const override { return kName; }

  unsigned long long send() override {
    run(options_.chunk);
    return options_.chunk;
  }

 private:
  struct CloseObject {
    void operator()(bpf_object* object) const { bpf_object__close(object); }
  };

  // The program's `headers` (.rodata): the frame's first bytes, which it restores on
  // every transmit (xdp_live_tx.bpf.c says why).
  void setHeaders() {
    bpf_map* map = nullptr;
    bpf_object__for_each_map(map, object_.get()) {
      std::string name = bpf_map__name(map);
      if (name.size() < 7 || name.compare(name.size() - 7, 7, ".rodata") != 0) continue;
      size_t size = 0;
      const void* initial = bpf_map__initial_value(map, &size);
      if (!initial || size < kHeaderBytes) fail(options_.object + ": its .rodata holds no headers");
      Frame value(static_cast<const unsigned char*>(initial),
                  static_cast<const unsigned char*>(initial) + size);
      std::memcpy(value.data(), frame_.data(), kHeaderBytes);
      if (bpf_map__set_initial_value(map, value.data(), value.size()))
        fail("cannot set the headers of " + options_.object);
      return;
    }
    fail(options_.object + " has no .rodata `headers`");
  }

  void run(unsigned repetitions) {
    bpf_test_run_opts run{};
    run.sz = sizeof run;
    run.data_in = frame_.data();
    run.data_size_in = static_cast<uint32_t>(frame_.size());
    run.ctx_in = &context_;
    run.ctx_size_in = sizeof context_;
    run.repeat = static_cast<int>(repetitions);
    run.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
    run.batch_size = options_.batch;
    if (bpf_prog_test_run_opts(programFd_, &run))
      refuseOrFail(kName, "BPF_PROG_TEST_RUN in live-frames mode (BPF_F_TEST_XDP_LIVE_FRAMES)",
                   errno);
  }

  const Options& options_;
  const Frame& frame_;
  std::unique_ptr<bpf_object, CloseObject> object_;
  int programFd_ = -1;
  xdp_md context_{};
};

// Frames go out with sendmmsg, kBatch messages a call, all pointing at the one frame (each
// becomes an skb of its own, so the router's in-place rewrite never reaches it). Not with a
// PACKET_MMAP TX ring (TPACKET_V2), the other way to batch, because the ring is slower on a
// veth: 0.17-0.30 Mpps against sendmmsg's 0.42-0.71 (Linux 6.18, 2 shared vCPUs, runs of
// each alternating), and it delivers fewer frames too. When the veth's peer ring is full,
// the veth drops the skb; the TX ring then keeps that frame and ends the send() there, to
// try it again on the next, so each send() moves only the few frames that fit. sendmmsg
// hands every frame over once and the veth drops what does not fit, as with live frames.
class AfPacketSender : public Sender {
 public:
  static constexpr const char* kName = "af_packet";

  AfPacketSender(const Frame& frame, unsigned ifindex) {
    // Protocol 0: this socket receives nothing, it only sends.
    socket_.fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (socket_.fd < 0)
      refuseOrFail(kName, "AF_PACKET sockets (CONFIG_PACKET, CAP_NET_RAW)", errno);
    // Past the qdisc layer, straight to the driver's transmit, as live frames' XDP_TX is.
    int on = 1;
    if (setsockopt(socket_.fd, SOL_PACKET, PACKET_QDISC_BYPASS, &on, sizeof on))
      refuseOrFail(kName, "PACKET_QDISC_BYPASS (Linux 3.14+)", errno);
    sockaddr_ll address{};
    address.sll_family = AF_PACKET;
    address.sll_ifindex = int(ifindex);
    if (bind(socket_.fd, reinterpret_cast<sockaddr*>(&address), sizeof address))
      fail(std::string("cannot bind an AF_PACKET socket to the interface: ") +
           std::strerror(errno));
    frame_ = {const_cast<unsigned char*>(frame.data()), frame.size()};
    for (mmsghdr& message : messages_) {
      message = {};
      message.msg_hdr.msg_iov = &frame_;
      message.msg_hdr.msg_iovlen = 1;
    }
  }

  const char* name() const override { return kName; }

  unsigned long long send() override {
    int sent = sendmmsg(socket_.fd, messages_, kBatch, 0);
    if (sent == int(kBatch)) return kBatch;
    // The veth dropped the next frame (ENOBUFS: its peer's ring was full) and sendmmsg
    // stopped there; that frame was handed to the veth too. Any other error comes back
    // from the first message of the next call.
    if (sent >= 0) return unsigned(sent) + 1;
    if (errno == ENOBUFS) return 1;
    fail(std::string("sendmmsg: ") + std::strerror(errno));
  }

 private:
  static constexpr unsigned kBatch = 64;

  // Closed however the constructor ends: a refusal throws after the socket was made.
  struct Socket {
    int fd = -1;
    ~Socket() {
      if (fd >= 0) close(fd);
    }
  };

  Socket socket_;
  iovec frame_{};
  mmsghdr messages_[kBatch];
};

// The mechanism asked for; for auto, live frames if the kernel allows them, else AF_PACKET.
std::unique_ptr<Sender> start(const Options& options, const Frame& frame, unsigned ifindex) {
  switch (options.mechanism) {
    case Mechanism::kLiveFrames:
      return std::make_unique<LiveFramesSender>(options, frame, ifindex);
    case Mechanism::kAfPacket:
      return std::make_unique<AfPacketSender>(frame, ifindex);
    case Mechanism::kAuto:
      break;
  }
  try {
    auto sender = std::make_unique<LiveFramesSender>(options, frame, ifindex);
    note("auto: using live_frames (loading the program and a one-frame live-frames run worked)");
    return sender;
  } catch (const Refused& refused) {
    note("auto: using af_packet, because " + refused.describe());
    return std::make_unique<AfPacketSender>(frame, ifindex);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  Frame frame = fromHex(options.frameHex);
  if (frame.size() < kHeaderBytes) fail("--frame: shorter than Ethernet + IPv4 headers");
  unsigned ifindex = if_nametoindex(options.interface.c_str());
  if (ifindex == 0) fail("no interface " + options.interface + " in this network namespace");

  try {
    std::unique_ptr<Sender> sender = start(options, frame, ifindex);
    unsigned long long repetitions = 0;
    double began = now(), elapsed = 0;
    while (elapsed < options.seconds) {
      repetitions += sender->send();
      elapsed = now() - began;
    }
    std::printf("{\"mechanism\": \"%s\", \"repetitions\": %llu, \"seconds\": %.6f}\n",
                sender->name(), repetitions, elapsed);
    return 0;
  } catch (const Refused& refused) {
    note(refused.describe());
    return kExitRefused;
  }
}
