// Reading a deployment config for `up`, `apply` and `down -f`: parse, compile each module
// (through the content-hash cache) and validate everything against the manifests. Nothing
// here touches the kernel.
#pragma once

#include <string>

#include "loader/config/validate.h"

namespace p4nf::cli {

// Throws config::ConfigError (every error, file:line:col) or LoaderError. `p4:` may also
// name an object built by p4nfc (.o): it is used as it is, for the targets it was built for.
config::ValidatedConfig loadDeploymentConfig(const std::string& path);

// Prints a ConfigError's diagnostics (or any LoaderError) to stderr and returns the exit code.
int reportLoadError(const std::exception& error);

}  // namespace p4nf::cli
