#include "nf/router/router_section.h"

#include <set>
#include <string>

namespace p4nf::router {
namespace {

using config::MapField;
using config::Mark;

class SectionReader {
 public:
  SectionReader(const config::Config& config, config::YamlWalker& walk)
      : config_(config), walk_(walk) {}

  std::optional<RouterSection> read(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {
        "interfaces", "routes", "neighbours", "local_addresses", "no_route", "fib", "fib_table"};
    auto fields =
        walk_.mapping(node, at, "router:", &allowed,
                      "a mapping with interfaces:, routes:, neighbours:, no_route:, fib:");
    if (!fields) return std::nullopt;
    for (const MapField& f : *fields) {
      if (f.key == "interfaces") {
        forEachItem(f,
                    [&](const YAML::Node& item, const Mark& itemAt) { interface(item, itemAt); });
      } else if (f.key == "routes") {
        forEachItem(f, [&](const YAML::Node& item, const Mark& itemAt) { route(item, itemAt); });
      } else if (f.key == "neighbours") {
        forEachItem(f,
                    [&](const YAML::Node& item, const Mark& itemAt) { neighbour(item, itemAt); });
      } else if (f.key == "local_addresses") {
        forEachItem(f, [&](const YAML::Node& item, const Mark& itemAt) {
          if (auto address = addressValue(item, itemAt, "local address"))
            section_.state.extraLocalAddresses.push_back(*address);
        });
      } else if (f.key == "no_route") {
        auto text = choice(f, {"drop", "host"});
        if (text)
          section_.state.noRoute = *text == "drop" ? NoRoutePolicy::Drop : NoRoutePolicy::Host;
      } else if (f.key == "fib") {
        auto text = choice(f, {"static", "kernel"});
        if (text) section_.fib = *text == "kernel" ? FibSource::Kernel : FibSource::Static;
        fibAt_ = f.keyAt;
      } else if (f.key == "fib_table") {
        auto text = walk_.scalar(f.value, f.valueAt, "fib_table", "main, local or a table number");
        if (text && *text == "main")
          section_.fibTable = 254;
        else if (text && *text == "local")
          section_.fibTable = 255;
        else if (text) {
          if (auto n = walk_.numberFromText(*text, f.valueAt, "fib_table", 1, 0xfffffffe))
            section_.fibTable = static_cast<uint32_t>(*n);
        }
      }
    }
    if (section_.fib == FibSource::Static)
      for (const auto& [port, markAt] : macless_)
        walk_.error(markAt, "interface on port " + std::to_string(port) + " has no mac:",
                    "mac: <MAC address> (it may be left out only with fib: kernel)");
    if (walk_.diagnostics().size() != errorsBefore_) return std::nullopt;
    return std::move(section_);
  }

 private:
  template <typename F>
  void forEachItem(const MapField& f, F&& each) {
    auto items = walk_.sequence(f.value, f.valueAt, f.key + ":");
    if (!items) return;
    for (const YAML::Node& item : *items) each(item, walk_.mark(item, f.valueAt));
  }

  std::optional<std::string> choice(const MapField& f, const std::vector<std::string>& options) {
    std::string list;
    for (const std::string& o : options) list += (list.empty() ? "" : " or ") + o;
    auto text = walk_.scalar(f.value, f.valueAt, f.key, list);
    if (!text) return std::nullopt;
    for (const std::string& o : options)
      if (*text == o) return text;
    walk_.error(f.valueAt, f.key + ": \"" + *text + "\" is not a choice", list);
    return std::nullopt;
  }

  std::optional<IpAddress> addressValue(const YAML::Node& node, const Mark& at,
                                        const std::string& what) {
    auto text = walk_.scalar(node, at, what, "an IPv4 or IPv6 address");
    if (!text) return std::nullopt;
    auto address = IpAddress::parse(*text);
    if (!address)
      walk_.error(walk_.mark(node, at), what + " \"" + *text + "\" is not an IP address",
                  "an IPv4 or IPv6 address (10.0.0.1, 2001:db8::1)");
    return address;
  }

