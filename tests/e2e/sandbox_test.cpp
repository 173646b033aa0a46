// The sandbox on its own (no deploy CLI): hosts are created and removed exactly, and
// traffic flows between two hosts through a kernel bridge and through a p4nfc-compiled
// forwarder attached by hand in XDP native, XDP generic and TC mode. Needs root.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/object_loader.h"
#include "loader/sandbox/named_netns.h"
#include "loader/sandbox/route_netlink.h"
#include "loader/sandbox/sandbox.h"
#include "loader/table_writer.h"

namespace p4nf::sandbox {
namespace {

// Runs a shell command; returns its exit status and fills `output` (stdout and stderr).
int run(const std::string& command, std::string* output = nullptr) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buffer[4096];
  size_t count;
  while ((count = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, count);
  int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tag() { return std::to_string(getpid()); }

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces, veths)";
    plan_.deployment = "sbt" + tag();
    for (int port = 1; port <= 2; ++port) {
      HostPlan host;
      host.portId = port;
      host.interface = "sb" + tag() + (port == 1 ? "a" : "b");
      host.netns = hostNetnsName(plan_.deployment, host.interface);
      host.addresses = {"10.77.0." + std::to_string(port) + "/24",
                        "fd77::" + std::to_string(port) + "/64"};
      plan_.hosts.push_back(host);
    }
    plan_.hosts[0].mac = "02:77:00:00:00:01";
    plan_.hosts[1].mac = "02:77:00:00:00:02";
    record_ = "/run/p4nf/" + plan_.deployment + "/sandbox.json";
  }

  void TearDown() override {
    if (!bridge_.empty()) run("ip link del " + bridge_);
    try {
      destroySandbox(record_);
    } catch (const LoaderError& error) {
      ADD_FAILURE() << error.what();
    }
  }

  std::string inHost(int index, const std::string& command) const {
    return "ip netns exec " + plan_.hosts[index].netns + " " + command;
  }
  // Two pings each way (IPv4 and IPv6) from host 1 to host 2.
  void expectPings() {
    std::string output;
    EXPECT_EQ(run(inHost(0, "ping -c 2 -W 2 -i 0.2 10.77.0.2"), &output), 0) << output;
    EXPECT_EQ(run(inHost(0, "ping -6 -c 2 -W 2 -i 0.2 fd77::2"), &output), 0) << output;
  }

  // A TCP transfer of 4 MB from host 1 to host 2 (iperf3; the server is up before the
  // client starts: we wait until it listens).
  void expectIperf() {
    std::string output;
    ASSERT_EQ(run(inHost(1, "iperf3 -s -1 -D -B 10.77.0.2 -p 5201"), &output), 0) << output;
    for (int attempt = 0; attempt < 200; ++attempt) {
      run(inHost(1, "ss -Hltn 'sport = :5201'"), &output);
      if (output.find("5201") != std::string::npos) break;
      usleep(20000);
    }
    EXPECT_EQ(run(inHost(0, "iperf3 -c 10.77.0.2 -p 5201 -n 4M --connect-timeout 3000"), &output), 0)
        << output;
  }

  SandboxPlan plan_;
  std::string record_;
  std::string bridge_;
};

TEST_F(SandboxTest, CreatesHostsAndRemovesExactlyThem) {
  createSandbox(plan_, record_);
  RouteSocket root;
  for (size_t index = 0; index < plan_.hosts.size(); ++index) {
    const HostPlan& host = plan_.hosts[index];
    EXPECT_EQ(root.linkKind(host.interface), std::optional<std::string>("veth"));
    EXPECT_TRUE(namedNetnsExists(host.netns));
    std::string output;
    ASSERT_EQ(run(inHost(index, "ip -br addr show eth0"), &output), 0) << output;
    EXPECT_NE(output.find(host.addresses[0]), std::string::npos) << output;
    EXPECT_NE(output.find(host.addresses[1]), std::string::npos) << output;
    EXPECT_NE(output.find("UP"), std::string::npos) << output;
    ASSERT_EQ(run(inHost(index, "ip -br link show eth0"), &output), 0);
    EXPECT_NE(output.find(*host.mac), std::string::npos) << output;
    // The XDP_PASS program that lets native-mode redirects reach the host.
    ASSERT_EQ(run(inHost(index, "ip link show eth0"), &output), 0);
    EXPECT_NE(output.find("xdp"), std::string::npos) << output;
    ASSERT_EQ(run("ip -br link show " + host.interface, &output), 0);
    EXPECT_NE(output.find("UP"), std::string::npos) << output;
  }
  SandboxPlan recorded = readSandboxRecord(record_);
  ASSERT_EQ(recorded.hosts.size(), 2u);
  EXPECT_EQ(recorded.hosts[1].netns, plan_.hosts[1].netns);

  EXPECT_THROW(createSandbox(plan_, record_), LoaderError);  // already up
  EXPECT_FALSE(adoptOrCreateSandbox(plan_, record_));         // a restarted `up` adopts it
  SandboxPlan other = plan_;
  other.hosts[1].addresses = {"10.77.1.2/24"};
  EXPECT_THROW(adoptOrCreateSandbox(other, record_), LoaderError);

  EXPECT_TRUE(destroySandbox(record_));
  for (const HostPlan& host : plan_.hosts) {
    EXPECT_EQ(root.ifindex(host.interface), 0) << host.interface;
    EXPECT_FALSE(namedNetnsExists(host.netns)) << host.netns;
  }
  EXPECT_FALSE(std::filesystem::exists(record_));
  EXPECT_FALSE(destroySandbox(record_));
}

