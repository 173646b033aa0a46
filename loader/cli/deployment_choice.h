// Which deployment a command means: --deployment NAME, else the one named in -f CONFIG,
// else the only deployment there is, else "default".
#pragma once

#include <string>

namespace p4nf::cli {

// Throws LoaderError when several deployments exist and none was named.
std::string chooseDeployment(const std::string& deploymentOption, const std::string& configFile);

}  // namespace p4nf::cli
