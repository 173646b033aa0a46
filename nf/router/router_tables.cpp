#include "nf/router/router_tables.h"

#include <algorithm>
#include <set>

namespace p4nf::router {

uint32_t NexthopIds::idFor(uint32_t port, const IpAddress& address) {
  auto [it, inserted] = ids_.try_emplace({port, address}, 0);
  if (inserted) {
    if (!free_.empty()) {
      it->second = free_.back();
      free_.pop_back();
    } else {
      it->second = next_++;
    }
  }
  return it->second;
}

void NexthopIds::keepOnly(const std::map<std::pair<uint32_t, IpAddress>, uint32_t>& used) {
  for (auto it = ids_.begin(); it != ids_.end();) {
    if (used.count(it->first)) {
      ++it;
    } else {
      free_.push_back(it->second);
      it = ids_.erase(it);
    }
  }
  // Hand out the smallest free ids first: tables stay compact and outputs predictable.
  std::sort(free_.begin(), free_.end(), std::greater<>());
}

namespace {

// A route with its port worked out.
struct ResolvedRoute {
  RouteKind kind = RouteKind::Gateway;
  IpAddress via;
  uint32_t port = 0;
};

class Computation {
 public:
  Computation(const RouterState& state, NexthopIds& ids, std::vector<StateProblem>* problems)
      : state_(state), ids_(ids), problems_(problems) {}

  RouterTables run() {
    RouterTables tables;
    tables.noRoute = state_.noRoute;
    collectInterfaces(tables);
    collectRoutes();
    collectNeighbours();
    for (const auto& [prefix, route] : routes_) addRoute(tables, prefix, route);
    addNeighbourHostRoutes(tables);
    for (const auto& [key, id] : used_) {
      NexthopEntry entry{id, key.first, key.second, std::nullopt};
      if (auto it = neighbours_.find(key); it != neighbours_.end()) entry.mac = it->second;
      tables.nexthops.push_back(entry);
    }
    std::sort(tables.nexthops.begin(), tables.nexthops.end(),
              [](const NexthopEntry& a, const NexthopEntry& b) { return a.id < b.id; });
    for (auto* list : {&tables.ipv4Routes, &tables.ipv6Routes})
      std::sort(list->begin(), list->end(),
                [](const RouteEntry& a, const RouteEntry& b) { return a.prefix < b.prefix; });
    ids_.keepOnly(used_);
    return tables;
  }

 private:
  void problem(StateProblem::Part part, size_t index, std::string message) {
    if (problems_) problems_->push_back({part, index, std::move(message)});
  }

  void collectInterfaces(RouterTables& tables) {
    std::set<IpAddress> locals(state_.extraLocalAddresses.begin(),
                               state_.extraLocalAddresses.end());
    std::set<IpAddress> own = locals;  // the addresses themselves, without broadcasts
    for (const RouterInterface& interface : state_.interfaces) {
      uint32_t mtu = interface.mtu ? std::min<uint32_t>(interface.mtu, 0xffff) : kDefaultMtu;
      tables.portMacs.push_back({interface.port, interface.mac, mtu});
      for (const InterfaceAddress& address : interface.addresses) {
        locals.insert(address.address);
        own.insert(address.address);
        if (auto broadcast = address.broadcast()) locals.insert(*broadcast);
        if (address.length < address.address.width())
          subnets_.push_back({address.subnet(), interface.port});
      }
    }
    std::sort(tables.portMacs.begin(), tables.portMacs.end());
    for (const IpAddress& address : locals)
      (address.family == Family::Ipv4 ? tables.localIpv4 : tables.localIpv6).push_back(address);
    for (const IpAddress& address : own)
      if (address.family == Family::Ipv4) tables.ownSourcesIpv4.push_back(address);
  }

  // The port whose connected subnet holds `address` (the longest such subnet).
  std::optional<uint32_t> portOf(const IpAddress& address) const {
    std::optional<uint32_t> port;
    int best = -1;
    for (const auto& [subnet, subnetPort] : subnets_)
      if (subnet.length > best && subnet.contains(address)) {
        best = subnet.length;
        port = subnetPort;
      }
    return port;
  }

