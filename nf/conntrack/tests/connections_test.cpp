// Decoding the connections map (connections.h) against the manifest of the real
// conntrack.p4 object: entries written here by the manifest's layout, the way the data
// plane writes them, come back as the connection, its line as conntrack -L prints it,
// and the filters of `p4nf conntrack`.
#include "nf/conntrack/connections.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>

#include "bpf/elf_object.h"

#ifndef P4NF_CONNTRACK_OBJECT
#error "P4NF_CONNTRACK_OBJECT must name build/nf/conntrack/conntrack.xdp.o"
#endif

namespace p4nf::conntrack {
namespace {

const ManifestTable& connectionsTable() {
  static const Manifest manifest = [] {
    std::string error;
    auto bytes = p4nfc::bpf::readBinaryFile(P4NF_CONNTRACK_OBJECT, error);
    if (!bytes) throw std::runtime_error(error);
    auto json = p4nfc::bpf::readManifest(*bytes, error);
    if (!json) throw std::runtime_error(error);
    return parseManifest(*json);
  }();
  return manifest.table("connections");
}

const ManifestField& find(const std::vector<ManifestField>& fields, const std::string& name) {
  for (const ManifestField& f : fields)
    if (f.name == name || f.name.ends_with("." + name)) return f;
  throw std::runtime_error("no field " + name);
}

void put(std::vector<uint8_t>& bytes, const ManifestField& f, uint64_t v) {
  for (uint32_t i = 0; i < f.size; ++i) bytes[f.offset + f.size - 1 - i] = i < 8 ? uint8_t(v >> (8 * i)) : 0;
}

struct Entry {
  std::vector<uint8_t> key, value;
};

// 10.0.1.2:40000 -> 10.0.2.2:5201 opened by `opener` (0: the smaller side, 10.0.1.2).
Entry tcpEntry(uint8_t state, bool seenReply, uint32_t profile, uint64_t lastNs) {
  const ManifestTable& t = connectionsTable();
  Entry e{std::vector<uint8_t>(t.keySize), std::vector<uint8_t>(t.valueSize)};
  put(e.key, find(t.keys, "family"), 4);
  put(e.key, find(t.keys, "protocol"), 6);
  const ManifestField& a = find(t.keys, "addr_a");
  const ManifestField& b = find(t.keys, "addr_b");
  uint32_t a4 = htonl(0x0a000102), b4 = htonl(0x0a000202);
  std::memcpy(&e.key[a.offset + 12], &a4, 4);
  std::memcpy(&e.key[b.offset + 12], &b4, 4);
  put(e.key, find(t.keys, "port_a"), 40000);
  put(e.key, find(t.keys, "port_b"), 5201);
  const ManifestAction* known = t.findAction("ct_known");
  std::memcpy(e.value.data(), &known->id, 4);
  std::memcpy(e.value.data() + t.expiry->profileOffset, &profile, 4);
  std::memcpy(e.value.data() + t.expiry->timestampOffset, &lastNs, 8);
  put(e.value, find(known->params, "state"), state);
  put(e.value, find(known->params, "seen_reply"), seenReply);
  put(e.value, find(known->params, "orig_packets"), 10);
  put(e.value, find(known->params, "orig_bytes"), 1000);
  put(e.value, find(known->params, "reply_packets"), seenReply ? 9 : 0);
  put(e.value, find(known->params, "reply_bytes"), seenReply ? 900 : 0);
  return e;
}

uint64_t timeoutOf(uint32_t profile) { return profile == 3 ? 432000000000000ull : 120000000000ull; }

TEST(ConntrackConnections, AnEstablishedTcpConnectionPrintsLikeConntrackL) {
  Entry e = tcpEntry(kEstablished, true, 3, 1000000000ull);
  auto c = decodeConnection(connectionsTable(), e.key.data(), e.value.data(), timeoutOf, 2000000000ull);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->remainingNs, 432000000000000ll - 1000000000ll);
  EXPECT_EQ(connectionLine(*c),
            "tcp      6 431999 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=5201 "
            "packets=10 bytes=1000 src=10.0.2.2 dst=10.0.1.2 sport=5201 dport=40000 packets=9 "
            "bytes=900 [ASSURED]");
}

TEST(ConntrackConnections, TheOpenerDecidesTheOriginalDirection) {
  Entry e = tcpEntry(kSynSent, false, 1, 0);
  put(e.value, find(connectionsTable().findAction("ct_known")->params, "opener"), 1);
  auto c = decodeConnection(connectionsTable(), e.key.data(), e.value.data(), timeoutOf, 0);
  ASSERT_TRUE(c);
  EXPECT_EQ(connectionLine(*c),
            "tcp      6 120 SYN_SENT src=10.0.2.2 dst=10.0.1.2 sport=5201 dport=40000 packets=10 "
            "bytes=1000 [UNREPLIED] src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=5201 packets=0 bytes=0");
}

TEST(ConntrackConnections, FiltersMatchTheOriginalDirection) {
  Entry e = tcpEntry(kTimeWait, true, 7, 0);
  auto c = decodeConnection(connectionsTable(), e.key.data(), e.value.data(), timeoutOf, 0);
  ASSERT_TRUE(c);
  Filter f;
  EXPECT_TRUE(matches(*c, f));
  f.protocol = protocolNumber("tcp");
  f.src = "10.0.1.2";
  f.dport = 5201;
  f.state = "time_wait";
  EXPECT_TRUE(matches(*c, f));
  f.sport = 5201;
  EXPECT_FALSE(matches(*c, f));
  EXPECT_EQ(protocolNumber("udp"), 17);
  EXPECT_EQ(protocolNumber("47"), 47);
  EXPECT_FALSE(protocolNumber("gre"));
}

TEST(ConntrackConnections, AnEntryOfAnotherActionIsNotAConnection) {
  Entry e = tcpEntry(kEstablished, true, 3, 0);
  uint32_t other = 0;
  std::memcpy(e.value.data(), &other, 4);
  EXPECT_FALSE(decodeConnection(connectionsTable(), e.key.data(), e.value.data(), timeoutOf, 0));
}

}  // namespace
}  // namespace p4nf::conntrack
