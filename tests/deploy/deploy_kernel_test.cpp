// The deployment engine against the running kernel: a chain of two P4 modules applied to
// a veth pair, re-applied with a changed module, failing applies that must leave the
// deployment byte-for-byte as it was, and down.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/dataplane_abi.h"
#include "loader/config/parse.h"
#include "loader/config/validate.h"
#include "loader/deploy/apply.h"
#include "loader/deploy/attach_point.h"
#include "loader/deploy/bpffs.h"
#include "loader/deploy/desired.h"
#include "loader/deploy/map_snapshot.h"
#include "loader/deploy/table_reader.h"
#include "loader/deploy/teardown.h"
#include "loader/loader_error.h"
#include "loader/lpm_dir24.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"

namespace p4nf::deploy {
namespace {

namespace fs = std::filesystem;

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Makes the object's program start by reading uninitialised stack: the verifier refuses it.
void breakProgram(std::string& elf, const std::string& section) {
  auto at = [&](size_t offset, size_t size) {
    uint64_t value = 0;
    std::memcpy(&value, elf.data() + offset, size);
    return value;
  };
  uint64_t sectionsAt = at(0x28, 8), entrySize = at(0x3a, 2), count = at(0x3c, 2),
           namesIndex = at(0x3e, 2);
  uint64_t namesAt = at(sectionsAt + namesIndex * entrySize + 0x18, 8);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t header = sectionsAt + i * entrySize;
    if (std::string(elf.data() + namesAt + at(header, 4)) != section) continue;
    const unsigned char readStack[8] = {0x79, 0xa0, 0xf8, 0xff, 0, 0, 0, 0};  // r0 = *(u64*)(r10-8)
    std::memcpy(elf.data() + at(header + 0x18, 8), readStack, 8);
    return;
  }
  FAIL() << "no section " << section;
}

// Everything a failed apply must leave alone: the state file, every pinned map's entries,
// every pinned program's id, and what runs on each hook.
struct Fingerprint {
  std::string stateText;
  std::map<std::string, MapSnapshot> maps;
  std::map<std::string, uint32_t> programIds;
  std::map<std::string, uint32_t> hookIds;
  bool operator==(const Fingerprint&) const = default;
};

uint32_t programIdOf(const std::string& pin) {
  int fd = bpf_obj_get(pin.c_str());
  if (fd < 0) return 0;
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  bpf_obj_get_info_by_fd(fd, &info, &length);
  close(fd);
  return info.id;
}

uint32_t slotProgramId(const std::string& chainPin, uint32_t slot) {
  int fd = bpf_obj_get(chainPin.c_str());
  if (fd < 0) return 0;
  uint32_t id = 0;
  if (bpf_map_lookup_elem(fd, &slot, &id) != 0) id = 0;
  close(fd);
  return id;
}

uint32_t hookProgramId(const AttachRecord& a) {
  if (a.hook == config::Hook::Xdp) {
    uint32_t id = 0;
    bpf_xdp_query_id(static_cast<int>(a.ifindex),
                     a.mode == config::XdpMode::Native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE,
                     &id);
    return id;
  }
  return tcProgramId(a.ifindex, a.hook);
}

class DeployKernelTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (BPF, veth, bpffs)";
    static int testNumber = 0;  // several tests run in one process: names must differ
    tag_ = std::to_string(getpid()) + std::string(1, static_cast<char>('a' + testNumber++ % 26));
    work_ = fs::temp_directory_path() / ("p4nf-deploy-test-" + tag_);
    fs::create_directories(work_);
    setenv("P4NF_BPFFS_ROOT", ("/sys/fs/bpf/p4nf-test-" + tag_).c_str(), 1);
    setenv("P4NF_RUN_ROOT", (work_ / "run").c_str(), 1);
    deployment_ = "t" + tag_;
    portA_ = "dpa" + tag_;
    portB_ = "dpb" + tag_;
    ASSERT_EQ(run("ip link add " + portA_ + " type veth peer name " + portA_ + "p"), 0);
    ASSERT_EQ(run("ip link add " + portB_ + " type veth peer name " + portB_ + "p"), 0);
    for (const std::string& name : {portA_, portA_ + "p", portB_, portB_ + "p"})
      ASSERT_EQ(run("ip link set " + name + " up"), 0);
  }

  void TearDown() override {
    if (geteuid() != 0) return;
    try {
      tearDown(deployment_);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "cleanup: " << error.what();
    }
    // The namespace dies with the process; the pins do not.
    fs::remove_all("/sys/fs/bpf/p4nf-test-" + tag_);
    fs::remove_all(work_);
  }

  // The config: chain `main` of filter -> forward on portA_ (hook given), ports A and B.
  std::string config(const std::string& hook, const std::string& forwardSource,
                     const std::string& dmacEntries, const std::string& extraAttach = "",
                     const std::string& extraPort = "") {
    std::ostringstream out;
    out << "deployment: " << deployment_ << "\n"
        << "ports:\n  1: " << portA_ << "\n  2: " << portB_ << "\n"
        << (extraPort.empty() ? "" : "  3: " + extraPort + "\n") << "modules:\n"
        << "  filter:\n    p4: " << DEPLOY_TEST_DIR << "/chain_filter.p4\n"
        << "    tables:\n      filter:\n        entries:\n"
        << "          - {key: {ether_type: 0x86dd}, action: drop}\n"
        << "  forward:\n    p4: " << forwardSource << "\n"
        << "    tables:\n      dmac:\n        entries:\n"
        << dmacEntries << "chains:\n  main:\n    attach:\n"
        << "      - {interface: " << portA_ << ", hook: " << hook
        << (hook == "xdp" ? ", mode: generic" : "") << "}\n"
        << extraAttach << "    modules: [filter, forward]\n";
    return out.str();
  }

  std::string forwardSource() const { return std::string(DEPLOY_TEST_DIR) + "/chain_forward.p4"; }
  std::string changedSource() const {
    return std::string(DEPLOY_TEST_DIR) + "/chain_forward_changed.p4";
  }

  static std::string entries(int first, int count) {
    std::string out;
    for (int i = first; i < first + count; ++i)
      out += "          - {key: {dst: 0x0200000000" + std::string(i < 16 ? "0" : "") +
             (std::stringstream() << std::hex << i).str() +
             "}, action: forward, args: {port: 2}}\n";
    return out;
  }

  Desired desiredFrom(const std::string& yaml) {
    std::string path = (work_ / "config.yaml").string();
    std::ofstream(path) << yaml;
    config::Config parsed = config::parseConfigFile(path);
    config::ValidatedConfig validated = config::validateConfig(
        parsed, [&](const config::ModuleSpec& module, const std::string& target) {
          return config::ResolvedObject{compile(module.path, target), nullptr};
        });
    return buildDesired(validated);
  }

  std::string compile(const std::string& source, const std::string& target) {
    std::string output =
        (work_ / (fs::path(source).stem().string() + "." + target + ".o")).string();
    if (!fs::exists(output)) {
      std::string command =
          std::string(P4NFC_PATH) + " --target " + target + " " + source + " -o " + output;
      if (std::system(command.c_str()) != 0) throw LoaderError("p4nfc failed: " + command);
    }
    std::string elf = readFile(output);
    if (fs::path(source).stem() == "rejected") breakProgram(elf, target);
    return elf;
  }

  Fingerprint fingerprint() {
    Fingerprint f;
    f.stateText = readFile(stateFile(deployment_));
    DeploymentState state = *readState(deployment_);
    for (const MapRecord& m : state.maps) {
      int fd = bpf_obj_get(m.pin.c_str());
      EXPECT_GE(fd, 0) << m.pin;
      if (fd < 0) continue;
      f.maps[m.pin] = snapshotMap(fd);
      close(fd);
    }
    for (const ProgramRecord& p : state.programs) f.programIds[p.pin] = programIdOf(p.pin);
    for (const AttachRecord& a : state.attachments)
      f.hookIds[a.interface + a.chain] = hookProgramId(a);
    return f;
  }

  // What every /24 block of the dir24 table `routes` resolves to: its entry's bits
  // besides the slot, and the record of the slot's route (nothing: no route).
  static std::map<std::vector<uint8_t>, std::vector<std::vector<uint8_t>>> resolvedDir24(
      const Fingerprint& f) {
    const MapSnapshot* dir = nullptr;
    const MapSnapshot* values = nullptr;
    for (const auto& [pin, snapshot] : f.maps) {
      if (pin.find("-l_routes-") != std::string::npos) dir = &snapshot;
      if (pin.find("-v_routes-") != std::string::npos) values = &snapshot;
    }
    EXPECT_TRUE(dir && values);
    std::map<std::vector<uint8_t>, std::vector<std::vector<uint8_t>>> out;
    if (!dir || !values) return out;
    for (const auto& [cell, entries] : dir->entries) {
      auto& resolved = out[cell];
      for (size_t i = 0; i + 4 <= entries.size(); i += 4) {
        uint32_t entry;
        std::memcpy(&entry, entries.data() + i, 4);
        uint32_t slot = entry & Dir24Index::kSlotMask;
        std::vector<uint8_t> view(4);
        uint32_t rest = entry & ~Dir24Index::kSlotMask;
        std::memcpy(view.data(), &rest, 4);
        if (slot != 0) {
          std::vector<uint8_t> key(4);
          uint32_t index = slot - 1;
          std::memcpy(key.data(), &index, 4);
          auto record = values->entries.find(key);
          if (record != values->entries.end())
            view.insert(view.end(), record->second.begin(), record->second.end());
        }
        resolved.push_back(std::move(view));
      }
    }
    return out;
  }

  std::string tag_, deployment_, portA_, portB_;
  fs::path work_;
};

