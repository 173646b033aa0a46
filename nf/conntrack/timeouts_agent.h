// conntrack's agent task: writes the config's `conntrack: timeouts:` into the timeout
// profiles map of the `connections` table (a u64 of nanoseconds per profile; 0 is the
// compiled-in default), after every apply. The loader writes no profiles map from a
// config, so the timeouts take effect while the agent (`p4nf up`) runs. Every instance
// gets one: without `timeouts:` it writes zeros, so that timeouts taken out of the config
// go back to the defaults.
#pragma once

#include <memory>

#include "loader/agent/agent_task.h"

namespace p4nf::conntrack {

std::unique_ptr<agent::AgentTask> makeTimeoutsAgentTask(const agent::AgentTaskInput& input);

}  // namespace p4nf::conntrack
