// The `router:` section translator against the manifest of the real router.p4 object:
// YAML -> table entries that the loader accepts, and errors at the right line:column.
#include "nf/router/translator.h"

#include <gtest/gtest.h>

#include "bpf/elf_object.h"
#include "tests/support/translate_section.h"
#include "loader/entry.h"

#ifndef P4NF_ROUTER_OBJECT
#error "P4NF_ROUTER_OBJECT must name build/nf/router/router.xdp.o"
#endif

namespace p4nf::router {
namespace {

const Manifest& routerManifest() {
  static const Manifest manifest = [] {
    std::string error;
    auto bytes = p4nfc::bpf::readBinaryFile(P4NF_ROUTER_OBJECT, error);
    if (!bytes) throw std::runtime_error(error);
    auto json = p4nfc::bpf::readManifest(*bytes, error);
    if (!json) throw std::runtime_error(error);
    return parseManifest(*json);
  }();
  return manifest;
}

const std::string kPorts = R"(
ports:
  1: r-a
  2: r-b
modules:
  r:
    nf: router
    router:
)";
const std::string kChains = R"(
chains:
  main:
    attach: [{ interface: r-a, hook: xdp }, { interface: r-b, hook: xdp }]
    modules: [r]
)";

using Result = testing::TranslatedSection;

Result translateText(const std::string& text) {
  return testing::translateSection(text, "router.yaml", P4NF_SOURCE_NF_DIR, "r", routerManifest(), "xdp",
                                   translateRouterSection);
}

// `section` is indented under `router:` by the caller (6 spaces).
Result translate(const std::string& section) { return translateText(kPorts + section + kChains); }

const config::TableSpec& table(const Result& r, const std::string& bare) {
  for (const config::TableSpec& t : r.tables)
    if (t.name == "RouterControl." + bare) return t;
  throw std::runtime_error("no table " + bare);
}

std::string describe(const config::EntrySpec& e) {
  std::string text = e.keys.at(0).second + " " + e.action + "(";
  for (size_t i = 0; i < e.args.size(); ++i)
    text += (i ? ", " : "") + e.args[i].first + ":" + e.args[i].second;
  return text + ")";
}

std::vector<std::string> entries(const Result& r, const std::string& bare) {
  std::vector<std::string> list;
  for (const config::EntrySpec& e : table(r, bare).entries) list.push_back(describe(e));
  return list;
}

std::string errors(const Result& r) {
  std::string text;
  for (const config::Diagnostic& d : r.diagnostics.all()) text += d.render() + "\n";
  return text;
}

const std::string kStatic = R"(      interfaces:
        - { interface: r-a, mac: "02:00:00:00:01:01", addresses: [10.0.1.1/24, "2001:db8:1::1/64"] }
        - { port: 2, mac: "02:00:00:00:02:01", addresses: [10.0.2.1/24, "2001:db8:2::1/64"] }
      routes:
        - { prefix: 198.51.100.0/24, via: 10.0.2.2 }
        - { prefix: "2001:db8:100::/48", via: "2001:db8:2::2", interface: r-b }
        - { prefix: 203.0.113.0/24, via: 10.0.1.9 }
        - { prefix: 100.64.0.0/10, action: drop }
      neighbours:
        - { address: 10.0.2.2, mac: "02:00:00:00:02:02" }
        - { address: "2001:db8:2::2", mac: "02:00:00:00:02:02", interface: r-b }
      no_route: host
)";

