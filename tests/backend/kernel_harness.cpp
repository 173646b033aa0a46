#include "kernel_harness.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>

namespace p4nfc::testing {
namespace {

// libbpf prints through one process-wide callback; the tests load one object at a time.
std::string* capturedLog = nullptr;

int captureLibbpfOutput(enum libbpf_print_level, const char* format, va_list args) {
  if (!capturedLog) return 0;
  char line[4096];
  int n = vsnprintf(line, sizeof line, format, args);
  if (n > 0) capturedLog->append(line, std::min<size_t>(n, sizeof line - 1));
  return n;
}

struct LogCapture {
  explicit LogCapture(std::string& log) {
    capturedLog = &log;
    previous = libbpf_set_print(captureLibbpfOutput);
  }
  ~LogCapture() {
    libbpf_set_print(previous);
    capturedLog = nullptr;
  }
  libbpf_print_fn_t previous;
};

bpf_object* open(std::string_view elf, std::string& log) {
  // Options are filled by hand: LIBBPF_OPTS's designated initialisers trip clang 19's
  // -Wmissing-designated-field-initializers.
  bpf_object_open_opts options{};
  options.sz = sizeof options;
  options.object_name = "p4nfc_test";
  bpf_object* object = bpf_object__open_mem(elf.data(), elf.size(), &options);
  if (!object) log += "bpf_object__open_mem: " + std::string(strerror(errno)) + "\n";
  return object;
}

bpf_prog_info programInfo(int programFd) {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(programFd, &info, &length) != 0) return bpf_prog_info{};
  return info;
}

}  // namespace

bool canLoadBpf() { return geteuid() == 0; }

std::unique_ptr<LoadedObject> LoadedObject::load(std::string_view elf, std::string& log) {
  LogCapture capture(log);
  bpf_object* object = open(elf, log);
  if (!object) return nullptr;
  if (int error = bpf_object__load(object)) {
    log += "bpf_object__load: " + std::string(strerror(-error)) + "\n";
    bpf_object__close(object);
    return nullptr;
  }
  return std::unique_ptr<LoadedObject>(new LoadedObject(object));
}

bool LoadedObject::openOnly(std::string_view elf, std::string& log) {
  LogCapture capture(log);
  bpf_object* object = open(elf, log);
  if (!object) return false;
  bpf_object__close(object);
  return true;
}

LoadedObject::~LoadedObject() { bpf_object__close(object_); }

bpf_program* LoadedObject::program(const char* name) {
  return bpf_object__find_program_by_name(object_, name);
}

bpf_map* LoadedObject::map(const char* name) { return bpf_object__find_map_by_name(object_, name); }

int LoadedObject::programFd(const char* name) {
  bpf_program* p = program(name);
  return p ? bpf_program__fd(p) : -1;
}

int LoadedObject::mapFd(const char* name) {
  bpf_map* m = map(name);
  return m ? bpf_map__fd(m) : -1;
}

RunResult runPacket(int programFd, const Bytes& packet, int repeat) {
  RunResult result;
  result.packet.resize(packet.size() + 512);  // room for programs that grow the packet
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = packet.data();
  options.data_size_in = static_cast<uint32_t>(packet.size());
  options.data_out = result.packet.data();
  options.data_size_out = static_cast<uint32_t>(result.packet.size());
  options.repeat = repeat;
  result.error = bpf_prog_test_run_opts(programFd, &options);
  result.verdict = options.retval;
  result.packet.resize(result.error == 0 ? options.data_size_out : 0);
  return result;
}

uint32_t verifiedInstructions(int programFd) { return programInfo(programFd).verified_insns; }

uint32_t loadedInstructions(int programFd) { return programInfo(programFd).xlated_prog_len / 8; }

Bytes ethernetFrame(const Bytes& dstMac, const Bytes& srcMac, uint16_t etherType,
                    const Bytes& payload) {
  Bytes frame;
  frame.insert(frame.end(), dstMac.begin(), dstMac.end());
  frame.insert(frame.end(), srcMac.begin(), srcMac.end());
  frame.push_back(etherType >> 8);
  frame.push_back(etherType & 0xff);
  frame.insert(frame.end(), payload.begin(), payload.end());
  // Test-run needs at least a minimum Ethernet frame for TC; pad like a NIC would.
  while (frame.size() < 60) frame.push_back(0);
  return frame;
}

uint16_t ipv4HeaderChecksum(const uint8_t* header, size_t length) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < length; i += 2) sum += (header[i] << 8) | header[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

Bytes ipv4Packet(const Bytes& dstMac, const Bytes& srcMac, uint32_t srcAddr, uint32_t dstAddr,
                 uint8_t protocol, uint8_t ttl, const Bytes& l4, const Bytes& options) {
  size_t headerLength = 20 + options.size();
  Bytes ip(headerLength, 0);
  ip[0] = 0x40 | static_cast<uint8_t>(headerLength / 4);
  uint16_t total = static_cast<uint16_t>(headerLength + l4.size());
  ip[2] = total >> 8;
  ip[3] = total & 0xff;
  ip[8] = ttl;
  ip[9] = protocol;
  for (int i = 0; i < 4; ++i) {
    ip[12 + i] = srcAddr >> (24 - 8 * i);
    ip[16 + i] = dstAddr >> (24 - 8 * i);
  }
  std::copy(options.begin(), options.end(), ip.begin() + 20);
  uint16_t checksum = ipv4HeaderChecksum(ip.data(), headerLength);
  ip[10] = checksum >> 8;
  ip[11] = checksum & 0xff;
  ip.insert(ip.end(), l4.begin(), l4.end());
  return ethernetFrame(dstMac, srcMac, 0x0800, ip);
}

Bytes udpHeader(uint16_t srcPort, uint16_t dstPort, const Bytes& payload) {
  uint16_t length = static_cast<uint16_t>(8 + payload.size());
  Bytes udp = {static_cast<uint8_t>(srcPort >> 8),
               static_cast<uint8_t>(srcPort),
               static_cast<uint8_t>(dstPort >> 8),
               static_cast<uint8_t>(dstPort),
               static_cast<uint8_t>(length >> 8),
               static_cast<uint8_t>(length),
               0,
               0};
  udp.insert(udp.end(), payload.begin(), payload.end());
  return udp;
}

}  // namespace p4nfc::testing
