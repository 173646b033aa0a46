#include "scenarios.h"

#include <linux/bpf.h>

#include <set>
#include <utility>

#include "packets.h"
#include "router_bench.h"

namespace p4nf::bench {
namespace {

constexpr uint32_t kPorts = 8;  // port ids 0..7, all pointing at one interface

// A cheap bijective mix, so that generated keys spread over the whole key space.
uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

std::string expectVerdict(const TestRun& run, uint32_t verdict) {
  if (run.verdict != verdict)
    return "verdict " + verdictName(run.verdict) + ", expected " + verdictName(verdict);
  return "";
}

// --- l2_forward ---------------------------------------------------------------------

constexpr uint64_t kHostMac = 0x02'00'00'00'00'01;
constexpr uint64_t kL2BaseMac = 0x02'10'00'00'00'00;

uint64_t l2Mac(uint32_t index) { return kL2BaseMac | mix32(index); }

Scenario makeL2Forward(uint32_t ifindex) {
  Scenario s;
  s.name = "l2_forward";
  s.description = "exact match on the destination MAC (hash), devmap redirect";
  s.packet = udpFrame({.dstMac = l2Mac(0), .srcMac = kHostMac});
  s.fill = [ifindex](XdpObject& object, uint32_t entries) {
    object.installDefaultActions();
    object.fillPorts(kPorts, ifindex);
    for (uint32_t i = 0; i < entries; ++i)
      object.addEntry("dmac", {{.value = l2Mac(i)}}, "forward", {1 + i % (kPorts - 1)});
  };
  const Bytes sent = s.packet;
  s.check = [sent](const TestRun& run) {
    if (std::string e = expectVerdict(run, XDP_REDIRECT); !e.empty()) return e;
    if (run.packet == sent) return std::string();
    return "the frame was modified\n  got  " + hex(run.packet) + "\n  sent " + hex(sent);
  };
  return s;
}

// --- ipv4_router --------------------------------------------------------------------

constexpr uint32_t kRoutedAddress = 0xc6'33'64'07;  // 198.51.100.7
constexpr uint32_t kRoutedPrefix = 0xc6'33'64'00;   // 198.51.100.0/24
constexpr uint64_t kNextHopMac = 0x02'aa'00'00'00'02;
constexpr uint64_t kRouterMac = 0x02'bb'00'00'00'01;
constexpr uint8_t kRouterTtl = 255;  // leaves room for 250 in-place decrements per call

// The packet's route plus `entries - 1` others of mixed lengths spread over unicast
// space, so that larger tables make a deeper, wider trie.
std::vector<std::pair<uint32_t, int>> routes(uint32_t entries) {
  static constexpr int kLengths[] = {24, 16, 20, 28, 32, 22, 24, 18};
  std::set<std::pair<uint32_t, int>> seen = {{kRoutedPrefix, 24}};
  std::vector<std::pair<uint32_t, int>> list = {{kRoutedPrefix, 24}};
  for (uint32_t i = 1; list.size() < entries; ++i) {
    int length = kLengths[i % 8];
    uint32_t address = mix32(i) & ~((uint64_t{1} << (32 - length)) - 1);
    uint8_t first = address >> 24;
    if (first == 0 || first >= 224 || first == 127) continue;
    if (seen.insert({address, length}).second) list.push_back({address, length});
  }
  return list;
}

Scenario makeIpv4Router(uint32_t ifindex) {
  Scenario s;
  s.name = "ipv4_router";
  s.description = "IPv4 LPM, TTL and checksum update, MAC rewrite, devmap redirect";
  s.packet = udpFrame({.dstMac = kRouterMac,
                       .srcMac = kHostMac,
                       .srcAddr = 0xc0'00'02'01,  // 192.0.2.1
                       .dstAddr = kRoutedAddress,
                       .ttl = kRouterTtl});
  s.maxRepeat = 250;
  s.fill = [ifindex](XdpObject& object, uint32_t entries) {
    object.installDefaultActions();
    object.fillPorts(kPorts, ifindex);
    uint32_t i = 0;
    for (auto [prefix, length] : routes(entries)) {
      uint32_t port = 1 + i++ % (kPorts - 1);
      object.addEntry("ipv4_lpm", {{.value = prefix, .prefixLength = length}}, "forward",
                      {port, kNextHopMac, kRouterMac});
    }
  };
  Bytes expected = udpFrame({.dstMac = kNextHopMac,
                             .srcMac = kRouterMac,
                             .srcAddr = 0xc0'00'02'01,
                             .dstAddr = kRoutedAddress,
                             .ttl = kRouterTtl - 1});
  s.check = [expected](const TestRun& run) {
    if (std::string e = expectVerdict(run, XDP_REDIRECT); !e.empty()) return e;
    if (run.packet == expected) return std::string();
    return "wrong output packet\n  got      " + hex(run.packet) + "\n  expected " + hex(expected);
  };
  return s;
}

// The same P4 program compiled with `p4nfc --lpm=trie` (programs/<name>_trie.o), against
// the same baseline: the kernel's LPM trie on both sides, so that the code around the
// lookup is compared, not the lookup scheme p4nfc chose.
Scenario withTrie(Scenario s) {
  s.baseline = s.name;
  s.name += "_trie";
  s.description += " (p4nfc --lpm=trie)";
  return s;
}

// --- chain_hop ----------------------------------------------------------------------

constexpr uint32_t kChainIngressPort = 5;  // p4nf_port_ids maps the test run's ifindex here

// N copies of a module that adds one to the record's mark and continues; the last one's
// continue is the host. Its ns/packet over N gives the cost of one hop (the slope).
Scenario makeChainHop(uint32_t ifindex) {
  Scenario s;
  s.name = "chain_hop";
  s.description = "N modules that continue the chain: tail call and chain record per hop";
  s.chain = true;
  s.packet = udpFrame({.dstMac = kL2BaseMac, .srcMac = kHostMac});
  // The first module looks the ingress port up by ifindex, as on a hook.
  s.fill = [ifindex](XdpObject& object, uint32_t) {
    object.setPortId(ifindex, kChainIngressPort);
  };
  const Bytes sent = s.packet;
  s.check = [sent](const TestRun& run) {
    // A chain ends in XDP_PASS wherever it stops, so the record tells whether every module
    // ran: each one adds one to the mark.
    if (std::string e = expectVerdict(run, XDP_PASS); !e.empty()) return e;
    if (run.packet != sent)
      return "the frame was modified\n  got  " + hex(run.packet) + "\n  sent " + hex(sent);
    if (!run.record) return std::string("no chain record was written");
    const p4nf::ChainMetadata& r = *run.record;
    if (r.verdict != abi::kVerdictContinue || r.mark != run.modules ||
        r.ingressPort != kChainIngressPort || r.ctState || r.l3Offset || r.l4Offset)
      return "chain record: verdict " + std::to_string(r.verdict) + ", ingress port " +
             std::to_string(r.ingressPort) + ", mark " + std::to_string(r.mark) + ", flow " +
             std::to_string(r.ctState) + "/" + std::to_string(r.l3Offset) + "/" +
             std::to_string(r.l4Offset) + "; expected verdict 4 (continue), ingress port " +
             std::to_string(kChainIngressPort) + ", mark " + std::to_string(run.modules) +
             " (one per module), flow 0/0/0";
    return std::string();
  };
  return s;
}

// --- pipeline -----------------------------------------------------------------------

constexpr uint16_t kClientVlan = 10, kServerVlan = 20;
constexpr uint32_t kPipelinePort = 1;  // the test run's ifindex (lo): the C reads it as the port
constexpr uint64_t kServerMac = 0x02'cc'00'00'00'09;

// Five tables in a row (bench/programs/pipeline.p4): the tagged frame is classified into
// VLAN 10, is for the router's MAC, is routed to VLAN 20 with a MAC rewrite, switched to
// port 3 and misses the ACL. `entries` entries in each of the large tables (routes, MACs,
// ACL rules), the packet's own among them.
Scenario makePipeline(uint32_t ifindex) {
  Scenario s;
  s.name = "pipeline";
  s.description = "port counter, VLAN in, routable, IPv4 LPM, MAC+VLAN switching, 5-tuple ACL miss";
  s.packet = udpFrame({.dstMac = kRouterMac, .srcMac = kHostMac, .dstAddr = kRoutedAddress,
                       .ttl = kRouterTtl, .vlan = kClientVlan});
  s.maxRepeat = 250;
  s.fill = [ifindex](XdpObject& object, uint32_t entries) {
    object.installDefaultActions();
    object.fillPorts(kPorts, ifindex);
    if (object.manifest().maps.count("port_ids")) object.setPortId(ifindex, kPipelinePort);
    // A timed run repeats the program on the frame it rewrote (VLAN 20, the server's MAC,
    // TTL one less): the entries for that frame take it down the same path again.
    for (uint16_t vlan : {kClientVlan, kServerVlan})
      object.addEntry("vlan_in", {{.value = kPipelinePort}, {.value = 1}, {.value = vlan}}, "set_vid",
                      {kClientVlan});
    for (uint64_t mac : {kRouterMac, kServerMac})
      object.addEntry("routable", {{.value = mac}, {.value = kClientVlan}}, "route", {});
    for (auto [prefix, length] : routes(entries))
      object.addEntry("ipv4_lpm", {{.value = prefix, .prefixLength = length}}, "forward_l3",
                      {prefix == kRoutedPrefix ? kServerMac : l2Mac(prefix), kRouterMac, kServerVlan});
    object.addEntry("dmac", {{.value = kServerMac}, {.value = kServerVlan}}, "forward_l2", {3});
    for (uint32_t i = 1; i < entries; ++i)
      object.addEntry("dmac", {{.value = l2Mac(i)}, {.value = kServerVlan}}, "forward_l2", {1 + i % (kPorts - 1)});
    // Rules for other sources: the packet's 5-tuple misses them all.
    for (uint32_t i = 0; i < entries; ++i)
      object.addEntry("acl", {{.value = 0x0a'00'00'00 | mix32(i) >> 8}, {.value = kRoutedAddress},
                              {.value = 17}, {.value = 40000}, {.value = 9}}, "deny", {});
  };
  Bytes expected = udpFrame({.dstMac = kServerMac, .srcMac = kRouterMac, .dstAddr = kRoutedAddress,
                             .ttl = kRouterTtl - 1, .vlan = kServerVlan});
  s.check = [expected](const TestRun& run) {
    if (std::string e = expectVerdict(run, XDP_REDIRECT); !e.empty()) return e;
    if (run.packet == expected) return std::string();
    return "wrong output packet\n  got      " + hex(run.packet) + "\n  expected " + hex(expected);
  };
  return s;
}

}  // namespace

std::vector<Scenario> makeScenarios(uint32_t portIfindex) {
  return {makeL2Forward(portIfindex),
          makeIpv4Router(portIfindex),
          withTrie(makeIpv4Router(portIfindex)),
          makeRouterScenario(portIfindex),
          withTrie(makeRouterScenario(portIfindex)),
          makeChainHop(portIfindex),
          makePipeline(portIfindex)};
}

Scenario makeEmptyScenario() {
  Scenario s;
  s.name = "empty";
  s.description = "returns XDP_DROP at once: the cost of the test-run loop itself";
  s.packet = udpFrame({.dstMac = kL2BaseMac, .srcMac = kHostMac});
  s.fill = [](XdpObject&, uint32_t) {};
  s.check = [](const TestRun& run) { return expectVerdict(run, XDP_DROP); };
  return s;
}

std::string verdictName(uint32_t verdict) {
  static const char* names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};
  return verdict < 5 ? names[verdict] : "verdict " + std::to_string(verdict);
}

}  // namespace p4nf::bench
