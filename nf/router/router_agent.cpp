#include "nf/router/router_agent.h"

#include <algorithm>

#include "loader/config/config_error.h"
#include "loader/config/yaml_walk.h"
#include "loader/loader_error.h"
#include "nf/router/table_specs.h"

namespace p4nf::router {
namespace {

// The section of a validated config, read again (the translator already reported every
// mistake in it, so an error here is a bug, not the user's).
RouterSection readSection(const agent::AgentTaskInput& input) {
  config::Diagnostics diagnostics;
  config::YamlWalker walk(input.config.file, diagnostics);
  std::optional<RouterSection> section =
      parseRouterSection(input.module.section, input.module.sectionAt, input.config, walk);
  if (!section) {
    std::string message = "module " + input.module.name + ": the router: section does not read";
    for (const config::Diagnostic& d : diagnostics.all()) message += "\n" + d.render();
    throw LoaderError(message);
  }
  return std::move(*section);
}

KernelFibOptions optionsFor(const config::Config& config, const RouterSection& section) {
  KernelFibOptions options;
  options.table = section.fibTable;  // in the agent's own network namespace
  for (const config::PortSpec& port : config.ports) options.ports[port.interface] = port.id;
  return options;
}

}  // namespace

KernelFibTask::KernelFibTask(std::string deployment, std::string instance, RouterSection section,
                             KernelFibOptions options, agent::AgentLog log)
    : instance_(std::move(instance)),
      section_(std::move(section)),
      options_(std::move(options)),
      log_(std::move(log)),
      writer_(std::move(deployment), instance_),
      mirror_(openMirror()) {}

std::unique_ptr<KernelFibMirror> KernelFibTask::openMirror() {
  writing_ = false;
  auto mirror = std::make_unique<KernelFibMirror>(section_.state, options_,
                                                  [this](const RouterTables& tables) {
                                                    if (writing_) write(tables, "kernel change");
                                                  });
  writing_ = true;
  return mirror;
}

void KernelFibTask::write(const RouterTables& tables, const std::string& why) {
  reportProblems();
  try {
    agent::SyncResult result = writer_.sync(
        [&](const Manifest& manifest) { return toTableSpecs(tables, manifest, config::Mark{}); });
    failedWrites_ = 0;
    if (!result.deploymentUp) {
      log_(name() + ": " + why + ": the deployment is not up; nothing written");
      return;
    }
    if (result.changedAnything()) log_(name() + ": " + why + ": " + result.summary());
  } catch (const std::exception& error) {
    // Written again, reading the tables back first, at the next kernel change or apply,
    // or when the agent calls resync() after retryAfterMs().
    ++failedWrites_;
    log_("error: " + name() + ": " + why + ": " + error.what() + " (tried again in " +
         std::to_string(retryAfterMs() / 1000) + " s, or at the next change)");
  }
}

int KernelFibTask::retryAfterMs() const {
  if (failedWrites_ == 0) return -1;
  return std::min(30000, 1000 << std::min(failedWrites_ - 1, 5));
}

void KernelFibTask::reportProblems() {
  const std::vector<std::string>& problems = mirror_ ? mirror_->problems() : reportedProblems_;
  if (problems == reportedProblems_) return;
  for (const std::string& p : problems)
    log_("warning: " + name() + ": left out (the kernel still routes it): " + p);
  reportedProblems_ = problems;
}

void KernelFibTask::onReadable() {
  try {
    mirror_->processEvents(0);
    return;
  } catch (const std::exception& error) {
    // Lost events (the socket overran) leave the caches behind the kernel: dump afresh.
    log_("warning: " + name() + ": " + error.what() + "; reading the kernel's tables again");
  }
  mirror_.reset();
  mirror_ = openMirror();
  writer_.forget();
  write(mirror_->tables(), "after a new dump");
}

void KernelFibTask::resync() { write(mirror_->tables(), "sync"); }

bool KernelFibTask::reconfigure(const agent::AgentTaskInput& input) {
  RouterSection section = readSection(input);
  if (section.fib != FibSource::Kernel) return false;
  KernelFibOptions options = optionsFor(input.config, section);
  if (options.table != options_.table || options.ports != options_.ports) return false;
  section_ = std::move(section);
  writing_ = false;  // resync() writes the result once
  mirror_->setConfigured(section_.state);
  writing_ = true;
  resync();
  return true;
}

std::unique_ptr<agent::AgentTask> makeRouterAgentTask(const agent::AgentTaskInput& input) {
  RouterSection section = readSection(input);
  if (section.fib != FibSource::Kernel) return nullptr;
  KernelFibOptions options = optionsFor(input.config, section);
  return std::make_unique<KernelFibTask>(input.config.deployment, input.module.name,
                                         std::move(section), std::move(options), input.log);
}

}  // namespace p4nf::router