TEST_F(SandboxTest, PingThroughKernelBridge) {
  createSandbox(plan_, record_);
  bridge_ = "sbbr" + tag();
  ASSERT_EQ(run("ip link add " + bridge_ + " type bridge && ip link set " + bridge_ + " up"), 0);
  for (const HostPlan& host : plan_.hosts)
    ASSERT_EQ(run("ip link set " + host.interface + " master " + bridge_), 0);
  expectPings();
}

TEST_F(SandboxTest, RefusesAnExistingInterfaceAndLeavesIt) {
  ASSERT_EQ(run("ip link add " + plan_.hosts[1].interface + " type bridge"), 0);
  try {
    createSandbox(plan_, record_);
    ADD_FAILURE() << "createSandbox accepted an existing interface";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("already exists"), std::string::npos) << error.what();
  }
  RouteSocket root;
  EXPECT_EQ(root.linkKind(plan_.hosts[1].interface), std::optional<std::string>("bridge"));
  EXPECT_EQ(root.ifindex(plan_.hosts[0].interface), 0);
  EXPECT_FALSE(namedNetnsExists(plan_.hosts[0].netns));
  EXPECT_FALSE(std::filesystem::exists(record_));
  run("ip link del " + plan_.hosts[1].interface);
}

TEST_F(SandboxTest, TeardownAfterACrashRemovesWhatWasRecordedOnly) {
  // A crash right after the second host's namespace was made, before its veth: the record
  // lists both hosts. Someone else's interface with host 2's port name must survive.
  createSandbox(SandboxPlan{plan_.deployment, {plan_.hosts[0]}}, record_);
  std::filesystem::remove(record_);
  std::ofstream(record_) << "{\"deployment\": \"" << plan_.deployment << "\", \"hosts\": [\n"
                         << "{\"port\": 1, \"interface\": \"" << plan_.hosts[0].interface
                         << "\", \"netns\": \"" << plan_.hosts[0].netns
                         << "\", \"host_interface\": \"eth0\", \"addresses\": []},\n"
                         << "{\"port\": 2, \"interface\": \"" << plan_.hosts[1].interface
                         << "\", \"netns\": \"" << plan_.hosts[1].netns
                         << "\", \"host_interface\": \"eth0\", \"addresses\": []}]}\n";
  createNamedNetns(plan_.hosts[1].netns);
  ASSERT_EQ(run("ip link add " + plan_.hosts[1].interface + " type bridge"), 0);

  EXPECT_TRUE(destroySandbox(record_));
  RouteSocket root;
  EXPECT_EQ(root.ifindex(plan_.hosts[0].interface), 0);
  EXPECT_FALSE(namedNetnsExists(plan_.hosts[0].netns));
  EXPECT_FALSE(namedNetnsExists(plan_.hosts[1].netns));
  EXPECT_EQ(root.linkKind(plan_.hosts[1].interface), std::optional<std::string>("bridge"));
  run("ip link del " + plan_.hosts[1].interface);
}

TEST_F(SandboxTest, TeardownEndsTheProcessesOfItsHosts) {
  // A server left running in a host (an iperf3 -s -D of a failed test) would live on in a
  // namespace nobody can reach any more.
  createSandbox(plan_, record_);
  const std::string netns = netnsPath(plan_.hosts[0].netns);
  pid_t sleeper = fork();
  ASSERT_GE(sleeper, 0);
  if (sleeper == 0) {  // the host's process: enters its namespace, then sleeps
    int fd = open(netns.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) _exit(127);
    execlp("sleep", "sleep", "600", static_cast<char*>(nullptr));
    _exit(127);
  }
  auto inHost = [&] {
    struct stat host {}, process {};
    return stat(netns.c_str(), &host) == 0 &&
           stat(("/proc/" + std::to_string(sleeper) + "/ns/net").c_str(), &process) == 0 &&
           host.st_ino == process.st_ino && host.st_dev == process.st_dev;
  };
  for (int i = 0; i < 200 && !inHost(); ++i) usleep(10000);
  ASSERT_TRUE(inHost()) << "the host's process did not enter its namespace";

  EXPECT_TRUE(destroySandbox(record_));
  int status = 0;
  pid_t ended = 0;
  for (int i = 0; i < 200 && ended == 0; ++i) {
    ended = waitpid(sleeper, &status, WNOHANG);
    if (ended == 0) usleep(10000);
  }
  if (ended == 0) {  // not ended by the teardown: end it here, and fail
    kill(sleeper, SIGKILL);
    waitpid(sleeper, &status, 0);
    ADD_FAILURE() << "pid " << sleeper << " survived the sandbox's teardown";
  } else {
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  }
}

