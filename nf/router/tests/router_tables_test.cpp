// computeRouterTables: router state -> table contents, without a kernel.
#include "nf/router/router_tables.h"

#include <gtest/gtest.h>

namespace p4nf::router {
namespace {

IpAddress ip(const std::string& text) { return *IpAddress::parse(text); }
IpPrefix prefix(const std::string& text) {
  std::string error;
  return *IpPrefix::parse(text, error);
}
InterfaceAddress ifaddr(const std::string& text) {
  std::string error;
  IpPrefix p = *IpPrefix::parse(text, error, true);
  return {p.address, p.length};
}

// Port 1: 10.0.1.1/24 + 2001:db8:1::1/64; port 2: 10.0.2.1/24 + 2001:db8:2::1/64.
RouterState twoPorts() {
  RouterState state;
  state.interfaces = {
      {1, "02:00:00:00:01:01", {ifaddr("10.0.1.1/24"), ifaddr("2001:db8:1::1/64")}},
      {2, "02:00:00:00:02:01", {ifaddr("10.0.2.1/24"), ifaddr("2001:db8:2::1/64")}},
  };
  return state;
}

const RouteEntry* findRoute(const std::vector<RouteEntry>& routes, const std::string& text) {
  for (const RouteEntry& r : routes)
    if (r.prefix == prefix(text)) return &r;
  return nullptr;
}

const NexthopEntry* findNexthop(const RouterTables& tables, uint32_t id) {
  for (const NexthopEntry& n : tables.nexthops)
    if (n.id == id) return &n;
  return nullptr;
}

TEST(RouterTables, InterfacesGivePortMacsLocalsAndConnectedSubnets) {
  NexthopIds ids;
  RouterTables t = computeRouterTables(twoPorts(), ids);
  ASSERT_EQ(t.portMacs.size(), 2u);
  EXPECT_EQ(t.portMacs[0], (PortEntry{1, "02:00:00:00:01:01", kDefaultMtu}));
  // Addresses and IPv4 subnet broadcasts are the router's own.
  std::vector<IpAddress> v4 = {ip("10.0.1.1"), ip("10.0.1.255"), ip("10.0.2.1"), ip("10.0.2.255")};
  EXPECT_EQ(t.localIpv4, v4);
  // As sources, only the addresses themselves are martian (Linux forwards packets from a
  // subnet broadcast address), and only IPv4 ones.
  EXPECT_EQ(t.ownSourcesIpv4, (std::vector<IpAddress>{ip("10.0.1.1"), ip("10.0.2.1")}));
  EXPECT_EQ(t.localIpv6, (std::vector<IpAddress>{ip("2001:db8:1::1"), ip("2001:db8:2::1")}));
  // Connected subnets without neighbours go to the host, which resolves each destination.
  const RouteEntry* connected = findRoute(t.ipv4Routes, "10.0.2.0/24");
  ASSERT_TRUE(connected);
  EXPECT_EQ(connected->action, RouteAction::ToHost);
  ASSERT_TRUE(findRoute(t.ipv6Routes, "2001:db8:2::/64"));
  EXPECT_TRUE(t.nexthops.empty());
}

TEST(RouterTables, PortsCarryTheirMtu) {
  RouterState state = twoPorts();
  state.interfaces[0].mtu = 1400;
  state.interfaces[1].mtu = 65536;  // lo's: more than any IP packet, so it is kept at 65535
  state.extraLocalAddresses = {ip("192.0.2.254"), ip("2001:db8:ff::1")};
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids);
  EXPECT_EQ(t.portMacs, (std::vector<PortEntry>{{1, "02:00:00:00:01:01", 1400},
                                                {2, "02:00:00:00:02:01", 65535}}));
  EXPECT_EQ(t.ownSourcesIpv4,
            (std::vector<IpAddress>{ip("10.0.1.1"), ip("10.0.2.1"), ip("192.0.2.254")}));
}

TEST(RouterTables, GatewayRouteResolvesThroughTheNeighbour) {
  RouterState state = twoPorts();
  state.routes.push_back({prefix("198.51.100.0/24"), RouteKind::Gateway, ip("10.0.2.2"), {}});
  state.neighbours.push_back({ip("10.0.2.2"), "02:00:00:00:02:02", {}});
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids);
  const RouteEntry* route = findRoute(t.ipv4Routes, "198.51.100.0/24");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->action, RouteAction::SetNexthop);
  const NexthopEntry* nh = findNexthop(t, route->nexthop);
  ASSERT_TRUE(nh);
  EXPECT_EQ(nh->port, 2u);  // found from the subnet 10.0.2.0/24
  EXPECT_EQ(nh->mac, std::optional<std::string>("02:00:00:00:02:02"));
  // The neighbour on the connected subnet gets a host route to the same next hop.
  const RouteEntry* host = findRoute(t.ipv4Routes, "10.0.2.2/32");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->nexthop, route->nexthop);
}

