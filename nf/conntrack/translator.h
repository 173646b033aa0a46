// conntrack's control-plane translator: an `nf: conntrack` module's `conntrack:` section
// -> the default action of conntrack.p4's `settings` table (loader/config/translator.h).
// Registered in registration.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loader/config/translator.h"

namespace p4nf::conntrack {

// The section's keys (README.md, "Config"): `loose` (bool, default true), `invalid`
// (pass or drop, default pass) and `timeouts` (seconds by name, below).
struct ConntrackSection {
  bool loose = true;
  bool dropInvalid = false;
  // conntrack.p4's timeout profile -> seconds, for the names given; the others keep the
  // compiled-in defaults (Linux's).
  std::map<uint32_t, uint64_t> timeouts;
};

// The names of `timeouts:` and their profiles, in conntrack.p4's order.
const std::vector<std::pair<std::string, uint32_t>>& timeoutNames();

// Parses the section, reporting mistakes through `walk`; nullopt when it has any.
std::optional<ConntrackSection> parseConntrackSection(const YAML::Node& node, const config::Mark& at,
                                                      config::YamlWalker& walk);

void translateConntrackSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                               std::vector<config::TableSpec>& tables);

}  // namespace p4nf::conntrack
