#include "nf/conntrack/conntrack_command.h"

#include <bpf/bpf.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <time.h>
#include <iostream>
#include <map>
#include <memory>

#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/loader_error.h"
#include "nf/conntrack/connections.h"

namespace p4nf::conntrack {
namespace {

// The exit codes of loader/cli/exit_codes.h.
constexpr int kOk = 0, kFailed = 1, kError = 2, kNoDeployment = 4, kUsage = 64;

struct Options {
  std::string operation;  // list, count, delete, flush, events
  uint64_t count = 0;     // events: stop after this many (0: never)
  std::string deployment;
  std::string instance;
  std::string protocol, family, src, dst, state;
  std::optional<uint16_t> sport, dport;
};

uint64_t monotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

std::string chooseDeployment(const std::string& option) {
  if (!option.empty()) return option;
  std::vector<std::string> deployments = deploy::listDeployments();
  if (deployments.size() == 1) return deployments.front();
  if (deployments.empty()) return "default";
  throw LoaderError("there are several deployments: say which with --deployment NAME");
}

// Every connection of one instance's table (expired ones included: the caller decides).
std::vector<Connection> readConnections(const ManifestTable& table, const MapFdLookup& lookup) {
  int fd = lookup(table.map);
  std::vector<uint8_t> key(table.keySize), next(table.keySize), value(table.valueSize);
  // Each profile's timeout, read once (the map's cell, else the compiled-in default).
  std::map<uint32_t, uint64_t> timeouts;
  int profilesFd = table.expiry && !table.expiry->profilesMap.empty() ? lookup(table.expiry->profilesMap) : -1;
  TimeoutOf timeoutOf = [&](uint32_t profile) -> uint64_t {
    if (auto it = timeouts.find(profile); it != timeouts.end()) return it->second;
    uint64_t ns = 0;
    if (profilesFd >= 0 && bpf_map_lookup_elem(profilesFd, &profile, &ns) != 0) ns = 0;
    if (ns == 0 && table.expiry) {
      auto it = table.expiry->defaultTimeoutsNs.find(profile);
      if (it != table.expiry->defaultTimeoutsNs.end()) ns = it->second;
    }
    return timeouts[profile] = ns;
  };
  std::vector<Connection> out;
  uint64_t now = monotonicNs();
  const void* previous = nullptr;
  while (bpf_map_get_next_key(fd, previous, next.data()) == 0) {
    key = next;
    previous = key.data();
    if (bpf_map_lookup_elem(fd, key.data(), value.data()) != 0) continue;  // deleted meanwhile
    if (auto c = decodeConnection(table, key.data(), value.data(), timeoutOf, now)) out.push_back(*c);
  }
  return out;
}

// `events`: the table polled every 100 ms; a key that appears is [NEW], one that goes away
// (deleted, expired, evicted) is [DESTROY], printed as `conntrack -E` prints them.
int followEvents(const Options& o, const Filter& filter, deploy::DeploymentState& state) {
  std::map<std::string, std::map<std::vector<uint8_t>, Connection>> previous;  // by instance
  bool first = true;
  uint64_t printed = 0;
  while (true) {
    for (const deploy::ModuleRecord& module : state.modules) {
      if (module.nf != "conntrack" || module.objects.empty()) continue;
      if (!o.instance.empty() && module.instance != o.instance) continue;
      Manifest manifest = parseManifest(module.objects.front().manifest);
      const ManifestTable& table = manifest.table("connections");
      deploy::PinnedMaps maps(state, module.instance);
      std::map<std::vector<uint8_t>, Connection> now;
      for (Connection& c : readConnections(table, maps.lookup()))
        if (c.remainingNs > 0 && matches(c, filter)) now.emplace(c.key, std::move(c));
      auto& before = previous[module.instance];
      if (!first) {
        for (const auto& [key, c] : now)
          if (!before.count(key)) {
            std::cout << "    [NEW] " << connectionLine(c) << std::endl;
            ++printed;
          }
        for (const auto& [key, c] : before)
          if (!now.count(key)) {
            std::cout << "[DESTROY] " << connectionLine(c) << std::endl;
            ++printed;
          }
      }
      before = std::move(now);
      if (o.count && printed >= o.count) return kOk;
    }
    if (first)  // what was there before is not an event; from here on, everything is
      std::cerr << "p4nf conntrack: following the connections (Ctrl-C to stop)" << std::endl;
    first = false;
    timespec pause{0, 100000000};
    nanosleep(&pause, nullptr);
  }
}

int run(const Options& o) {
  try {
    Filter filter;
    if (!o.protocol.empty()) {
      filter.protocol = protocolNumber(o.protocol);
      if (!filter.protocol) {
        std::cerr << "p4nf: unknown protocol \"" << o.protocol << "\" (tcp, udp, icmp, icmpv6 or a number)\n";
        return kUsage;
      }
    }
    if (!o.family.empty()) filter.family = o.family == "ipv6" ? 6 : 4;
    if (!o.src.empty()) filter.src = o.src;
    if (!o.dst.empty()) filter.dst = o.dst;
    if (!o.state.empty()) filter.state = o.state;
    filter.sport = o.sport;
    filter.dport = o.dport;

    std::string deployment = chooseDeployment(o.deployment);
    std::optional<deploy::DeploymentLock> lock;
    if (o.operation == "delete" || o.operation == "flush") lock.emplace(deployment);
    std::optional<deploy::DeploymentState> state = deploy::readState(deployment);
    if (!state) {
      std::cerr << "p4nf: deployment " << deployment << " is not up\n";
      return kNoDeployment;
    }
    if (o.operation == "events") return followEvents(o, filter, *state);
    size_t total = 0, instances = 0;
    for (const deploy::ModuleRecord& module : state->modules) {
      if (module.nf != "conntrack" || module.objects.empty()) continue;
      if (!o.instance.empty() && module.instance != o.instance) continue;
      ++instances;
      Manifest manifest = parseManifest(module.objects.front().manifest);
      const ManifestTable& table = manifest.table("connections");
      deploy::PinnedMaps maps(*state, module.instance);
      MapFdLookup lookup = maps.lookup();
      int connectionsFd = lookup(table.map);
      for (const Connection& c : readConnections(table, lookup)) {
        if (c.remainingNs <= 0) continue;  // expired: a miss, removed at its next lookup
        bool all = o.operation == "flush";
        if (!all && !matches(c, filter)) continue;
        ++total;
        if (o.operation == "list") {
          std::cout << connectionLine(c) << "\n";
        } else if (o.operation == "delete" || all) {
          bpf_map_delete_elem(connectionsFd, c.key.data());
        }
      }
    }
    if (!o.instance.empty() && instances == 0) {
      std::cerr << "p4nf: deployment " << deployment << " has no conntrack module " << o.instance << "\n";
      return kUsage;
    }
    if (o.operation == "count") std::cout << total << "\n";
    if (o.operation == "list")
      std::cerr << "p4nf conntrack: " << total << " flow entries have been shown.\n";
    if (o.operation == "delete" || o.operation == "flush")
      std::cerr << "p4nf conntrack: " << total << " flow entries have been deleted.\n";
    if (o.operation == "delete" && total == 0) return kFailed;
    return kOk;
  } catch (const std::exception& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kError;
  }
}

}  // namespace

void addConntrackCommand(CLI::App& app, int& exitCode) {
  CLI::App* top = app.add_subcommand("conntrack", "List, count, delete and flush the connections of conntrack modules");
  top->require_subcommand(1);
  top->footer(
      "The connections of the deployment's `nf: conntrack` modules (all of them, or\n"
      "--instance), printed like `conntrack -L`: protocol, remaining timeout in seconds,\n"
      "TCP state, the original tuple and its counters, the reply tuple and its counters,\n"
      "[UNREPLIED] or [ASSURED]. Filters apply to the original direction\n"
      "(nf/conntrack/README.md, \"Listing\"). `delete` with no match is exit 1. `events`\n"
      "polls the table every 100 ms: [NEW] when a connection appears, [DESTROY] when it\n"
      "goes (closed and expired, deleted, evicted).\n"
      "\n"
      "Examples:\n"
      "  p4nf conntrack list -p tcp --state ESTABLISHED\n"
      "  p4nf conntrack count\n"
      "  p4nf conntrack delete -p udp --src 10.0.1.2 --dport 53\n"
      "  p4nf conntrack flush\n"
      "  p4nf conntrack events -p tcp");
  struct Operation {
    const char* name;
    const char* help;
    bool filters;
  };
  for (Operation op : {Operation{"list", "Print the connections (like conntrack -L)", true},
                       Operation{"count", "Print how many connections match", true},
                       Operation{"delete", "Delete the connections that match", true},
                       Operation{"flush", "Delete every connection", false},
                       Operation{"events", "Print connections as they appear and go (like conntrack -E)", true}}) {
    auto options = std::make_shared<Options>();
    options->operation = op.name;
    CLI::App* command = top->add_subcommand(op.name, op.help);
    command->add_option("--deployment", options->deployment, "The deployment (default: the only one)");
    command->add_option("--instance", options->instance, "One conntrack module instance (default: all)");
    if (op.filters) {
      command->add_option("-p,--proto", options->protocol, "tcp, udp, icmp, icmpv6 or a protocol number");
      command->add_option("-f,--family", options->family, "ipv4 or ipv6")
          ->check(CLI::IsMember({"ipv4", "ipv6"}));
      command->add_option("-s,--src", options->src, "Source address of the original direction");
      command->add_option("-d,--dst", options->dst, "Destination address of the original direction");
      command->add_option("--sport", options->sport, "Source port of the original direction");
      command->add_option("--dport", options->dport, "Destination port of the original direction");
      command->add_option("--state", options->state,
                          "A TCP state (SYN_SENT, ESTABLISHED, TIME_WAIT, ...) or UNREPLIED/REPLIED");
    }
    if (op.name == std::string("events"))
      command->add_option("-c,--count", options->count, "Stop after this many events");
    command->callback([options, &exitCode] { exitCode = run(*options); });
  }
}

}  // namespace p4nf::conntrack
