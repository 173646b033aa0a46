// The router's agent task (loader/agent/agent_task.h), registered under "router" when the
// nf_router library is linked in. A router with `fib: kernel` gets one: a KernelFibMirror
// (kernel_fib.h) of the agent's own network namespace, merged with the section's static
// interfaces, routes and neighbours, whose tables are written into the running
// deployment's router tables by ModuleTables (minimal diffs by manifest names, under the
// deployment's lock) at start, on every kernel change, and after every apply. A router
// with `fib: static` needs no task: its translator wrote everything.
//
// The task owns all seven router tables (nf/router/README.md, "fib: kernel"): what it does
// not write is deleted at the next sync. Their order (port_macs, nexthops, routes, local
// addresses) makes a new next hop exist before a route points at it, and a route stop
// pointing at a next hop before it goes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "loader/agent/agent_task.h"
#include "loader/agent/module_tables.h"
#include "nf/router/kernel_fib.h"
#include "nf/router/router_section.h"

namespace p4nf::router {

class KernelFibTask : public agent::AgentTask {
 public:
  // Opens the mirror (the kernel's state is dumped here); the first write is resync()'s.
  KernelFibTask(std::string deployment, std::string instance, RouterSection section,
                KernelFibOptions options, agent::AgentLog log);

  std::string name() const override { return instance_ + ": kernel FIB"; }
  int fd() const override { return mirror_->fd(); }
  void onReadable() override;
  void resync() override;
  bool reconfigure(const agent::AgentTaskInput& input) override;
  // 1 s after the first failed write, doubling up to 30 s while writes keep failing.
  int retryAfterMs() const override;

  const RouterTables& tables() const { return mirror_->tables(); }

 private:
  // Writes `tables` (or, without, the mirror's) into the deployment; says what changed.
  void write(const RouterTables& tables, const std::string& why);
  void reportProblems();
  std::unique_ptr<KernelFibMirror> openMirror();

  std::string instance_;
  RouterSection section_;
  KernelFibOptions options_;
  agent::AgentLog log_;
  agent::ModuleTables writer_;
  bool writing_ = false;  // false while the mirror's constructor reports its first tables
  std::unique_ptr<KernelFibMirror> mirror_;
  std::vector<std::string> reportedProblems_;
  int failedWrites_ = 0;  // in a row
};

// The factory: a task for a `fib: kernel` router, nullptr for `fib: static`. Throws
// LoaderError when the section does not parse (it was validated before: a bug) or the
// mirror cannot open its netlink sockets.
std::unique_ptr<agent::AgentTask> makeRouterAgentTask(const agent::AgentTaskInput& input);

}  // namespace p4nf::router
