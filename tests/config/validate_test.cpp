// The validator against a hand-written manifest: ternary and range tables (which the
// code generator does not emit yet), entry encoding, capacity, and translators.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config_test_support.h"
#include "loader/config/parse.h"
#include "loader/config/translator.h"
#include "loader/nf_module.h"
#include "loader/config/validate.h"
#include "loader/table_writer.h"

namespace p4nf::config {
namespace {

// An ACL (ternary + range, 3 masks at most, 4 entries) and a route table (lpm).
const char* kManifest = R"({"version": 1, "program": {"name": "acl", "target": "xdp"}, "tables": [
  {"name": "ingress.acl", "map": "t_acl", "kind": "ternary", "size": 16, "key_size": 12, "value_size": 12,
   "keys": [{"name": "hdr.ipv4.src", "match": "ternary", "width": 32, "offset": 4},
            {"name": "hdr.tcp.dport", "match": "range", "width": 16, "offset": 8}],
   "actions": [{"name": "ingress.permit", "id": 1, "params": []},
               {"name": "ingress.deny", "id": 2, "params": [{"name": "code", "width": 8, "offset": 8}]}],
   "default_action": {"action": "ingress.permit", "args": [], "const": false}, "default_map": "d_acl",
   "masks_map": "m_acl", "max_masks": 8},
  {"name": "ingress.routes", "map": "t_routes", "kind": "lpm", "size": 16, "key_size": 8, "value_size": 8,
   "keys": [{"name": "hdr.ipv4.dst", "match": "lpm", "width": 32, "offset": 4}],
   "actions": [{"name": "ingress.via", "id": 1, "params": [{"name": "port", "width": 32, "offset": 4}]}],
   "default_action": {"action": "ingress.via", "args": ["00000000"], "const": false}, "default_map": "d_routes"}
]})";

ParseOptions noFiles() {
  ParseOptions options;
  options.checkFiles = false;
  options.nfSearchPath = {"/nonexistent-nf-dir"};
  return options;
}

std::string withTables(const std::string& tables, const std::string& extraModuleKeys = "") {
  return "ports: {1: a}\nmodules:\n  m:\n    p4: acl.p4\n" + extraModuleKeys + "    tables:\n" + tables +
         "chains: {c: {attach: [{interface: a}], modules: [m]}}\n";
}

ValidatedConfig validate(const std::string& text) {
  Config config = parseConfigText(text, "t.yaml", noFiles());
  return validateConfig(config, test::fixedManifestResolver(kManifest));
}

