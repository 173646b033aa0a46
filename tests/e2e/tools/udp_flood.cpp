// udp_flood: a UDP flood whose every packet is accounted for, for the hitless-reload test.
//
//   udp_flood recv --interface eth0 --port 9999 --count N --shared FILE
//   udp_flood send --to 10.0.0.2 --port 9999 --count N --shared FILE [--window 128] [--pps R]
//
// Each datagram carries a magic word and a sequence number 0..N-1. The receiver captures
// on the interface (AF_PACKET, so it also sees the Ethernet source of each frame) and keeps
// a bitmap of sequence numbers: it reports how many distinct ones arrived, how many
// arrived twice or more, and the source MACs it saw. Sender and receiver run in different
// network namespaces but share a small file (mmap): the sender keeps at most `window`
// packets in flight (sent - received), so that no queue on the way (veth rings, socket
// buffers) can overflow and any loss is the data path's, not the test's. The receiver ends
// when all N arrived, or when the sender is done and nothing came for --idle-ms.
//
// Prints one JSON line: {"received": R, "duplicates": D, "missing": N-R, "macs": {...}}.
// scapy would be too slow (and Python too coarse) to count 100k packets exactly.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr uint32_t kMagic = 0x70346e66;  // "p4nf"

struct Shared {
  std::atomic<uint64_t> sent;
  std::atomic<uint64_t> received;  // frames seen by the receiver, duplicates included
  std::atomic<uint32_t> receiverReady;
  std::atomic<uint32_t> senderDone;
};

struct Options {
  std::string mode, interface, to, shared;
  uint16_t port = 9999;
  uint64_t count = 0;
  uint64_t window = 128;
  uint64_t pps = 0;  // 0: as fast as the window allows
  int idleMs = 2000;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "udp_flood: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(2);
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: udp_flood recv --interface IF --port P --count N --shared FILE [--idle-ms MS]\n"
               "       udp_flood send --to ADDR --port P --count N --shared FILE [--window W] [--pps R]\n");
  std::exit(2);
}

Options parse(int argc, char** argv) {
  if (argc < 2) usage();
  Options options;
  options.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--interface") options.interface = value;
    else if (key == "--to") options.to = value;
    else if (key == "--shared") options.shared = value;
    else if (key == "--port") options.port = static_cast<uint16_t>(std::stoul(value));
    else if (key == "--count") options.count = std::stoull(value);
    else if (key == "--window") options.window = std::stoull(value);
    else if (key == "--pps") options.pps = std::stoull(value);
    else if (key == "--idle-ms") options.idleMs = std::stoi(value);
    else usage();
  }
  if (options.count == 0 || options.shared.empty()) usage();
  if (options.mode == "recv" && options.interface.empty()) usage();
  if (options.mode == "send" && options.to.empty()) usage();
  return options;
}

Shared* mapShared(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT, 0600);
  if (fd < 0) fail("open " + path);
  if (ftruncate(fd, sizeof(Shared)) != 0) fail("ftruncate " + path);
  void* memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (memory == MAP_FAILED) fail("mmap " + path);
  close(fd);
  return static_cast<Shared*>(memory);
}

