#include "loader/agent/agent.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <vector>

#include "loader/agent/service_notify.h"
#include "loader/agent/state_watch.h"
#include "loader/nf_module.h"
#include "loader/deploy/deployment_state.h"
#include "loader/loader_error.h"

namespace p4nf::agent {
namespace {

sigset_t agentSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGHUP, SIGTERM, SIGINT}) sigaddset(&signals, s);
  return signals;
}

bool sameFile(const std::string& a, const std::string& b) {
  std::error_code error;
  return a == b || std::filesystem::equivalent(a, b, error);
}

}  // namespace

Agent::Agent(std::string deployment, std::string configFile, Hooks hooks)
    : deployment_(std::move(deployment)),
      configFile_(std::move(configFile)),
      hooks_(std::move(hooks)),
      health_(deployment_, configFile_) {
  if (!hooks_.log) hooks_.log = [](const std::string&) {};
  health_.applied(true);
  sigset_t signals = agentSignals();
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  signalFd_ = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signalFd_ < 0) throw LoaderError(std::string("signalfd: ") + std::strerror(errno));
  try {
    watch_ = std::make_unique<StateWatch>(deployment_);
  } catch (const LoaderError& error) {
    hooks_.log(std::string("warning: ") + error.what() +
               ": applies by other processes are seen only at the next SIGHUP");
  }
  generation_ = currentGeneration();
}

Agent::~Agent() {
  tasks_.clear();  // before the fds they may share with nothing else
  if (signalFd_ >= 0) close(signalFd_);
}

std::optional<uint64_t> Agent::currentGeneration() const {
  try {
    if (auto state = deploy::readState(deployment_)) return state->generation;
  } catch (const std::exception& error) {
    hooks_.log(std::string("cannot read the state file: ") + error.what());
  }
  return std::nullopt;
}

size_t Agent::useConfig(const config::Config& config) {
  size_t failures = 0;
  std::map<std::string, RunningTask> next;
  std::set<std::string> withTask;  // instances whose nf has a task factory
  for (const config::ModuleSpec& module : config.modules) {
    if (module.source != config::ModuleSource::Nf) continue;
    const AgentTaskFactory* factory = p4nf::findAgentTask(module.nf);
    if (!factory) continue;
    withTask.insert(module.name);
    AgentTaskInput input{config, module, hooks_.log};
    auto running = tasks_.find(module.name);
    try {
      if (running != tasks_.end() && running->second.nf == module.nf &&
          running->second.task->reconfigure(input)) {
        next[module.name] = std::move(running->second);
        recordTask(module.name, next[module.name]);
        continue;
      }
      if (running != tasks_.end()) tasks_.erase(running);  // its sockets close before the new opens
      std::unique_ptr<AgentTask> task = (*factory)(input);
      if (!task) {
        withTask.erase(module.name);
        continue;
      }
      hooks_.log(task->name() + ": started");
      next[module.name] = {module.nf, std::move(task), std::nullopt};
    } catch (const std::exception& error) {
      hooks_.log("error: module " + module.name + " (nf " + module.nf + "): its agent task " +
                 "cannot run: " + error.what());
      health_.taskCalled(module.name, module.nf, module.name + " (nf " + module.nf + ")", false,
                         false);
      ++failures;
      continue;
    }
    if (!callTask(module.name, next[module.name], "", [](AgentTask& t) { t.resync(); })) {
      next.erase(module.name);
      ++failures;
    }
  }
  for (auto& [instance, running] : tasks_)
    if (running.task) hooks_.log(running.task->name() + ": stopped (no longer in the config)");
  for (const auto& [instance, task] : health_.snapshot().tasks)
    if (!withTask.count(instance)) health_.taskGone(instance);
  tasks_ = std::move(next);
  health_.tasksStarted();
  return failures;
}

bool Agent::callTask(const std::string& instance, RunningTask& running, const std::string& what,
                     const std::function<void(AgentTask&)>& call) {
  AgentTask& task = *running.task;
  try {
    call(task);
  } catch (const std::exception& error) {
    hooks_.log("error: " + task.name() + what + ": " + error.what());
    health_.taskCalled(instance, running.nf, task.name(), false, true);
    return false;
  }
  recordTask(instance, running);
  return true;
}

void Agent::recordTask(const std::string& instance, const RunningTask& running) {
  bool retrying = running.task->retryAfterMs() >= 0;  // its write failed; it asked for a retry
  health_.taskCalled(instance, running.nf, running.task->name(), !retrying, retrying);
}

void Agent::resyncAll() {
  for (auto& [instance, running] : tasks_)
    callTask(instance, running, "", [](AgentTask& t) { t.resync(); });
}

