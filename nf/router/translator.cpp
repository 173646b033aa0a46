#include "nf/router/translator.h"

#include "nf/router/interface_mtu.h"
#include "nf/router/router_section.h"
#include "nf/router/router_tables.h"
#include "nf/router/table_specs.h"

namespace p4nf::router {

namespace {

// With `fib: kernel` the router's tables belong to its agent task (router_agent.h), which
// fills them from the kernel merged with this section and re-syncs after every apply. An
// apply writes only the routing tables' default actions (the no_route policy), so that
// its entry diff never meets the agent's entries; raw `tables:` entries would be deleted
// by the agent's next sync, so they are refused here.
void translateForKernelFib(const config::TranslatorInput& input, const RouterSection& section,
                           config::YamlWalker& walk, const config::Mark& at,
                           std::vector<config::TableSpec>& tables) {
  RouterTables policyOnly;  // no entries: only the defaults
  policyOnly.noRoute = section.state.noRoute;
  std::vector<config::TableSpec> owned = toTableSpecs(policyOnly, input.manifest, at);
  for (config::TableSpec spec : owned) {
    spec.agentOwned = true;  // an apply writes the default only; a switch of fib: gets fresh maps
    tables.push_back(std::move(spec));
  }
  for (const config::TableSpec& raw : input.module.tables) {
    const ManifestTable* table = input.manifest.findTable(raw.name);
    if (!table) continue;  // the validator reports unknown tables
    for (const config::TableSpec& spec : owned)
      if (spec.name == table->name)
        walk.error(raw.at,
                   "table " + raw.name +
                       " of a fib: kernel router is filled by the agent "
                       "from the kernel; entries given here would be deleted",
                   "static routes and neighbours under router: (or fib: static)");
  }
}

}  // namespace

void translateRouterSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables) {
  const config::ModuleSpec& module = input.module;
  std::optional<RouterSection> section =
      parseRouterSection(module.section, module.sectionAt, input.config, walk);
  if (!section) return;

  config::Mark at = walk.mark(module.section, module.sectionAt);
  if (section->fib == FibSource::Kernel) {
    translateForKernelFib(input, *section, walk, at, tables);
    return;
  }

  // Ports without `mtu:` take their interface's MTU as the kernel has it now.
  for (RouterInterface& interface : section->state.interfaces) {
    if (interface.mtu != 0) continue;
    for (const config::PortSpec& port : input.config.ports)
      if (port.id == interface.port) interface.mtu = kernelInterfaceMtu(port.interface).value_or(0);
  }

  // The next-hop ids of a fresh deployment.
  NexthopIds ids;
  std::vector<StateProblem> problems;
  RouterTables computed = computeRouterTables(section->state, ids, &problems);
  for (const StateProblem& p : problems) {
    const auto& marks =
        p.part == StateProblem::Part::Route ? section->routeMarks : section->neighbourMarks;
    walk.error(p.index < marks.size() ? marks[p.index] : module.sectionAt, p.message,
               "a route or neighbour the interfaces: can reach");
  }
  if (!problems.empty()) return;

  for (config::TableSpec& spec : toTableSpecs(computed, input.manifest, at))
    tables.push_back(std::move(spec));
}

}  // namespace p4nf::router
