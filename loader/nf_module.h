// The one registration of a prebuilt network function (nf/<name>/): everything the loader
// knows about a module besides its P4 program, which it finds as nf/<name>/<name>.p4
// (config/nf_catalog.h). The loader knows no module by name; each module's folder
// registers itself once, from a static initialiser:
//
//   const bool registered = p4nf::registerNfModule({
//       .name = "router", .docs = "nf/router/README.md",
//       .translator = translateRouterSection,          // its config section -> entries
//       .agentTask = makeRouterAgentTask,              // its run-time control plane
//       .counterLabels = {{"reasons", reasonNames()}},      // names of counter cells
//       .counterMetrics = {{"reasons", {CounterMeaning::Reasons, reasonVerdicts()}},
//                          {"rx_port", {CounterMeaning::PortsIn}}}});
//
// and nf/CMakeLists.txt links every module's nf_<name> library into p4nf: adding a module
// is adding its folder (docs/adding-a-module.md).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "loader/agent/agent_task.h"
#include "loader/config/translator.h"

namespace CLI {
class App;
}

namespace p4nf {

// What the cells of a module's Counter extern mean to the agent's metrics
// (docs/metrics.md); a counter without a meaning is exported as its total only.
enum class CounterMeaning {
  PortsIn,   // cell i: what arrived on port i (p4nf_port_receive_*)
  PortsOut,  // cell i: what left by port i (p4nf_port_transmit_*)
  Reasons,   // cell i: what the module did with a frame, and why (p4nf_reason_*): each
             // cell named by counterLabels, its verdict given in `verdicts`
};
struct CounterMetric {
  CounterMeaning meaning = CounterMeaning::Reasons;
  // Reasons: the verdict of each cell, "forward", "host" (a punt to the kernel) or "drop",
  // parallel to the counter's labels.
  std::vector<std::string> verdicts;
};

struct NfModule {
  std::string name;  // `nf: <name>` in a config
  std::string docs;  // its reference, from the source tree's root: "nf/router/README.md"
  // Its own config section (`router:`) into table entries; empty: the module takes no
  // section (a config that gives one is an error).
  config::Translator translator;
  // Its agent task (loader/agent/agent_task.h); empty: it needs none.
  agent::AgentTaskFactory agentTask;
  // Names of the cells of its Counter externs, by the counter's bare name ("reasons") or
  // full manifest name; `p4nf counter` prints them next to each index.
  std::map<std::string, std::vector<std::string>> counterLabels;
  // What its counters mean to the metrics, by the same names as counterLabels.
  std::map<std::string, CounterMetric> counterMetrics;
  // Optional: adds the module's own verb to the p4nf command (`p4nf conntrack list`), a
  // subcommand of `app` whose callback sets exitCode (loader/cli/exit_codes.h).
  std::function<void(CLI::App& app, int& exitCode)> addCommand;
};

// Registers `module` under its name; a later registration of the name replaces it.
// Returns true, for `const bool registered = registerNfModule(...)`.
bool registerNfModule(NfModule module);
// Removes a registration (tests).
void unregisterNfModule(const std::string& name);
// nullptr when no module of that name registered.
const NfModule* findNfModule(const std::string& name);
std::vector<std::string> registeredNfModules();

// The shortcuts the loader uses; nullptr when the module or the part is missing.
const config::Translator* findTranslator(const std::string& nfName);
const agent::AgentTaskFactory* findAgentTask(const std::string& nfName);
// The labels of the counter `counterName` (full manifest name) of an `nf: <nfName>`
// module, matched by full name first, then by the part after the last dot.
const std::vector<std::string>* findCounterLabels(const std::string& nfName, const std::string& counterName);
// Its meaning to the metrics, found the same way; nullptr when it has none.
const CounterMetric* findCounterMetric(const std::string& nfName, const std::string& counterName);

}  // namespace p4nf
