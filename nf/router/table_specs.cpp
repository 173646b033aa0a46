#include "nf/router/table_specs.h"

#include <string>

#include "loader/loader_error.h"

namespace p4nf::router {
namespace {

class SpecBuilder {
 public:
  SpecBuilder(const Manifest& manifest, const config::Mark& at) : manifest_(manifest), at_(at) {}

  // The table and the name of its one key, as the manifest spells them.
  config::TableSpec table(const std::string& bareName) {
    const ManifestTable* table = manifest_.findTable(bareName);
    if (!table || table->keys.size() != 1)
      throw LoaderError("the object has no router table " + bareName +
                        " with one key (is it nf/router/router.p4?)");
    key_ = table->keys.front().name;
    config::TableSpec spec;
    spec.at = at_;
    spec.name = table->name;
    return spec;
  }

  void add(config::TableSpec& spec, const std::string& keyValue, const std::string& action,
           std::vector<NamedText> args = {}) {
    config::EntrySpec entry;
    entry.at = at_;
    entry.keys = {{key_, keyValue}};
    entry.keyMarks = {at_};
    entry.action = action;
    entry.actionAt = at_;
    entry.argMarks.assign(args.size(), at_);
    entry.args = std::move(args);
    entry.priorityAt = at_;
    spec.entries.push_back(std::move(entry));
  }

  void setDefault(config::TableSpec& spec, const std::string& action) {
    config::ActionSpec defaultAction;
    defaultAction.at = at_;
    defaultAction.action = action;
    spec.defaultAction = defaultAction;
  }

 private:
  const Manifest& manifest_;
  config::Mark at_;
  std::string key_;
};

const char* routeActionName(RouteAction action) {
  switch (action) {
    case RouteAction::SetNexthop:
      return "set_nexthop";
    case RouteAction::ToHost:
      return "route_to_host";
    case RouteAction::Drop:
      return "no_route_drop";
  }
  return "";
}

}  // namespace

std::vector<config::TableSpec> toTableSpecs(const RouterTables& tables, const Manifest& manifest,
                                            const config::Mark& at) {
  SpecBuilder b(manifest, at);
  std::vector<config::TableSpec> specs;

  config::TableSpec portMacs = b.table("port_macs");
  for (const PortEntry& p : tables.portMacs)
    b.add(portMacs, std::to_string(p.port), "set_source_mac",
          {{"mac", p.mac}, {"mtu", std::to_string(p.mtu)}});
  specs.push_back(std::move(portMacs));

  config::TableSpec nexthops = b.table("nexthops");
  for (const NexthopEntry& n : tables.nexthops) {
    if (n.mac)
      b.add(nexthops, std::to_string(n.id), "forward",
            {{"port", std::to_string(n.port)}, {"neighbour_mac", *n.mac}});
    else
      b.add(nexthops, std::to_string(n.id), "nexthop_to_host");
  }
  specs.push_back(std::move(nexthops));

  const char* noRoute =
      tables.noRoute == NoRoutePolicy::Drop ? "no_route_drop" : "no_route_to_host";
  for (const auto& [name, routes] : {std::pair{"ipv4_routes", &tables.ipv4Routes},
                                     std::pair{"ipv6_routes", &tables.ipv6Routes}}) {
    config::TableSpec spec = b.table(name);
    for (const RouteEntry& r : *routes) {
      if (r.action == RouteAction::SetNexthop)
        b.add(spec, r.prefix.text(), "set_nexthop", {{"nexthop", std::to_string(r.nexthop)}});
      else
        b.add(spec, r.prefix.text(), routeActionName(r.action));
    }
    b.setDefault(spec, noRoute);
    specs.push_back(std::move(spec));
  }

  for (const auto& [name, addresses] :
       {std::pair{"local_ipv4", &tables.localIpv4}, std::pair{"local_ipv6", &tables.localIpv6}}) {
    config::TableSpec spec = b.table(name);
    for (const IpAddress& address : *addresses) b.add(spec, address.text(), "local");
    specs.push_back(std::move(spec));
  }

  config::TableSpec ownSources = b.table("own_sources_ipv4");
  for (const IpAddress& address : tables.ownSourcesIpv4)
    b.add(ownSources, address.text(), "own_source");
  specs.push_back(std::move(ownSources));
  return specs;
}

}  // namespace p4nf::router
