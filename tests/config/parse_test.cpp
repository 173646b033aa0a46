// The config parser on texts: what a good config becomes, and that mistakes are all
// reported, each at its line and column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "loader/config/nf_catalog.h"
#include "loader/config/parse.h"

namespace p4nf::config {
namespace {

namespace fs = std::filesystem;

ParseOptions noFiles() {
  ParseOptions options;
  options.checkFiles = false;
  options.baseDir = "/configs";
  options.nfSearchPath = {"/nonexistent-nf-dir"};
  return options;
}

// The diagnostics of a text that must fail.
std::vector<Diagnostic> errorsOf(const std::string& text, const ParseOptions& options = noFiles()) {
  try {
    parseConfigText(text, "t.yaml", options);
  } catch (const ConfigError& error) {
    return error.diagnostics();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

std::string renderAll(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += d.render() + "\n";
  return text;
}

const char* kGood = R"(deployment: demo
ports:
  1: p4nf-a
  0x2: p4nf-b
modules:
  fwd:
    p4: modules/forward.p4
    tables:
      ingress.mac_table:
        default: drop
        entries:
          - key: { hdr.eth.dst: "00:00:00:00:00:02" }
            action: set_port
            args: { port: 2 }
          - key: { hdr.eth.dst: 00:00:00:00:00:01, hdr.eth.type: 0x0800 }
            action: set_port
            args: [1]
            priority: 10
      other:
        default: { action: set_port, args: { port: 1 } }
chains:
  main:
    attach:
      - { interface: p4nf-a, hook: xdp, mode: generic }
      - { interface: p4nf-b }
      - { interface: p4nf-b, hook: tc-egress }
    modules: [fwd]
sandbox:
  p4nf-a: { addresses: [10.0.1.2/24, "fd00:1::2/64"], gateway: 10.0.1.1, mac: "02:00:00:00:00:01" }
)";

TEST(ConfigParse, GoodConfigBecomesTheModel) {
  Config config = parseConfigText(kGood, "t.yaml", noFiles());
  EXPECT_EQ(config.deployment, "demo");
  EXPECT_EQ(config.directory, "/configs");
  ASSERT_EQ(config.ports.size(), 2u);
  EXPECT_EQ(config.ports[1].id, 2u);
  EXPECT_EQ(config.ports[1].interface, "p4nf-b");
  EXPECT_EQ(config.ports[1].at.line, 4);
  EXPECT_EQ(config.ports[1].at.column, 3);

  ASSERT_EQ(config.modules.size(), 1u);
  const ModuleSpec& fwd = config.modules[0];
  EXPECT_EQ(fwd.source, ModuleSource::P4);
  EXPECT_EQ(fwd.path, "/configs/modules/forward.p4");
  EXPECT_EQ(fwd.sourceAt.line, 7);
  ASSERT_EQ(fwd.tables.size(), 2u);
  const TableSpec& mac = fwd.tables[0];
  EXPECT_EQ(mac.name, "ingress.mac_table");
  ASSERT_TRUE(mac.defaultAction);
  EXPECT_EQ(mac.defaultAction->action, "drop");
  ASSERT_EQ(mac.entries.size(), 2u);
  EXPECT_EQ(mac.entries[0].keys, (std::vector<NamedText>{{"hdr.eth.dst", "00:00:00:00:00:02"}}));
  EXPECT_EQ(mac.entries[0].args, (std::vector<NamedText>{{"port", "2"}}));
  EXPECT_EQ(mac.entries[0].at.line, 12);
  EXPECT_EQ(mac.entries[0].actionAt.line, 13);
  EXPECT_FALSE(mac.entries[0].priority);
  EXPECT_EQ(mac.entries[1].keys.size(), 2u);
  EXPECT_EQ(mac.entries[1].args, (std::vector<NamedText>{{"", "1"}}));
  EXPECT_EQ(mac.entries[1].priority, 10u);
  ASSERT_EQ(mac.entries[1].keyMarks.size(), 2u);
  EXPECT_EQ(mac.entries[1].keyMarks[1].line, 15);
  EXPECT_EQ(fwd.tables[1].defaultAction->args, (std::vector<NamedText>{{"port", "1"}}));

  ASSERT_EQ(config.chains.size(), 1u);
  const ChainSpec& chain = config.chains[0];
  ASSERT_EQ(chain.attach.size(), 3u);
  EXPECT_EQ(chain.attach[0].hook, Hook::Xdp);
  EXPECT_EQ(chain.attach[0].mode, XdpMode::Generic);
  EXPECT_EQ(chain.attach[1].hook, Hook::Xdp);  // the defaults
  EXPECT_EQ(chain.attach[1].mode, XdpMode::Native);
  EXPECT_EQ(chain.attach[2].hook, Hook::TcEgress);
  EXPECT_EQ(chain.modules, std::vector<std::string>{"fwd"});
  EXPECT_EQ(config.targetsOf("fwd"), (std::vector<std::string>{"tc", "xdp"}));

  ASSERT_EQ(config.sandbox.size(), 1u);
  EXPECT_EQ(config.sandbox[0].addresses, (std::vector<std::string>{"10.0.1.2/24", "fd00:1::2/64"}));
  EXPECT_EQ(config.sandbox[0].gateway, "10.0.1.1");
  EXPECT_EQ(config.sandbox[0].mac, "02:00:00:00:00:01");
}

TEST(ConfigParse, DeploymentDefaultsToDefault) {
  Config config = parseConfigText(
      "ports: {1: a}\nmodules: {m: {p4: x.p4}}\nchains: {c: {attach: [{interface: a}], modules: [m]}}\n",
      "t.yaml", noFiles());
  EXPECT_EQ(config.deployment, "default");
}

TEST(ConfigParse, ReportsEveryErrorInOneRun) {
  auto errors = errorsOf(R"(prots: {1: a}
modules:
  m: {p4: x.p4, tabels: {}}
chains:
  c: {attach: [{interface: a, hook: xpd}], modules: [n]}
)");
  std::string all = renderAll(errors);
  EXPECT_NE(all.find("t.yaml:1:1: error: unknown key \"prots\" in the config (did you mean \"ports\"?); "
                     "expected one of deployment, ports, modules, chains, sandbox"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("t.yaml:3:17: error: unknown key \"tabels\""), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:5:37: error: unknown hook \"xpd\" (did you mean \"xdp\"?)"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:5:54: error: unknown module \"n\""), std::string::npos) << all;
  EXPECT_NE(all.find("the config has no ports:"), std::string::npos) << all;
  EXPECT_GE(errors.size(), 5u);
  // In file order.
  for (size_t i = 1; i < errors.size(); ++i) EXPECT_LE(errors[i - 1].at.line, errors[i].at.line);
}

TEST(ConfigParse, DuplicateKeysAreErrorsNotSilentlyMerged) {
  auto errors = errorsOf(R"(ports:
  1: a
  1: b
modules:
  m: {p4: x.p4}
  m: {p4: y.p4}
chains:
  c: {attach: [{interface: a}], modules: [m]}
)");
  std::string all = renderAll(errors);
  EXPECT_NE(all.find("t.yaml:3:3: error: duplicate key \"1\" in ports: (first at 2:3)"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:6:3: error: duplicate key \"m\" in modules: (first at 5:3)"), std::string::npos) << all;
}

TEST(ConfigParse, YamlSyntaxErrorHasAPosition) {
  auto errors = errorsOf("ports: [1, 2\nmodules: {}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at.file, "t.yaml");
  EXPECT_GT(errors[0].at.line, 0);
  EXPECT_NE(errors[0].message.find("YAML syntax"), std::string::npos);
}

TEST(ConfigParse, WrongTypesSayWhatWasExpected) {
  auto errors = errorsOf(R"(ports: [a, b]
modules:
  m: {p4: [x.p4]}
chains:
  c: {attach: {interface: a}, modules: m}
)");
  std::string all = renderAll(errors);
  EXPECT_NE(all.find("t.yaml:1:8: error: ports: is a list; expected a mapping of PNA port ids"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:3:11: error: p4 is a list; expected a path to a .p4 file"), std::string::npos) << all;
  EXPECT_NE(all.find("attach: of chain \"c\" is a mapping; expected a list"), std::string::npos) << all;
  EXPECT_NE(all.find("modules: of chain \"c\" is \"m\"; expected a list"), std::string::npos) << all;
}

TEST(ConfigParse, NamesAndAddressesAreChecked) {
  auto errors = errorsOf(R"(deployment: "a/b"
ports:
  256: eth0
  1: a-very-long-interface
  2: "eth 0"
modules:
  m.x: {p4: x.p4}
chains:
  c: {attach: [{interface: eth0}], modules: [m]}
sandbox:
  eth0: {addresses: [10.0.0.1, "fd00::1/129"], mac: "aa:bb", gateway: 10.0.0.999}
)");
  std::string all = renderAll(errors);
  for (const char* expected :
       {"1:13: error: deployment: name \"a/b\" contains '/'", "3:3: error: port id 256 is out of range",
        "4:6: error: interface name \"a-very-long-interface\" is 21 characters long",
        "5:6: error: interface name \"eth 0\" contains ' '", "7:3: error: module name \"m.x\" contains '.'",
        "11:22: error: \"10.0.0.1\" has no prefix length", "11:32: error: prefix length \"129\"",
        "11:53: error: \"aa:bb\" is not a MAC address", "11:71: error: \"10.0.0.999\" is not an IPv4 or IPv6"})
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
}

TEST(ConfigParse, ChainReferencesAreChecked) {
  auto errors = errorsOf(R"(ports: {1: a, 2: b}
modules:
  fwd: {p4: x.p4}
  spare: {p4: x.p4}
chains:
  c1: {attach: [{interface: a}, {interface: c, hook: tc-ingress}], modules: [fwd, fwd, fdw]}
  c2: {attach: [{interface: a, hook: xdp}, {interface: b, hook: tc-ingress, mode: native}], modules: [fwd]}
)");
  std::string all = renderAll(errors);
  for (const char* expected :
       {"6:45: error: interface c of chain \"c1\" is not a port; expected one of the interfaces of ports: a, b",
        "6:83: error: module \"fwd\" appears twice in chain \"c1\" (first at 6:78)",
        "6:88: error: unknown module \"fdw\" in chain \"c1\" (did you mean \"fwd\"?)",
        "7:29: error: interface a already has chain \"c1\" on hook xdp (at 6:29)",
        "7:77: error: mode: is for xdp hooks only",
        "4:3: error: module \"spare\" is not used by any chain"})
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
}

TEST(ConfigParse, MissingP4FileIsReported) {
  ParseOptions options = noFiles();
  options.checkFiles = true;
  options.baseDir = "/nonexistent-config-dir";
  auto errors = errorsOf("ports: {1: a}\nmodules: {m: {p4: fwd.p4}}\nchains: {c: {attach: [{interface: a}], modules: [m]}}\n",
                         options);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].render(),
            "t.yaml:2:19: error: P4 file fwd.p4 not found (looked for /nonexistent-config-dir/fwd.p4); "
            "expected a path to a .p4 file, relative to the config's folder");
}

class NfCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("p4nf-nf-test-" + std::to_string(getpid()));
    for (const char* name : {"router", "switch"}) {
      fs::create_directories(dir_ / name);
      std::ofstream(dir_ / name / (std::string(name) + ".p4")) << "// test\n";
    }
    fs::create_directories(dir_ / "common");  // no common.p4: not a module
  }
  void TearDown() override { fs::remove_all(dir_); }
  ParseOptions options() {
    ParseOptions o = noFiles();
    o.nfSearchPath = {dir_.string()};
    return o;
  }
  fs::path dir_;
};

TEST_F(NfCatalogTest, ListsFoldersWithTheirP4File) {
  EXPECT_EQ(availableNfs({dir_.string()}), (std::vector<std::string>{"router", "switch"}));
  EXPECT_EQ(findNfSource("router", {dir_.string()}), (dir_ / "router" / "router.p4").string());
  EXPECT_FALSE(findNfSource("common", {dir_.string()}));
  EXPECT_FALSE(findNfSource("../router", {dir_.string()}));
}

TEST_F(NfCatalogTest, NfModuleKeepsItsSection) {
  Config config = parseConfigText(R"(ports: {1: a}
modules:
  rt:
    nf: router
    router:
      routes: [{prefix: 10.0.0.0/8, via: 10.0.0.1}]
chains: {c: {attach: [{interface: a}], modules: [rt]}}
)",
                                  "t.yaml", options());
  const ModuleSpec& rt = config.modules[0];
  EXPECT_EQ(rt.source, ModuleSource::Nf);
  EXPECT_EQ(rt.nf, "router");
  EXPECT_EQ(rt.path, (dir_ / "router" / "router.p4").string());
  EXPECT_EQ(rt.sectionKey, "router");
  EXPECT_EQ(rt.sectionAt.line, 5);
  ASSERT_TRUE(rt.section.IsMap());
  EXPECT_EQ(rt.section["routes"][0]["via"].Scalar(), "10.0.0.1");
}

TEST_F(NfCatalogTest, UnknownNfListsTheAvailableOnes) {
  auto errors = errorsOf(R"(ports: {1: a}
modules:
  rt: {nf: routr, routr: {}}
  sw: {nf: switch, router: {}}
chains: {c: {attach: [{interface: a}], modules: [rt, sw]}}
)",
                         options());
  std::string all = renderAll(errors);
  EXPECT_NE(all.find("3:12: error: unknown nf \"routr\" (did you mean \"router\"?); expected one of the "
                     "prebuilt modules: router, switch"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("4:20: error: unknown key \"router\" in module \"sw\"; expected one of p4, nf, tables, switch"),
            std::string::npos)
      << all;
  EXPECT_EQ(errors.size(), 2u) << all;
}

}  // namespace
}  // namespace p4nf::config
