#include "cli/up_command.h"

#include <bpf/bpf.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/config_loading.h"
#include "cli/exit_codes.h"
#include "loader/agent/agent.h"
#include "loader/agent/agent_task.h"
#include "loader/nf_module.h"
#include "loader/deploy/agent_presence.h"
#include "loader/deploy/apply.h"
#include "loader/deploy/desired.h"
#include "loader/kernel_features.h"
#include "loader/loader_error.h"
#include "loader/sandbox/sandbox.h"
#include "loader/sandbox/sandbox_plan.h"

namespace p4nf::cli {
namespace {

struct UpOptions {
  std::string configFile;
  bool sandbox = false;
  bool once = false;
  bool dryRun = false;
  bool verbose = false;
};

// One apply of the file: read, validate, plan, apply. Prints what happened; returns an
// exit code. `sandboxFirst`: make the sandbox's veth pairs before resolving interfaces.
// `applied`, when given, receives the config once it is applied (for the agent's tasks).
int applyFile(const UpOptions& options, bool sandboxFirst,
              std::optional<config::Config>* applied = nullptr) {
  config::ValidatedConfig validated;
  try {
    validated = loadDeploymentConfig(options.configFile);
  } catch (const std::exception& error) {
    return reportLoadError(error);
  }
  const std::string& deployment = validated.config.deployment;
  bool madeSandbox = false;
  if (sandboxFirst) {
    std::string record = sandbox::defaultRecordPath(deployment);
    if (access(record.c_str(), F_OK) != 0) {  // a running sandbox is adopted as it is
      try {
        sandbox::createSandbox(sandbox::planSandbox(validated.config), record);
        madeSandbox = true;
      } catch (const std::exception& error) {
        std::cerr << "p4nf: sandbox: " << error.what() << "\n";
        return kExitError;
      }
    }
  }
  auto dropSandbox = [&] {
    if (madeSandbox) sandbox::destroySandbox(sandbox::defaultRecordPath(deployment));
  };
  deploy::Desired desired;
  try {
    desired = deploy::buildDesired(validated);
  } catch (const std::exception& error) {
    dropSandbox();
    std::cerr << "p4nf: " << error.what() << "\nnothing was changed\n";
    return kExitConfig;
  }
  if (options.dryRun) {
    auto current = deploy::readState(deployment);
    deploy::Plan plan = deploy::computePlan(desired, current ? &*current : nullptr);
    std::cout << (plan.changesAnything() ? plan.describe() : "nothing to change\n");
    return kExitOk;
  }
  deploy::ApplyHooks hooks;
  if (options.verbose)
    hooks.log = [](const std::string& line) { std::cout << "  " << line << "\n"; };
  try {
    deploy::ApplyOutcome outcome = deploy::applyDeployment(desired, hooks);
    if (outcome.changed)
      std::cout << "p4nf: deployment " << deployment << " applied (generation "
                << outcome.state.generation << ")\n"
                << outcome.description;
    else
      std::cout << "p4nf: deployment " << deployment << " is up to date (generation "
                << outcome.state.generation << ")\n";
    std::cout.flush();
  } catch (const std::exception& error) {
    dropSandbox();
    std::cerr << "p4nf: " << error.what() << "\n";
    auto* missing = dynamic_cast<const KernelFeatureError*>(&error);
    return missing && !missing->denied() ? kExitKernel : kExitError;
  }
  if (applied) *applied = std::move(validated.config);
  return kExitOk;
}

void agentLog(const std::string& line) { std::cout << "p4nf: " << line << std::endl; }

// The agent's tasks (loader/agent/agent_task.h) once, for `up --once`: each writes its
// first sync (a router with fib: kernel, a snapshot of the kernel's FIB) and stops.
int syncTasksOnce(const config::Config& applied) {
  size_t failures = 0, tasks = 0;
  for (const config::ModuleSpec& module : applied.modules) {
    const agent::AgentTaskFactory* factory =
        module.source == config::ModuleSource::Nf ? findAgentTask(module.nf) : nullptr;
    if (!factory) continue;
    try {
      std::unique_ptr<agent::AgentTask> task = (*factory)({applied, module, agentLog});
      if (!task) continue;
      ++tasks;
      task->resync();
    } catch (const std::exception& error) {
      agentLog("error: module " + module.name + ": its agent task cannot run: " + error.what());
      ++failures;
    }
  }
  if (tasks > 0)
    agentLog("--once: the agent tasks synced once; run p4nf up without --once to follow changes");
  return failures ? kExitError : kExitOk;
}

// The agent (loader/agent/agent.h): holds BPF stats on (so that status can count packets),
// runs the modules' agent tasks, re-applies the file on SIGHUP, and exits on SIGTERM/SIGINT
// leaving the data path running (it lives in the kernel, pinned; a new `p4nf up` adopts
// it), or when `p4nf down` removes the deployment.
int runAgent(const UpOptions& options, const config::Config& applied) {
  agent::Agent::Hooks hooks;
  hooks.log = agentLog;
  hooks.reapply = [&options]() -> std::optional<config::Config> {
    std::optional<config::Config> config;
    if (applyFile(options, false, &config) != kExitOk) return std::nullopt;
    return config;
  };
  hooks.reread = [&options]() -> std::optional<config::Config> {
    try {
      return loadDeploymentConfig(options.configFile).config;
    } catch (const std::exception& error) {
      reportLoadError(error);
      return std::nullopt;
    }
  };
  std::optional<deploy::AgentPresence> presence;
  std::optional<agent::Agent> agent;
  try {
    presence.emplace(applied.deployment);
    agent.emplace(applied.deployment, options.configFile, hooks);
  } catch (const std::exception& error) {
    std::cerr << "p4nf: the agent cannot start: " << error.what() << "\n";
    return kExitError;
  }
  int statsFd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (statsFd < 0)
    std::cerr << "p4nf: warning: cannot enable BPF stats (" << std::strerror(errno)
              << "): status shows no packet counts\n";
  agent->useConfig(applied);
  std::cout << "p4nf: agent running (pid " << getpid() << ", " << agent->taskCount()
            << " task(s)): SIGHUP re-applies " << options.configFile
            << ", SIGTERM leaves the data path running and exits" << std::endl;
  int signal = 0;
  try {
    signal = agent->run();
  } catch (const std::exception& error) {
    std::cerr << "p4nf: agent: " << error.what() << "\n";
    if (statsFd >= 0) close(statsFd);
    return kExitError;
  }
  if (signal != 0)
    std::cout << "p4nf: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
              << ": exiting; the data path keeps running (p4nf down removes it)" << std::endl;
  if (statsFd >= 0) close(statsFd);
  return kExitOk;
}

void addConfigOption(CLI::App* command, UpOptions& options) {
  command->add_option("-f,--file", options.configFile, "The deployment config (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_flag("-v,--verbose", options.verbose, "Print every step of the apply");
  command->add_flag("--dry-run", options.dryRun,
                    "Print the plan (what would change) and touch nothing");
}

}  // namespace

void addUpCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<UpOptions>();
  CLI::App* command = app.add_subcommand("up",
                                         "Validate the config, apply it atomically (adopting what "
                                         "is already deployed), then run as agent");
  addConfigOption(command, *options);
  command->add_flag(
      "--sandbox", options->sandbox,
      "Make each port a veth pair whose far end is a host in its own network namespace");
  command->add_flag("--once", options->once,
                    "Apply, sync the modules' agent tasks once, and exit instead of staying as "
                    "the agent");
  command->callback([options, &exitCode] {
    std::optional<config::Config> applied;
    exitCode = applyFile(*options, options->sandbox, &applied);
    if (exitCode != kExitOk || options->dryRun || !applied) return;
    exitCode = options->once ? syncTasksOnce(*applied) : runAgent(*options, *applied);
  });
}

void addApplyCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<UpOptions>();
  CLI::App* command = app.add_subcommand("apply",
                                         "Reconfigure a deployment hitlessly: only what changed is "
                                         "touched, kept maps keep their entries");
  addConfigOption(command, *options);
  command->callback([options, &exitCode] { exitCode = applyFile(*options, false); });
}

}  // namespace p4nf::cli