TEST(RouterTables, GatewayWithoutNeighbourGoesToTheHostThroughItsNexthop) {
  RouterState state = twoPorts();
  state.routes.push_back(
      {prefix("2001:db8:100::/48"), RouteKind::Gateway, ip("2001:db8:2::2"), {}});
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids);
  const RouteEntry* route = findRoute(t.ipv6Routes, "2001:db8:100::/48");
  ASSERT_TRUE(route);
  const NexthopEntry* nh = findNexthop(t, route->nexthop);
  ASSERT_TRUE(nh);
  EXPECT_FALSE(nh->mac.has_value());
  EXPECT_EQ(nh->address, ip("2001:db8:2::2"));
}

TEST(RouterTables, NeighbourUnderAMoreSpecificGatewayRouteGetsNoHostRoute) {
  RouterState state = twoPorts();
  // 10.0.2.128/25 goes via 10.0.1.9, so neighbour 10.0.2.200 on port 2 is not reached
  // directly, exactly as in the kernel's FIB.
  state.routes.push_back({prefix("10.0.2.128/25"), RouteKind::Gateway, ip("10.0.1.9"), {}});
  state.neighbours.push_back({ip("10.0.2.200"), "02:00:00:00:02:c8", {}});
  state.neighbours.push_back({ip("10.0.2.7"), "02:00:00:00:02:07", {}});
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids);
  EXPECT_FALSE(findRoute(t.ipv4Routes, "10.0.2.200/32"));
  EXPECT_TRUE(findRoute(t.ipv4Routes, "10.0.2.7/32"));
}

TEST(RouterTables, BlackholeHostRoutesAndPolicy) {
  RouterState state = twoPorts();
  state.routes.push_back({prefix("100.64.0.0/10"), RouteKind::Blackhole, {}, {}});
  state.routes.push_back({prefix("192.0.2.0/24"), RouteKind::Host, {}, {}});
  state.routes.push_back({prefix("203.0.113.0/24"), RouteKind::Connected, {}, 1});
  state.noRoute = NoRoutePolicy::Host;
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids);
  EXPECT_EQ(findRoute(t.ipv4Routes, "100.64.0.0/10")->action, RouteAction::Drop);
  EXPECT_EQ(findRoute(t.ipv4Routes, "192.0.2.0/24")->action, RouteAction::ToHost);
  EXPECT_EQ(findRoute(t.ipv4Routes, "203.0.113.0/24")->action, RouteAction::ToHost);
  EXPECT_EQ(t.noRoute, NoRoutePolicy::Host);
}

