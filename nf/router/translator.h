// The router's control-plane translator: `nf: router` modules' `router:` section ->
// entries of router.p4's tables (loader/config/translator.h). It registers itself under
// "router" when the nf_router library is linked in (p4nf links it).
//
// With `fib: kernel`, the section is checked here but only the routing tables' default
// actions (the no_route policy) are written by an apply: every entry, the section's
// static ones included, is written by the router's agent task (router_agent.h), which
// merges the section with the kernel's FIB (kernel_fib.h) and owns the tables.
#pragma once

#include <vector>

#include "loader/config/translator.h"

namespace p4nf::router {

// The `router:` section's translator (registered in registration.cpp).
void translateRouterSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables);

}  // namespace p4nf::router
