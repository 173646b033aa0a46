#include "cli/deployment_choice.h"

#include "loader/config/parse.h"
#include "loader/deploy/deployment_state.h"
#include "loader/loader_error.h"

namespace p4nf::cli {

std::string chooseDeployment(const std::string& deploymentOption, const std::string& configFile) {
  if (!deploymentOption.empty()) return deploymentOption;
  if (!configFile.empty()) {
    config::ParseOptions options;
    options.checkFiles = false;  // only the name is needed
    return config::parseConfigFile(configFile, options).deployment;
  }
  std::vector<std::string> deployments = deploy::listDeployments();
  if (deployments.size() == 1) return deployments.front();
  if (deployments.empty()) return "default";
  std::string names;
  for (const std::string& name : deployments) names += (names.empty() ? "" : ", ") + name;
  throw LoaderError("there are several deployments (" + names +
                    "): say which with --deployment NAME");
}

}  // namespace p4nf::cli
