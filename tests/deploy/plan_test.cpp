// The planner on hand-made deployments: no kernel. `stateOf` plays the part of a finished
// apply (what the state file would say), so each test changes one thing and checks that
// the plan touches exactly that.
#include "loader/deploy/plan.h"

#include <gtest/gtest.h>

#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

constexpr uint32_t kHash = 1, kArray = 2, kProgArray = 3, kDevmapHash = 25;

DesiredObject object(const std::string& digest, uint32_t tableSize = 64) {
  DesiredObject o;
  o.target = "xdp";
  o.digest = digest;
  o.manifest.maps = {{"chain", "p4nf_chain"},
                     {"ports", "p4nf_ports"},
                     {"port_ids", "p4nf_port_ids"},
                     {"chain_position", "p4nf_chain_position"}};
  ManifestTable table;
  table.name = "ingress.dmac";
  table.map = "t_dmac";
  table.defaultMap = "d_dmac";
  table.size = tableSize;
  o.manifest.tables.push_back(table);
  o.maps = {{"t_dmac", kHash, 8, 16, tableSize, 0},
            {"d_dmac", kArray, 4, 16, 1, 0},
            {"p4nf_chain", kProgArray, 4, 4, 64, 0},
            {"p4nf_ports", kDevmapHash, 4, 4, 256, 0},
            {"p4nf_port_ids", kHash, 4, 4, 256, 0}};
  return o;
}

ConfiguredEntry entry(const std::string& key, const std::string& action) {
  ConfiguredEntry e;
  e.id = key;
  e.valueId = action;
  e.action = action;
  return e;
}

Desired twoModules() {
  Desired d;
  d.deployment = "test";
  d.ports = {{1, "a", 11}, {2, "b", 12}};
  d.modules.push_back({"first", "first.p4", {object("digest-first")}, {}});
  d.modules.push_back(
      {"second",
       "second.p4",
       {object("digest-second")},
       {{"ingress.dmac", {entry("k1", "fwd1"), entry("k2", "fwd2")}, std::nullopt}}});
  d.chains.push_back(
      {"main", {"first", "second"}, {{"a", 11, config::Hook::Xdp, config::XdpMode::Native}}});
  return d;
}

// What the state file says after applying `d`.
DeploymentState stateOf(const Desired& d) {
  Plan plan = computePlan(d, nullptr);
  DeploymentState s;
  s.deployment = d.deployment;
  s.generation = 1;
  s.ports = d.ports;
  for (const MapStep& m : plan.maps) s.maps.push_back({m.key, m.schema, "/pins/map." + m.key, 1});
  for (const DesiredModule& m : d.modules)
    s.modules.push_back({m.instance, m.source, {}, m.tables});
  for (const ProgramStep& p : plan.programs)
    s.programs.push_back({p.chain, p.target, p.position, p.instance,
                          d.module(p.instance)->object(p.target)->digest,
                          "/pins/prog." + std::to_string(p.position), 1, p.mapKeys});
  for (const DesiredChain& c : d.chains)
    for (const DesiredAttach& a : c.attach)
      s.attachments.push_back(
          {c.name, a.interface, a.ifindex, a.hook, a.mode, "/pins/link", 0, 0, false, 1});
  return s;
}

TEST(Plan, FirstApplyCreatesEverything) {
  Plan plan = computePlan(twoModules(), nullptr);
  for (const MapStep& m : plan.maps) EXPECT_FALSE(m.reuse) << m.key;
  // Two modules' own maps, one prog array, the ports and port ids.
  EXPECT_NE(plan.map("module.first.t_dmac"), nullptr);
  EXPECT_NE(plan.map("module.second.t_dmac"), nullptr);
  EXPECT_NE(plan.map("chain.main.xdp"), nullptr);
  EXPECT_NE(plan.map("ports.xdp"), nullptr);
  EXPECT_EQ(plan.maps.size(), 7u);
  ASSERT_EQ(plan.programs.size(), 2u);
  EXPECT_TRUE(plan.programs[0].load && plan.programs[1].load);
  ASSERT_EQ(plan.slots.size(), 1u);  // position 1; position 0 is the attach point
  EXPECT_EQ(plan.slots[0].position, 1u);
  ASSERT_EQ(plan.attachments.size(), 1u);
  EXPECT_EQ(plan.attachments[0].action, AttachAction::Create);
  ASSERT_EQ(plan.tables.size(), 2u);
  EXPECT_TRUE(plan.tables[1].fresh);
  EXPECT_EQ(plan.tables[1].add.size(), 2u);
  EXPECT_TRUE(plan.syncPorts);
}

