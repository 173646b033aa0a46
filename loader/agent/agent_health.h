// What the agent knows about itself, for its HTTP endpoint (http_endpoint.h) and its
// metrics (metrics.h): its applies, each task's state and last sync, and a heartbeat of
// its poll loop. The agent's thread writes it; the endpoint's server thread reads a
// copy. One mutex rather than atomics: a reader must see one consistent moment (a task's
// state together with its last sync and counts), and each side holds the lock for a few
// microseconds, so the agent's loop never waits on a scrape.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace p4nf::agent {

struct TaskHealth {
  std::string nf;    // the module's nf ("router")
  std::string name;  // the task's own name ("r: kernel FIB")
  // Its last call (first sync, event, resync, retry) left its tables as it wants them;
  // false while a failed write waits for its retry.
  bool inSync = false;
  std::optional<double> lastSyncUnix;  // wall-clock seconds of the last call that left it in sync
  uint64_t syncs = 0;                  // calls that left it in sync
  uint64_t failedWrites = 0;           // calls that ended in a failed write (or threw)
};

struct AgentSnapshot {
  std::string deployment;
  std::string configFile;
  double startUnix = 0;
  // The agent's own applies of its config file: the one `p4nf up` did before the agent
  // started, and one per SIGHUP.
  uint64_t appliesSucceeded = 0;
  uint64_t appliesFailed = 0;
  bool lastApplyOk = false;
  double lastApplyUnix = 0;
  // The tasks of the applied config were made and had their first sync (Agent::useConfig):
  // until then "every task in sync" cannot be said.
  bool tasksStarted = false;
  std::map<std::string, TaskHealth> tasks;  // by module instance
  std::chrono::steady_clock::time_point heartbeat;  // the poll loop's last turn
  // The agent holds the kernel's BPF stats on (BPF_ENABLE_STATS, which needs
  // CAP_SYS_ADMIN): what `status` assumes of any running agent, known here for sure.
  bool statsHeld = false;
};

class AgentHealth {
 public:
  AgentHealth(std::string deployment, std::string configFile);

  void applied(bool ok);
  // After a call into the task of `instance`: whether it is now in sync, whether the call
  // ended in a failed write.
  void taskCalled(const std::string& instance, const std::string& nf, const std::string& name,
                  bool inSync, bool failedWrite);
  void taskGone(const std::string& instance);
  void tasksStarted();
  void beat();
  void holdsStats(bool held);

  AgentSnapshot snapshot() const;

  // How long the loop may go without turning before it counts as not alive. The loop
  // turns at least once a second (Agent::kHeartbeatMs); an apply (a SIGHUP's compile and
  // load) holds it for longer, so the window is generous.
  static constexpr std::chrono::seconds kLivenessWindow{60};
  // Liveness (/healthz): the poll loop turned within kLivenessWindow. Empty when alive,
  // else why not.
  std::string notAlive() const;
  // Readiness (/readyz): the last apply of the config file worked and every task is in
  // sync. Empty when ready, else why not.
  std::string notReady() const;

 private:
  mutable std::mutex mutex_;
  AgentSnapshot state_;
};

// Seconds since the epoch, for the *_timestamp_seconds metrics.
double unixNow();

}  // namespace p4nf::agent
