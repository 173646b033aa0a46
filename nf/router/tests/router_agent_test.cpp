// The agent's table writing against a real deployment of router.p4 (XDP generic on veths,
// in a network namespace of the test's own, pins under a bpffs folder named after the pid):
//   - ModuleTables (loader/agent/module_tables.h): minimal diffs, in-place changes, reading
//     back after forget() and after an apply, a deployment that is down;
//   - the router's agent task (router_agent.h) with fib: kernel: the kernel's addresses,
//     routes and neighbours reach the tables, follow `ip route`, survive an apply that
//     changes only the policy, and take a reloaded section in place.
// Needs root; skips without.
#include "nf/router/router_agent.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "loader/agent/module_tables.h"
#include "loader/config/parse.h"
#include "loader/config/validate.h"
#include "loader/deploy/apply.h"
#include "loader/deploy/desired.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/deploy/table_reader.h"
#include "loader/deploy/teardown.h"
#include "loader/entry.h"
#include "loader/table_writer.h"
#include "nf/router/ip_prefix.h"

#ifndef P4NF_ROUTER_OBJECT
#error "P4NF_ROUTER_OBJECT must name build/nf/router/router.xdp.o"
#endif

namespace p4nf::router {
namespace {

namespace fs = std::filesystem;

bool sh(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// "10.0.1.0/24 route_to_host()" for a dumped route; the dump prints wide fields in hex.
std::string routeText(const deploy::DumpedEntry& entry, Family family) {
  UserValue key = parseUserValue(entry.keys.at(0).text);
  int width = family == Family::Ipv4 ? 32 : 128;
  Bytes bytes = encodeUnsigned(key.value, width, "route");
  IpPrefix prefix = IpPrefix::of(IpAddress::fromBytes(family, bytes.data()), key.prefixLen);
  std::string text = prefix.text() + " " + entry.action.substr(entry.action.find('.') + 1) + "(";
  for (size_t i = 0; i < entry.args.size(); ++i)
    text += (i ? ", " : "") + parseNumber(entry.args[i].text).get_str();
  return text + ")";
}

class RouterAgentTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (BPF, veth, network namespaces)";
    static int testNumber = 0;
    tag_ = fmt::format("{}{}", getpid(), static_cast<char>('a' + testNumber++ % 26));
    netns_ = "p4nf-ra-" + tag_;
    sh("ip netns del " + netns_);
    ASSERT_TRUE(sh("ip netns add " + netns_));
    original_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = open(("/run/netns/" + netns_).c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(original_, 0);
    ASSERT_GE(target, 0);
    ASSERT_EQ(setns(target, CLONE_NEWNET), 0);
    close(target);
    inNetns_ = true;
    work_ = fs::temp_directory_path() / ("p4nf-router-agent-" + tag_);
    fs::create_directories(work_);
    setenv("P4NF_BPFFS_ROOT", ("/sys/fs/bpf/p4nf-test-" + tag_).c_str(), 1);
    setenv("P4NF_RUN_ROOT", (work_ / "run").c_str(), 1);
    deployment_ = "ra" + tag_;
    for (const char* port : {"ra1", "ra2"}) {
      ASSERT_TRUE(sh(fmt::format("ip link add {} type veth peer name h{}", port, port)));
      ASSERT_TRUE(sh(fmt::format("ip link set {} up", port)));
      ASSERT_TRUE(sh(fmt::format("ip link set h{} up", port)));
    }
    ASSERT_TRUE(sh("ip addr add 10.0.1.1/24 dev ra1"));
    ASSERT_TRUE(sh("ip addr add 10.0.2.1/24 dev ra2"));
  }

  void TearDown() override {
    if (!inNetns_) return;
    try {
      deploy::tearDown(deployment_);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "cleanup: " << error.what();
    }
    setns(original_, CLONE_NEWNET);
    close(original_);
    sh("ip netns del " + netns_);  // the veths go with it
    fs::remove_all("/sys/fs/bpf/p4nf-test-" + tag_);
    fs::remove_all(work_);
  }

  // Reads a router config with `section` (indented under router:), XDP generic on both
  // ports, into config_.
  void parse(const std::string& section) {
    std::string path = (work_ / "config.yaml").string();
    std::ofstream(path) << "deployment: " << deployment_ << "\n"
                        << "ports: { 1: ra1, 2: ra2 }\n"
                        << "modules:\n  r:\n    nf: router\n    router:\n"
                        << section << "chains:\n  main:\n    attach:\n"
                        << "      - { interface: ra1, hook: xdp, mode: generic }\n"
                        << "      - { interface: ra2, hook: xdp, mode: generic }\n"
                        << "    modules: [r]\n";
    config::ParseOptions options;
    options.nfSearchPath = {P4NF_SOURCE_NF_DIR};
    config_ = config::parseConfigFile(path, options);
  }

  deploy::DeploymentState apply(const std::string& section) {
    parse(section);
    config::ValidatedConfig validated =
        config::validateConfig(config_, [](const config::ModuleSpec&, const std::string&) {
          return config::ResolvedObject{readFile(P4NF_ROUTER_OBJECT), nullptr};
        });
    return deploy::applyDeployment(deploy::buildDesired(validated)).state;
  }

  deploy::DumpedTable dump(const std::string& table) {
    deploy::DeploymentState state = *deploy::readState(deployment_);
    Manifest manifest = parseManifest(state.module("r")->objects.front().manifest);
    deploy::PinnedMaps maps(state, "r");
    return deploy::readTable(manifest.table(table), maps.lookup());
  }

  std::vector<std::string> routes(Family family = Family::Ipv4) {
    std::vector<std::string> list;
    for (const deploy::DumpedEntry& e :
         dump(family == Family::Ipv4 ? "ipv4_routes" : "ipv6_routes").entries)
      list.push_back(routeText(e, family));
    std::sort(list.begin(), list.end());
    return list;
  }

  bool hasRoute(const std::string& prefixAndAction) {
    for (const std::string& r : routes())
      if (r.rfind(prefixAndAction, 0) == 0) return true;
    return false;
  }

  // Hands the task its events until `done` holds; the bound only keeps a broken mirror
  // from hanging the test (the kernel reports within milliseconds).
  void pump(agent::AgentTask& task, const std::function<bool()>& done) {
    auto start = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
      pollfd fd{task.fd(), POLLIN, 0};
      if (poll(&fd, 1, 100) > 0) task.onReadable();
    }
  }