TEST_F(DeployKernelTest, AppliesATwoModuleChainAndPinsEverything) {
  ApplyOutcome outcome =
      applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3))));
  ASSERT_TRUE(outcome.changed);
  const DeploymentState& state = outcome.state;
  ASSERT_EQ(state.programs.size(), 2u);
  ASSERT_EQ(state.attachments.size(), 1u);
  for (const ProgramRecord& p : state.programs) EXPECT_EQ(programIdOf(p.pin), p.id) << p.pin;
  const ProgramRecord* first = state.program("main", "xdp", 0);
  const ProgramRecord* second = state.program("main", "xdp", 1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(hookProgramId(state.attachments[0]), first->id);
  EXPECT_EQ(slotProgramId(state.map("chain.main.xdp")->pin, 1), second->id);
  // The tables hold what the config says; the ports maps the ports.
  int dmac = bpf_obj_get(state.map("module.forward.t_dmac")->pin.c_str());
  ASSERT_GE(dmac, 0);
  EXPECT_EQ(countEntries(dmac), 3u);
  close(dmac);
  int filter = bpf_obj_get(state.map("module.filter.t_filter")->pin.c_str());
  EXPECT_EQ(countEntries(filter), 1u);
  close(filter);
  int ports = bpf_obj_get(state.map("ports.xdp")->pin.c_str());
  uint32_t port = 2, ifindex = 0;
  ASSERT_EQ(bpf_map_lookup_elem(ports, &port, &ifindex), 0);
  EXPECT_EQ(ifindex, interfaceIndex(portB_));
  close(ports);
  // The inlined cache in front of port_ids: each port in its slot.
  int slots = bpf_obj_get(state.map("port_slots")->pin.c_str());
  ASSERT_GE(slots, 0);
  for (auto [id, name] : {std::pair{1u, portA_}, std::pair{2u, portB_}}) {
    uint32_t index = abi::portSlotOf(interfaceIndex(name)), slot[2] = {0, 0};
    ASSERT_EQ(bpf_map_lookup_elem(slots, &index, slot), 0);
    EXPECT_EQ(slot[0], interfaceIndex(name));
    EXPECT_EQ(slot[1], id);
  }
  close(slots);
  // Applying the same config again changes nothing.
  ApplyOutcome again = applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3))));
  EXPECT_FALSE(again.changed) << again.description;
  EXPECT_EQ(again.state.programs[0].id, first->id);
}

