// One test per map kind and packet-access shape the code generator will need, each run
// through the real kernel: LPM trie, devmap redirect, per-CPU counters behind a BPF-to-BPF
// call, variable-offset headers, data-plane map updates, ring buffer, tail calls.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>

#include <cstring>

#include "bpf_test_support.h"

namespace p4nfc::testing {
namespace {

const Bytes kMacA = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
const Bytes kMacB = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0b};

constexpr uint32_t kXdpAborted = 0, kXdpDrop = 1, kXdpPass = 2, kXdpTx = 3, kXdpRedirect = 4;

uint32_t ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | d;
}

TEST(LpmTrieTest, RoutesByLongestPrefix) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildLpmRouter(*target));
  ASSERT_TRUE(loaded);
  int routes = loaded->mapFd("routes");
  int router = loaded->programFd("router");

  struct RouteKey {
    uint32_t prefixlen;
    uint8_t addr[4];
  };
  struct RouteValue {
    uint32_t action, port;
  };
  RouteKey tenSlash8{8, {10, 0, 0, 0}};
  RouteValue value{1, 1};
  ASSERT_EQ(bpf_map_update_elem(routes, &tenSlash8, &value, BPF_ANY), 0);

  Bytes routed = ipv4Packet(kMacA, kMacB, ipv4(192, 168, 0, 1), ipv4(10, 1, 2, 3), 17, 64,
                            udpHeader(1000, 2000));
  TimedRun result = runTimed(router, routed);
  EXPECT_EQ(result.returnCode, kXdpTx);
  ASSERT_EQ(result.packet.size(), routed.size());
  EXPECT_EQ(result.packet[14 + 8], 63) << "TTL decremented";
  EXPECT_EQ(internetChecksum(result.packet.data() + 14, 20), 0) << "checksum still valid";

  Bytes unrouted = ipv4Packet(kMacA, kMacB, ipv4(192, 168, 0, 1), ipv4(11, 1, 2, 3), 17, 64,
                              udpHeader(1000, 2000));
  EXPECT_EQ(runTimed(router, unrouted).returnCode, kXdpDrop);

  Bytes expiring = ipv4Packet(kMacA, kMacB, ipv4(192, 168, 0, 1), ipv4(10, 9, 9, 9), 17, 1,
                              udpHeader(1000, 2000));
  EXPECT_EQ(runTimed(router, expiring).returnCode, kXdpPass) << "TTL 1 goes to the host";

  Bytes arp = ethernetFrame(kMacA, kMacB, 0x0806, Bytes(28, 0));
  EXPECT_EQ(runTimed(router, arp).returnCode, kXdpPass);

  // An IPv4 frame too short for an IPv4 header: the second bounds check drops it.
  Bytes truncated = {0x02, 0, 0, 0, 0, 0x0a, 0x02, 0, 0, 0, 0, 0x0b, 0x08, 0x00, 0x45, 0};
  TimedRun shortResult = runTimed(router, truncated);
  EXPECT_EQ(shortResult.returnCode, kXdpDrop);

  recordVerifiedInstructions("lpm_router", router);
}

TEST(DevmapTest, RedirectsToPresentPortsOnly) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildDevmapForwarder(*target));
  ASSERT_TRUE(loaded);
  int ports = loaded->mapFd("tx_ports");
  int forward = loaded->programFd("forward");
  uint32_t port = 5, loopbackIfindex = 1;
  ASSERT_EQ(bpf_map_update_elem(ports, &port, &loopbackIfindex, BPF_ANY), 0);

  Bytes toPort5 = ethernetFrame({2, 0, 0, 0, 0, 5}, kMacB, 0x0800, {});
  TimedRun result = runTimed(forward, toPort5);
  EXPECT_EQ(result.returnCode, kXdpRedirect);

  Bytes toPort7 = ethernetFrame({2, 0, 0, 0, 0, 7}, kMacB, 0x0800, {});
  EXPECT_EQ(runTimed(forward, toPort7).returnCode, kXdpPass) << "absent port: the fallback action";
  recordVerifiedInstructions("devmap_forwarder", forward);
}

