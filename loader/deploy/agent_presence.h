// Which process is a deployment's agent: the agent holds an exclusive flock on
// /run/p4nf/<deployment>/agent, a file that holds its pid. The lock dies with the process
// (kill -9 included), so a stale file never claims a dead agent, and a second agent for
// the same deployment is refused rather than left to fight the first over its tables.
// `p4nf status` reads it to say whether an agent runs (and so whether BPF stats are on).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace p4nf::deploy {

class AgentPresence {
 public:
  // Takes the agent lock of `deployment` and writes this process's pid. Throws
  // LoaderError naming the running agent's pid when another process holds it.
  explicit AgentPresence(const std::string& deployment);
  ~AgentPresence();
  AgentPresence(const AgentPresence&) = delete;
  AgentPresence& operator=(const AgentPresence&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

// The pid of the agent of `deployment`, when one runs.
std::optional<pid_t> runningAgent(const std::string& deployment);

// Removes the agent file that an agent killed with -9 left behind (`p4nf down`); the file
// of a running agent stays.
void forgetDeadAgent(const std::string& deployment);

}  // namespace p4nf::deploy
