// The second stage of reading a config: with each module's compiled object, check every
// table entry, default action and module section against the object's manifest, and
// encode them into Entry values. The result, ValidatedConfig, is all the deploy step
// needs: objects (ELF bytes + manifest) per module instance and target, and the entries
// per table, without going back to the YAML.
//
// Compiling is not done here: libp4nf stays free of LLVM. The caller passes a
// ModuleResolver (the p4nf command's compiles through loader/cli/compile_p4.h, wrapped
// in the content-hash cache of module_cache.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/config/config_error.h"
#include "loader/config/model.h"
#include "loader/entry.h"
#include "manifest/manifest.h"

namespace p4nf::config {

struct ResolvedObject {
  std::string elf;                           // the object's bytes
  std::shared_ptr<const Manifest> manifest;  // null: read from elf's .p4nf.manifest section
};

// The object of `module` (module.path is its .p4 source; module.nf its nf name, if any)
// compiled for `target` ("xdp" or "tc"). Throws LoaderError saying why it cannot; the
// message becomes a config error at the module's `p4:` / `nf:` line.
using ModuleResolver =
    std::function<ResolvedObject(const ModuleSpec& module, const std::string& target)>;

struct DefaultActionValue {
  Mark at;
  const ManifestAction* action = nullptr;  // points into the ModuleObject's manifest
  std::vector<mpz_class> args;
};

struct TableEntries {
  Mark at;                                  // where the table was named (or its translator's section)
  std::string table;                        // the manifest's full table name
  std::vector<Entry> entries;               // in config order; actions point into the manifest
  std::vector<Mark> entryMarks;             // parallel to entries
  std::optional<DefaultActionValue> defaultAction;  // only when the config sets one
  bool agentOwned = false;                  // TableSpec::agentOwned of any of its specs
};

struct ModuleObject {
  std::string target;  // "xdp" or "tc"
  std::string elf;
  std::shared_ptr<const Manifest> manifest;
  std::vector<TableEntries> tables;  // only the tables the config writes

  const TableEntries* findTable(const std::string& fullName) const;
};

struct ValidatedModule {
  std::string name;                  // the instance name, as in config.modules
  std::vector<ModuleObject> objects;  // one per target in config.targetsOf(name)

  const ModuleObject* object(const std::string& target) const;
};

struct ValidatedConfig {
  Config config;
  std::vector<ValidatedModule> modules;  // in config.modules order

  const ValidatedModule* findModule(const std::string& name) const;
};

// Throws ConfigError with every error found (in all modules and targets).
ValidatedConfig validateConfig(const Config& config, const ModuleResolver& resolver);

// The checks of one module's tables against one manifest, for tools and tests that have
// a manifest but no whole config. Adds errors to `diagnostics`.
std::vector<TableEntries> validateTables(const Config& config, const ModuleSpec& module,
                                         const Manifest& manifest, const std::string& target,
                                         Diagnostics& diagnostics);

}  // namespace p4nf::config
