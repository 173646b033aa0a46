#include "loader/nf_module.h"

namespace p4nf {
namespace {

// A function-local static: modules register from static initialisers of other translation
// units, whose order relative to this one is unspecified.
std::map<std::string, NfModule>& registry() {
  static std::map<std::string, NfModule> modules;
  return modules;
}

}  // namespace

bool registerNfModule(NfModule module) {
  std::string name = module.name;
  registry()[name] = std::move(module);
  return true;
}

void unregisterNfModule(const std::string& name) { registry().erase(name); }

const NfModule* findNfModule(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> registeredNfModules() {
  std::vector<std::string> names;
  for (const auto& [name, module] : registry()) names.push_back(name);
  return names;
}

const config::Translator* findTranslator(const std::string& nfName) {
  const NfModule* module = findNfModule(nfName);
  return module && module->translator ? &module->translator : nullptr;
}

const agent::AgentTaskFactory* findAgentTask(const std::string& nfName) {
  const NfModule* module = findNfModule(nfName);
  return module && module->agentTask ? &module->agentTask : nullptr;
}

const std::vector<std::string>* findCounterLabels(const std::string& nfName, const std::string& counterName) {
  const NfModule* module = nfName.empty() ? nullptr : findNfModule(nfName);
  if (!module) return nullptr;
  auto it = module->counterLabels.find(counterName);
  if (it == module->counterLabels.end())
    it = module->counterLabels.find(counterName.substr(counterName.find_last_of('.') + 1));
  return it == module->counterLabels.end() ? nullptr : &it->second;
}

}  // namespace p4nf