TEST(PercpuArrayTest, CountsPacketsAndBytesThroughASubprogram) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildPacketCounter(*target));
  ASSERT_TRUE(loaded);
  int stats = loaded->mapFd("stats");
  int counter = loaded->programFd("counter");

  Bytes frame = ethernetFrame(kMacA, kMacB, 0x0800, Bytes(100, 0));
  TimedRun result = runTimed(counter, frame, /*repeat=*/5);
  EXPECT_EQ(result.returnCode, kXdpPass);

  struct Cell {
    uint64_t packets, bytes;
  };
  int cpus = libbpf_num_possible_cpus();
  ASSERT_GT(cpus, 0);
  std::vector<Cell> cells(cpus);
  uint32_t index = 0;
  ASSERT_EQ(bpf_map_lookup_elem(stats, &index, cells.data()), 0);
  Cell total{};
  for (const Cell& cell : cells) {
    total.packets += cell.packets;
    total.bytes += cell.bytes;
  }
  EXPECT_EQ(total.packets, 5u);
  EXPECT_EQ(total.bytes, 5u * frame.size());
  recordVerifiedInstructions("packet_counter", counter);
}

TEST(VariableOffsetTest, FindsUdpBehindIpOptions) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildUdpPortFilter(*target));
  ASSERT_TRUE(loaded);
  int filter = loaded->programFd("udp_filter");
  uint32_t a = ipv4(10, 0, 0, 1), b = ipv4(10, 0, 0, 2);

  EXPECT_EQ(runTimed(filter, ipv4Packet(kMacA, kMacB, a, b, 17, 64, udpHeader(1, 53))).returnCode,
            kXdpDrop);
  EXPECT_EQ(runTimed(filter, ipv4Packet(kMacA, kMacB, a, b, 17, 64, udpHeader(1, 54))).returnCode,
            kXdpPass);
  // Two option words (IHL 7): the UDP header moves 8 bytes further.
  Bytes options = {1, 1, 1, 1, 1, 1, 1, 1};  // NOPs
  EXPECT_EQ(
      runTimed(filter, ipv4Packet(kMacA, kMacB, a, b, 17, 64, udpHeader(1, 53), options)).returnCode,
      kXdpDrop);
  EXPECT_EQ(
      runTimed(filter, ipv4Packet(kMacA, kMacB, a, b, 17, 64, udpHeader(53, 1), options)).returnCode,
      kXdpPass);
  EXPECT_EQ(runTimed(filter, ipv4Packet(kMacA, kMacB, a, b, 6, 64, udpHeader(1, 53))).returnCode,
            kXdpPass)
      << "TCP is not UDP";
  recordVerifiedInstructions("udp_filter", filter);
}

TEST(LruHashTest, LearnsSourceMacsFromTheDataPlane) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildMacLearning(*target));
  ASSERT_TRUE(loaded);
  int learned = loaded->mapFd("learned");
  int learn = loaded->programFd("learn");

  uint64_t lastSeen = 0;
  EXPECT_NE(bpf_map_lookup_elem(learned, kMacB.data(), &lastSeen), 0);
  ASSERT_EQ(runTimed(learn, ethernetFrame(kMacA, kMacB, 0x0800, {})).returnCode, kXdpPass);
  ASSERT_EQ(bpf_map_lookup_elem(learned, kMacB.data(), &lastSeen), 0);
  EXPECT_GT(lastSeen, 0u);
  recordVerifiedInstructions("mac_learning", learn);
}

