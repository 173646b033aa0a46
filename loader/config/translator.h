// Module section translators: the control plane of a prebuilt module (nf/<name>/) turns
// its own config section (`router: {routes: ..., neighbours: ...}`) into table entries by
// manifest names. A module's translator is part of its registration (loader/nf_module.h);
// the validator calls it once
// per compiled object (per target) with that object's manifest, then checks and encodes
// the entries it returns exactly like raw `tables:` entries, so a translator never
// encodes bytes itself and its values get the same checks and error positions.
//
// A module with a section but no registered translator is a config error.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "loader/config/config_error.h"
#include "loader/config/model.h"
#include "loader/config/yaml_walk.h"
#include "manifest/manifest.h"

namespace p4nf::config {

struct TranslatorInput {
  const Config& config;        // the whole config (ports, for example)
  const ModuleSpec& module;    // module.section is the section; module.sectionAt its key
  const Manifest& manifest;    // the object the entries are for
  const std::string& target;   // "xdp" or "tc"
};

// Appends the tables to write (TableSpec with marks pointing into the section, values in
// the forms of value_codec.h) to `tables`; reports mistakes in the section through
// `walk` (which knows the file and collects the diagnostics). A table may appear both
// here and in the module's raw `tables:`; its entries are then concatenated.
using Translator =
    std::function<void(const TranslatorInput& input, YamlWalker& walk, std::vector<TableSpec>& tables)>;


}  // namespace p4nf::config
