#include "loader/agent/metrics.h"

#include <charconv>

#include "loader/deploy/counter_reader.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/deploy/status.h"
#include "manifest/manifest.h"
#include "loader/nf_module.h"

namespace p4nf::agent {
namespace {

using Labels = Exposition::Labels;

// Label values escape backslash, double quote and newline (the text format's rule).
std::string escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

Labels with(Labels labels, const Labels& more) {
  labels.insert(labels.end(), more.begin(), more.end());
  return labels;
}

// The agent itself: its applies, readiness and tasks.
void agentMetrics(Exposition& out, const AgentHealth& health, const Labels& d) {
  AgentSnapshot agent = health.snapshot();
  out.gauge("p4nf_agent_info", "The agent of this deployment (always 1), with its config file",
            with(d, {{"config_file", agent.configFile}}), 1);
  out.gauge("p4nf_agent_start_time_seconds", "When the agent started, in seconds since the epoch",
            d, agent.startUnix);
  const char* applies = "Applies of the config file by the agent (at start and on SIGHUP), by result";
  out.counter("p4nf_agent_applies_total", applies, with(d, {{"result", "success"}}),
              agent.appliesSucceeded);
  out.counter("p4nf_agent_applies_total", applies, with(d, {{"result", "failure"}}),
              agent.appliesFailed);
  out.gauge("p4nf_agent_last_apply_success", "1 when the agent's last apply worked, else 0", d,
            agent.lastApplyOk ? 1 : 0);
  out.gauge("p4nf_agent_last_apply_timestamp_seconds",
            "When the agent last applied its config file, in seconds since the epoch", d,
            agent.lastApplyUnix);
  out.gauge("p4nf_agent_ready",
            "1 when the config is applied and every task is in sync (what /readyz answers)", d,
            health.notReady().empty() ? 1 : 0);
  for (const auto& [instance, task] : agent.tasks) {
    Labels t = with(d, {{"module", instance}, {"nf", task.nf}});
    out.gauge("p4nf_agent_task_in_sync",
              "1 when the module's agent task wrote its tables as it wants them, 0 while a failed "
              "write waits for its retry",
              t, task.inSync ? 1 : 0);
    if (task.lastSyncUnix)
      out.gauge("p4nf_agent_task_last_sync_timestamp_seconds",
                "When the task last left its tables in sync, in seconds since the epoch", t,
                *task.lastSyncUnix);
    out.counter("p4nf_agent_task_syncs_total", "The task's writes that left its tables in sync", t,
                task.syncs);
    out.counter("p4nf_agent_task_failed_writes_total",
                "The task's table writes that failed (a full table, a map swapped by an apply); "
                "each is retried",
                t, task.failedWrites);
  }
}

// A module's Counter externs that its registration gives a meaning (nf_module.h): per
// port in and out, and reasons with their verdicts. Cells are per-CPU, summed here.
void meaningfulCounters(Exposition& out, const deploy::DeploymentState& state,
                        const deploy::ModuleRecord& module, const Manifest& manifest,
                        const Labels& m) {
  std::optional<deploy::PinnedMaps> maps;
  for (const ManifestExtern& e : manifest.externs) {
    if (e.kind != "Counter") continue;
    const CounterMetric* meaning = findCounterMetric(module.nf, e.name);
    if (!meaning) continue;
    if (!maps) maps.emplace(state, module.instance);
    std::vector<deploy::CounterCell> cells = deploy::readCounterCells(e, (*maps)(e.map));
    if (meaning->meaning == CounterMeaning::Reasons) {
      const std::vector<std::string>* names = findCounterLabels(module.nf, e.name);
      for (size_t i = 0; i < cells.size(); ++i) {
        Labels r = with(m, {{"reason", names && i < names->size() ? (*names)[i] : std::to_string(i)},
                            {"verdict", i < meaning->verdicts.size() ? meaning->verdicts[i] : ""}});
        out.counter("p4nf_reason_packets_total",
                    "Frames by what the module did with them (verdict: forward, host, drop) and why",
                    r, cells[i].packets);
        out.counter("p4nf_reason_bytes_total", "Bytes of those frames", r, cells[i].bytes);
      }
      continue;
    }
    bool in = meaning->meaning == CounterMeaning::PortsIn;
    std::string name = in ? "p4nf_port_receive_" : "p4nf_port_transmit_";
    for (const deploy::PortRecord& port : state.ports) {
      if (port.id >= cells.size()) continue;
      Labels p = with(m, {{"port", std::to_string(port.id)}, {"interface", port.interface}});
      out.counter(name + "packets_total",
                  in ? "Frames the module received by input port" : "Frames the module sent by output port",
                  p, cells[port.id].packets);
      out.counter(name + "bytes_total", in ? "Bytes the module received by input port"
                                           : "Bytes the module sent by output port",
                  p, cells[port.id].bytes);
    }
  }
}

void deploymentMetrics(Exposition& out, const deploy::DeploymentState& state, bool statsHeld,
                       const Labels& d) {
  deploy::DeploymentStatus status = deploy::readStatus(state);
  // readStatus assumes a running agent holds the stats on; this agent knows whether it does.
  status.statsEnabled = deploy::bpfStatsSysctl() || statsHeld;
  out.gauge("p4nf_deployment_generation", "The generation of the deployment's last apply", d,
            static_cast<double>(status.generation));
  out.gauge("p4nf_deployment_problems",
            "Problems p4nf status reports (a pin missing, a hook running something else)", d,
            static_cast<double>(status.problems.size()));
  out.gauge("p4nf_bpf_stats_enabled", "1 when the kernel counts program runs and run time", d,
            status.statsEnabled ? 1 : 0);
  for (const deploy::AttachStatus& a : status.attachments)
    out.gauge("p4nf_attach_up", "1 when the attach point runs the deployment's program, else 0",
              with(d, {{"chain", a.record.chain},
                       {"interface", a.record.interface},
                       {"hook", config::hookName(a.record.hook)}}),
              a.runningProgramId != 0 ? 1 : 0);
  for (const deploy::ModuleStatus& module : status.modules) {
    Labels m = with(d, {{"module", module.instance}});
    for (const deploy::ProgramStatus& p : module.programs) {
      // The kernel counts entry programs only, and only while stats are on.
      if (!p.counted || !status.statsEnabled) continue;
      Labels pl = with(m, {{"chain", p.chain}, {"position", std::to_string(p.position)}, {"target", p.target}});
      out.counter("p4nf_program_runs_total",
                  "Runs of a chain's first program (BPF stats: frames that entered the chain)", pl,
                  p.runCount);
      out.counter("p4nf_program_run_time_seconds_total",
                  "Time the chain's first program and its tail calls ran (BPF stats)", pl,
                  static_cast<double>(p.runTimeNs) / 1e9);
    }
    for (const deploy::TableStatus& t : module.tables) {
      Labels tl = with(m, {{"table", t.name}});
      out.gauge("p4nf_table_entries", "Entries in the table's map (a range entry counts once per prefix)",
                tl, t.entries);
      out.gauge("p4nf_table_capacity_entries", "Entries the table holds at most (its P4 size)", tl,
                t.size);
    }
    for (const deploy::CounterStatus& c : module.counters) {
      Labels cl = with(m, {{"counter", c.name}});
      out.counter("p4nf_module_packets_total", "Packets counted by a Counter extern, all cells", cl,
                  c.packets);
      out.counter("p4nf_module_bytes_total", "Bytes counted by a Counter extern, all cells", cl,
                  c.bytes);
    }
  }
  for (const deploy::ModuleRecord& module : state.modules) {
    if (module.nf.empty() || module.objects.empty()) continue;
    meaningfulCounters(out, state, module, parseManifest(module.objects.front().manifest),
                       with(d, {{"module", module.instance}}));
  }
}

}  // namespace

void Exposition::add(const std::string& name, const char* type, const std::string& help,
                     const Labels& labels, const std::string& value) {
  auto [family, added] = families_.try_emplace(name, Family{type, help, {}});
  if (added) order_.push_back(name);
  std::string sample = name;
  if (!labels.empty()) {
    sample += "{";
    for (size_t i = 0; i < labels.size(); ++i)
      sample += (i ? "," : "") + labels[i].first + "=\"" + escape(labels[i].second) + "\"";
    sample += "}";
  }
  family->second.samples.push_back(sample + " " + value);
}

void Exposition::counter(const std::string& name, const std::string& help, const Labels& labels,
                         uint64_t value) {
  add(name, "counter", help, labels, std::to_string(value));  // exact beyond 2^53
}

void Exposition::counter(const std::string& name, const std::string& help, const Labels& labels,
                         double value) {
  add(name, "counter", help, labels, number(value));
}

void Exposition::gauge(const std::string& name, const std::string& help, const Labels& labels,
                       double value) {
  add(name, "gauge", help, labels, number(value));
}

std::string Exposition::text() const {
  std::string out;
  for (const std::string& name : order_) {
    const Family& family = families_.at(name);
    out += "# HELP " + name + " " + family.help + "\n# TYPE " + name + " " + family.type + "\n";
    for (const std::string& sample : family.samples) out += sample + "\n";
  }
  return out;
}

std::string renderMetrics(const AgentHealth& health) {
  Exposition out;
  std::string deployment = health.snapshot().deployment;
  Labels d = {{"deployment", deployment}};
  agentMetrics(out, health, d);
  std::optional<deploy::DeploymentState> state = deploy::readState(deployment);
  out.gauge("p4nf_deployment_up", "1 while the deployment is up (its state file exists)", d,
            state ? 1 : 0);
  if (state) deploymentMetrics(out, *state, health.snapshot().statsHeld, d);
  return out.text();
}

}  // namespace p4nf::agent
