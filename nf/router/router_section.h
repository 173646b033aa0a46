// The router's config section (`router:` under a module with `nf: router`; the reference
// is nf/router/README.md) read into a RouterState, with every mistake reported at its
// YAML line and column.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "loader/config/model.h"
#include "loader/config/yaml_walk.h"
#include "nf/router/router_state.h"

namespace p4nf::router {

enum class FibSource { Static, Kernel };

struct RouterSection {
  RouterState state;  // interfaces, static routes and neighbours, policy
  FibSource fib = FibSource::Static;
  uint32_t fibTable = 254;  // fib: kernel: the kernel routing table mirrored (main)
  // Interfaces given without `mac:` (allowed with fib: kernel, whose mirror reads the
  // MAC from the kernel): their ports.
  std::vector<uint32_t> portsWithoutMac;
  // Where each route and neighbour of `state` was written, for problems found later.
  std::vector<config::Mark> routeMarks, neighbourMarks;
};

// std::nullopt when the section has errors (reported through `walk`).
std::optional<RouterSection> parseRouterSection(const YAML::Node& section,
                                                const config::Mark& sectionAt,
                                                const config::Config& config,
                                                config::YamlWalker& walk);

}  // namespace p4nf::router
