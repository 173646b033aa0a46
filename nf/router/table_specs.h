// RouterTables (router_tables.h) as table entries by router.p4's manifest names, in the
// config layer's form (config::TableSpec: values as text, checked and encoded by the
// loader like raw `tables:` entries). Used by the config translator and by the agent when
// the kernel mirror (kernel_fib.h) reports new tables.
#pragma once

#include <vector>

#include "loader/config/model.h"
#include "manifest/manifest.h"
#include "nf/router/router_tables.h"

namespace p4nf::router {

// One TableSpec per router table, every entry and the routing tables' default action
// (no_route), all marked `at`. Throws LoaderError when the manifest lacks a router table
// (the object is not router.p4).
std::vector<config::TableSpec> toTableSpecs(const RouterTables& tables, const Manifest& manifest,
                                            const config::Mark& at);

}  // namespace p4nf::router
