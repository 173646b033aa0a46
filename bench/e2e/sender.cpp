// router_e2e_sender: sends one frame out of a veth as fast as the kernel can, for a while.
//
//   router_e2e_sender --object xdp_live_tx.o --interface eth0 --frame HEX --seconds S
//                     [--batch 64] [--chunk 1048576]
//
// Run inside the sending host's network namespace (ip netns exec), pinned to a CPU of
// its own (taskset). It loads xdp_live_tx.o and runs it with BPF_PROG_TEST_RUN in
// live-frames mode (BPF_F_TEST_XDP_LIVE_FRAMES): each repetition hands the frame to the
// program, which restores the frame's headers and transmits it out of `interface` with
// XDP_TX (for a veth: into its peer's receive ring, as an XDP frame). No socket, no skb:
// the sender costs little per frame, so the router behind the veth is the bottleneck.
// Frames the peer's ring has no room for are dropped at the veth, before the router.
//
// Prints one JSON line: {"repetitions": N, "seconds": T}.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr size_t kHeaderBytes = 34;  // HEADER_BYTES of xdp_live_tx.bpf.c

struct Options {
  std::string object, interface, frameHex;
  double seconds = 1.0;
  unsigned batch = 64;
  unsigned chunk = 1 << 20;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "router_e2e_sender: %s\n", what.c_str());
  std::exit(2);
}

[[noreturn]] void usage() {
  fail(
      "usage: router_e2e_sender --object FILE.o --interface IF --frame HEX --seconds S "
      "[--batch N] [--chunk N]");
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

std::vector<unsigned char> fromHex(const std::string& hex) {
  if (hex.size() % 2) fail("--frame: an odd number of hex digits");
  std::vector<unsigned char> bytes;
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

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  std::vector<unsigned char> frame = fromHex(options.frameHex);
  unsigned ifindex = if_nametoindex(options.interface.c_str());
  if (ifindex == 0) fail("no interface " + options.interface + " in this network namespace");

  bpf_object* object = bpf_object__open_file(options.object.c_str(), nullptr);
  if (!object) fail("cannot open " + options.object + ": " + std::strerror(errno));
  // The program's `headers` (.rodata): the frame's first bytes, which it restores on
  // every transmit (xdp_live_tx.bpf.c says why).
  bool headersSet = false;
  bpf_map* map = nullptr;
  bpf_object__for_each_map(map, object) {
    std::string name = bpf_map__name(map);
    if (name.size() < 7 || name.compare(name.size() - 7, 7, ".rodata") != 0) continue;
    size_t size = 0;
    const void* initial = bpf_map__initial_value(map, &size);
    if (!initial || size < kHeaderBytes) fail(options.object + ": its .rodata holds no headers");
    if (frame.size() < kHeaderBytes) fail("--frame: shorter than Ethernet + IPv4 headers");
    std::vector<unsigned char> value(static_cast<const unsigned char*>(initial),
                                     static_cast<const unsigned char*>(initial) + size);
    std::memcpy(value.data(), frame.data(), kHeaderBytes);
    if (bpf_map__set_initial_value(map, value.data(), value.size()))
      fail("cannot set the headers of " + options.object);
    headersSet = true;
  }
  if (!headersSet) fail(options.object + " has no .rodata `headers`");
  if (bpf_object__load(object)) fail("cannot load " + options.object + ": " + std::strerror(errno));
  bpf_program* program = bpf_object__find_program_by_name(object, "live_tx");
  if (!program) fail(options.object + " has no program live_tx");
  int programFd = bpf_program__fd(program);

  xdp_md context{};
  context.data_end = unsigned(frame.size());
  context.ingress_ifindex = ifindex;
  unsigned long long repetitions = 0;
  double start = now(), elapsed = 0;
  while (elapsed < options.seconds) {
    bpf_test_run_opts run{};
    run.sz = sizeof run;
    run.data_in = frame.data();
    run.data_size_in = static_cast<uint32_t>(frame.size());
    run.ctx_in = &context;
    run.ctx_size_in = sizeof context;
    run.repeat = static_cast<int>(options.chunk);
    run.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
    run.batch_size = options.batch;
    if (bpf_prog_test_run_opts(programFd, &run))
      fail(std::string("BPF_PROG_TEST_RUN (live frames) failed: ") + std::strerror(errno));
    repetitions += options.chunk;
    elapsed = now() - start;
  }
  std::printf("{\"repetitions\": %llu, \"seconds\": %.6f}\n", repetitions, elapsed);
  bpf_object__close(object);
  return 0;
}