TEST(RouterTranslator, StaticConfigGivesEntriesTheLoaderAccepts) {
  Result r = translate(kStatic);
  ASSERT_TRUE(r.diagnostics.empty()) << errors(r);
  // r-a and r-b are no interfaces of this network namespace: Ethernet's MTU.
  EXPECT_EQ(entries(r, "port_macs"),
            (std::vector<std::string>{"1 set_source_mac(mac:02:00:00:00:01:01, mtu:1500)",
                                      "2 set_source_mac(mac:02:00:00:00:02:01, mtu:1500)"}));
  // Ids in route order: 10.0.2.2 (1, resolved), 10.0.1.9 (2, unresolved), 2001:db8:2::2 (3).
  EXPECT_EQ(entries(r, "nexthops"),
            (std::vector<std::string>{"1 forward(port:2, neighbour_mac:02:00:00:00:02:02)",
                                      "2 nexthop_to_host()",
                                      "3 forward(port:2, neighbour_mac:02:00:00:00:02:02)"}));
  EXPECT_EQ(
      entries(r, "ipv4_routes"),
      (std::vector<std::string>{
          "10.0.1.0/24 route_to_host()", "10.0.2.0/24 route_to_host()",
          "10.0.2.2/32 set_nexthop(nexthop:1)", "100.64.0.0/10 no_route_drop()",
          "198.51.100.0/24 set_nexthop(nexthop:1)", "203.0.113.0/24 set_nexthop(nexthop:2)"}));
  EXPECT_EQ(entries(r, "local_ipv4"),
            (std::vector<std::string>{"10.0.1.1 local()", "10.0.1.255 local()", "10.0.2.1 local()",
                                      "10.0.2.255 local()"}));
  EXPECT_EQ(entries(r, "local_ipv6").size(), 2u);
  EXPECT_EQ(entries(r, "own_sources_ipv4"),
            (std::vector<std::string>{"10.0.1.1 own_source()", "10.0.2.1 own_source()"}));
  EXPECT_EQ(table(r, "ipv4_routes").defaultAction->action, "no_route_to_host");
  EXPECT_EQ(table(r, "ipv6_routes").defaultAction->action, "no_route_to_host");

  // Every entry binds against the manifest: names, widths and value forms are right.
  for (const config::TableSpec& spec : r.tables) {
    const ManifestTable& t = routerManifest().table(spec.name);
    for (const config::EntrySpec& e : spec.entries)
      EXPECT_NO_THROW(makeEntry(t, e.keys, e.priority, e.action, e.args)) << describe(e);
  }
}

TEST(RouterTranslator, NoRouteDropIsTheDefault) {
  Result r = translate("      interfaces: [{ port: 1, mac: \"02:00:00:00:01:01\" }]\n");
  ASSERT_TRUE(r.diagnostics.empty()) << errors(r);
  EXPECT_EQ(table(r, "ipv4_routes").defaultAction->action, "no_route_drop");
}

TEST(RouterTranslator, MtuFromTheSectionElseFromTheKernelInterface) {
  // Port 2 is lo here: no mtu: given, so the kernel's (65536, kept at 65535).
  const std::string text = R"(
ports:
  1: r-a
  2: lo
modules:
  r:
    nf: router
    router:
      interfaces:
        - { interface: r-a, mac: "02:00:00:00:01:01", mtu: 1400 }
        - { interface: lo, mac: "02:00:00:00:02:01" }
chains:
  main:
    attach: [{ interface: r-a, hook: xdp }, { interface: lo, hook: xdp }]
    modules: [r]
)";
  Result r = translateText(text);
  ASSERT_TRUE(r.diagnostics.empty()) << errors(r);
  EXPECT_EQ(entries(r, "port_macs"),
            (std::vector<std::string>{"1 set_source_mac(mac:02:00:00:00:01:01, mtu:1400)",
                                      "2 set_source_mac(mac:02:00:00:00:02:01, mtu:65535)"}));
}

TEST(RouterTranslator, FibKernelAllowsInterfacesWithoutMac) {
  Result r = translate("      fib: kernel\n      interfaces: [{ interface: r-a }]\n");
  EXPECT_TRUE(r.diagnostics.empty()) << errors(r);
  Result s = translate("      interfaces: [{ interface: r-a }]\n");
  EXPECT_NE(errors(s).find("router.yaml:9:20: error: interface on port 1 has no mac:"),
            std::string::npos)
      << errors(s);
}

