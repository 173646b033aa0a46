// The agent that `p4nf up` stays as (docs/loader.md, "The agent"): one thread, one poll
// over a signalfd (SIGHUP, SIGTERM, SIGINT), the state file's watch (state_watch.h) and
// the fd of every agent task (agent_task.h).
//
//   SIGHUP              the config file is re-applied (Hooks::reapply); when that works,
//                       the tasks take the new config and resync
//   SIGTERM, SIGINT     the agent exits; the data path keeps running in the kernel
//   state file replaced another process applied: the tasks resync (and take the config
//                       file again when the apply was of the agent's own file)
//   state file removed  `p4nf down`: nothing is left to look after; the agent exits
//   a task's fd         the task's onReadable()
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "loader/agent/agent_health.h"
#include "loader/agent/agent_task.h"
#include "loader/config/model.h"

namespace p4nf::agent {

class StateWatch;

class Agent {
 public:
  struct Hooks {
    // SIGHUP: read, validate and apply the config file. Returns the config applied, or
    // nullopt when that failed (it says why; the deployment runs on unchanged).
    std::function<std::optional<config::Config>()> reapply;
    // Another process applied the agent's config file: read and validate it again,
    // without applying. nullopt when it cannot be read (the tasks keep their config).
    std::function<std::optional<config::Config>()> reread;
    AgentLog log;
  };

  // Blocks SIGHUP, SIGTERM and SIGINT for the process (they are read from a signalfd), so
  // none is lost while the tasks start. Throws LoaderError when signalfd refuses. The
  // agent starts once its config file was applied (its health counts that apply).
  Agent(std::string deployment, std::string configFile, Hooks hooks);
  ~Agent();
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  // Gives every `nf:` module instance of `config` whose nf registered an agent task its
  // task: a running task of the same instance is reconfigured in place when it can be,
  // others are made anew; then each of them resyncs. Tasks of instances that are gone
  // stop. Returns how many tasks failed to start (each is reported through the log).
  size_t useConfig(const config::Config& config);
  size_t taskCount() const { return tasks_.size(); }

  // Polls until SIGTERM or SIGINT, or until the deployment is taken down. Returns the
  // signal that ended it (0: the deployment went).
  int run();

  // What the HTTP endpoint reads from another thread (agent_health.h).
  const AgentHealth& health() const { return health_; }
  AgentHealth& health() { return health_; }

  // The loop turns at least this often, so that its heartbeat (liveness, systemd's
  // watchdog) shows it alive while nothing happens.
  static constexpr int kHeartbeatMs = 1000;

 private:
  struct RunningTask {
    std::string nf;
    std::unique_ptr<AgentTask> task;
    std::optional<std::chrono::steady_clock::time_point> retryAt;  // retryAfterMs()'s deadline
  };

  // One call into a task (its first sync, an event, a resync, a retry): runs it and
  // records what it left (in sync, a failed write) in the health. Returns false when it
  // threw; `what` starts the error message.
  bool callTask(const std::string& instance, RunningTask& running, const std::string& what,
                const std::function<void(AgentTask&)>& call);
  // Records in the health what the task's last call left: in sync, or a failed write.
  void recordTask(const std::string& instance, const RunningTask& running);
  void onSignal();
  // False when the deployment is gone.
  bool onStateChange();
  void resyncAll();
  // Takes each task's retry wish as a deadline; returns poll's timeout until the first.
  int nextRetryTimeout();
  // resync() of every task whose deadline passed.
  void retryDue();
  std::optional<uint64_t> currentGeneration() const;

  std::string deployment_;
  std::string configFile_;
  Hooks hooks_;
  int signalFd_ = -1;
  std::unique_ptr<StateWatch> watch_;
  std::map<std::string, RunningTask> tasks_;  // by module instance
  std::optional<uint64_t> generation_;        // the deployment's, as last seen
  int stopSignal_ = -1;                       // >= 0: leave the loop
  AgentHealth health_;
};

}  // namespace p4nf::agent
