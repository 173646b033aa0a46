// The state file: what toJson writes, stateFromJson reads back unchanged (so `down`,
// `status` and the next plan see exactly what the apply recorded); damage is reported
// with the file's name, never guessed around.
#include <gtest/gtest.h>

#include "loader/deploy/deployment_state.h"
#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

DeploymentState sample() {
  DeploymentState s;
  s.deployment = "edge";
  s.generation = 7;
  s.configFile = "/etc/p4nf/edge.yaml";
  s.ports = {{1, "eth0", 2}, {2, "eth1", 3}};
  s.maps = {{"module.fw.t_acl",
             {"t_acl", 1, 12, 16, 1024, 0},
             "/sys/fs/bpf/p4nf/edge/map-module-fw-t_acl-g7",
             41}};
  KeyMatch key;
  key.match = MatchKind::Ternary;
  key.value = mpz_class("0a000000", 16);
  key.mask = mpz_class("ff000000", 16);
  ConfiguredEntry entry{
      "dst=a000000&ff000000;", "ingress.allow() prio 5", {key}, 5, "ingress.allow", {}};
  ConfiguredDefault fallback{"ingress.deny", {mpz_class(3)}};
  s.modules = {
      {"fw", "fw.p4", {{"xdp", "abcd", "{\"version\": 1}"}}, {{"ingress.acl", {entry}, fallback}}}};
  s.chains = {{"main", {"fw"}}};
  s.programs = {{"main",
                 "xdp",
                 0,
                 "fw",
                 "abcd",
                 "/sys/fs/bpf/p4nf/edge/prog-main-xdp-0-g7",
                 99,
                 {"module.fw.t_acl"}}};
  s.attachments = {{"main", "eth0", 2, config::Hook::Xdp, config::XdpMode::Generic, "/pin/link", 0,
                    0, false, 99},
                   {"main", "eth1", 3, config::Hook::TcEgress, config::XdpMode::Native, "", 0x4e46,
                    1, true, 99}};
  return s;
}

TEST(StateFile, RoundTrips) {
  DeploymentState s = sample();
  std::string text = toJson(s);
  DeploymentState back = stateFromJson(text, "state.json");
  EXPECT_EQ(toJson(back), text);
  ASSERT_EQ(back.modules.size(), 1u);
  const ConfiguredEntry& e = back.modules[0].tables[0].entries[0];
  EXPECT_EQ(e.keys[0].match, MatchKind::Ternary);
  EXPECT_EQ(e.keys[0].mask, mpz_class("ff000000", 16));
  EXPECT_EQ(e.priority, 5u);
  EXPECT_EQ(back.modules[0].tables[0].defaultAction, s.modules[0].tables[0].defaultAction);
  EXPECT_EQ(back.attachments[1].hook, config::Hook::TcEgress);
  EXPECT_TRUE(back.attachments[1].createdClsact);
  EXPECT_EQ(back.attachments[0].mode, config::XdpMode::Generic);
}

TEST(StateFile, DamageIsAnErrorNamingTheFile) {
  std::string text = toJson(sample());
  text.erase(text.find("\"programs\""), 10);
  try {
    stateFromJson(text, "/run/p4nf/edge/state.json");
    FAIL() << "a damaged state file was accepted";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("/run/p4nf/edge/state.json"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace p4nf::deploy