std::string errorsOf(const std::string& text) {
  try {
    validate(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

TEST(ConfigValidate, EncodesEntriesAndDefaults) {
  ValidatedConfig v = validate(withTables(R"(      acl:
        default: { action: deny, args: { code: 7 } }
        entries:
          - { key: { src: 10.0.0.0/8, dport: 1000..1999 }, action: deny, args: [3], priority: 5 }
          - { key: { src: "10.1.0.0&&&255.255.0.0" }, action: permit }
      routes:
        entries:
          - { key: { hdr.ipv4.dst: 192.168.0.0/16 }, action: via, args: { port: 2 } }
)"));
  ASSERT_EQ(v.modules.size(), 1u);
  const ModuleObject* object = v.modules[0].object("xdp");
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(v.modules[0].object("tc"), nullptr);
  const TableEntries* acl = object->findTable("ingress.acl");
  ASSERT_NE(acl, nullptr);
  ASSERT_EQ(acl->entries.size(), 2u);
  const Entry& first = acl->entries[0];
  EXPECT_EQ(first.action->name, "ingress.deny");
  EXPECT_EQ(first.args, std::vector<mpz_class>{3});
  EXPECT_EQ(first.priority, 5u);
  EXPECT_EQ(first.keys[0].mask, mpz_class(0xff000000u));
  EXPECT_EQ(first.keys[1].low, 1000);
  EXPECT_EQ(first.keys[1].high, 1999);
  // Without priority: from its place in the table (the first listed wins).
  EXPECT_EQ(acl->entries[1].priority, TableWriter::kFirstAutoPriority - 1);
  EXPECT_EQ(acl->entries[1].keys[1].low, 0);  // an omitted range key is "don't care"
  EXPECT_EQ(acl->entries[1].keys[1].high, 0xffff);
  EXPECT_EQ(acl->entryMarks[1].line, 10);  // the second entry's line
  ASSERT_TRUE(acl->defaultAction);
  EXPECT_EQ(acl->defaultAction->action->name, "ingress.deny");
  EXPECT_EQ(acl->defaultAction->args, std::vector<mpz_class>{7});
  const TableEntries* routes = object->findTable("ingress.routes");
  ASSERT_NE(routes, nullptr);
  EXPECT_EQ(routes->entries[0].keys[0].prefixLen, 16u);
  EXPECT_FALSE(routes->defaultAction);
}

// An entry's rank must not depend on the applies before: the priority an entry without
// one gets comes from its place in the config, so inserting an entry before another
// ranks them as a fresh deployment of the same file does (the table writer's own
// automatic priorities would rank the newcomer last).
TEST(ConfigValidate, PrioritiesFollowTheConfigOrder) {
  auto priorities = [](const std::string& entries) {
    ValidatedConfig v = validate(withTables("      acl:\n        entries:\n" + entries));
    std::vector<uint32_t> out;
    for (const Entry& e : v.modules[0].objects[0].findTable("ingress.acl")->entries)
      out.push_back(*e.priority);
    return out;
  };
  const std::string a = "          - { key: { src: 10.0.0.0/8 }, action: deny, args: [1] }\n";
  const std::string b = "          - { key: { src: 10.1.0.0/16 }, action: permit }\n";
  const std::string c = "          - { key: { src: 10.2.0.0/16 }, action: permit, priority: 7 }\n";
  const uint32_t first = TableWriter::kFirstAutoPriority;
  EXPECT_EQ(priorities(a), (std::vector<uint32_t>{first}));
  EXPECT_EQ(priorities(b + a), (std::vector<uint32_t>{first, first - 1}));
  EXPECT_EQ(priorities(b + c + a), (std::vector<uint32_t>{first, 7, first - 2}));
}

TEST(ConfigValidate, CountsRangeExpansionAgainstSize) {
  // Each of 1..6, 9..14, 17..22, 25..30 expands into four prefixes: 16, plus one = 17 > 16.
  std::string errors = errorsOf(withTables(R"(      acl:
        entries:
          - { key: { dport: 1..6 }, action: permit }
          - { key: { dport: 9..14 }, action: permit }
          - { key: { dport: 17..22 }, action: permit }
          - { key: { dport: 25..30 }, action: permit }
          - { key: { dport: 33 }, action: permit }
)"));
  EXPECT_NE(errors.find("t.yaml:6:7: error: table ingress.acl gets 5 entries (17 after expanding ranges) but "
                        "holds at most 16"),
            std::string::npos)
      << errors;
}

TEST(ConfigValidate, CountsDistinctMasks) {
  std::string entries;
  for (int length : {8, 12, 16, 20, 24, 28, 30, 31, 32})
    entries += "          - { key: { src: 10.0.0.0/" + std::to_string(length) + " }, action: permit }\n";
  std::string errors = errorsOf(withTables("      acl:\n        entries:\n" + entries));
  EXPECT_NE(errors.find("error: table ingress.acl's entries use 9 different masks, but the table supports 8"),
            std::string::npos)
      << errors;
}

TEST(ConfigValidate, ReportsEachMistakeAtItsPlace) {
  std::string errors = errorsOf(withTables(R"(      acl:
        entries:
          - { key: { src: 10.0.0.0/8, srcc: 1 }, action: deny, args: { code: 300 } }
          - { key: { dport: 5..4 }, action: deny, args: { cod: 1 } }
      routes:
        entries:
          - { key: { dst: 10.0.0.0/8 }, action: via, args: { port: 1 }, priority: 3 }
          - { key: { dst: 10.1.0.0/16 }, action: via, args: { port: 1 } }
          - { key: { dst: 10.1.0.0/16 }, action: via, args: { port: 2 } }
)"));
  for (const char* expected :
       {"t.yaml:8:39: error: table ingress.acl has no key \"srcc\" (did you mean \"hdr.ipv4.src\"?)",
        "t.yaml:8:72: error: argument code of ingress.deny: 300 does not fit in bit<8>; expected a value from 0 to 255",
        "t.yaml:9:22: error: bad value \"5..4\": the range is empty (low > high)",
        "t.yaml:9:59: error: action ingress.deny has no parameter \"cod\" (did you mean \"code\"?)",
        "t.yaml:12:83: error: priority is only for tables with ternary, range or optional keys; table ingress.routes is lpm",
        "t.yaml:14:13: error: duplicate entry in table ingress.routes: the same key as the entry at 13:13"})
    EXPECT_NE(errors.find(expected), std::string::npos) << expected << "\n" << errors;
}

// A priority out of range is caught while parsing, before any table is looked at.
TEST(ConfigValidate, PriorityZeroIsRefusedWhereItIs) {
  std::string errors = errorsOf(withTables(R"(      acl:
        entries:
          - { key: { src: 1 }, action: permit, priority: 0 }
)"));
  EXPECT_NE(errors.find("t.yaml:8:58: error: priority 0 is out of range; expected a number from 1 to 4294967295"),
            std::string::npos)
      << errors;
}

TEST(ConfigValidate, ResolverFailureIsAnErrorAtTheModule) {
  Config config = parseConfigText(withTables("      acl: {}\n"), "t.yaml", noFiles());
  try {
    validateConfig(config, [](const ModuleSpec& m, const std::string& target) -> ResolvedObject {
      throw LoaderError(m.path + " does not compile for " + target);
    });
    FAIL();
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.diagnostics().size(), 1u);
    EXPECT_EQ(error.diagnostics()[0].render(),
              "t.yaml:4:9: error: module \"m\" (xdp): " + config.modules[0].path +
                  " does not compile for xdp; expected a module that compiles for xdp");
  }
}

TEST(ConfigValidate, ObjectWithoutManifestIsAnError) {
  Config config = parseConfigText(withTables("      acl: {}\n"), "t.yaml", noFiles());
  try {
    validateConfig(config, [](const ModuleSpec&, const std::string&) {
      return ResolvedObject{"not an ELF object", nullptr};
    });
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("the object has no manifest"), std::string::npos) << error.what();
  }
}

class TranslatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nfDir_ = std::filesystem::temp_directory_path() / ("p4nf-tr-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(nfDir_ / "acl");
    std::ofstream(nfDir_ / "acl" / "acl.p4") << "// test\n";
  }
  void TearDown() override { std::filesystem::remove_all(nfDir_); }
  std::string errorsOf(const std::string& text) {
    ParseOptions options = noFiles();
    options.nfSearchPath = {nfDir_.string()};
    try {
      Config config = parseConfigText(text, "t.yaml", options);
      result_ = validateConfig(config, test::fixedManifestResolver(kManifest));
    } catch (const ConfigError& error) {
      return error.what();
    }
    return "";
  }
  std::filesystem::path nfDir_;
  ValidatedConfig result_;
};

TEST_F(TranslatorTest, SectionWithoutTranslatorIsAnError) {
  std::string errors = errorsOf(
      "ports: {1: a}\nmodules:\n  m:\n    nf: acl\n    acl: {deny: [10.0.0.0/8]}\n"
      "chains: {c: {attach: [{interface: a}], modules: [m]}}\n");
  EXPECT_NE(errors.find("t.yaml:5:5: error: module \"m\": nf acl has no translator for its section \"acl\""),
            std::string::npos)
      << errors;
}

TEST_F(TranslatorTest, TranslatorEntriesAreCheckedLikeRawOnes) {
  // A translator for the test: `acl: {deny: [prefix, ...]}` -> entries of ingress.acl.
  NfModule aclModule;
  aclModule.name = "acl";
  aclModule.translator = [](const TranslatorInput& input, YamlWalker& walk, std::vector<TableSpec>& tables) {
    auto fields = walk.mapping(input.module.section, input.module.sectionAt, "acl:", nullptr);
    if (!fields) return;
    TableSpec table;
    table.name = "acl";
    table.at = input.module.sectionAt;
    for (const MapField& f : *fields) {
      if (f.key != "deny") {
        walk.unknownKey(f, "acl:", {"deny"});
        continue;
      }
      for (const YAML::Node& item : f.value) {
        EntrySpec entry;
        entry.at = walk.mark(item, f.valueAt);
        entry.keys = {{"src", item.Scalar()}};
        entry.keyMarks = {entry.at};
        entry.action = "deny";
        entry.actionAt = entry.at;
        entry.args = {{"code", "1"}};
        table.entries.push_back(entry);
      }
    }
    tables.push_back(table);
  };
  registerNfModule(std::move(aclModule));
  std::string errors = errorsOf(
      "ports: {1: a}\nmodules:\n  m:\n    nf: acl\n    acl: {deny: [10.0.0.0/8, 10.0.0.0/40], alow: []}\n"
      "chains: {c: {attach: [{interface: a}], modules: [m]}}\n");
  EXPECT_NE(errors.find("t.yaml:5:30: error: key hdr.ipv4.src (ternary, bit<32>)"), std::string::npos) << errors;
  EXPECT_NE(errors.find("t.yaml:5:44: error: unknown key \"alow\" in acl:"), std::string::npos) << errors;

  EXPECT_EQ(errorsOf("ports: {1: a}\nmodules:\n  m:\n    nf: acl\n    acl: {deny: [10.0.0.0/8]}\n"
                     "    tables: {acl: {entries: [{key: {src: 10.1.0.0/16}, action: permit}]}}\n"
                     "chains: {c: {attach: [{interface: a}], modules: [m]}}\n"),
            "");
  const TableEntries* acl = result_.modules[0].objects[0].findTable("ingress.acl");
  ASSERT_NE(acl, nullptr);
  ASSERT_EQ(acl->entries.size(), 2u);  // raw entries first, then the translator's
  EXPECT_EQ(acl->entries[0].action->name, "ingress.permit");
  EXPECT_EQ(acl->entries[1].action->name, "ingress.deny");
  unregisterNfModule("acl");
}

}  // namespace
}  // namespace p4nf::config