TEST_F(DeployKernelTest, ChangedModuleSwapsItsSlotAndKeepsItsMapsAndEntries) {
  DeploymentState before =
      applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3)))).state;
  // An entry added at run time (not by the config) must survive the reload.
  {
    Manifest manifest = parseManifest(before.module("forward")->objects[0].manifest);
    const ManifestTable& table = manifest.table("dmac");
    TableWriter writer(table, [&](const std::string& name) {
      return bpf_obj_get(before.map("module.forward." + name)->pin.c_str());
    });
    writer.add(
        makeEntry(table, {{"dst", "0x0a0000000001"}}, std::nullopt, "forward", {{"port", "1"}}));
  }
  uint32_t mapId = before.map("module.forward.t_dmac")->id;
  ApplyOutcome after = applyDeployment(desiredFrom(config("xdp", changedSource(), entries(2, 3))));
  ASSERT_TRUE(after.changed);
  const DeploymentState& state = after.state;
  EXPECT_EQ(state.map("module.forward.t_dmac")->id, mapId) << "the table map was re-created";
  EXPECT_EQ(state.map("module.forward.t_dmac")->pin, before.map("module.forward.t_dmac")->pin);
  // Position 0 is untouched; position 1 is a new program, in the slot.
  EXPECT_EQ(state.program("main", "xdp", 0)->id, before.program("main", "xdp", 0)->id);
  EXPECT_NE(state.program("main", "xdp", 1)->id, before.program("main", "xdp", 1)->id);
  EXPECT_EQ(slotProgramId(state.map("chain.main.xdp")->pin, 1),
            state.program("main", "xdp", 1)->id);
  EXPECT_EQ(hookProgramId(state.attachments[0]), state.program("main", "xdp", 0)->id);
  // Entries: 1 removed, 4 added, 2 and 3 kept, the run-time one kept: 2, 3, 4, runtime.
  int dmac = bpf_obj_get(state.map("module.forward.t_dmac")->pin.c_str());
  EXPECT_EQ(countEntries(dmac), 4u);
  close(dmac);
  // The old program's pin is gone.
  EXPECT_FALSE(fs::exists(before.program("main", "xdp", 1)->pin));
}