  // One TableSpec of ipv4_routes with `entries` (prefix, action).
  agent::ModuleTables::Contents ipv4Routes(
      std::vector<std::pair<std::string, std::string>> entries) {
    return [entries](const Manifest& manifest) {
      const ManifestTable& table = manifest.table("ipv4_routes");
      config::TableSpec spec;
      spec.name = table.name;
      for (const auto& [prefix, action] : entries) {
        config::EntrySpec entry;
        entry.keys = {{table.keys.front().name, prefix}};
        entry.action = action;
        spec.entries.push_back(entry);
      }
      return std::vector<config::TableSpec>{spec};
    };
  }

  std::string tag_, netns_, deployment_;
  int original_ = -1;
  bool inNetns_ = false;
  fs::path work_;
  config::Config config_;
  std::vector<std::string> log_;
};

const std::string kStaticSection = R"(      interfaces:
        - { interface: ra1, mac: "02:00:00:00:01:01", addresses: [10.0.1.1/24] }
        - { interface: ra2, mac: "02:00:00:00:02:01", addresses: [10.0.2.1/24] }
)";

TEST_F(RouterAgentTest, ModuleTablesWritesMinimalDiffsAndOwnsItsTables) {
  uint64_t generation = apply(kStaticSection).generation;
  ASSERT_EQ(routes(), (std::vector<std::string>{"10.0.1.0/24 route_to_host()",
                                                "10.0.2.0/24 route_to_host()"}));
  agent::ModuleTables tables(deployment_, "r");

  // The first sync reads the table back: the config's two routes are not wanted.
  agent::SyncResult first =
      tables.sync(ipv4Routes({{"10.1.0.0/16", "route_to_host"}, {"10.2.0.0/16", "no_route_drop"}}));
  EXPECT_TRUE(first.readBack);
  EXPECT_EQ(first.generation, generation);
  EXPECT_EQ(std::tie(first.added, first.removed, first.changed), std::make_tuple(2u, 2u, 0u))
      << first.summary();
  EXPECT_EQ(routes(), (std::vector<std::string>{"10.1.0.0/16 route_to_host()",
                                                "10.2.0.0/16 no_route_drop()"}));

  // One changed in place, one gone, one new; nothing read back.
  agent::SyncResult second =
      tables.sync(ipv4Routes({{"10.1.0.0/16", "no_route_drop"}, {"10.3.0.0/16", "route_to_host"}}));
  EXPECT_FALSE(second.readBack);
  EXPECT_EQ(std::tie(second.added, second.removed, second.changed), std::make_tuple(1u, 1u, 1u))
      << second.summary();
  EXPECT_EQ(routes(), (std::vector<std::string>{"10.1.0.0/16 no_route_drop()",
                                                "10.3.0.0/16 route_to_host()"}));

  // Something else writes the table: unseen until the tables are read back again.
  {
    deploy::DeploymentState state = *deploy::readState(deployment_);
    Manifest manifest = parseManifest(state.module("r")->objects.front().manifest);
    const ManifestTable& table = manifest.table("ipv4_routes");
    deploy::PinnedMaps maps(state, "r");
    TableWriter(table, maps.lookup())
        .add(makeEntry(table, {{table.keys.front().name, "10.9.0.0/16"}}, std::nullopt,
                       "route_to_host", {}));
  }
  auto same = ipv4Routes({{"10.1.0.0/16", "no_route_drop"}, {"10.3.0.0/16", "route_to_host"}});
  EXPECT_FALSE(tables.sync(same).changedAnything());
  EXPECT_TRUE(hasRoute("10.9.0.0/16"));
  tables.forget();
  agent::SyncResult reread = tables.sync(same);
  EXPECT_TRUE(reread.readBack);
  EXPECT_EQ(std::tie(reread.added, reread.removed, reread.changed), std::make_tuple(0u, 1u, 0u));
  EXPECT_FALSE(hasRoute("10.9.0.0/16"));

  // An apply (a new generation) makes the next sync read back; the apply kept the
  // run-time entries (its diff is of the config's entries only).
  deploy::DeploymentState applied = apply(kStaticSection + "      no_route: host\n");
  EXPECT_EQ(applied.generation, generation + 1);
  EXPECT_EQ(routes(), (std::vector<std::string>{"10.1.0.0/16 no_route_drop()",
                                                "10.3.0.0/16 route_to_host()"}));
  agent::SyncResult afterApply = tables.sync(same);
  EXPECT_TRUE(afterApply.readBack);
  EXPECT_FALSE(afterApply.changedAnything()) << afterApply.summary();

  // A sync with a bad name says what and where, and leaves the next sync to read back.
  EXPECT_THROW(tables.sync(ipv4Routes({{"10.1.0.0/16", "no_such_action"}})), LoaderError);
  EXPECT_TRUE(tables.sync(same).readBack);

  deploy::tearDown(deployment_);
  EXPECT_FALSE(tables.sync(same).deploymentUp);
}

