// The `conntrack:` section translator: YAML -> the `settings` table's default action, and
// errors at the right line:column.
#include "nf/conntrack/translator.h"

#include <gtest/gtest.h>

#include "loader/config/parse.h"

namespace p4nf::conntrack {
namespace {

struct Result {
  std::vector<config::TableSpec> tables;
  config::Diagnostics diagnostics;
};

// `section` is the text after `conntrack:` (a flow mapping, or nothing).
Result translate(const std::string& section) {
  std::string text = "ct:\n  conntrack: " + section + "\n";
  YAML::Node root = YAML::Load(text);
  config::ModuleSpec module;
  module.name = "ct";
  module.sectionKey = "conntrack";
  module.section = root["ct"]["conntrack"];
  module.sectionAt = {"ct.yaml", 2, 3};
  config::Config cfg;
  Manifest manifest;
  Result result;
  config::YamlWalker walk("ct.yaml", result.diagnostics);
  translateConntrackSection({cfg, module, manifest, "xdp"}, walk, result.tables);
  return result;
}

std::string args(const Result& r) {
  std::string out;
  for (const auto& [name, value] : r.tables.at(0).defaultAction->args) out += name + "=" + value + " ";
  return out;
}

TEST(ConntrackTranslator, DefaultsAreLinuxs) {
  Result r = translate("");
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].name, "settings");
  EXPECT_EQ(r.tables[0].defaultAction->action, "set_settings");
  EXPECT_EQ(args(r), "loose=1 drop_invalid=0 ");
}

TEST(ConntrackTranslator, LooseOffAndDropInvalid) {
  Result r = translate("{ loose: false, invalid: drop }");
  ASSERT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(args(r), "loose=0 drop_invalid=1 ");
}

TEST(ConntrackTranslator, BadValuesAreReportedWhereTheyAre) {
  Result r = translate("{ loose: maybe }");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_TRUE(r.tables.empty());
  const auto& d = r.diagnostics.all()[0];
  EXPECT_EQ(d.at.line, 2);
  EXPECT_EQ(d.at.column, 23);
  EXPECT_NE(d.message.find("not a boolean"), std::string::npos) << d.message;

  r = translate("{ invalid: reject }");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics.all()[0].message.find("neither pass nor drop"), std::string::npos);
}

TEST(ConntrackTranslator, TimeoutsBySysctlNameInSeconds) {
  std::optional<ConntrackSection> section;
  config::Diagnostics diagnostics;
  config::YamlWalker walk("ct.yaml", diagnostics);
  YAML::Node node = YAML::Load("{ timeouts: { tcp_established: 7200, udp_unreplied: 10, icmp: 7 } }");
  section = parseConntrackSection(node, {"ct.yaml", 1, 1}, walk);
  ASSERT_TRUE(section) << (diagnostics.empty() ? "" : diagnostics.all()[0].render());
  EXPECT_EQ(section->timeouts, (std::map<uint32_t, uint64_t>{{3, 7200}, {10, 10}, {12, 7}}));

  Result r = translate("{ timeouts: { tcp_establised: 7200 } }");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics.all()[0].render().find("tcp_established"), std::string::npos)
      << r.diagnostics.all()[0].render();
  r = translate("{ timeouts: { icmp: 0 } }");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.all()[0].at.column, 34);
}

TEST(ConntrackTranslator, UnknownKeysAreReported) {
  Result r = translate("{ lose: true }");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.all()[0].at.column, 16);
}

}  // namespace
}  // namespace p4nf::conntrack