void Agent::onSignal() {
  signalfd_siginfo info;
  while (read(signalFd_, &info, sizeof info) == sizeof info) {
    int signal = static_cast<int>(info.ssi_signo);
    if (signal != SIGHUP) {
      stopSignal_ = signal;
      return;
    }
    hooks_.log("SIGHUP: re-applying " + configFile_);
    notifyService("RELOADING=1");
    std::optional<config::Config> applied = hooks_.reapply ? hooks_.reapply() : std::nullopt;
    generation_ = currentGeneration();
    health_.applied(applied.has_value());
    if (applied) useConfig(*applied);
    else hooks_.log("the previous deployment keeps running");
    notifyService(applied ? "READY=1\nSTATUS=running; the last SIGHUP applied " + configFile_
                          : "READY=1\nSTATUS=running; the last SIGHUP failed: the previous "
                            "deployment runs");
  }
}

bool Agent::onStateChange() {
  watch_->takeEvents();
  std::optional<deploy::DeploymentState> state;
  try {
    state = deploy::readState(deployment_);
  } catch (const std::exception& error) {
    hooks_.log(std::string("cannot read the state file: ") + error.what());
    return true;
  }
  if (!state) return false;
  if (watch_->gone()) watch_ = std::make_unique<StateWatch>(deployment_);
  if (generation_ == state->generation) return true;
  generation_ = state->generation;
  hooks_.log("the deployment was applied by another process (generation " +
             std::to_string(state->generation) + ")");
  if (sameFile(state->configFile, configFile_) && hooks_.reread) {
    if (std::optional<config::Config> config = hooks_.reread()) {
      useConfig(*config);
      return true;
    }
  } else if (!sameFile(state->configFile, configFile_)) {
    hooks_.log("it was applied from " + state->configFile + ", not " + configFile_ +
               ": the agent's tasks keep their config");
  }
  resyncAll();
  return true;
}

int Agent::run() {
  stopSignal_ = -1;
  bool watchdog = serviceWatchdogWanted();
  while (stopSignal_ < 0) {
    std::vector<pollfd> fds;
    fds.push_back({signalFd_, POLLIN, 0});
    fds.push_back({watch_ ? watch_->fd() : -1, POLLIN, 0});  // poll ignores negative fds
    std::vector<std::string> order;
    for (auto& [instance, running] : tasks_) {
      fds.push_back({running.task->fd(), POLLIN, 0});
      order.push_back(instance);
    }
    int timeout = nextRetryTimeout();
    int ready = poll(fds.data(), fds.size(),
                     timeout < 0 ? kHeartbeatMs : std::min(timeout, kHeartbeatMs));
    health_.beat();
    if (watchdog) notifyService("WATCHDOG=1");
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw LoaderError(std::string("poll: ") + std::strerror(errno));
    }
    if (fds[0].revents) onSignal();
    if (stopSignal_ >= 0) break;
    if (fds[1].revents && !onStateChange()) {
      hooks_.log("the deployment was taken down (p4nf down): the agent exits");
      return 0;
    }
    for (size_t i = 0; i < order.size(); ++i) {
      if (!fds[2 + i].revents) continue;
      auto it = tasks_.find(order[i]);
      if (it == tasks_.end()) continue;  // replaced by a SIGHUP in this round
      if (fds[2 + i].fd != it->second.task->fd()) continue;
      if (!callTask(it->first, it->second, " stops", [](AgentTask& t) { t.onReadable(); }))
        tasks_.erase(it);
    }
    retryDue();
  }
  return stopSignal_;
}

int Agent::nextRetryTimeout() {
  auto now = std::chrono::steady_clock::now();
  int timeout = -1;
  for (auto& [instance, running] : tasks_) {
    int after = running.task->retryAfterMs();
    if (after < 0) {
      running.retryAt.reset();
      continue;
    }
    if (!running.retryAt) running.retryAt = now + std::chrono::milliseconds(after);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*running.retryAt - now);
    int ms = static_cast<int>(std::max<int64_t>(0, left.count()));
    timeout = timeout < 0 ? ms : std::min(timeout, ms);
  }
  return timeout;
}

void Agent::retryDue() {
  auto now = std::chrono::steady_clock::now();
  for (auto& [instance, running] : tasks_) {
    if (!running.retryAt || *running.retryAt > now) continue;
    running.retryAt.reset();
    hooks_.log(running.task->name() + ": writing again after the failed write");
    callTask(instance, running, "", [](AgentTask& t) { t.resync(); });
  }
}

}  // namespace p4nf::agent