TEST(Plan, SameDeploymentChangesNothing) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  Plan plan = computePlan(d, &s);
  EXPECT_FALSE(plan.changesAnything()) << plan.describe();
  for (const MapStep& m : plan.maps) EXPECT_TRUE(m.reuse) << m.key;
}

TEST(Plan, ChangedModuleReloadsOnlyItsSlot) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.modules[1].objects[0].digest = "digest-second-v2";
  Plan plan = computePlan(d, &s);
  for (const MapStep& m : plan.maps) EXPECT_TRUE(m.reuse) << m.key;
  EXPECT_FALSE(plan.programs[0].load);
  EXPECT_TRUE(plan.programs[1].load);
  ASSERT_EQ(plan.slots.size(), 1u);
  EXPECT_FALSE(plan.slots[0].clear);
  EXPECT_EQ(plan.attachments[0].action, AttachAction::Keep);
  EXPECT_TRUE(plan.tables.empty()) << "entries unchanged, maps kept";
  ASSERT_EQ(plan.dropPrograms.size(), 1u);
  EXPECT_EQ(plan.dropPrograms[0].position, 1u);
  EXPECT_TRUE(plan.dropMaps.empty());
}

TEST(Plan, ChangedFirstModuleReplacesTheAttachPoint) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.modules[0].objects[0].digest = "digest-first-v2";
  Plan plan = computePlan(d, &s);
  EXPECT_TRUE(plan.slots.empty());
  ASSERT_EQ(plan.attachments.size(), 1u);
  EXPECT_EQ(plan.attachments[0].action, AttachAction::Replace);
}

TEST(Plan, ResizedTableGetsNewMapsAndItsProgramReloads) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.modules[1].objects[0] = object("digest-second-v2", 128);
  Plan plan = computePlan(d, &s);
  EXPECT_FALSE(plan.map("module.second.t_dmac")->reuse);
  EXPECT_TRUE(plan.map("module.second.d_dmac")->reuse);
  EXPECT_TRUE(plan.map("module.first.t_dmac")->reuse);
  ASSERT_EQ(plan.dropMaps.size(), 1u);
  EXPECT_EQ(plan.dropMaps[0].key, "module.second.t_dmac");
  EXPECT_TRUE(plan.programs[1].load);
  ASSERT_EQ(plan.tables.size(), 1u);
  EXPECT_TRUE(plan.tables[0].fresh);
  EXPECT_EQ(plan.tables[0].add.size(), 2u);
}

TEST(Plan, AnAddOnMissTableWithANewLayoutSaysItDropsWhatTheDataPlaneAdded) {
  Desired d = twoModules();
  d.modules[1].objects[0].manifest.tables[0].addOnMiss = true;
  DeploymentState s = stateOf(d);
  d.modules[1].objects[0] = object("digest-second-v2", 128);
  d.modules[1].objects[0].manifest.tables[0].addOnMiss = true;
  Plan plan = computePlan(d, &s);
  ASSERT_EQ(plan.tables.size(), 1u);
  EXPECT_TRUE(plan.tables[0].dropsLearned);
  EXPECT_NE(plan.describe().find("table second.ingress.dmac: new maps (its layout changed: the entries "
                                 "the data plane added are dropped)"),
            std::string::npos)
      << plan.describe();
  // The first apply drops nothing.
  Plan first = computePlan(d, nullptr);
  for (const TableStep& t : first.tables) EXPECT_FALSE(t.dropsLearned);
}

TEST(Plan, TableChangingOwnerGetsFreshMapsAndItsProgramReloads) {
  // The second module's dmac goes from the config to the module's agent task (a router
  // switched to fib: kernel) and back: both times its maps are new and its program reloads.
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.modules[1].tables[0].entries.clear();
  d.modules[1].tables[0].agentOwned = true;
  Plan toAgent = computePlan(d, &s);
  EXPECT_FALSE(toAgent.map("module.second.t_dmac")->reuse);
  EXPECT_FALSE(toAgent.map("module.second.d_dmac")->reuse);
  EXPECT_TRUE(toAgent.map("module.first.t_dmac")->reuse);
  EXPECT_TRUE(toAgent.programs[1].load);
  EXPECT_FALSE(toAgent.programs[0].load);

  DeploymentState agentOwned = stateOf(d);
  Plan same = computePlan(d, &agentOwned);
  EXPECT_TRUE(same.map("module.second.t_dmac")->reuse) << "the owner did not change";

  Desired back = twoModules();
  Plan toConfig = computePlan(back, &agentOwned);
  EXPECT_FALSE(toConfig.map("module.second.t_dmac")->reuse);
  EXPECT_TRUE(toConfig.programs[1].load);
  ASSERT_EQ(toConfig.tables.size(), 1u);
  EXPECT_TRUE(toConfig.tables[0].fresh);
  EXPECT_EQ(toConfig.tables[0].add.size(), 2u);
}

