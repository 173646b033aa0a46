// The router's table contents, computed from a RouterState (router_state.h): what the
// control plane writes into router.p4's tables, in router terms (prefixes, next hops,
// MACs). table_specs.h turns them into entries by manifest names.
//
// How a state maps to tables:
//   - port_macs: one entry per interface (its MAC and MTU);
//   - local_ipv4/6: every interface address, IPv4 subnet broadcasts, extra local addresses;
//   - own_sources_ipv4: the IPv4 interface and extra local addresses (no broadcasts), the
//     sources Linux drops as martians;
//   - ipv4/6_routes: every route, plus the connected subnet of every interface address
//     (unless a route of that prefix is given). A gateway route points at the next hop
//     (port, gateway); a connected subnet goes to the host, except for each neighbour on
//     it, which gets a host route (/32, /128) to its own next hop when the subnet is the
//     neighbour's longest match; blackhole routes drop, host routes go to the host;
//   - nexthops: one per distinct (port, address) a route uses: `forward` with the
//     neighbour's MAC when a neighbour is known, else `nexthop_to_host` (the kernel
//     resolves it, and the neighbour shows up in the next computation).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "nf/router/router_state.h"

namespace p4nf::router {

enum class RouteAction { SetNexthop, ToHost, Drop };

struct RouteEntry {
  IpPrefix prefix;
  RouteAction action = RouteAction::SetNexthop;
  uint32_t nexthop = 0;  // SetNexthop
  bool operator==(const RouteEntry&) const = default;
};

struct NexthopEntry {
  uint32_t id = 0;
  uint32_t port = 0;
  IpAddress address;               // the gateway or neighbour it stands for
  std::optional<std::string> mac;  // the neighbour's MAC; absent: unresolved, to the host
  bool operator==(const NexthopEntry&) const = default;
};

struct PortEntry {
  uint32_t port = 0;
  std::string mac;
  uint32_t mtu = kDefaultMtu;  // at most 65535 (a longer MTU holds every IP packet)
  auto operator<=>(const PortEntry&) const = default;
};

struct RouterTables {
  std::vector<IpAddress> localIpv4, localIpv6;
  std::vector<IpAddress> ownSourcesIpv4;
  std::vector<RouteEntry> ipv4Routes, ipv6Routes;
  std::vector<NexthopEntry> nexthops;
  std::vector<PortEntry> portMacs;  // by port
  NoRoutePolicy noRoute = NoRoutePolicy::Drop;
  bool operator==(const RouterTables&) const = default;
};

// Next-hop ids that stay the same from one computation to the next as long as the next
// hop (port, address) is used, so that a changed neighbour or route rewrites one entry
// and never renumbers the others (the agent updates tables in place, hitlessly).
class NexthopIds {
 public:
  uint32_t idFor(uint32_t port, const IpAddress& address);
  // Forgets every next hop not in `used`; their ids are given out again (smallest first)
  // from the next computation on.
  void keepOnly(const std::map<std::pair<uint32_t, IpAddress>, uint32_t>& used);

 private:
  std::map<std::pair<uint32_t, IpAddress>, uint32_t> ids_;
  std::vector<uint32_t> free_;
  uint32_t next_ = 1;  // 0 is never used: it reads as "no next hop"
};

// A part of the state that could not be used (a route whose gateway is on no port's
// subnet, a duplicate route, ...). `index` is its position in state.routes or
// state.neighbours.
struct StateProblem {
  enum class Part { Route, Neighbour } part;
  size_t index = 0;
  std::string message;
};

RouterTables computeRouterTables(const RouterState& state, NexthopIds& ids,
                                 std::vector<StateProblem>* problems = nullptr);

}  // namespace p4nf::router
