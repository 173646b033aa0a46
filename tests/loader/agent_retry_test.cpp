// The agent's retry of a task's failed write: a task that says "call me again in N ms"
// (AgentTask::retryAfterMs) gets resync() again with no event, until its write works.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loader/agent/agent.h"
#include "loader/agent/agent_task.h"
#include "loader/nf_module.h"
#include "loader/config/model.h"

namespace p4nf::agent {
namespace {

struct FlakyState {
  int failuresLeft = 0;
  int resyncs = 0;
  bool failing = false;
};

// Its first writes fail; the one that works ends the agent's loop (SIGTERM to itself).
class FlakyTask : public AgentTask {
 public:
  explicit FlakyTask(std::shared_ptr<FlakyState> state) : state_(std::move(state)) {}
  std::string name() const override { return "flaky"; }
  int fd() const override { return -1; }
  void onReadable() override {}
  void resync() override {
    ++state_->resyncs;
    state_->failing = state_->failuresLeft-- > 0;
    if (!state_->failing) kill(getpid(), SIGTERM);
  }
  int retryAfterMs() const override { return state_->failing ? 10 : -1; }

 private:
  std::shared_ptr<FlakyState> state_;
};

TEST(AgentRetry, AFailedWriteIsTriedAgainWithoutAnEvent) {
  namespace fs = std::filesystem;
  fs::path run = fs::temp_directory_path() / ("p4nf-agent-retry-" + std::to_string(getpid()));
  fs::create_directories(run);
  setenv("P4NF_RUN_ROOT", run.c_str(), 1);

  auto state = std::make_shared<FlakyState>();
  state->failuresLeft = 2;
  NfModule flaky;
  flaky.name = "flaky-test";
  flaky.agentTask = [state](const AgentTaskInput&) { return std::make_unique<FlakyTask>(state); };
  registerNfModule(std::move(flaky));
  config::Config config;
  config.deployment = "agent-retry";
  config::ModuleSpec module;
  module.name = "f";
  module.source = config::ModuleSource::Nf;
  module.nf = "flaky-test";
  config.modules.push_back(module);

  std::vector<std::string> log;
  int ended = -1;
  {
    Agent agent(config.deployment, (run / "config.yaml").string(),
                {nullptr, nullptr, [&](const std::string& line) { log.push_back(line); }});
    ASSERT_EQ(agent.useConfig(config), 0u);  // the first write, which fails
    // The endpoint's view (agent_health.h): a failed write, not in sync, not ready.
    TaskHealth failing = agent.health().snapshot().tasks.at("f");
    EXPECT_FALSE(failing.inSync);
    EXPECT_EQ(failing.failedWrites, 1u);
    EXPECT_EQ(failing.syncs, 0u);
    EXPECT_NE(agent.health().notReady().find("task flaky is not in sync"), std::string::npos)
        << agent.health().notReady();
    // Without retries the loop would wait for an event forever: end it after a while.
    std::atomic<bool> done = false;
    std::thread guard([&] {
      for (int i = 0; i < 500 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (!done) kill(getpid(), SIGINT);
    });
    ended = agent.run();
    done = true;
    guard.join();
    TaskHealth synced = agent.health().snapshot().tasks.at("f");
    EXPECT_TRUE(synced.inSync);
    EXPECT_EQ(synced.failedWrites, 2u);
    EXPECT_EQ(synced.syncs, 1u);
    EXPECT_TRUE(synced.lastSyncUnix.has_value());
    EXPECT_EQ(agent.health().notReady(), "");
    EXPECT_EQ(agent.health().notAlive(), "");
  }
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGHUP, SIGTERM, SIGINT}) sigaddset(&signals, s);
  sigprocmask(SIG_UNBLOCK, &signals, nullptr);
  unregisterNfModule("flaky-test");
  fs::remove_all(run);
  unsetenv("P4NF_RUN_ROOT");

  EXPECT_EQ(ended, SIGTERM) << "the agent did not retry by itself";
  EXPECT_EQ(state->resyncs, 3);
  size_t retries = 0;
  for (const std::string& line : log) retries += line.find("writing again") != std::string::npos;
  EXPECT_EQ(retries, 2u);
}

}  // namespace
}  // namespace p4nf::agent