TEST_F(DeployKernelTest, ChangedFirstModuleSwapsTheLink) {
  DeploymentState before =
      applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 2)))).state;
  // Swap the order: forward first, then filter -> both positions change.
  std::string yaml = config("xdp", forwardSource(), entries(1, 2));
  yaml.replace(yaml.find("[filter, forward]"), 17, "[forward, filter]");
  DeploymentState state = applyDeployment(desiredFrom(yaml)).state;
  EXPECT_EQ(state.attachments[0].linkPin, before.attachments[0].linkPin)
      << "the link must be updated, not re-made";
  EXPECT_EQ(hookProgramId(state.attachments[0]), state.program("main", "xdp", 0)->id);
  EXPECT_EQ(state.program("main", "xdp", 0)->instance, "forward");
  EXPECT_EQ(slotProgramId(state.map("chain.main.xdp")->pin, 1),
            state.program("main", "xdp", 1)->id);
}

TEST_F(DeployKernelTest, VerifierRejectionRollsBackEverything) {
  applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3))));
  Fingerprint before = fingerprint();
  // The changed config also rewrites table entries before the load fails.
  std::string rejected = (work_ / "rejected.p4").string();
  fs::copy_file(forwardSource(), rejected);
  try {
    applyDeployment(desiredFrom(config("xdp", rejected, entries(5, 3))));
    FAIL() << "the apply should have failed";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("the kernel refused"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("nothing was changed"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(fingerprint(), before);
}

TEST_F(DeployKernelTest, VanishingInterfaceRollsBackEverything) {
  applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3))));
  Fingerprint before = fingerprint();
  std::string portC = "dpc" + tag_;
  ASSERT_EQ(run("ip link add " + portC + " type veth peer name " + portC + "p"), 0);
  // New module code, new entries and a new attach point; the interface vanishes after
  // everything is staged, just before the commit.
  Desired desired =
      desiredFrom(config("xdp", changedSource(), entries(2, 3),
                         "      - {interface: " + portC + ", hook: xdp, mode: generic}\n", portC));
  ApplyHooks hooks;
  hooks.beforeCommit = [&] { ASSERT_EQ(run("ip link del " + portC), 0); };
  try {
    applyDeployment(desired, hooks);
    FAIL() << "the apply should have failed";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find(portC), std::string::npos) << error.what();
  }
  EXPECT_EQ(fingerprint(), before);
}

