#include "loader/agent/agent_task.h"

#include <map>

namespace p4nf::agent {
namespace {

// A function-local static: tasks register from static initialisers of other translation
// units, whose order relative to this one is unspecified.
std::map<std::string, AgentTaskFactory>& registry() {
  static std::map<std::string, AgentTaskFactory> factories;
  return factories;
}

}  // namespace

void registerAgentTask(const std::string& nfName, AgentTaskFactory factory) {
  if (!factory) {
    registry().erase(nfName);
    return;
  }
  registry()[nfName] = std::move(factory);
}

const AgentTaskFactory* findAgentTask(const std::string& nfName) {
  auto it = registry().find(nfName);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> registeredAgentTasks() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

}  // namespace p4nf::agent