// sandbox_forward.p4 (tests/e2e/modules) loaded and attached by hand: the table sends
// port 1 to port 2 and back, the ports map names the sandbox's near ends.
enum class Attach { XdpNative, XdpGeneric, Tc };

class ForwarderTest : public SandboxTest, public ::testing::WithParamInterface<Attach> {
 protected:
  void TearDown() override {
    for (const HostPlan& host : plan_.hosts) {
      int index = if_nametoindex(host.interface.c_str());
      if (index == 0) continue;
      if (GetParam() == Attach::Tc) {
        bpf_tc_hook hook{};
        hook.sz = sizeof hook;
        hook.ifindex = index;
        hook.attach_point = BPF_TC_INGRESS;
        bpf_tc_hook_destroy(&hook);
      } else {
        bpf_xdp_detach(index, xdpFlags(), nullptr);
      }
    }
    object_.reset();
    SandboxTest::TearDown();
  }

  uint32_t xdpFlags() const {
    return GetParam() == Attach::XdpNative ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
  }

  void attach(const std::string& interface) {
    int index = if_nametoindex(interface.c_str());
    ASSERT_NE(index, 0) << interface;
    if (GetParam() == Attach::Tc) {
      bpf_tc_hook hook{};
      hook.sz = sizeof hook;
      hook.ifindex = index;
      hook.attach_point = BPF_TC_INGRESS;
      int error = bpf_tc_hook_create(&hook);
      ASSERT_TRUE(error == 0 || error == -EEXIST) << error;
      bpf_tc_opts options{};
      options.sz = sizeof options;
      options.prog_fd = object_->programFd();
      ASSERT_EQ(bpf_tc_attach(&hook, &options), 0);
    } else {
      ASSERT_EQ(bpf_xdp_attach(index, object_->programFd(), xdpFlags(), nullptr), 0);
    }
  }

  std::unique_ptr<LoadedObject> object_;
};

TEST_P(ForwarderTest, PingThroughP4Forwarder) {
  createSandbox(plan_, record_);
  const char* target = GetParam() == Attach::Tc ? "tc" : "xdp";
  object_ = LoadedObject::fromFile(std::string(P4NF_E2E_MODULE_DIR) + "/sandbox_forward." + target +
                                   ".o");
  const Manifest& manifest = object_->manifest();
  int portsFd = object_->mapFd(manifest.maps.at("ports"));
  int portIdsFd = object_->mapFd(manifest.maps.at("port_ids"));
  for (const HostPlan& host : plan_.hosts) {
    uint32_t port = host.portId;
    uint32_t ifindex = if_nametoindex(host.interface.c_str());
    ASSERT_EQ(bpf_map_update_elem(portsFd, &port, &ifindex, BPF_ANY), 0);
    ASSERT_EQ(bpf_map_update_elem(portIdsFd, &ifindex, &port, BPF_ANY), 0);
  }
  const ManifestTable* table = manifest.findTable("ports");
  ASSERT_NE(table, nullptr);
  TableWriter writer(*table, [&](const std::string& name) { return object_->mapFd(name); });
  writer.add(makeEntry(*table, {{"port", "1"}}, std::nullopt, "forward", {{"port", "2"}}));
  writer.add(makeEntry(*table, {{"port", "2"}}, std::nullopt, "forward", {{"port", "1"}}));
  for (const HostPlan& host : plan_.hosts) attach(host.interface);
  expectPings();
  expectIperf();

  // The forwarder really is in the path: without table entries nothing passes.
  writer.remove(makeEntry(*table, {{"port", "1"}}, std::nullopt, "forward", {{"port", "2"}}).keys);
  std::string output;
  EXPECT_NE(run(inHost(0, "ping -c 1 -W 1 10.77.0.2"), &output), 0) << output;
}

INSTANTIATE_TEST_SUITE_P(Modes, ForwarderTest,
                         ::testing::Values(Attach::XdpNative, Attach::XdpGeneric, Attach::Tc),
                         [](const auto& info) {
                           switch (info.param) {
                             case Attach::XdpNative: return std::string("XdpNative");
                             case Attach::XdpGeneric: return std::string("XdpGeneric");
                             default: return std::string("Tc");
                           }
                         });

}  // namespace
}  // namespace p4nf::sandbox
