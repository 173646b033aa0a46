// What the router knows, whatever told it: the config's `router:` section
// (translator.cpp) or the kernel's FIB and neighbour table (kernel_fib.cpp). Both fill
// this one shape, and router_tables.h turns it into table entries, so a static config and
// a mirrored kernel give the data plane the same kind of entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nf/router/ip_prefix.h"

namespace p4nf::router {

struct RouterInterface {
  uint32_t port = 0;  // PNA port id
  std::string mac;    // normalised (ip_prefix.h normaliseMac), the source MAC of the port
  std::vector<InterfaceAddress> addresses;
  // The longest IP packet the port sends (its MTU); 0: not known, router_tables.h then
  // uses kDefaultMtu.
  uint32_t mtu = 0;
};

// The MTU of a port nobody gave one: Ethernet's, what a new veth or NIC starts with.
constexpr uint32_t kDefaultMtu = 1500;

enum class RouteKind {
  Gateway,    // via a next hop: forwarded to the gateway's neighbour
  Connected,  // on the link of `port`: forwarded to the destination's own neighbour
  Blackhole,  // dropped (counted as no route)
  Host,       // always handed to the host stack (unreachable/prohibit routes, other devices)
};

struct Route {
  IpPrefix prefix;
  RouteKind kind = RouteKind::Gateway;
  std::optional<IpAddress> via;  // Gateway
  std::optional<uint32_t> port;  // Gateway (may be found from the connected subnets), Connected
};

struct Neighbour {
  IpAddress address;
  std::string mac;               // normalised
  std::optional<uint32_t> port;  // when absent, the port whose subnet holds the address
};

enum class NoRoutePolicy { Drop, Host };

struct RouterState {
  std::vector<RouterInterface> interfaces;
  std::vector<Route> routes;
  std::vector<Neighbour> neighbours;
  // Addresses of the router that are not on a port (loopbacks, other interfaces).
  std::vector<IpAddress> extraLocalAddresses;
  NoRoutePolicy noRoute = NoRoutePolicy::Drop;
};

}  // namespace p4nf::router
