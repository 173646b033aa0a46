#include "nf/router/translator.h"

#include "nf/router/router_section.h"
#include "nf/router/router_tables.h"
#include "nf/router/table_specs.h"

namespace p4nf::router {

void translateRouterSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables) {
  const config::ModuleSpec& module = input.module;
  std::optional<RouterSection> section =
      parseRouterSection(module.section, module.sectionAt, input.config, walk);
  if (!section) return;

  // The next-hop ids of a fresh deployment; the agent keeps its own NexthopIds from here on.
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

  config::Mark at = walk.mark(module.section, module.sectionAt);
  for (config::TableSpec& spec : toTableSpecs(computed, input.manifest, at))
    tables.push_back(std::move(spec));
}

void registerRouterTranslator() { config::registerTranslator("router", translateRouterSection); }

namespace {
// Registered when the program starts; the library is linked as an object library so that
// this initialiser is never dropped by the linker.
const bool registered = (registerRouterTranslator(), true);
}  // namespace

}  // namespace p4nf::router
