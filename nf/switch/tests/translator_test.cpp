// The `switch:` section translator: YAML -> the ports, vlans and fdb entries, and the
// errors at the right line:column (the bad configs in tests/config/bad/switch-*.yaml check
// more of them through the whole validator).
#include "nf/switch/translator.h"

#include <gtest/gtest.h>

#include "tests/support/translate_section.h"

namespace p4nf::sw {
namespace {

const std::string kHead = R"(ports:
  1: s-a
  2: s-b
  3: s-c
modules:
  sw:
    nf: switch
    switch:
)";
const std::string kChains = R"(chains:
  main:
    attach: [{ interface: s-a, hook: tc-ingress }]
    modules: [sw]
)";

using Result = testing::TranslatedSection;

// `section` is indented under `switch:` by the caller (6 spaces).
Result translate(const std::string& section) {
  return testing::translateSection(kHead + section + kChains, "switch.yaml", P4NF_SOURCE_NF_DIR, "sw",
                                   Manifest{}, "tc", translateSwitchSection);
}

const config::TableSpec* table(const Result& r, const std::string& name) {
  for (const config::TableSpec& t : r.tables)
    if (t.name == name) return &t;
  return nullptr;
}

std::string arg(const config::EntrySpec& e, const std::string& name) {
  for (const NamedText& a : e.args)
    if (a.first == name) return a.second;
  return "?";
}

TEST(SwitchTranslator, PortsVlansAndStatics) {
  Result r = translate(R"(      ports:
        - { interface: s-a, mode: access, vlan: 10 }
        - { port: 2, mode: trunk, vlans: [20], native: 10 }
        - { interface: s-c, mode: trunk, vlans: [10, 20] }
      static:
        - { mac: "02:00:00:00:00:09", vlan: 20, interface: s-c }
)");
  ASSERT_EQ(r.diagnostics.size(), 0u);
  const config::TableSpec* ports = table(r, "ports");
  ASSERT_NE(ports, nullptr);
  ASSERT_EQ(ports->entries.size(), 3u);
  EXPECT_EQ(arg(ports->entries[0], "pvid"), "10");
  EXPECT_EQ(arg(ports->entries[1], "pvid"), "10");  // the native VLAN
  EXPECT_EQ(arg(ports->entries[2], "pvid"), "0");   // a trunk without one
  const config::TableSpec* vlans = table(r, "vlans");
  ASSERT_NE(vlans, nullptr);
  ASSERT_EQ(vlans->entries.size(), 2u);
  // VLAN 10: ports 1 (access), 2 (native, untagged), 3 (tagged).
  EXPECT_EQ(vlans->entries[0].keys[0].second, "10");
  EXPECT_EQ(arg(vlans->entries[0], "members"), "0x000000000000000e");
  EXPECT_EQ(arg(vlans->entries[0], "untagged"), "0x0000000000000006");
  // VLAN 20: ports 2 and 3, both tagged.
  EXPECT_EQ(arg(vlans->entries[1], "members"), "0x000000000000000c");
  EXPECT_EQ(arg(vlans->entries[1], "untagged"), "0x0000000000000000");
  const config::TableSpec* fdb = table(r, "fdb");
  ASSERT_NE(fdb, nullptr);
  ASSERT_EQ(fdb->entries.size(), 1u);
  EXPECT_EQ(fdb->entries[0].action, "static_station");
  EXPECT_EQ(arg(fdb->entries[0], "port"), "3");
}

TEST(SwitchTranslator, ModeMistakesAtTheirPlace) {
  Result r = translate(R"(      ports:
        - { interface: s-a, mode: access, vlans: [10] }
        - { interface: s-b, mode: trunk, vlan: 10 }
        - { interface: s-c, mode: hybrid, vlan: 10 }
)");
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(r.diagnostics.all()[0].at.line, 10);
  EXPECT_NE(r.diagnostics.all()[0].message.find("vlans: is for trunk ports"), std::string::npos);
  EXPECT_EQ(r.diagnostics.all()[1].at.line, 11);
  EXPECT_NE(r.diagnostics.all()[1].message.find("vlan: is for access ports"), std::string::npos);
  EXPECT_EQ(r.diagnostics.all()[2].at.line, 12);
  EXPECT_NE(r.diagnostics.all()[2].message.find("\"hybrid\" is not a choice"), std::string::npos);
  EXPECT_TRUE(r.tables.empty());
}

TEST(SwitchTranslator, GroupMacIsNoStation) {
  Result r = translate(R"(      ports:
        - { interface: s-a, mode: access, vlan: 10 }
      static:
        - { mac: "01:00:5e:00:00:01", vlan: 10, interface: s-a }
)");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics.all()[0].message.find("group address"), std::string::npos);
}

}  // namespace
}  // namespace p4nf::sw
