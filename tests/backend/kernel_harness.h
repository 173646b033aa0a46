// Loading objects into the running kernel with libbpf and running packets through them
// with BPF_PROG_TEST_RUN, for the back-end tests.
#pragma once

#include <bpf/libbpf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace p4nfc::testing {

using Bytes = std::vector<uint8_t>;

// True when this process may load BPF programs (root); tests GTEST_SKIP otherwise.
bool canLoadBpf();

// An object opened from memory and loaded; closes everything on destruction.
class LoadedObject {
 public:
  // Returns nullptr on failure with libbpf's output (including the verifier log) in `log`.
  static std::unique_ptr<LoadedObject> load(std::string_view elf, std::string& log);
  // Opens without loading (to check that libbpf accepts the object's layout).
  static bool openOnly(std::string_view elf, std::string& log);
  ~LoadedObject();

  bpf_object* object() { return object_; }
  bpf_program* program(const char* name);
  bpf_map* map(const char* name);
  int programFd(const char* name);
  int mapFd(const char* name);

 private:
  explicit LoadedObject(bpf_object* object) : object_(object) {}
  bpf_object* object_;
};

struct RunResult {
  int error = 0;         // bpf_prog_test_run_opts result (0 or -errno)
  uint32_t verdict = 0;  // the program's return value
  Bytes packet;          // the packet after the program (data_out)
};

// Runs one packet through a program `repeat` times.
RunResult runPacket(int programFd, const Bytes& packet, int repeat = 1);

// The number of instructions the verifier processed (bpf_prog_info.verified_insns) and
// the program's size in instructions after load.
uint32_t verifiedInstructions(int programFd);
uint32_t loadedInstructions(int programFd);

// Packet construction for the tests.
Bytes ethernetFrame(const Bytes& dstMac, const Bytes& srcMac, uint16_t etherType,
                    const Bytes& payload);
Bytes ipv4Packet(const Bytes& dstMac, const Bytes& srcMac, uint32_t srcAddr, uint32_t dstAddr,
                 uint8_t protocol, uint8_t ttl, const Bytes& l4, const Bytes& options = {});
Bytes udpHeader(uint16_t srcPort, uint16_t dstPort, const Bytes& payload = {});
uint16_t ipv4HeaderChecksum(const uint8_t* header, size_t length);

}  // namespace p4nfc::testing
