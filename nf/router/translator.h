// The router's control-plane translator: `nf: router` modules' `router:` section ->
// entries of router.p4's tables (loader/config/translator.h). It registers itself under
// "router" when the nf_router library is linked in (p4nf links it).
//
// With `fib: kernel`, the section's interfaces, static routes and neighbours are
// translated here as well; the kernel's routes and neighbours are added while the agent
// runs, by the mirror of kernel_fib.h, which merges them with this same static state.
#pragma once

#include <vector>

#include "loader/config/translator.h"

namespace p4nf::router {

// The translator itself (also registered as "router" at start-up).
void translateRouterSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables);

// Registers the translator again (after a test cleared the registry, for example).
void registerRouterTranslator();

}  // namespace p4nf::router
