// Milestone 3: an IPv4 LPM router (TTL decrement, incremental checksum, MAC rewrite), and
// a parser with select (value, mask, range, tuple), verify and reject.
#include <gtest/gtest.h>

#include "codegen_harness.h"
#include "loader/entry.h"

namespace p4nfc::codegen_test {
namespace {

Bytes ipv4Frame(uint32_t dst, uint8_t ttl, uint8_t protocol = 17, uint8_t versionIhl = 0x45,
                uint16_t etherType = 0x0800) {
  Bytes ip = concat({Bytes{versionIhl, 0}, be(46, 2), be(0x1234, 2), be(0, 2), Bytes{ttl, protocol},
                     be(0, 2), be(0x0a000001, 4), be(dst, 4)});
  uint16_t sum = internetChecksum(ip.data(), 20);
  ip[10] = sum >> 8;
  ip[11] = sum & 0xff;
  Bytes f = concat({Bytes{2, 0, 0, 0, 0, 1}, Bytes{2, 0, 0, 0, 0, 2}, be(etherType, 2), ip,
                    be(0x1111, 2), be(0x2222, 2)});
  f.resize(64, 0);
  return f;
}

std::unique_ptr<p4nf::LoadedObject> compileAndLoad(const std::string& name, const std::string& target,
                                                   Compiled& compiled) {
  compiled = compileP4(programPath(name), target);
  EXPECT_TRUE(compiled.ok) << compiled.diagnostics;
  if (!compiled.ok) return nullptr;
  std::string log;
  auto loaded = loadObject(compiled.object, log);
  EXPECT_TRUE(loaded) << log;
  return loaded;
}

void runRouter(const std::string& target) {
  Compiled compiled;
  auto loaded = compileAndLoad("ipv4_router.p4", target, compiled);
  if (!loaded) return;
  bool xdp = target == "xdp";
  auto run = [&](const Bytes& p) { return xdp ? runXdp(loaded->programFd(), p) : runTc(loaded->programFd(), p); };
  p4nf::TableWriter routes = writerFor(*loaded, "ipv4_lpm");
  ASSERT_EQ(routes.table().kind, p4nf::TableKind::Lpm);
  const Bytes dstMac = {0x0a, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  const Bytes srcMac = {0x0a, 0x11, 0x22, 0x33, 0x44, 0x55};
  auto route = [&](const std::string& prefix, const std::string& port) {
    routes.add(p4nf::makeEntry(routes.table(), {{"dst_addr", prefix}}, std::nullopt, "route",
                               {{"dst_mac", "0a:bb:cc:dd:ee:ff"}, {"src_mac", "0a:11:22:33:44:55"}, {"port", port}}));
  };
  route("10.1.0.0/16", "3");
  route("10.1.2.0/24", "4");
  mapPort(*loaded, 3, 1);

  // The longest prefix wins; TTL 64 -> 63 with a correct checksum; MACs rewritten.
  Bytes in = ipv4Frame(0x0a010203, 64);
  RunResult r = run(in);
  ASSERT_EQ(r.error, 0);
  EXPECT_EQ(r.verdict, 2u);
  EXPECT_EQ(r.port, 4u);
  ASSERT_EQ(r.packet.size(), in.size());
  Bytes expected = ipv4Frame(0x0a010203, 63);
  std::copy(dstMac.begin(), dstMac.end(), expected.begin());
  std::copy(srcMac.begin(), srcMac.end(), expected.begin() + 6);
  EXPECT_EQ(r.packet, expected);
  EXPECT_EQ(internetChecksum(r.packet.data() + 14, 20), 0);

  r = run(ipv4Frame(0x0a01ff01, 10));
  EXPECT_EQ(r.verdict, 2u);
  EXPECT_EQ(r.port, 3u);
  EXPECT_EQ(r.retval, xdp ? 4u : 7u);

  r = run(ipv4Frame(0x0b000001, 10));  // no route: the default action drops
  EXPECT_EQ(r.verdict, 1u);
  r = run(ipv4Frame(0x0a010203, 1));   // TTL expiry: to the host
  EXPECT_EQ(r.verdict, 3u);
  r = run(ipv4Frame(0x0a010203, 9, 17, 0x45, 0x86dd));  // not IPv4
  EXPECT_EQ(r.verdict, 3u);
  std::printf("[ insns    ] ipv4_router %s: %u verified\n", target.c_str(), verifiedInstructions(loaded->programFd()));
}

TEST(Ipv4Router, Xdp) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  runRouter("xdp");
}

TEST(Ipv4Router, Tc) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  runRouter("tc");
}

TEST(ParserSelect, ValueMaskRangeTupleVerifyReject) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  Compiled compiled;
  auto loaded = compileAndLoad("parser_select.p4", "xdp", compiled);
  if (!loaded) return;
  int fd = loaded->programFd();

  RunResult udp = runXdp(fd, ipv4Frame(1, 9, 17));
  EXPECT_EQ(udp.verdict, 2u);
  EXPECT_EQ(udp.port, 1u);
  RunResult tcp = runXdp(fd, ipv4Frame(1, 9, 6));
  EXPECT_EQ(tcp.port, 2u);
  RunResult icmp = runXdp(fd, ipv4Frame(1, 9, 1));  // (_, _): accept, kind 0: dropped
  EXPECT_EQ(icmp.verdict, 1u);
  RunResult options = runXdp(fd, ipv4Frame(1, 9, 17, 0x46));  // ihl 6: no tuple match
  EXPECT_EQ(options.verdict, 1u);
  for (uint16_t vlanType : {0x8100, 0x9100}) {
    RunResult vlan = runXdp(fd, ipv4Frame(1, 9, 17, 0x45, vlanType));
    EXPECT_EQ(vlan.port, 3u) << std::hex << vlanType;
  }
  RunResult other = runXdp(fd, ipv4Frame(1, 9, 17, 0x45, 0x86dd));  // default: accept
  EXPECT_EQ(other.verdict, 1u);

  // The range case rejects explicitly, which leaves the error at NoError: kind 0, dropped.
  RunResult length = runXdp(fd, ipv4Frame(1, 9, 17, 0x45, 0x0100));
  EXPECT_EQ(length.verdict, 1u);
  RunResult badVersion = runXdp(fd, ipv4Frame(1, 9, 17, 0x65));
  EXPECT_EQ(badVersion.verdict, 3u);
  EXPECT_EQ(badVersion.packet[11], 0xbb);
  Bytes truncated = ipv4Frame(1, 9, 17);
  truncated.resize(14 + 10);
  RunResult tooShort = runXdp(fd, truncated);
  EXPECT_EQ(tooShort.verdict, 3u);
  EXPECT_EQ(tooShort.packet[11], 0x55);
  std::printf("[ insns    ] parser_select xdp: %u verified\n", verifiedInstructions(fd));
}

}  // namespace
}  // namespace p4nfc::codegen_test
