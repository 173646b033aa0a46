#include "loader/agent/agent_health.h"

namespace p4nf::agent {

double unixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

AgentHealth::AgentHealth(std::string deployment, std::string configFile) {
  state_.deployment = std::move(deployment);
  state_.configFile = std::move(configFile);
  state_.startUnix = unixNow();
  state_.heartbeat = std::chrono::steady_clock::now();
}

void AgentHealth::applied(bool ok) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++(ok ? state_.appliesSucceeded : state_.appliesFailed);
  state_.lastApplyOk = ok;
  state_.lastApplyUnix = unixNow();
}

void AgentHealth::taskCalled(const std::string& instance, const std::string& nf,
                             const std::string& name, bool inSync, bool failedWrite) {
  std::lock_guard<std::mutex> lock(mutex_);
  TaskHealth& task = state_.tasks[instance];
  task.nf = nf;
  task.name = name;
  task.inSync = inSync;
  if (inSync) {
    ++task.syncs;
    task.lastSyncUnix = unixNow();
  }
  if (failedWrite) ++task.failedWrites;
}

void AgentHealth::taskGone(const std::string& instance) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.tasks.erase(instance);
}

void AgentHealth::tasksStarted() {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.tasksStarted = true;
}

void AgentHealth::beat() {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.heartbeat = std::chrono::steady_clock::now();
}

void AgentHealth::holdsStats(bool held) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.statsHeld = held;
}

AgentSnapshot AgentHealth::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

std::string AgentHealth::notAlive() const {
  auto since = std::chrono::steady_clock::now() - snapshot().heartbeat;
  if (since <= kLivenessWindow) return "";
  return "the agent's loop has not turned for " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(since).count()) + " s";
}

std::string AgentHealth::notReady() const {
  AgentSnapshot now = snapshot();
  if (now.appliesSucceeded + now.appliesFailed == 0) return "the config is not applied yet";
  if (!now.lastApplyOk)
    return "the last apply of " + now.configFile + " failed (the previous deployment runs)";
  if (!now.tasksStarted) return "the agent's tasks are starting";
  for (const auto& [instance, task] : now.tasks)
    if (!task.inSync) return "task " + task.name + " is not in sync (a write failed; it retries)";
  return "";
}

}  // namespace p4nf::agent
