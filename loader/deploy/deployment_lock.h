// One writer per deployment: `up`, `apply`, `down`, `table add/del` and each table sync of
// the agent's tasks (loader/agent/module_tables.h) take an exclusive flock on
// /run/p4nf/<deployment>/lock, so two of them never interleave their steps. The agent
// takes it per sync, never while it waits for events. The lock dies with the process
// (kill -9 included), so it can never be left stale.
#pragma once

#include <string>

namespace p4nf::deploy {

class DeploymentLock {
 public:
  // Waits for the lock. Throws LoaderError when the lock file cannot be opened.
  explicit DeploymentLock(const std::string& deployment);
  ~DeploymentLock();
  DeploymentLock(const DeploymentLock&) = delete;
  DeploymentLock& operator=(const DeploymentLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace p4nf::deploy