TEST(RouterTranslator, FibKernelLeavesTheEntriesToTheAgent) {
  // The agent's task (router_agent.h) writes every entry; an apply writes only the
  // no_route policy, so that its entry diff never meets the agent's entries. Every table
  // is marked as the agent's, so that a switch to fib: static gives them fresh maps.
  Result r = translate(
      "      fib: kernel\n      no_route: host\n"
      "      interfaces: [{ interface: r-a, addresses: [10.0.1.1/24] }]\n"
      "      routes: [{ prefix: 198.51.100.0/24, via: 10.0.1.2 }]\n");
  ASSERT_TRUE(r.diagnostics.empty()) << errors(r);
  ASSERT_FALSE(r.tables.empty());
  for (const config::TableSpec& spec : r.tables) {
    EXPECT_TRUE(spec.agentOwned) << spec.name;
    EXPECT_TRUE(spec.entries.empty()) << spec.name;
    if (spec.name.find("routes") == std::string::npos) EXPECT_FALSE(spec.defaultAction) << spec.name;
  }
  for (const char* name : {"ipv4_routes", "ipv6_routes"}) {
    EXPECT_TRUE(table(r, name).entries.empty()) << name;
    ASSERT_TRUE(table(r, name).defaultAction) << name;
    EXPECT_EQ(table(r, name).defaultAction->action, "no_route_to_host") << name;
  }
}

TEST(RouterTranslator, FibKernelRefusesRawEntriesInItsTables) {
  Result r = translateText(kPorts + "      fib: kernel\n" +
                           "    tables:\n"
                           "      ipv4_routes:\n"
                           "        default: no_route_drop\n" +
                           kChains);
  EXPECT_NE(errors(r).find("router.yaml:11:7: error: table ipv4_routes of a fib: kernel router is "
                           "filled by the agent"),
            std::string::npos)
      << errors(r);
}

struct BadCase {
  const char* section;
  const char* error;  // a part of the message, with its position
};

TEST(RouterTranslator, MistakesAreReportedWhereTheyAre) {
  const BadCase cases[] = {
      {"      interfaces: [{ port: 1, mac: \"02:00:00:00:01\" }]\n",
       "9:36: error: mac \"02:00:00:00:01\" is not a MAC address"},
      {"      interfaces: [{ interface: r-z, mac: \"02:00:00:00:01:01\" }]\n",
       "9:33: error: interface \"r-z\" is not in ports:"},
      {"      interfaces: [{ port: 7, mac: \"02:00:00:00:01:01\" }]\n",
       "9:28: error: port 7 is not in ports:"},
      {"      interfaces: [{ port: 1, mac: \"02:00:00:00:01:01\", mtu: 40 }]\n",
       "9:62: error: mtu 40 is out of range"},
      {"      interfaces: [{ port: 1, mac: \"02:00:00:00:01:01\", addresses: [10.0.1.1] }]\n",
       "no prefix length"},
      {"      routes: [{ prefix: 10.1.0.1/16, via: 10.0.0.1 }]\n", "9:26: error: route prefix:"},
      {"      routes: [{ prefix: 10.1.0.0/16, via: \"2001:db8::1\" }]\n",
       "is of the other address family"},
      {"      routes: [{ prefix: 10.1.0.0/16 }]\n", "has neither via: nor port:/interface:"},
      {"      routes: [{ prefix: 10.1.0.0/16, action: drop, via: 10.0.0.1 }]\n",
       "takes no via:, port: or interface:"},
      {"      routes: [{ prefix: 10.1.0.0/16, via: 10.0.0.1 }]\n",
       "9:16: error: route 10.1.0.0/16: gateway 10.0.0.1 is on no interface's subnet"},
      {"      neighbours: [{ address: 10.0.0.1 }]\n", "has no mac:"},
      {"      no_route: forward\n", "9:17: error: no_route: \"forward\" is not a choice"},
      {"      fib: bgp\n", "9:12: error: fib: \"bgp\" is not a choice"},
      {"      rotues: []\n", "9:7: error: unknown key \"rotues\""},
      {"      interfaces: [{ port: 1, interface: r-a, mac: \"02:00:00:00:01:01\" }]\n",
       "both port: and interface: are given"},
  };
  for (const BadCase& c : cases) {
    Result r = translate(c.section);
    EXPECT_NE(errors(r).find(c.error), std::string::npos)
        << "section:\n"
        << c.section << "expected: " << c.error << "\ngot:\n"
        << errors(r);
  }
}

}  // namespace
}  // namespace p4nf::router