// A dir24 lpm table's arrays are derived from its trie: a failed apply must undo them too,
// or the data plane would go on using routes that the deployment no longer has.
TEST_F(DeployKernelTest, FailedApplyUndoesTheRoutesOfADir24Table) {
  auto yaml = [&](const std::string& routes) {
    return "deployment: " + deployment_ + "\nports:\n  1: " + portA_ + "\n  2: " + portB_ +
           "\nmodules:\n  r:\n    p4: " + std::string(DEPLOY_TEST_DIR) +
           "/../stf/table_lpm_dir24.p4\n    tables:\n      routes:\n        entries:\n" + routes +
           "chains:\n  main:\n    attach:\n      - {interface: " + portA_ +
           ", hook: xdp, mode: generic}\n    modules: [r]\n";
  };
  auto route = [](const std::string& prefix, int port) {
    return "          - {key: {dst: " + prefix + "}, action: route, args: {port: " +
           std::to_string(port) + "}}\n";
  };
  applyDeployment(
      desiredFrom(yaml(route("10.0.0.0/8", 1) + route("10.1.0.0/16", 2) + route("192.0.2.0/24", 1))));
  Fingerprint before = fingerprint();
  // One route changes its port, one goes, two come (one longer than /24); then the apply
  // fails just before its commit.
  Desired changed = desiredFrom(yaml(route("10.0.0.0/8", 2) + route("10.2.0.0/16", 1) +
                                     route("192.0.2.0/24", 1) + route("192.0.2.128/25", 2)));
  ApplyHooks hooks;
  hooks.beforeCommit = [] { throw LoaderError("a failure injected before the commit"); };
  EXPECT_THROW(applyDeployment(changed, hooks), LoaderError);
  // The trie and everything else are back byte for byte. The arrays route every /24
  // block as before, though maybe through other value slots: a freed slot is not reused
  // at once (a packet may still read it), so undoing a delete takes a fresh one.
  Fingerprint after = fingerprint();
  EXPECT_EQ(resolvedDir24(after), resolvedDir24(before));
  for (Fingerprint* f : {&before, &after})
    std::erase_if(f->maps, [](const auto& map) {
      return map.first.find("-l_routes-") != std::string::npos ||
             map.first.find("-v_routes-") != std::string::npos ||
             map.first.find("-s_routes-") != std::string::npos;
    });
  EXPECT_EQ(after, before);
}

TEST_F(DeployKernelTest, TcChainAttachesAndSwaps) {
  DeploymentState before =
      applyDeployment(desiredFrom(config("tc-ingress", forwardSource(), entries(1, 2)))).state;
  ASSERT_EQ(before.attachments.size(), 1u);
  EXPECT_EQ(hookProgramId(before.attachments[0]), before.program("main", "tc", 0)->id);
  EXPECT_EQ(slotProgramId(before.map("chain.main.tc")->pin, 1),
            before.program("main", "tc", 1)->id);
  std::string yaml = config("tc-ingress", changedSource(), entries(1, 2));
  yaml.replace(yaml.find("[filter, forward]"), 17, "[forward, filter]");
  DeploymentState after = applyDeployment(desiredFrom(yaml)).state;
  EXPECT_EQ(hookProgramId(after.attachments[0]), after.program("main", "tc", 0)->id);
  EXPECT_NE(after.program("main", "tc", 0)->id, before.program("main", "tc", 0)->id);
}

