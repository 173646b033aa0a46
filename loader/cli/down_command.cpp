#include "cli/down_command.h"

#include <iostream>

#include "cli/config_loading.h"
#include "cli/deployment_choice.h"
#include "cli/exit_codes.h"
#include "loader/deploy/teardown.h"
#include "loader/sandbox/sandbox.h"

namespace p4nf::cli {
namespace {

struct DownOptions {
  std::string configFile;
  std::string deployment;
  bool verbose = false;
};

int runDown(const DownOptions& options) {
  try {
    std::string deployment = chooseDeployment(options.deployment, options.configFile);
    std::function<void(const std::string&)> log;
    if (options.verbose) log = [](const std::string& line) { std::cout << "  " << line << "\n"; };
    bool existed = deploy::tearDown(deployment, log);
    bool hadSandbox = sandbox::destroySandbox(sandbox::defaultRecordPath(deployment));
    if (!existed && !hadSandbox) {
      std::cout << "p4nf: deployment " << deployment << " is not up: nothing to do\n";
      return kExitOk;
    }
    std::cout << "p4nf: deployment " << deployment << " is down"
              << (hadSandbox ? " (sandbox removed)" : "") << "\n";
    return kExitOk;
  } catch (const config::ConfigError& error) {
    return reportLoadError(error);  // -f names a file that is not a valid config: exit 3
  } catch (const std::exception& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitError;
  }
}

}  // namespace

void addDownCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<DownOptions>();
  CLI::App* command = app.add_subcommand(
      "down",
      "Detach and unpin everything the deployment made (and nothing else); remove its sandbox");
  command->footer(
      "Detaches every hook of the deployment, unpins its programs, links and maps, removes\n"
      "its state file and sandbox, and ends its agent. Nothing the state file does not list\n"
      "is touched. A deployment that is not up is not an error.\n"
      "\n"
      "Examples:\n"
      "  p4nf down -f edge.yaml\n"
      "  p4nf down --deployment edge");
  command
      ->add_option("-f,--file", options->configFile,
                   "The deployment's config (for its deployment: name)")
      ->check(CLI::ExistingFile);
  command->add_option("--deployment", options->deployment, "The deployment's name");
  command->add_flag("-v,--verbose", options->verbose, "Print every step");
  command->callback([options, &exitCode] { exitCode = runDown(*options); });
}

}  // namespace p4nf::cli
