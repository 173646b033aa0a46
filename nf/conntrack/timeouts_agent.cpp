#include "nf/conntrack/timeouts_agent.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>

#include "loader/config/config_error.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/loader_error.h"
#include "nf/conntrack/translator.h"

namespace p4nf::conntrack {
namespace {

ConntrackSection readSection(const agent::AgentTaskInput& input) {
  config::Diagnostics diagnostics;
  config::YamlWalker walk(input.config.file, diagnostics);
  std::optional<ConntrackSection> section =
      parseConntrackSection(input.module.section, input.module.sectionAt, walk);
  if (!section) {
    std::string message = "module " + input.module.name + ": the conntrack: section does not read";
    for (const config::Diagnostic& d : diagnostics.all()) message += "\n" + d.render();
    throw LoaderError(message);
  }
  return std::move(*section);
}

class TimeoutsTask : public agent::AgentTask {
 public:
  TimeoutsTask(std::string deployment, std::string instance, ConntrackSection section, agent::AgentLog log)
      : deployment_(std::move(deployment)), instance_(std::move(instance)), section_(std::move(section)),
        log_(std::move(log)) {}

  std::string name() const override { return instance_ + ": conntrack timeouts"; }
  int fd() const override { return -1; }
  void onReadable() override {}

  void resync() override {
    retry_ = -1;
    try {
      std::optional<deploy::DeploymentState> state = deploy::readState(deployment_);
      const deploy::ModuleRecord* module = state ? state->module(instance_) : nullptr;
      if (!module || module->objects.empty()) return;  // not deployed (yet)
      Manifest manifest = parseManifest(module->objects.front().manifest);
      const ManifestTable& table = manifest.table("connections");
      if (!table.expiry) return;
      deploy::PinnedMaps maps(*state, instance_);
      int fd = maps(table.expiry->profilesMap);
      // Every profile of the names: the configured ones, 0 (the default) for the rest, so
      // that a timeout taken out of the config goes back to Linux's.
      for (const auto& [name, profile] : timeoutNames()) {
        auto it = section_.timeouts.find(profile);
        uint64_t ns = it == section_.timeouts.end() ? 0 : it->second * 1000000000ull;
        uint32_t key = profile;
        if (bpf_map_update_elem(fd, &key, &ns, BPF_ANY) != 0)
          throw LoaderError("writing timeout " + name + ": " + std::strerror(errno));
      }
      if (!section_.timeouts.empty())
        log_(instance_ + ": " + std::to_string(section_.timeouts.size()) + " conntrack timeouts set");
    } catch (const std::exception& error) {
      log_(instance_ + ": conntrack timeouts not written (" + error.what() + "); retrying");
      retry_ = 1000;
    }
  }

  bool reconfigure(const agent::AgentTaskInput& input) override {
    section_ = readSection(input);
    resync();
    return true;
  }

  int retryAfterMs() const override { return retry_; }

 private:
  std::string deployment_, instance_;
  ConntrackSection section_;
  agent::AgentLog log_;
  int retry_ = -1;
};

}  // namespace

std::unique_ptr<agent::AgentTask> makeTimeoutsAgentTask(const agent::AgentTaskInput& input) {
  ConntrackSection section = readSection(input);
  return std::make_unique<TimeoutsTask>(input.config.deployment, input.module.name, std::move(section),
                                        input.log);
}

}  // namespace p4nf::conntrack