  std::optional<std::string> macValue(const MapField& f) {
    auto text = walk_.scalar(f.value, f.valueAt, "mac", "a MAC address");
    if (!text) return std::nullopt;
    auto mac = normaliseMac(*text);
    if (!mac)
      walk_.error(f.valueAt, "mac \"" + *text + "\" is not a MAC address",
                  "six hex bytes separated by colons, 02:00:00:00:00:01");
    return mac;
  }

  // `port: N` or `interface: name` (a port of the config's ports:).
  std::optional<uint32_t> portValue(const MapField& f) {
    if (f.key == "port") {
      auto n = walk_.number(f.value, f.valueAt, "port", 0, 255);
      if (!n) return std::nullopt;
      if (!config_.ports.empty()) {
        bool known = false;
        for (const config::PortSpec& p : config_.ports) known = known || p.id == *n;
        if (!known) {
          walk_.error(f.valueAt, "port " + std::to_string(*n) + " is not in ports:",
                      "the id of a port listed under ports:");
          return std::nullopt;
        }
      }
      return static_cast<uint32_t>(*n);
    }
    auto name = walk_.scalar(f.value, f.valueAt, "interface", "an interface name of ports:");
    if (!name) return std::nullopt;
    if (const config::PortSpec* p = config_.findPort(*name)) return p->id;
    walk_.error(f.valueAt, "interface \"" + *name + "\" is not in ports:",
                "an interface listed under ports: (or port: <id>)");
    return std::nullopt;
  }

  // Reads `port:`/`interface:` (at most one of them) among `fields`.
  std::optional<uint32_t> portOf(const std::vector<MapField>& fields, bool& bad) {
    std::optional<uint32_t> port;
    const MapField* first = nullptr;
    for (const MapField& f : fields) {
      if (f.key != "port" && f.key != "interface") continue;
      if (first) {
        walk_.error(f.keyAt, "both " + first->key + ": and " + f.key + ": are given",
                    "one of port: or interface:");
        bad = true;
        continue;
      }
      first = &f;
      port = portValue(f);
      bad = bad || !port;
    }
    return port;
  }

  void interface(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {"port", "interface", "mac", "addresses",
                                                     "mtu"};
    auto fields = walk_.mapping(node, at, "an interface of router:", &allowed);
    if (!fields) return;
    bool bad = false;
    RouterInterface interface;
    std::optional<uint32_t> port = portOf(*fields, bad);
    bool hasMac = false;
    for (const MapField& f : *fields) {
      if (f.key == "mac") {
        hasMac = true;
        if (auto mac = macValue(f))
          interface.mac = *mac;
        else
          bad = true;
      } else if (f.key == "mtu") {
        // 68: the smallest MTU IPv4 allows (RFC 791); 65535: the longest IP packet.
        if (auto mtu = walk_.number(f.value, f.valueAt, "mtu", 68, 65535))
          interface.mtu = static_cast<uint32_t>(*mtu);
        else
          bad = true;
      } else if (f.key == "addresses") {
        forEachItem(f, [&](const YAML::Node& item, const Mark& itemAt) {
          auto text = walk_.scalar(item, itemAt, "address", "an address with its prefix length");
          if (!text) return;
          std::string error;
          auto prefix = IpPrefix::parse(*text, error, /*keepHostBits=*/true);
          if (!prefix || text->find('/') == std::string::npos) {
            walk_.error(
                itemAt,
                "interface address \"" + *text + "\": " + (prefix ? "no prefix length" : error),
                "address/length, 10.0.1.1/24 or 2001:db8:1::1/64");
            return;
          }
          interface.addresses.push_back({prefix->address, prefix->length});
        });
      }
    }
    if (!port && !bad) {
      walk_.error(walk_.mark(node, at), "an interface of router: has no port: or interface:",
                  "interface: <name of ports:> or port: <id>");
      return;
    }
    if (bad || !port) return;
    interface.port = *port;
    if (!seenPorts_.insert(*port).second) {
      walk_.error(walk_.mark(node, at),
                  "port " + std::to_string(*port) + " is described twice under interfaces:",
                  "one entry per port");
      return;
    }
    if (!hasMac) {
      macless_.emplace_back(*port, walk_.mark(node, at));
      section_.portsWithoutMac.push_back(*port);
    }
    section_.state.interfaces.push_back(std::move(interface));
  }