TEST_F(DeployKernelTest, DownRemovesEverythingItMadeAndNothingElse) {
  DeploymentState state =
      applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3)))).state;
  // Someone else's pin in the same bpffs root stays.
  std::string foreign = pinRoot() + "/foreign";
  int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "foreign", 4, 4, 1, nullptr);
  ASSERT_GE(map, 0);
  ASSERT_EQ(bpf_obj_pin(map, foreign.c_str()), 0);
  close(map);
  ASSERT_TRUE(tearDown(deployment_));
  EXPECT_EQ(hookProgramId(state.attachments[0]), 0u);
  for (const ProgramRecord& p : state.programs) EXPECT_FALSE(fs::exists(p.pin)) << p.pin;
  for (const MapRecord& m : state.maps) EXPECT_FALSE(fs::exists(m.pin)) << m.pin;
  EXPECT_FALSE(fs::exists(stateFile(deployment_)));
  EXPECT_FALSE(fs::exists(pinDirectory(deployment_)));
  EXPECT_TRUE(fs::exists(foreign));
  EXPECT_FALSE(tearDown(deployment_)) << "a second down has nothing to do";
}

TEST_F(DeployKernelTest, PinsLeftByADeadApplyAreSweptByTheNext) {
  applyDeployment(desiredFrom(config("xdp", forwardSource(), entries(1, 3))));
  // What an apply killed between pinning and its commit point leaves: a pin the state
  // file does not list.
  std::string stray = pinDirectory(deployment_) + "/map-module-forward-t_dmac-g2";
  int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "stray", 4, 4, 1, nullptr);
  ASSERT_GE(map, 0);
  ASSERT_EQ(bpf_obj_pin(map, stray.c_str()), 0);
  close(map);
  applyDeployment(desiredFrom(config("xdp", changedSource(), entries(1, 3))));
  EXPECT_FALSE(fs::exists(stray));
}

// Entries without `priority:` rank by their place in the config: an apply that inserts an
// entry before a kept one leaves the table ranked as a fresh deployment of the same file.
TEST_F(DeployKernelTest, TernaryRanksFollowTheConfigNotTheApplyHistory) {
  auto yaml = [&](const std::string& entries) {
    return "deployment: " + deployment_ + "\nports:\n  1: " + portA_ + "\nmodules:\n" +
           "  typed:\n    p4: " + DEPLOY_TEST_DIR + "/chain_typed_tables.p4\n" +
           "    tables:\n      acl:\n        entries:\n" + entries + "chains:\n  main:\n" +
           "    attach:\n      - {interface: " + portA_ + ", hook: xdp, mode: generic}\n" +
           "    modules: [typed]\n";
  };
  const std::string deny = "          - {key: {src: 10.0.0.0/8}, action: deny, args: {code: 1}}\n";
  const std::string permit = "          - {key: {src: 10.1.0.0/16}, action: permit}\n";
  // The priority of each entry, by its source key as `p4nf table dump` prints it.
  auto ranks = [&](const DeploymentState& state) {
    Manifest manifest = parseManifest(state.module("typed")->objects[0].manifest);
    std::vector<int> fds;
    DumpedTable dumped = readTable(manifest.table("acl"), [&](const std::string& name) {
      fds.push_back(bpf_obj_get(state.map("module.typed." + name)->pin.c_str()));
      return fds.back();
    });
    for (int fd : fds) close(fd);
    std::map<std::string, uint32_t> out;
    for (const DumpedEntry& e : dumped.entries) out[e.keys[0].text] = e.priority.value_or(0);
    return out;
  };
  applyDeployment(desiredFrom(yaml(deny)));
  std::map<std::string, uint32_t> afterTwoApplies =
      ranks(applyDeployment(desiredFrom(yaml(permit + deny))).state);
  ASSERT_TRUE(tearDown(deployment_));
  std::map<std::string, uint32_t> fresh =
      ranks(applyDeployment(desiredFrom(yaml(permit + deny))).state);
  EXPECT_EQ(afterTwoApplies, fresh);
  ASSERT_EQ(fresh.size(), 2u);
  EXPECT_GT(fresh["0x0a010000&&&0xffff0000"], fresh["0x0a000000&&&0xff000000"])
      << "the first listed entry must win";
}

}  // namespace
}  // namespace p4nf::deploy
