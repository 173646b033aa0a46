// What the agent's HTTP endpoint answers without a kernel: readiness and liveness from
// AgentHealth (agent_health.h), and the metrics' text format (metrics.h, Exposition).
// The endpoint against a real deployment and a real Prometheus: e2e.metrics.prometheus.
#include <gtest/gtest.h>

#include "loader/agent/agent_health.h"
#include "loader/agent/metrics.h"

namespace p4nf::agent {
namespace {

TEST(AgentHealthTest, ReadyWhenTheLastApplyWorkedAndEveryTaskIsInSync) {
  AgentHealth health("d", "/etc/p4nf/d.yaml");
  EXPECT_EQ(health.notReady(), "the config is not applied yet");
  health.applied(true);
  EXPECT_EQ(health.notReady(), "the agent's tasks are starting");
  health.tasksStarted();
  EXPECT_EQ(health.notReady(), "");
  health.taskCalled("r", "router", "r: kernel FIB", false, true);  // a failed write
  EXPECT_EQ(health.notReady(), "task r: kernel FIB is not in sync (a write failed; it retries)");
  health.taskCalled("r", "router", "r: kernel FIB", true, false);  // the retry worked
  EXPECT_EQ(health.notReady(), "");
  health.applied(false);  // a SIGHUP with a bad file: the old deployment runs on
  EXPECT_EQ(health.notReady(),
            "the last apply of /etc/p4nf/d.yaml failed (the previous deployment runs)");
  health.applied(true);
  health.taskGone("r");
  EXPECT_EQ(health.notReady(), "");
  AgentSnapshot snapshot = health.snapshot();
  EXPECT_EQ(snapshot.appliesSucceeded, 2u);
  EXPECT_EQ(snapshot.appliesFailed, 1u);
  EXPECT_TRUE(snapshot.tasks.empty());
}

TEST(AgentHealthTest, CountsSyncsAndFailedWritesPerTask) {
  AgentHealth health("d", "c.yaml");
  health.taskCalled("r", "router", "t", true, false);
  health.taskCalled("r", "router", "t", false, true);
  health.taskCalled("r", "router", "t", false, true);
  health.taskCalled("r", "router", "t", true, false);
  TaskHealth task = health.snapshot().tasks.at("r");
  EXPECT_EQ(task.syncs, 2u);
  EXPECT_EQ(task.failedWrites, 2u);
  EXPECT_TRUE(task.inSync);
  EXPECT_GT(*task.lastSyncUnix, 1.6e9);
}

TEST(AgentHealthTest, AliveWhileTheLoopBeats) {
  AgentHealth health("d", "c.yaml");
  health.beat();
  EXPECT_EQ(health.notAlive(), "");
}

TEST(ExpositionTest, OneHelpAndTypePerFamilyInTheOrderOfFirstUse) {
  Exposition out;
  out.counter("a_total", "A things", {{"x", "1"}}, uint64_t{1});
  out.gauge("b", "B now", {}, 2.5);
  out.counter("a_total", "A things", {{"x", "2"}}, uint64_t{18446744073709551615u});
  EXPECT_EQ(out.text(),
            "# HELP a_total A things\n# TYPE a_total counter\n"
            "a_total{x=\"1\"} 1\na_total{x=\"2\"} 18446744073709551615\n"
            "# HELP b B now\n# TYPE b gauge\nb 2.5\n");
}

TEST(ExpositionTest, LabelValuesAreEscaped) {
  Exposition out;
  out.gauge("g", "G", {{"file", "a\"b\\c\nd"}}, 1);
  EXPECT_EQ(out.text(), "# HELP g G\n# TYPE g gauge\ng{file=\"a\\\"b\\\\c\\nd\"} 1\n");
}

}  // namespace
}  // namespace p4nf::agent