  void route(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {"prefix", "via", "port", "interface",
                                                     "action"};
    auto fields = walk_.mapping(node, at, "a route of router:", &allowed);
    if (!fields) return;
    Mark here = walk_.mark(node, at);
    bool bad = false;
    Route route;
    std::optional<IpPrefix> prefix;
    std::string action = "forward";
    Mark actionAt = here;
    route.port = portOf(*fields, bad);
    for (const MapField& f : *fields) {
      if (f.key == "prefix") {
        auto text = walk_.scalar(f.value, f.valueAt, "prefix", "a prefix, 10.0.0.0/8");
        if (!text) {
          bad = true;
          continue;
        }
        std::string error;
        prefix = IpPrefix::parse(*text == "default" ? "0.0.0.0/0" : *text, error);
        if (!prefix) {
          walk_.error(f.valueAt, "route prefix: " + error, "a prefix, 10.0.0.0/8 or 2001:db8::/32");
          bad = true;
        }
      } else if (f.key == "via") {
        route.via = addressValue(f.value, f.valueAt, "via");
        bad = bad || !route.via;
      } else if (f.key == "action") {
        static const std::vector<std::string> actions = {"forward", "drop", "host"};
        auto text = choice(f, actions);
        if (text)
          action = *text;
        else
          bad = true;
        actionAt = f.valueAt;
      }
    }
    if (!prefix && !bad) {
      walk_.error(here, "a route of router: has no prefix:", "prefix: 10.0.0.0/8");
      return;
    }
    if (bad) return;
    route.prefix = *prefix;
    if (route.via && route.via->family != prefix->family()) {
      walk_.error(here,
                  "route " + prefix->text() + ": gateway " + route.via->text() +
                      " is of the other address family",
                  "a gateway of the prefix's family");
      return;
    }
    if (action == "forward") {
      if (route.via) {
        route.kind = RouteKind::Gateway;
      } else if (route.port) {
        route.kind = RouteKind::Connected;
      } else {
        walk_.error(here, "route " + prefix->text() + " has neither via: nor port:/interface:",
                    "via: <gateway address>, or interface: for a subnet on that link");
        return;
      }
    } else {
      if (route.via || route.port) {
        walk_.error(actionAt,
                    "route " + prefix->text() + " with action: " + action +
                        " takes no via:, port: or interface:",
                    "only prefix: and action:");
        return;
      }
      route.kind = action == "drop" ? RouteKind::Blackhole : RouteKind::Host;
    }
    section_.state.routes.push_back(route);
    section_.routeMarks.push_back(here);
  }

  void neighbour(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {"address", "mac", "port", "interface"};
    auto fields = walk_.mapping(node, at, "a neighbour of router:", &allowed);
    if (!fields) return;
    Mark here = walk_.mark(node, at);
    bool bad = false;
    Neighbour neighbour;
    std::optional<IpAddress> address;
    std::optional<std::string> mac;
    neighbour.port = portOf(*fields, bad);
    for (const MapField& f : *fields) {
      if (f.key == "address") {
        address = addressValue(f.value, f.valueAt, "neighbour address");
        bad = bad || !address;
      } else if (f.key == "mac") {
        mac = macValue(f);
        bad = bad || !mac;
      }
    }
    if (bad) return;
    if (!address || !mac) {
      walk_.error(here,
                  std::string("a neighbour of router: has no ") + (address ? "mac:" : "address:"),
                  "address: <IP address> and mac: <MAC address>");
      return;
    }
    neighbour.address = *address;
    neighbour.mac = *mac;
    section_.state.neighbours.push_back(neighbour);
    section_.neighbourMarks.push_back(here);
  }

  const config::Config& config_;
  config::YamlWalker& walk_;
  size_t errorsBefore_ = walk_.diagnostics().size();
  RouterSection section_;
  std::set<uint32_t> seenPorts_;
  std::vector<std::pair<uint32_t, Mark>> macless_;
  Mark fibAt_;
};

}  // namespace

std::optional<RouterSection> parseRouterSection(const YAML::Node& section, const Mark& sectionAt,
                                                const config::Config& config,
                                                config::YamlWalker& walk) {
  return SectionReader(config, walk).read(section, sectionAt);
}

}  // namespace p4nf::router
