// Reading a deployment config (docs/config.md) into the typed model of model.h. The
// parser checks everything that needs no compiled object: YAML syntax, keys, types,
// ranges, names, files, and the references between ports, modules and chains. It
// collects every error of the file and throws one ConfigError holding them all.
#pragma once

#include <string>
#include <vector>

#include "common/dataplane_abi.h"
#include "loader/config/config_error.h"
#include "loader/config/model.h"

namespace p4nf::config {

struct ParseOptions {
  // Folder that relative `p4:` paths resolve against; empty: the config file's folder.
  std::string baseDir;
  // Where `nf: <name>` modules are looked up; empty: defaultNfSearchPath().
  std::vector<std::string> nfSearchPath;
  // Check that `p4:` files exist (off for the fuzzer, which has no files).
  bool checkFiles = true;
};

// Limits the parser enforces (documented in docs/config.md).
constexpr uint32_t kMaxPortId = abi::kPortsMapSize - 1;  // the ports map's keys
constexpr size_t kMaxChainLength = abi::kChainSlots;      // the p4nf_chain prog array's slots
constexpr size_t kMaxDeploymentName = 32;
constexpr size_t kMaxInstanceName = 64;

// Throws ConfigError (every error found) or LoaderError (the file cannot be read).
Config parseConfigFile(const std::string& path, const ParseOptions& options = {});
Config parseConfigText(const std::string& text, const std::string& fileName,
                       const ParseOptions& options = {});

}  // namespace p4nf::config
