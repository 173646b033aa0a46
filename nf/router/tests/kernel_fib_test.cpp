// The kernel FIB mirror in a private network namespace: the initial dump, and `ip route`
// / `ip neigh` changes reaching the computed tables through netlink events. Needs root.
#include "nf/router/kernel_fib.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>

namespace p4nf::router {
namespace {

class Netns {
 public:
  Netns() : name_(fmt::format("p4nf-rt-{}", getpid())) {
    std::system(fmt::format("ip netns del {} 2>/dev/null", name_).c_str());
    ok_ = std::system(fmt::format("ip netns add {}", name_).c_str()) == 0;
  }
  ~Netns() {
    if (ok_) std::system(fmt::format("ip netns del {}", name_).c_str());
  }
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }
  // `ip -n <ns> <args>`; true on success.
  bool ip(const std::string& args) const {
    return std::system(fmt::format("ip -n {} {}", name_, args).c_str()) == 0;
  }

 private:
  std::string name_;
  bool ok_ = false;
};

const RouteEntry* findRoute(const std::vector<RouteEntry>& routes, const std::string& text) {
  std::string error;
  IpPrefix prefix = *IpPrefix::parse(text, error);
  for (const RouteEntry& r : routes)
    if (r.prefix == prefix) return &r;
  return nullptr;
}

const NexthopEntry* findNexthop(const RouterTables& tables, uint32_t id) {
  for (const NexthopEntry& n : tables.nexthops)
    if (n.id == id) return &n;
  return nullptr;
}

class KernelFibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces, rtnetlink)";
    ASSERT_TRUE(ns_.ok()) << "ip netns add failed";
    ASSERT_TRUE(ns_.ip("link add r-a address 02:00:00:00:01:01 type veth peer name h-a"));
    ASSERT_TRUE(ns_.ip("link add r-b address 02:00:00:00:02:01 type veth peer name h-b"));
    for (const char* link : {"r-a", "r-b", "h-a", "h-b"})
      ASSERT_TRUE(ns_.ip(fmt::format("link set {} up", link)));
    ASSERT_TRUE(ns_.ip("addr add 10.0.1.1/24 dev r-a"));
    ASSERT_TRUE(ns_.ip("addr add 10.0.2.1/24 dev r-b"));
    ASSERT_TRUE(ns_.ip("addr add 2001:db8:2::1/64 dev r-b nodad"));
    ASSERT_TRUE(ns_.ip("neigh add 10.0.2.2 lladdr 02:00:00:00:02:02 dev r-b nud permanent"));
  }

  // Processes events until `done` holds (the kernel reports within milliseconds; the
  // bound only keeps a broken mirror from hanging the test). Returns the time it took.
  std::chrono::milliseconds waitFor(KernelFibMirror& mirror, const std::function<bool()>& done) {
    auto start = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10))
      mirror.processEvents(100);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::printf("kernel change seen after %lld ms\n", static_cast<long long>(took.count()));
    return took;
  }

  Netns ns_;
};

TEST_F(KernelFibTest, InitialDumpAndLiveRouteChanges) {
  int calls = 0;
  KernelFibMirror mirror({}, {ns_.name(), 254, {{"r-a", 1}, {"r-b", 2}}},
                         [&](const RouterTables&) { ++calls; });
  EXPECT_EQ(calls, 1);  // the initial tables
  const RouterTables& t = mirror.tables();
  ASSERT_EQ(t.portMacs.size(), 2u);
  EXPECT_EQ(t.portMacs[1], (PortEntry{2, "02:00:00:00:02:01", 1500}));
  EXPECT_TRUE(std::count(t.localIpv4.begin(), t.localIpv4.end(), *IpAddress::parse("10.0.1.1")));
  ASSERT_TRUE(findRoute(t.ipv4Routes, "10.0.2.0/24"));
  EXPECT_EQ(findRoute(t.ipv4Routes, "10.0.2.0/24")->action, RouteAction::ToHost);
  // The permanent neighbour on the connected subnet: a host route to it.
  ASSERT_TRUE(findRoute(t.ipv4Routes, "10.0.2.2/32"));

  ASSERT_TRUE(ns_.ip("route add 198.51.100.0/24 via 10.0.2.2"));
  waitFor(mirror, [&] { return findRoute(mirror.tables().ipv4Routes, "198.51.100.0/24"); });
  const RouteEntry* added = findRoute(mirror.tables().ipv4Routes, "198.51.100.0/24");
  ASSERT_TRUE(added) << "ip route add did not reach the tables";
  const NexthopEntry* nh = findNexthop(mirror.tables(), added->nexthop);
  ASSERT_TRUE(nh);
  EXPECT_EQ(nh->port, 2u);
  EXPECT_EQ(nh->mac, std::optional<std::string>("02:00:00:00:02:02"));

  ASSERT_TRUE(ns_.ip("route del 198.51.100.0/24"));
  waitFor(mirror, [&] { return !findRoute(mirror.tables().ipv4Routes, "198.51.100.0/24"); });
  EXPECT_FALSE(findRoute(mirror.tables().ipv4Routes, "198.51.100.0/24"))
      << "ip route del did not reach the tables";

  ASSERT_TRUE(ns_.ip("route add blackhole 100.64.0.0/10"));
  waitFor(mirror, [&] { return findRoute(mirror.tables().ipv4Routes, "100.64.0.0/10"); });
  ASSERT_TRUE(findRoute(mirror.tables().ipv4Routes, "100.64.0.0/10"));
  EXPECT_EQ(findRoute(mirror.tables().ipv4Routes, "100.64.0.0/10")->action, RouteAction::Drop);
}