uint64_t nowMs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return uint64_t(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

std::string macText(const uint8_t* mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return text;
}

int receive(const Options& options, Shared* shared) {
  int capture = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_IP));
  if (capture < 0) fail("AF_PACKET socket");
  sockaddr_ll where{};
  where.sll_family = AF_PACKET;
  where.sll_protocol = htons(ETH_P_IP);
  where.sll_ifindex = if_nametoindex(options.interface.c_str());
  if (where.sll_ifindex == 0) fail("interface " + options.interface);
  if (bind(capture, reinterpret_cast<sockaddr*>(&where), sizeof where) != 0) fail("bind AF_PACKET");
  int buffer = 8 << 20;
  setsockopt(capture, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  // A UDP socket on the port, so the host stack does not answer each datagram with an ICMP
  // port unreachable (which would cross the chain the other way). Its queue is discarded.
  int sink = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_port = htons(options.port);
  if (sink < 0 || bind(sink, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
    fail("bind UDP port");

  std::vector<uint8_t> seen(options.count, 0);
  uint64_t distinct = 0, duplicates = 0, frames = 0;
  std::map<std::string, uint64_t> macs;
  shared->receiverReady = 1;
  uint64_t lastPacket = nowMs();
  uint8_t frame[2048];
  char discard[2048];
  while (distinct < options.count) {
    pollfd fds[2] = {{capture, POLLIN, 0}, {sink, POLLIN, 0}};
    int ready = poll(fds, 2, 100);
    if (ready < 0 && errno != EINTR) fail("poll");
    while (recv(sink, discard, sizeof discard, MSG_DONTWAIT) > 0) {
    }
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      ssize_t length;
      while ((length = recv(capture, frame, sizeof frame, MSG_DONTWAIT)) > 0) {
        if (length < ETH_HLEN + 20 + 8 + 8) continue;
        const uint8_t* ip = frame + ETH_HLEN;
        if ((ip[0] >> 4) != 4 || ip[9] != IPPROTO_UDP) continue;
        const uint8_t* udp = ip + (ip[0] & 0xf) * 4;
        if (udp + 16 > frame + length) continue;
        uint16_t port;
        std::memcpy(&port, udp + 2, 2);
        if (ntohs(port) != options.port) continue;
        uint32_t magic, sequence;
        std::memcpy(&magic, udp + 8, 4);
        std::memcpy(&sequence, udp + 12, 4);
        if (ntohl(magic) != kMagic) continue;
        sequence = ntohl(sequence);
        ++frames;
        lastPacket = nowMs();
        macs[macText(frame + 6)]++;
        if (sequence >= options.count) continue;
        if (seen[sequence]++) ++duplicates;
        else ++distinct;
        shared->received = frames;
      }
    }
    if (shared->senderDone && nowMs() - lastPacket > uint64_t(options.idleMs)) break;
  }
  tpacket_stats stats{};
  socklen_t size = sizeof stats;
  getsockopt(capture, SOL_PACKET, PACKET_STATISTICS, &stats, &size);
  std::printf("{\"received\": %llu, \"duplicates\": %llu, \"missing\": %llu, \"capture_drops\": %u, \"macs\": {",
              (unsigned long long)distinct, (unsigned long long)duplicates,
              (unsigned long long)(options.count - distinct), stats.tp_drops);
  const char* separator = "";
  for (const auto& [mac, count] : macs) {
    std::printf("%s\"%s\": %llu", separator, mac.c_str(), (unsigned long long)count);
    separator = ", ";
  }
  std::printf("}}\n");
  return 0;
}

int send(const Options& options, Shared* shared) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("UDP socket");
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(options.port);
  if (inet_pton(AF_INET, options.to.c_str(), &peer.sin_addr) != 1) usage();
  if (connect(sock, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0) fail("connect");
  uint64_t stalls = 0;
  uint64_t start = nowMs();
  for (uint64_t sequence = 0; sequence < options.count; ++sequence) {
    // --pps: a slow flood, so that a reload lands in its middle.
    while (options.pps && sequence * 1000 / options.pps > nowMs() - start) usleep(100);
    // Keep at most `window` packets in flight. A packet really lost never arrives: after a
    // second without progress, go on (the receiver reports the loss).
    uint64_t waitingSince = nowMs();
    uint64_t lastReceived = shared->received;
    while (sequence - std::min<uint64_t>(shared->received, sequence) >= options.window) {
      uint64_t received = shared->received;
      if (received != lastReceived) {
        lastReceived = received;
        waitingSince = nowMs();
      } else if (nowMs() - waitingSince > 1000) {
        ++stalls;
        break;
      }
      usleep(20);
    }
    uint32_t payload[2] = {htonl(kMagic), htonl(uint32_t(sequence))};
    while (::send(sock, payload, sizeof payload, 0) < 0) {
      if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED) fail("send");
      usleep(50);  // ENOBUFS: the local queue is full; the datagram was not sent, retry
    }
    shared->sent = sequence + 1;
  }
  shared->senderDone = 1;
  std::printf("{\"sent\": %llu, \"stalls\": %llu}\n", (unsigned long long)options.count,
              (unsigned long long)stalls);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  Shared* shared = mapShared(options.shared);
  if (options.mode == "recv") return receive(options, shared);
  if (options.mode == "send") return send(options, shared);
  usage();
}
