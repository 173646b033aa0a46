// The agent's metrics (GET /metrics, docs/metrics.md) in Prometheus' text exposition
// format. Everything is read at scrape time: the agent's own state from AgentHealth, the
// deployment from its state file and the kernel (readStatus, the same reads as `p4nf
// status`), and the modules' Counter externs from their pinned per-CPU maps, summed over
// the CPUs here. So the data path pays nothing for being watched: its counters are the
// ones it keeps anyway, and no map is written on its behalf.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "loader/agent/agent_health.h"

namespace p4nf::agent {

// Metric families in Prometheus' text format: "# HELP", "# TYPE", then the samples, each
// family once, in the order of their first sample. Label values are escaped.
class Exposition {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  void counter(const std::string& name, const std::string& help, const Labels& labels, uint64_t value);
  void counter(const std::string& name, const std::string& help, const Labels& labels, double value);
  void gauge(const std::string& name, const std::string& help, const Labels& labels, double value);
  std::string text() const;

 private:
  void add(const std::string& name, const char* type, const std::string& help,
           const Labels& labels, const std::string& value);
  struct Family {
    std::string type;
    std::string help;
    std::vector<std::string> samples;
  };
  std::vector<std::string> order_;
  std::map<std::string, Family> families_;
};

// All of the agent's metrics for its deployment, as of now.
std::string renderMetrics(const AgentHealth& health);

}  // namespace p4nf::agent