TEST_F(RouterAgentTest, KernelFibTaskMirrorsTheKernelIntoTheDeployment) {
  const std::string section =
      "      fib: kernel\n"
      "      interfaces: [{ interface: ra1 }, { interface: ra2 }]\n";
  apply(section);
  // An apply of a fib: kernel router writes no entries: they are the task's.
  EXPECT_TRUE(routes().empty());
  auto log = [this](const std::string& line) { log_.push_back(line); };
  std::unique_ptr<agent::AgentTask> task =
      makeRouterAgentTask({config_, *config_.findModule("r"), log});
  ASSERT_TRUE(task);
  EXPECT_EQ(task->name(), "r: kernel FIB");
  task->resync();
  EXPECT_EQ(routes(), (std::vector<std::string>{"10.0.1.0/24 route_to_host()",
                                                "10.0.2.0/24 route_to_host()"}));
  EXPECT_EQ(dump("port_macs").entries.size(), 2u);         // the kernel's MACs of ra1, ra2
  EXPECT_EQ(dump("local_ipv4").entries.size(), 4u);        // 10.0.1.1, .255, 10.0.2.1, .255
  EXPECT_EQ(dump("own_sources_ipv4").entries.size(), 2u);  // 10.0.1.1, 10.0.2.1

  // The ports' MTUs are the kernel's, and follow `ip link set mtu` live.
  auto mtuOfPort2 = [&]() -> std::string {
    for (const deploy::DumpedEntry& e : dump("port_macs").entries)
      if (parseNumber(e.keys.at(0).text) == 2) return e.args.at(1).text;
    return "none";
  };
  EXPECT_EQ(mtuOfPort2(), "1500");
  ASSERT_TRUE(sh("ip link set ra2 mtu 1400"));
  pump(*task, [&] { return mtuOfPort2() == "1400"; });
  EXPECT_EQ(mtuOfPort2(), "1400") << "the link's new MTU did not reach port_macs";

  // ip route add with a known neighbour: a route through a forwarding next hop.
  ASSERT_TRUE(sh("ip neigh add 10.0.2.2 lladdr 02:00:00:00:02:02 dev ra2 nud permanent"));
  ASSERT_TRUE(sh("ip route add 198.51.100.0/24 via 10.0.2.2"));
  pump(*task, [&] { return hasRoute("198.51.100.0/24 set_nexthop"); });
  ASSERT_TRUE(hasRoute("198.51.100.0/24 set_nexthop")) << ::testing::PrintToString(routes());
  deploy::DumpedTable nexthops = dump("nexthops");
  ASSERT_EQ(nexthops.entries.size(), 1u);
  EXPECT_EQ(nexthops.entries[0].action, "RouterControl.forward");
  EXPECT_EQ(parseNumber(nexthops.entries[0].args.at(1).text), parseNumber("0x020000000202"));

  // An apply that changes only the policy leaves every entry of the task in place.
  std::vector<std::string> before = routes();
  apply(section + "      no_route: host\n");
  EXPECT_EQ(routes(), before);
  EXPECT_EQ(dump("ipv4_routes").defaultAction->action, "RouterControl.no_route_to_host");
  task->resync();
  EXPECT_EQ(routes(), before);

  // A reloaded section (a static blackhole route added) is taken in place.
  apply(section +
        "      no_route: host\n      routes: [{ prefix: 203.0.113.0/24, action: drop }]\n");
  ASSERT_TRUE(task->reconfigure({config_, *config_.findModule("r"), log}));
  EXPECT_TRUE(hasRoute("203.0.113.0/24 no_route_drop"));
  EXPECT_TRUE(hasRoute("198.51.100.0/24 set_nexthop"));

  ASSERT_TRUE(sh("ip route del 198.51.100.0/24"));
  pump(*task, [&] { return !hasRoute("198.51.100.0/24"); });
  EXPECT_FALSE(hasRoute("198.51.100.0/24"));
  // The neighbour's own host route still uses the next hop (one next hop per gateway).
  EXPECT_TRUE(hasRoute("10.0.2.2/32 set_nexthop"));
  EXPECT_EQ(dump("nexthops").entries.size(), 1u);
  ASSERT_TRUE(sh("ip neigh del 10.0.2.2 dev ra2"));
  pump(*task, [&] { return !hasRoute("10.0.2.2/32"); });
  EXPECT_FALSE(hasRoute("10.0.2.2/32"));
  EXPECT_EQ(dump("nexthops").entries.size(), 0u) << "a next hop no route uses must go";

  // Going back to fib: static while the task's entries are in the tables: the tables
  // change hands, so they get fresh maps, holding the config's entries and nothing of the
  // task's (the blackhole route came from the kernel mirror's section).
  ASSERT_TRUE(hasRoute("203.0.113.0/24 no_route_drop"));
  apply(kStaticSection);
  EXPECT_EQ(routes(), (std::vector<std::string>{"10.0.1.0/24 route_to_host()",
                                                "10.0.2.0/24 route_to_host()"}));
  EXPECT_EQ(dump("nexthops").entries.size(), 0u);
  // A static router needs no task.
  parse(kStaticSection);
  EXPECT_FALSE(makeRouterAgentTask({config_, *config_.findModule("r"), log}));
}

}  // namespace
}  // namespace p4nf::router
