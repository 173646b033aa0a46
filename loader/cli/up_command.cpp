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
#include "loader/agent/http_endpoint.h"
#include "loader/agent/metrics.h"
#include "loader/agent/service_notify.h"
#include "loader/config/name_rules.h"
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
  std::string listen;  // --listen: address:port or "off"; empty: the config's, else the default
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

// Where the agent's HTTP endpoint listens: --listen, else the config's `agent: listen:`,
// else on (config::kDefaultListen) for an agent that runs as a service and off for a
// sandbox (a demo or a test, which need no port). nullopt: off.
std::optional<config::ListenAddress> listenAddress(const UpOptions& options,
                                                   const config::Config& applied) {
  std::string text = !options.listen.empty()      ? options.listen
                     : applied.agent.listen       ? *applied.agent.listen
                     : options.sandbox            ? "off"
                                                  : config::kDefaultListen;
  if (text == "off") return std::nullopt;
  config::ListenAddress address;
  config::parseListenAddress(text, address);  // checked by the parser or the option's check
  return address;
}

// The agent (loader/agent/agent.h): holds BPF stats on (so that status can count packets),
// runs the modules' agent tasks, serves its HTTP endpoint (metrics, liveness, readiness),
// re-applies the file on SIGHUP, and exits on SIGTERM/SIGINT leaving the data path running
// (it lives in the kernel, pinned; a new `p4nf up` adopts it), or when `p4nf down`
// removes the deployment. Under systemd it tells the unit when it is ready (Type=notify).
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
  std::optional<agent::HttpEndpoint> endpoint;
  std::optional<config::ListenAddress> listen = listenAddress(options, applied);
  try {
    presence.emplace(applied.deployment);
    agent.emplace(applied.deployment, options.configFile, hooks);
    if (listen) {
      const agent::AgentHealth& health = agent->health();
      endpoint.emplace(*listen, agent::HttpEndpoint::Handlers{
                                    [&health] { return agent::renderMetrics(health); },
                                    [&health] { return health.notAlive(); },
                                    [&health] { return health.notReady(); }});
    }
  } catch (const std::exception& error) {
    std::cerr << "p4nf: the agent cannot start: " << error.what()
              << "\np4nf: the deployment is applied and runs without an agent\n";
    agent::notifyService("STATUS=the agent cannot start: " + std::string(error.what()));
    return kExitError;
  }
  int statsFd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  agent->health().holdsStats(statsFd >= 0);
  if (statsFd < 0)
    std::cerr << "p4nf: warning: cannot enable BPF stats (" << std::strerror(errno)
              << "): status shows no packet counts\n";
  agent->useConfig(applied);
  std::string endpointText =
      listen ? ", metrics on http://" + listen->text() + "/metrics" : std::string(", no HTTP endpoint");
  std::cout << "p4nf: agent running (pid " << getpid() << ", " << agent->taskCount()
            << " task(s)" << endpointText << "): SIGHUP re-applies " << options.configFile
            << ", SIGTERM leaves the data path running and exits" << std::endl;
  agent::notifyService("READY=1\nSTATUS=running" + endpointText);
  int signal = 0;
  try {
    signal = agent->run();
  } catch (const std::exception& error) {
    std::cerr << "p4nf: agent: " << error.what() << "\n";
    if (statsFd >= 0) close(statsFd);
    return kExitError;
  }
  agent::notifyService("STOPPING=1");
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
  command->footer(
      "Reads the config (docs/config.md), validates all of it (every error with\n"
      "file:line:col, exit 3), compiles its modules (cached), plans against what runs\n"
      "(a deployment that is up is adopted: nothing unchanged is reloaded or re-attached)\n"
      "and applies all or nothing. Then it stays as the deployment's agent: it runs the\n"
      "modules' agent tasks (the router's kernel FIB mirror), serves metrics, liveness and\n"
      "readiness over HTTP (docs/metrics.md), re-applies the file on SIGHUP, and on SIGTERM\n"
      "exits leaving the data path running; `p4nf down` removes it. One agent per\n"
      "deployment: a second `up` applies its file and exits 2.\n"
      "\n"
      "Run it as a service with the unit deploy/systemd/p4nf@.service (docs/fleet.md).\n"
      "\n"
      "Examples:\n"
      "  p4nf up -f /etc/p4nf/edge.yaml\n"
      "  p4nf up -f config/router.yaml --sandbox --listen 127.0.0.1:9477\n"
      "  p4nf up -f edge.yaml --once          # apply, sync the tasks once, exit");
  addConfigOption(command, *options);
  command->add_flag(
      "--sandbox", options->sandbox,
      "Make each port a veth pair whose far end is a host in its own network namespace");
  command->add_flag("--once", options->once,
                    "Apply, sync the modules' agent tasks once, and exit instead of staying as "
                    "the agent");
  command
      ->add_option("--listen", options->listen,
                   "The agent's HTTP endpoint (/metrics, /healthz, /readyz): address:port, or off. "
                   "Default: the config's agent: listen:, else " +
                       std::string(config::kDefaultListen) + ", off with --sandbox")
      ->check([](const std::string& text) -> std::string {
        config::ListenAddress address;
        return text == "off" ? "" : config::parseListenAddress(text, address);
      });
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
  command->footer(
      "Validates, plans and applies the config like `up`, without becoming the agent. Maps\n"
      "whose schema did not change keep their entries; a changed module is swapped into its\n"
      "chain slot or hook atomically; on any error everything is undone (exit 2). A running\n"
      "agent notices the apply and re-syncs its tasks.\n"
      "\n"
      "Examples:\n"
      "  p4nf apply -f edge.yaml --dry-run    # print the plan, change nothing\n"
      "  p4nf apply -f edge.yaml -v");
  addConfigOption(command, *options);
  command->callback([options, &exitCode] { exitCode = applyFile(*options, false); });
}

}  // namespace p4nf::cli
