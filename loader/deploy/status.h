// `p4nf status`: what a deployment runs, read from its state file and checked against the
// kernel: ports, chains, each module's programs (object, program id, attach point, mode),
// its tables (size and fill) and packet counters. Counters are the kernel's BPF stats
// (run_cnt, run_time_ns: counted only while stats are enabled, by `p4nf up` or
// `sysctl kernel.bpf_stats_enabled=1`) plus the module's own Counter externs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/deploy/deployment_state.h"

namespace p4nf::deploy {

struct ProgramStatus {
  std::string chain;
  std::string target;
  uint32_t position = 0;
  std::string digest;      // SHA-256 of the object it was loaded from
  uint32_t id = 0;         // 0: the pinned program is gone
  bool idMatches = false;  // the pinned program is the one the state file names
  // Packets the program ran on (BPF stats). The kernel counts entry programs only: a
  // program reached by a tail call (position > 0) is never counted, so `counted` is false.
  bool counted = true;
  uint64_t runCount = 0;
  uint64_t runTimeNs = 0;
  std::string attachedTo;  // position 0: "eth0 xdp native", ...
};

struct TableStatus {
  std::string name;
  uint32_t size = 0;
  uint32_t entries = 0;
};

struct CounterStatus {
  std::string name;
  uint64_t packets = 0;  // summed over indices and CPUs
  uint64_t bytes = 0;
};

struct ModuleObjectStatus {
  std::string target;  // "xdp" or "tc"
  std::string digest;  // SHA-256 of the ELF object
};

struct ModuleStatus {
  std::string instance;
  std::string source;                      // the .p4 (or .o) the objects were built from
  std::vector<ModuleObjectStatus> objects;  // one per hook type the module's chains use
  std::vector<ProgramStatus> programs;
  std::vector<TableStatus> tables;
  std::vector<CounterStatus> counters;
  uint64_t packets = 0;         // run_cnt of its position-0 programs
  bool packetsCounted = false;  // some program of it sits at position 0
};

struct AttachStatus {
  AttachRecord record;
  uint32_t runningProgramId = 0;  // what the hook runs now (0: nothing of ours)
};

struct DeploymentStatus {
  std::string deployment;
  uint64_t generation = 0;
  std::string configFile;
  bool statsEnabled = false;    // kernel.bpf_stats_enabled, or an agent holds them on
  std::optional<pid_t> agentPid;  // the deployment's agent, when one runs
  std::vector<PortRecord> ports;
  std::vector<ChainRecord> chains;
  std::vector<AttachStatus> attachments;
  std::vector<ModuleStatus> modules;
  std::vector<std::string> problems;  // pins missing, hooks running something else
};

DeploymentStatus readStatus(const DeploymentState& state);
// kernel.bpf_stats_enabled: the sysctl's half of statsEnabled (an agent's BPF_ENABLE_STATS
// hold is the other, which the sysctl does not show).
bool bpfStatsSysctl();
std::string statusText(const DeploymentStatus& status);
std::string statusJson(const std::vector<DeploymentStatus>& statuses);

}  // namespace p4nf::deploy