TEST_F(KernelFibTest, NeighbourAppearingResolvesTheNexthop) {
  KernelFibMirror mirror({}, {ns_.name(), 254, {{"r-a", 1}, {"r-b", 2}}}, nullptr);
  ASSERT_TRUE(ns_.ip("-6 route add 2001:db8:100::/48 via 2001:db8:2::2"));
  auto nexthopMac = [&]() -> std::optional<std::string> {
    const RouteEntry* r = findRoute(mirror.tables().ipv6Routes, "2001:db8:100::/48");
    if (!r) return std::nullopt;
    const NexthopEntry* n = findNexthop(mirror.tables(), r->nexthop);
    return n ? n->mac : std::nullopt;
  };
  waitFor(mirror, [&] { return findRoute(mirror.tables().ipv6Routes, "2001:db8:100::/48"); });
  ASSERT_TRUE(findRoute(mirror.tables().ipv6Routes, "2001:db8:100::/48"));
  EXPECT_FALSE(nexthopMac()) << "no neighbour yet: the next hop must go to the host";

  ASSERT_TRUE(ns_.ip("-6 neigh add 2001:db8:2::2 lladdr 02:00:00:00:02:22 dev r-b nud permanent"));
  waitFor(mirror, [&] { return nexthopMac().has_value(); });
  EXPECT_EQ(nexthopMac(), std::optional<std::string>("02:00:00:00:02:22"));
}

TEST_F(KernelFibTest, ConfiguredStateIsMergedAndWins) {
  RouterState configured;
  configured.interfaces.push_back({1, "02:00:00:00:0a:0a", {}});
  std::string error;
  configured.routes.push_back(
      {*IpPrefix::parse("203.0.113.0/24", error), RouteKind::Blackhole, {}, {}});
  KernelFibMirror mirror(configured, {ns_.name(), 254, {{"r-a", 1}, {"r-b", 2}}}, nullptr);
  const RouterTables& t = mirror.tables();
  EXPECT_EQ(t.portMacs[0].mac, "02:00:00:00:0a:0a");
  ASSERT_TRUE(findRoute(t.ipv4Routes, "203.0.113.0/24"));
  // The kernel's addresses still complete the configured interface.
  EXPECT_TRUE(findRoute(t.ipv4Routes, "10.0.1.0/24"));
}

TEST_F(KernelFibTest, LinkMtuIsFollowedUnlessConfigured) {
  RouterState configured;
  configured.interfaces.push_back({1, "", {}, 9000});  // port 1's MTU from the config
  KernelFibMirror mirror(configured, {ns_.name(), 254, {{"r-a", 1}, {"r-b", 2}}}, nullptr);
  auto mtuOf = [&](uint32_t port) {
    for (const PortEntry& p : mirror.tables().portMacs)
      if (p.port == port) return p.mtu;
    return 0u;
  };
  EXPECT_EQ(mtuOf(1), 9000u);
  EXPECT_EQ(mtuOf(2), 1500u);  // a new veth's
  // IPv6 coming up on r-b sends a link notification of its own (family AF_INET6), which
  // puts a second object of r-b in the link cache; the kernel does not refresh it when the
  // link's MTU changes: the mirror must read the link's own (AF_UNSPEC) object only.
  for (const char* value : {"1", "0"})
    ASSERT_EQ(
        std::system(fmt::format("ip netns exec {} sysctl -qw net.ipv6.conf.r-b.disable_ipv6={}",
                                ns_.name(), value)
                        .c_str()),
        0);
  mirror.processEvents(100);
  EXPECT_EQ(mirror.tables().portMacs.size(), 2u) << "one port_macs entry per port";
  ASSERT_TRUE(ns_.ip("link set r-b mtu 1400"));
  ASSERT_TRUE(ns_.ip("link set r-a mtu 1300"));
  waitFor(mirror, [&] { return mtuOf(2) == 1400; });
  EXPECT_EQ(mtuOf(2), 1400u) << "the link's new MTU did not reach port_macs";
  mirror.processEvents(0);
  EXPECT_EQ(mtuOf(1), 9000u) << "the configured MTU must win over the kernel's";
}

TEST(KernelFib, MissingNamespaceIsAClearError) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  try {
    KernelFib fib({"p4nf-no-such-netns", 254, {}});
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/var/run/netns/p4nf-no-such-netns"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace p4nf::router