TEST(Plan, SameObjectKeepsItsProgramEvenWhenItsEntriesChange) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  auto& entries = d.modules[1].tables[0].entries;
  entries[0].valueId = "fwd9";             // k1 changes its action
  entries.erase(entries.begin() + 1);      // k2 goes
  entries.push_back(entry("k3", "fwd3"));  // k3 comes
  d.modules[1].tables[0].defaultAction = ConfiguredDefault{"drop", {}};
  Plan plan = computePlan(d, &s);
  EXPECT_FALSE(plan.programs[1].load);
  ASSERT_EQ(plan.tables.size(), 1u);
  const TableStep& t = plan.tables[0];
  EXPECT_FALSE(t.fresh);
  ASSERT_EQ(t.add.size(), 2u);
  EXPECT_EQ(t.add[0].id, "k1");
  EXPECT_EQ(t.add[1].id, "k3");
  ASSERT_EQ(t.remove.size(), 2u);  // old k1, k2
  ASSERT_TRUE(t.setDefault.has_value());
  EXPECT_EQ(t.setDefault->action, "drop");
  // And back: the default returns to the program's own.
  DeploymentState s2 = stateOf(d);
  d.modules[1].tables[0].defaultAction.reset();
  EXPECT_TRUE(computePlan(d, &s2).tables.at(0).clearDefault);
}

TEST(Plan, ShorterChainEmptiesTheSlot) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.chains[0].modules = {"first"};
  d.modules.pop_back();
  Plan plan = computePlan(d, &s);
  ASSERT_EQ(plan.slots.size(), 1u);
  EXPECT_TRUE(plan.slots[0].clear);
  EXPECT_EQ(plan.slots[0].position, 1u);
  ASSERT_EQ(plan.dropPrograms.size(), 1u);
  EXPECT_EQ(plan.dropMaps.size(), 2u);  // second's table and default maps
}

TEST(Plan, ModeChangeDetachesFirstThenAttaches) {
  Desired d = twoModules();
  DeploymentState s = stateOf(d);
  d.chains[0].attach[0].mode = config::XdpMode::Generic;
  Plan plan = computePlan(d, &s);
  ASSERT_EQ(plan.attachments.size(), 2u);
  EXPECT_EQ(plan.attachments[0].action, AttachAction::Remove);
  EXPECT_EQ(plan.attachments[1].action, AttachAction::Create);
}

TEST(Plan, RemovedAttachPointIsDetachedAndPortsFollowTheConfig) {
  Desired d = twoModules();
  d.chains[0].attach.push_back({"b", 12, config::Hook::Xdp, config::XdpMode::Native});
  DeploymentState s = stateOf(d);
  d.chains[0].attach.pop_back();
  d.ports[1].ifindex = 13;  // b was re-created
  Plan plan = computePlan(d, &s);
  int removes = 0, keeps = 0;
  for (const AttachStep& a : plan.attachments) {
    removes += a.action == AttachAction::Remove;
    keeps += a.action == AttachAction::Keep;
  }
  EXPECT_EQ(removes, 1);
  EXPECT_EQ(keeps, 1);
  EXPECT_TRUE(plan.syncPorts);
}

TEST(Plan, InstanceWithDifferentMapShapesPerHookIsRefused) {
  Desired d = twoModules();
  DesiredObject tc = object("digest-second-tc", 32);
  tc.target = "tc";
  d.modules[1].objects.push_back(tc);
  d.chains.push_back(
      {"egress", {"second"}, {{"b", 12, config::Hook::TcEgress, config::XdpMode::Native}}});
  EXPECT_THROW(computePlan(d, nullptr), LoaderError);
}

}  // namespace
}  // namespace p4nf::deploy