TEST(RingbufTest, SendsDigestsToUserSpace) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildDigest(*target));
  ASSERT_TRUE(loaded);
  int digests = loaded->mapFd("digests");
  int digest = loaded->programFd("digest");

  struct Received {
    std::vector<Bytes> messages;
  } received;
  auto onMessage = [](void* context, void* data, size_t size) -> int {
    auto* bytes = static_cast<uint8_t*>(data);
    static_cast<Received*>(context)->messages.emplace_back(bytes, bytes + size);
    return 0;
  };
  ring_buffer* ring = ring_buffer__new(digests, onMessage, &received, nullptr);
  ASSERT_NE(ring, nullptr);
  ASSERT_EQ(runTimed(digest, ethernetFrame(kMacA, kMacB, 0x86dd, {})).returnCode, kXdpPass);
  ASSERT_EQ(runTimed(digest, ethernetFrame(kMacB, kMacA, 0x0800, {})).returnCode, kXdpPass);
  EXPECT_EQ(ring_buffer__consume(ring), 2);
  ring_buffer__free(ring);

  ASSERT_EQ(received.messages.size(), 2u);
  // {src_mac[6], ether_type (host order)}
  Bytes first(kMacB);
  first.push_back(0xdd);
  first.push_back(0x86);
  EXPECT_EQ(received.messages[0], first);
  EXPECT_EQ(Bytes(received.messages[1].begin(), received.messages[1].begin() + 6), kMacA);
  recordVerifiedInstructions("digest", digest);
}

TEST(ProgArrayTest, TailCallsTheNextModule) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildTailCallChain(*target));
  ASSERT_TRUE(loaded);
  int chain = loaded->mapFd("chain");
  int entry = loaded->programFd("chain_entry");
  int next = loaded->programFd("chain_next");
  ASSERT_GE(next, 0);
  Bytes frame = ethernetFrame(kMacA, kMacB, 0x0800, {});

  EXPECT_EQ(runTimed(entry, frame).returnCode, kXdpDrop) << "empty slot: falls through";
  uint32_t slot = 0;
  ASSERT_EQ(bpf_map_update_elem(chain, &slot, &next, BPF_ANY), 0);
  EXPECT_EQ(runTimed(entry, frame).returnCode, kXdpTx);
  EXPECT_NE(kXdpAborted, kXdpTx);
  recordVerifiedInstructions("tail_call_entry", entry);
}

TEST(PacketKeyTest, LooksUpWithTheKeyInThePacket) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildPacketKeyedLookup(*target));
  ASSERT_TRUE(loaded);
  int table = loaded->mapFd("mac_table");
  int program = loaded->programFd("packet_key");
  uint64_t value[2] = {1, 0};
  ASSERT_EQ(bpf_map_update_elem(table, kMacA.data(), value, BPF_ANY), 0);
  EXPECT_EQ(runTimed(program, ethernetFrame(kMacA, kMacB, 0x0800, {})).returnCode, kXdpTx);
  EXPECT_EQ(runTimed(program, ethernetFrame(kMacB, kMacA, 0x0800, {})).returnCode, kXdpPass);
  recordVerifiedInstructions("packet_key", program);
}

TEST(AdjustHeadTest, PushesAVlanTag) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildVlanPush(*target));
  ASSERT_TRUE(loaded);
  int push = loaded->programFd("vlan_push");
  Bytes frame = ethernetFrame(kMacA, kMacB, 0x0800, {0x45, 0x00});
  TimedRun result = runTimed(push, frame);
  EXPECT_EQ(result.returnCode, kXdpTx);

  Bytes expected(kMacA);
  expected.insert(expected.end(), kMacB.begin(), kMacB.end());
  Bytes tag = {0x81, 0x00, 0x00, 0x64};
  expected.insert(expected.end(), tag.begin(), tag.end());
  expected.insert(expected.end(), frame.begin() + 12, frame.end());
  EXPECT_EQ(result.packet, expected);
  recordVerifiedInstructions("vlan_push", push);
}

}  // namespace
}  // namespace p4nfc::testing
