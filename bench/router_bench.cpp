#include "router_bench.h"

#include <linux/bpf.h>

#include <random>
#include <set>
#include <utility>
#include <vector>

#include "packets.h"

namespace p4nf::bench {
namespace {

constexpr uint32_t kPorts = 8;                      // port ids 1..7 are used
constexpr uint32_t kRoutedAddress = 0xc6'33'64'07;  // 198.51.100.7
constexpr uint32_t kRoutedPrefix = 0xc6'33'64'00;   // 198.51.100.0/24
constexpr uint32_t kSourceAddress = 0xc0'00'02'01;  // 192.0.2.1
constexpr uint64_t kHostMac = 0x02'00'00'00'00'01;
constexpr uint64_t kRouterMac = 0x02'bb'00'00'00'00;     // | port
constexpr uint64_t kNeighbourMac = 0x02'aa'00'00'00'00;  // | next hop id
constexpr uint8_t kTtl = 255;  // leaves room for 250 in-place decrements per call
constexpr uint64_t kPortMtu = 1500;

// The packet's route, then `entries - 1` random unicast prefixes of lengths 8..32 (more of
// them long, as in a real FIB), none of which covers the packet's destination: the
// packet's match stays the same /24 at every size while the trie grows around it.
std::vector<std::pair<uint32_t, int>> randomRoutes(uint32_t entries) {
  std::mt19937 random(42);  // the same table in every run and for both programs
  std::uniform_int_distribution<int> length(8, 32);
  std::set<std::pair<uint32_t, int>> seen = {{kRoutedPrefix, 24}};
  std::vector<std::pair<uint32_t, int>> list = {{kRoutedPrefix, 24}};
  while (list.size() < entries) {
    int len = std::max(length(random), length(random));
    uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
    uint32_t prefix = random() & mask;
    uint8_t first = prefix >> 24;
    if (first == 0 || first == 127 || first >= 224) continue;
    if ((kRoutedAddress & mask) == prefix) continue;
    if (seen.insert({prefix, len}).second) list.push_back({prefix, len});
  }
  return list;
}

}  // namespace

Scenario makeRouterScenario(uint32_t ifindex) {
  Scenario s;
  s.name = "router";
  s.description =
      "nf/router: local and martian checks, IPv4 LPM, next hop, port MAC and MTU, TTL/checksum, "
      "counters";
  s.packet = udpFrame({.dstMac = kRouterMac | 1,
                       .srcMac = kHostMac,
                       .srcAddr = kSourceAddress,
                       .dstAddr = kRoutedAddress,
                       .ttl = kTtl});
  s.maxRepeat = 250;
  s.fill = [ifindex](XdpObject& object, uint32_t entries) {
    object.installDefaultActions();
    object.fillPorts(kPorts, ifindex);
    for (uint32_t port = 1; port < kPorts; ++port) {
      object.addEntry("port_macs", {{.value = port}}, "set_source_mac", {kRouterMac | port, kPortMtu});
      // Next hop `port` leaves by port `port`.
      object.addEntry("nexthops", {{.value = port}}, "forward", {port, kNeighbourMac | port});
    }
    object.addEntry("local_ipv4", {{.value = 0x0a'00'01'01}}, "local", {});
    object.addEntry("own_sources_ipv4", {{.value = 0x0a'00'01'01}}, "own_source", {});
    uint32_t i = 0;
    for (auto [prefix, length] : randomRoutes(entries)) {
      uint32_t nexthop = 1 + (i++ % (kPorts - 1));
      object.addEntry("ipv4_routes", {{.value = prefix, .prefixLength = length}}, "set_nexthop", {nexthop});
    }
  };
  // The packet's route is the first, next hop 1, port 1.
  Bytes expected = udpFrame({.dstMac = kNeighbourMac | 1,
                             .srcMac = kRouterMac | 1,
                             .srcAddr = kSourceAddress,
                             .dstAddr = kRoutedAddress,
                             .ttl = kTtl - 1});
  s.check = [expected](const TestRun& run) -> std::string {
    if (run.verdict != XDP_REDIRECT)
      return "verdict " + verdictName(run.verdict) + ", expected XDP_REDIRECT";
    if (run.packet.size() >= expected.size() &&
        Bytes(run.packet.end() - static_cast<ptrdiff_t>(expected.size()), run.packet.end()) ==
            expected)
      return "";
    return "wrong output packet\n  got      " + hex(run.packet) + "\n  expected " + hex(expected);
  };
  return s;
}

}  // namespace p4nf::bench