TEST(RouterTables, ProblemsNameTheRouteOrNeighbour) {
  RouterState state = twoPorts();
  state.routes.push_back({prefix("198.51.100.0/24"), RouteKind::Gateway, ip("192.0.2.1"), {}});
  state.routes.push_back({prefix("10.9.0.0/16"), RouteKind::Gateway, ip("10.0.1.5"), {}});
  state.routes.push_back({prefix("10.9.0.0/16"), RouteKind::Gateway, ip("10.0.2.5"), {}});
  state.neighbours.push_back({ip("192.0.2.1"), "02:00:00:00:00:09", {}});
  std::vector<StateProblem> problems;
  NexthopIds ids;
  RouterTables t = computeRouterTables(state, ids, &problems);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].part, StateProblem::Part::Route);
  EXPECT_EQ(problems[0].index, 0u);
  EXPECT_NE(problems[0].message.find("192.0.2.1 is on no interface's subnet"), std::string::npos);
  EXPECT_EQ(problems[1].index, 2u);
  EXPECT_NE(problems[1].message.find("given twice"), std::string::npos);
  EXPECT_EQ(problems[2].part, StateProblem::Part::Neighbour);
  // The first of the duplicates is kept.
  const RouteEntry* kept = findRoute(t.ipv4Routes, "10.9.0.0/16");
  ASSERT_TRUE(kept);
  EXPECT_EQ(findNexthop(t, kept->nexthop)->address, ip("10.0.1.5"));
}

TEST(RouterTables, NexthopIdsStayStableAcrossRecomputations) {
  RouterState state = twoPorts();
  state.routes.push_back({prefix("198.51.100.0/24"), RouteKind::Gateway, ip("10.0.2.2"), {}});
  state.routes.push_back({prefix("203.0.113.0/24"), RouteKind::Gateway, ip("10.0.2.3"), {}});
  NexthopIds ids;
  RouterTables before = computeRouterTables(state, ids);
  uint32_t second = findRoute(before.ipv4Routes, "203.0.113.0/24")->nexthop;
  // A new route through a new gateway that sorts first, and the first route gone.
  state.routes.erase(state.routes.begin());
  state.routes.push_back({prefix("10.200.0.0/16"), RouteKind::Gateway, ip("10.0.1.2"), {}});
  RouterTables after = computeRouterTables(state, ids);
  EXPECT_EQ(findRoute(after.ipv4Routes, "203.0.113.0/24")->nexthop, second);
  EXPECT_NE(findRoute(after.ipv4Routes, "10.200.0.0/16")->nexthop, second);
  // The id freed by that computation is handed out again by the next one rather than
  // growing the table.
  state.routes.push_back({prefix("10.201.0.0/16"), RouteKind::Gateway, ip("10.0.1.3"), {}});
  RouterTables third = computeRouterTables(state, ids);
  EXPECT_EQ(findRoute(third.ipv4Routes, "10.201.0.0/16")->nexthop,
            findRoute(before.ipv4Routes, "198.51.100.0/24")->nexthop);
  EXPECT_EQ(findRoute(third.ipv4Routes, "203.0.113.0/24")->nexthop, second);
}

TEST(IpPrefix, ParsesAndRejects) {
  std::string error;
  EXPECT_EQ(IpPrefix::parse("10.1.0.0/16", error)->text(), "10.1.0.0/16");
  EXPECT_EQ(IpPrefix::parse("2001:db8::/32", error)->length, 32);
  EXPECT_FALSE(IpPrefix::parse("10.1.0.1/16", error));
  EXPECT_NE(error.find("host bits"), std::string::npos);
  EXPECT_FALSE(IpPrefix::parse("10.1.0.0/33", error));
  EXPECT_FALSE(IpPrefix::parse("10.1.0/8", error));
  EXPECT_EQ(IpPrefix::parse("10.1.0.1/16", error, true)->address, ip("10.1.0.1"));
  EXPECT_TRUE(prefix("10.0.0.0/8").contains(ip("10.255.0.1")));
  EXPECT_FALSE(prefix("10.0.0.0/8").contains(ip("11.0.0.1")));
  EXPECT_EQ(normaliseMac("02:AA:00:00:00:01"), std::optional<std::string>("02:aa:00:00:00:01"));
  EXPECT_FALSE(normaliseMac("02:aa:00:00:00"));
  EXPECT_FALSE(normaliseMac("02:aa:00:00:00:01:02"));
}

}  // namespace
}  // namespace p4nf::router