  void collectRoutes() {
    for (size_t i = 0; i < state_.routes.size(); ++i) {
      const Route& route = state_.routes[i];
      ResolvedRoute resolved{route.kind, {}, route.port.value_or(0)};
      if (route.kind == RouteKind::Gateway) {
        if (!route.via) {
          problem(StateProblem::Part::Route, i, "route " + route.prefix.text() + " has no gateway");
          continue;
        }
        resolved.via = *route.via;
        if (!route.port) {
          std::optional<uint32_t> port = portOf(*route.via);
          if (!port) {
            problem(StateProblem::Part::Route, i,
                    "route " + route.prefix.text() + ": gateway " + route.via->text() +
                        " is on no interface's subnet; give the port or interface it is on");
            continue;
          }
          resolved.port = *port;
        }
      } else if (route.kind == RouteKind::Connected && !route.port) {
        problem(StateProblem::Part::Route, i,
                "route " + route.prefix.text() + " has neither a gateway nor a port");
        continue;
      }
      if (!routes_.emplace(route.prefix, resolved).second)
        problem(StateProblem::Part::Route, i,
                "route " + route.prefix.text() + " is given twice; the first one is kept");
    }
    // Connected subnets, unless a route of the same prefix says otherwise.
    for (const auto& [subnet, port] : subnets_)
      routes_.emplace(subnet, ResolvedRoute{RouteKind::Connected, {}, port});
  }

  void collectNeighbours() {
    for (size_t i = 0; i < state_.neighbours.size(); ++i) {
      const Neighbour& neighbour = state_.neighbours[i];
      std::optional<uint32_t> port = neighbour.port ? neighbour.port : portOf(neighbour.address);
      if (!port) {
        problem(StateProblem::Part::Neighbour, i,
                "neighbour " + neighbour.address.text() +
                    " is on no interface's subnet; give the port or interface it is on");
        continue;
      }
      neighbours_[{*port, neighbour.address}] = neighbour.mac;
    }
  }

  uint32_t use(uint32_t port, const IpAddress& address) {
    uint32_t id = ids_.idFor(port, address);
    used_[{port, address}] = id;
    return id;
  }

  static void push(RouterTables& tables, RouteEntry entry) {
    (entry.prefix.family() == Family::Ipv4 ? tables.ipv4Routes : tables.ipv6Routes)
        .push_back(entry);
  }

  void addRoute(RouterTables& tables, const IpPrefix& prefix, const ResolvedRoute& route) {
    switch (route.kind) {
      case RouteKind::Gateway:
        push(tables, {prefix, RouteAction::SetNexthop, use(route.port, route.via)});
        break;
      case RouteKind::Connected:
        // A whole subnet cannot point at one neighbour: the kernel resolves each host;
        // known neighbours get host routes below.
        if (prefix.length == prefix.address.width())
          push(tables, {prefix, RouteAction::SetNexthop, use(route.port, prefix.address)});
        else
          push(tables, {prefix, RouteAction::ToHost, 0});
        break;
      case RouteKind::Blackhole:
        push(tables, {prefix, RouteAction::Drop, 0});
        break;
      case RouteKind::Host:
        push(tables, {prefix, RouteAction::ToHost, 0});
        break;
    }
  }

  // The route `address` matches longest, or nullptr.
  const std::pair<const IpPrefix, ResolvedRoute>* longestMatch(const IpAddress& address) const {
    for (int length = address.width(); length >= 0; --length) {
      auto it = routes_.find(IpPrefix::of(address, length));
      if (it != routes_.end()) return &*it;
    }
    return nullptr;
  }

  void addNeighbourHostRoutes(RouterTables& tables) {
    for (const auto& [key, mac] : neighbours_) {
      const auto& [port, address] = key;
      const auto* match = longestMatch(address);
      if (!match || match->first.length == address.width()) continue;  // has its own route
      if (match->second.kind != RouteKind::Connected || match->second.port != port) continue;
      push(tables, {IpPrefix::host(address), RouteAction::SetNexthop, use(port, address)});
    }
  }

  const RouterState& state_;
  NexthopIds& ids_;
  std::vector<StateProblem>* problems_;
  std::vector<std::pair<IpPrefix, uint32_t>> subnets_;
  std::map<IpPrefix, ResolvedRoute> routes_;
  std::map<std::pair<uint32_t, IpAddress>, std::string> neighbours_;
  std::map<std::pair<uint32_t, IpAddress>, uint32_t> used_;
};

}  // namespace

RouterTables computeRouterTables(const RouterState& state, NexthopIds& ids,
                                 std::vector<StateProblem>* problems) {
  return Computation(state, ids, problems).run();
}

}  // namespace p4nf::router
