#include "cli/status_command.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/status.h"

namespace p4nf::cli {
namespace {

struct StatusOptions {
  std::string deployment;
  std::string output = "text";
};

int runStatus(const StatusOptions& options) {
  try {
    std::vector<std::string> names = options.deployment.empty()
                                         ? deploy::listDeployments()
                                         : std::vector<std::string>{options.deployment};
    std::vector<deploy::DeploymentStatus> statuses;
    for (const std::string& name : names) {
      std::optional<deploy::DeploymentState> state = deploy::readState(name);
      if (!state) {
        std::cerr << "p4nf: deployment " << name << " is not up\n";
        return kExitNoDeployment;
      }
      statuses.push_back(deploy::readStatus(*state));
    }
    if (options.output == "json") {
      std::cout << deploy::statusJson(statuses);
    } else if (statuses.empty()) {
      std::cout << "no deployment is up\n";
    } else {
      for (const deploy::DeploymentStatus& s : statuses) std::cout << deploy::statusText(s);
    }
    if (statuses.empty()) return kExitNoDeployment;
    for (const deploy::DeploymentStatus& s : statuses)
      if (!s.problems.empty()) return kExitFailed;
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitError;
  }
}

}  // namespace

void addStatusCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command = app.add_subcommand(
      "status",
      "Show ports, chains, modules (program ids, attach points), table fill and packet counters");
  command->footer(
      "Reads each deployment's state file and checks it against the kernel. Problems (a pin\n"
      "missing, a hook running something else) are listed and make the exit code 1. Packet\n"
      "counts of the kernel's BPF stats are there while an agent runs. -o json prints a list,\n"
      "one object per deployment, in the schema of docs/json.md.\n"
      "\n"
      "Examples:\n"
      "  p4nf status\n"
      "  p4nf status --deployment edge -o json");
  command->add_option("--deployment", options->deployment, "Only this deployment (default: all)");
  command->add_option("-o,--output", options->output, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  command->callback([options, &exitCode] { exitCode = runStatus(*options); });
}

}  // namespace p4nf::cli
