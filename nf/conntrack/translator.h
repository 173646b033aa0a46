// conntrack's control-plane translator: an `nf: conntrack` module's `conntrack:` section
// -> the default action of conntrack.p4's `settings` table (loader/config/translator.h).
// Registered in registration.cpp.
#pragma once

#include <optional>
#include <vector>

#include "loader/config/translator.h"

namespace p4nf::conntrack {

// The section's keys (README.md, "Config"): `loose` (bool, default true) and `invalid`
// (pass or drop, default pass).
struct ConntrackSection {
  bool loose = true;
  bool dropInvalid = false;
};

// Parses the section, reporting mistakes through `walk`; nullopt when it has any.
std::optional<ConntrackSection> parseConntrackSection(const YAML::Node& node, const config::Mark& at,
                                                      config::YamlWalker& walk);

void translateConntrackSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                               std::vector<config::TableSpec>& tables);

}  // namespace p4nf::conntrack
