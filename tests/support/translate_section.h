// Running one module's config-section translator over a whole config text, as the
// validator does, for the modules' translator tests (nf/<name>/tests/translator_test.cpp).
// Header-only: those tests link the module's control plane, not the kernel test support.
#pragma once

#include <string>
#include <vector>

#include "loader/config/parse.h"
#include "loader/config/translator.h"

namespace p4nf::testing {

struct TranslatedSection {
  std::vector<config::TableSpec> tables;
  config::Diagnostics diagnostics;
};

// Parses `text` (named `file` in diagnostics, its `nf:` modules found in `nfDir`) and runs
// `translator` on module `module`'s section against `manifest` for hook type `target`.
inline TranslatedSection translateSection(const std::string& text, const std::string& file,
                                          const std::string& nfDir, const std::string& module,
                                          const Manifest& manifest, const std::string& target,
                                          const config::Translator& translator) {
  config::ParseOptions options;
  options.nfSearchPath = {nfDir};
  config::Config cfg = config::parseConfigText(text, file, options);
  TranslatedSection result;
  config::YamlWalker walk(file, result.diagnostics);
  translator({cfg, *cfg.findModule(module), manifest, target}, walk, result.tables);
  return result;
}

}  // namespace p4nf::testing
