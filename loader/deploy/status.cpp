#include "loader/deploy/status.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "loader/deploy/agent_presence.h"
#include "loader/deploy/attach_point.h"
#include "loader/deploy/counter_reader.h"
#include "loader/deploy/map_snapshot.h"
#include "loader/fd.h"
#include "manifest/manifest.h"

namespace p4nf::deploy {
namespace {

int openPinned(const std::string& path) { return bpf_obj_get(path.c_str()); }

// Summed over the cells (counter_reader.h sums the CPUs).
CounterStatus readCounter(const ManifestExtern& counter, int fd) {
  CounterStatus status{counter.name, 0, 0};
  for (const CounterCell& cell : readCounterCells(counter, fd)) {
    status.packets += cell.packets;
    status.bytes += cell.bytes;
  }
  return status;
}

std::string hookText(const AttachRecord& a) {
  std::string text = a.interface + " " + config::hookName(a.hook);
  if (a.hook == config::Hook::Xdp) text += std::string(" ") + config::xdpModeName(a.mode);
  return text;
}

}  // namespace

bool bpfStatsSysctl() {
  std::ifstream in("/proc/sys/kernel/bpf_stats_enabled");
  int value = 0;
  in >> value;
  return value != 0;
}

DeploymentStatus readStatus(const DeploymentState& state) {
  DeploymentStatus status;
  status.deployment = state.deployment;
  status.generation = state.generation;
  status.configFile = state.configFile;
  status.agentPid = runningAgent(state.deployment);
  // The agent holds stats on through BPF_ENABLE_STATS, which the sysctl does not show.
  status.statsEnabled = bpfStatsSysctl() || status.agentPid.has_value();
  status.ports = state.ports;
  status.chains = state.chains;
  for (const AttachRecord& a : state.attachments) {
    AttachStatus attach{a, 0};
    if (a.hook == config::Hook::Xdp) {
      int fd = openPinned(a.linkPin);
      if (fd >= 0) {
        attach.runningProgramId = xdpLinkProgramId(fd);
        close(fd);
      }
    } else {
      attach.runningProgramId = tcProgramId(a.ifindex, a.hook);
    }
    if (attach.runningProgramId == 0)
      status.problems.push_back("nothing of p4nf runs on " + hookText(a) +
                                " (interface gone, or detached by hand)");
    status.attachments.push_back(attach);
  }
  for (const ModuleRecord& m : state.modules) {
    ModuleStatus module{m.instance, m.source, {}, {}, {}, {}, 0, false};
    for (const ModuleObjectRecord& o : m.objects) module.objects.push_back({o.target, o.digest});
    for (const ProgramRecord& p : state.programs) {
      if (p.instance != m.instance) continue;
      ProgramStatus program{p.chain, p.target, p.position, p.digest, 0, false, p.position == 0,
                            0, 0, ""};
      int fd = openPinned(p.pin);
      if (fd >= 0) {
        bpf_prog_info info{};
        uint32_t length = sizeof info;
        if (bpf_obj_get_info_by_fd(fd, &info, &length) == 0) {
          program.id = info.id;
          program.runCount = info.run_cnt;
          program.runTimeNs = info.run_time_ns;
        }
        close(fd);
      } else {
        status.problems.push_back("program pin " + p.pin + " is missing");
      }
      program.idMatches = program.id == p.id;
      if (p.position == 0)
        for (const AttachRecord& a : state.attachments)
          if (a.chain == p.chain && config::targetOf(a.hook) == p.target)
            program.attachedTo += (program.attachedTo.empty() ? "" : ", ") + hookText(a);
      if (program.counted) {
        module.packets += program.runCount;
        module.packetsCounted = true;
      }
      module.programs.push_back(program);
    }
    if (!m.objects.empty()) {
      try {
        Manifest manifest = parseManifest(m.objects.front().manifest);
        for (const ManifestTable& t : manifest.tables) {
          TableStatus table{t.name, t.size, 0};
          if (const MapRecord* map = state.map("module." + m.instance + "." + t.map)) {
            int fd = openPinned(map->pin);
            if (fd >= 0) {
              // Ternary: map entries, which counts a range once per prefix it expands to.
              table.entries = countEntries(fd);
              close(fd);
            }
          }
          module.tables.push_back(table);
        }
        for (const ManifestExtern& e : manifest.externs) {
          if (e.kind != "Counter") continue;
          const MapRecord* map = state.map("module." + m.instance + "." + e.map);
          Fd fd(map ? openPinned(map->pin) : -1);
          if (!fd.valid()) continue;
          module.counters.push_back(readCounter(e, fd.get()));
        }
      } catch (const std::exception& error) {
        status.problems.push_back("module " + m.instance + ": " + error.what());
      }
    }
    status.modules.push_back(module);
  }
  return status;
}

std::string statusText(const DeploymentStatus& s) {
  std::ostringstream out;
  out << "deployment " << s.deployment << " (generation " << s.generation << ", " << s.configFile
      << ")\n";
  out << "agent: "
      << (s.agentPid ? "running (pid " + std::to_string(*s.agentPid) + ")" : std::string("not running"))
      << "\n";
  out << "ports:\n";
  for (const PortRecord& p : s.ports)
    out << "  " << p.id << ": " << p.interface << " (ifindex " << p.ifindex << ")\n";
  out << "chains:\n";
  for (const ChainRecord& c : s.chains) {
    out << "  " << c.name << ":";
    for (const std::string& m : c.modules) out << " " << m;
    out << "\n";
    for (const AttachStatus& a : s.attachments)
      if (a.record.chain == c.name)
        out << "    on " << hookText(a.record) << ": program " << a.runningProgramId << "\n";
  }
  out << "modules:\n";
  for (const ModuleStatus& m : s.modules) {
    out << "  " << m.instance << " (" << m.source << "): ";
    if (m.packetsCounted)
      out << m.packets << " packets"
          << (s.statsEnabled ? "" : " (BPF stats off: counts only while `p4nf up` runs)");
    else
      out << "packets not counted by the kernel (reached by tail calls; see its counters)";
    out << "\n";
    for (const ProgramStatus& p : m.programs) {
      out << "    " << p.chain << "[" << p.position << "] " << p.target << ": program " << p.id;
      if (p.counted) out << ", " << p.runCount << " runs";
      if (p.counted && p.runCount) out << ", " << p.runTimeNs / p.runCount << " ns/run";
      if (!p.attachedTo.empty()) out << ", attached to " << p.attachedTo;
      out << "\n";
    }
    for (const TableStatus& t : m.tables)
      out << "    table " << t.name << ": " << t.entries << "/" << t.size << "\n";
    for (const CounterStatus& c : m.counters)
      out << "    counter " << c.name << ": " << c.packets << " packets, " << c.bytes << " bytes\n";
  }
  for (const std::string& p : s.problems) out << "problem: " << p << "\n";
  return out.str();
}

std::string statusJson(const std::vector<DeploymentStatus>& statuses) {
  using nlohmann::json;
  json all = json::array();
  for (const DeploymentStatus& s : statuses) {
    json d = {{"deployment", s.deployment},
              {"generation", s.generation},
              {"config_file", s.configFile},
              {"bpf_stats_enabled", s.statsEnabled},
              {"agent_pid", s.agentPid ? json(*s.agentPid) : json(nullptr)},
              {"problems", s.problems}};
    d["ports"] = json::array();
    for (const PortRecord& p : s.ports)
      d["ports"].push_back({{"id", p.id}, {"interface", p.interface}, {"ifindex", p.ifindex}});
    d["chains"] = json::array();
    for (const ChainRecord& c : s.chains) {
      json chain = {{"name", c.name}, {"modules", c.modules}, {"attach", json::array()}};
      for (const AttachStatus& a : s.attachments)
        if (a.record.chain == c.name)
          chain["attach"].push_back(
              {{"interface", a.record.interface},
               {"ifindex", a.record.ifindex},
               {"hook", config::hookName(a.record.hook)},
               {"mode",
                a.record.hook == config::Hook::Xdp ? config::xdpModeName(a.record.mode) : "tc"},
               {"program_id", a.runningProgramId}});
      d["chains"].push_back(chain);
    }
    d["modules"] = json::array();
    for (const ModuleStatus& m : s.modules) {
      json module = {{"instance", m.instance},
                     {"object", m.source},
                     {"objects", json::array()},
                     {"packets", m.packetsCounted ? json(m.packets) : json(nullptr)}};
      for (const ModuleObjectStatus& o : m.objects)
        module["objects"].push_back({{"target", o.target}, {"sha256", o.digest}});
      module["programs"] = json::array();
      for (const ProgramStatus& p : m.programs)
        module["programs"].push_back(
            {{"chain", p.chain},
             {"target", p.target},
             {"position", p.position},
             {"sha256", p.digest},
             {"program_id", p.id},
             {"run_cnt", p.counted ? json(p.runCount) : json(nullptr)},
             {"run_time_ns", p.counted ? json(p.runTimeNs) : json(nullptr)},
             {"attached_to", p.attachedTo}});
      module["tables"] = json::array();
      for (const TableStatus& t : m.tables)
        module["tables"].push_back({{"name", t.name}, {"size", t.size}, {"entries", t.entries}});
      module["counters"] = json::array();
      for (const CounterStatus& c : m.counters)
        module["counters"].push_back(
            {{"name", c.name}, {"packets", c.packets}, {"bytes", c.bytes}});
      d["modules"].push_back(module);
    }
    all.push_back(d);
  }
  return all.dump(2) + "\n";
}

}  // namespace p4nf::deploy
