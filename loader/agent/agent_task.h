// Agent tasks: the run-time half of a prebuilt module's control plane (DESIGN.md: an NF's
// control plane is its config translator plus its agent tasks). A module's factory is part
// of its registration (loader/nf_module.h);
// `p4nf up` asks the factory of every `nf:` module instance for a task, and the agent
// (agent.h) polls each task's fd together with its signals. The loader knows no module:
// it only sees this interface, and a task writes its tables through ModuleTables
// (module_tables.h), by manifest names.
//
// A task owns the tables it writes (ModuleTables::sync makes them hold exactly what it
// wants). The agent calls resync() after every apply (its own on SIGHUP, another
// process's `p4nf apply`), so whatever the apply did to those tables (new maps, the
// config's entries) is made right again.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loader/config/model.h"

namespace p4nf::agent {

using AgentLog = std::function<void(const std::string& line)>;

struct AgentTaskInput {
  const config::Config& config;      // the config the deployment was applied from
  const config::ModuleSpec& module;  // module.section is the module's own section
  AgentLog log;                      // one line per event worth telling; never null
};

class AgentTask {
 public:
  virtual ~AgentTask() = default;

  // For the agent's messages: "r: kernel FIB".
  virtual std::string name() const = 0;
  // A file descriptor the agent polls for readable; -1 when the task has none.
  virtual int fd() const = 0;
  // The fd is readable: take what arrived and write what changed. Errors are the
  // task's to report (through the log) and to recover from; only a task that cannot go
  // on throws (the agent then drops it and says so).
  virtual void onReadable() = 0;
  // An apply ran (or the agent starts over): make the task's tables right again.
  virtual void resync() = 0;
  // The config changed (SIGHUP, or another process applied the agent's file): take the
  // module's new section in place, keeping what the task learnt (a mirror's state, stable
  // ids), and resync. False when the task cannot (the agent then makes a new one).
  virtual bool reconfigure(const AgentTaskInput& input) { return false; }
  // When the task's last write failed (a full table, a map swapped by an apply), how
  // many milliseconds from now it wants resync() called again, with no event needed;
  // -1 when all is written. The agent keeps the earliest such deadline per task.
  virtual int retryAfterMs() const { return -1; }
};

// A null result: the module needs no task in this config (a router with `fib: static`).
// Throws LoaderError when the task cannot start (its netlink socket, ...).
using AgentTaskFactory = std::function<std::unique_ptr<AgentTask>(const AgentTaskInput& input)>;


}  // namespace p4nf::agent
