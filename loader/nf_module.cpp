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

namespace {

// A module's entry for the counter `counterName` (a full manifest name) in one of its
// per-counter maps, by full name first, then by the part after the last dot.
template <typename Value>
const Value* findByCounter(const std::string& nfName, const std::string& counterName,
                           std::map<std::string, Value> NfModule::*field) {
  const NfModule* module = nfName.empty() ? nullptr : findNfModule(nfName);
  if (!module) return nullptr;
  const std::map<std::string, Value>& byName = module->*field;
  auto it = byName.find(counterName);
  if (it == byName.end()) it = byName.find(counterName.substr(counterName.find_last_of('.') + 1));
  return it == byName.end() ? nullptr : &it->second;
}

}  // namespace

const std::vector<std::string>* findCounterLabels(const std::string& nfName, const std::string& counterName) {
  return findByCounter(nfName, counterName, &NfModule::counterLabels);
}

const CounterMetric* findCounterMetric(const std::string& nfName, const std::string& counterName) {
  return findByCounter(nfName, counterName, &NfModule::counterMetrics);
}

}  // namespace p4nf
