// The kernel as the router's FIB (`fib: kernel`): the routes of one routing table, the
// neighbour table and the addresses of a network namespace, read over rtnetlink with
// libnl-route-3 and followed live through its cache manager (one event socket, the
// kernel's own change notifications: no polling of the tables).
//
// What becomes what (the same RouterState a static config gives, router_state.h):
//   - interfaces that are ports (by name, from the config's ports:): their MAC, MTU and
//     addresses; addresses of every other interface are local addresses of the router;
//   - unicast routes of the table: a gateway on a port -> Gateway route; no gateway, on
//     a port -> Connected; on any other device -> Host (the kernel handles it);
//     blackhole -> Blackhole; unreachable and prohibit -> Host (the kernel answers with
//     its ICMP error); multipath routes use their first next hop;
//   - neighbours on ports whose state holds a usable MAC (reachable, stale, delay, probe,
//     permanent, noarp).
//
// The agent runs it through the router's agent task (router_agent.h): a KernelFibMirror
// with the section's static state and a callback that writes the tables; the agent polls
// fd() and the task calls processEvents(0) when it is readable.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nf/router/router_state.h"
#include "nf/router/router_tables.h"

namespace p4nf::router {

struct KernelFibOptions {
  std::string netns;     // a name under /var/run/netns; empty: this process's netns
  uint32_t table = 254;  // RT_TABLE_MAIN
  std::map<std::string, uint32_t> ports;  // interface name -> PNA port id
};

class KernelFib {
 public:
  // Opens the netlink sockets (in `netns`) and dumps links, addresses, routes and
  // neighbours. Throws LoaderError saying what failed.
  explicit KernelFib(KernelFibOptions options);
  ~KernelFib();
  KernelFib(const KernelFib&) = delete;
  KernelFib& operator=(const KernelFib&) = delete;

  // The kernel's state now (as of the last processEvents).
  RouterState state() const;
  // The event socket, readable when the kernel reported a change.
  int fd() const;
  // Applies the pending notifications, waiting up to `timeoutMs` (0: do not wait, -1:
  // forever) for the first one. True when something the router uses changed.
  bool processEvents(int timeoutMs);

 private:
  struct Caches;
  KernelFibOptions options_;
  std::unique_ptr<Caches> caches_;
};

// The configured state (the section's interfaces, static routes and neighbours) with the
// kernel's added: configured interfaces keep their MAC and MTU (the kernel's fill those
// given without one) and gain the kernel's addresses; configured routes and neighbours come
// first, so they win over kernel ones for the same prefix or address.
RouterState mergeStates(const RouterState& configured, const RouterState& kernel);

// The mirror the agent runs: recomputes the router's tables whenever the kernel changes
// something and hands them to `onChange` when they differ from the last ones. Next-hop
// ids stay stable across recomputations (router_tables.h, NexthopIds).
class KernelFibMirror {
 public:
  using Callback = std::function<void(const RouterTables&)>;

  KernelFibMirror(RouterState configured, KernelFibOptions options, Callback onChange);

  int fd() const { return fib_.fd(); }
  // processEvents on the FIB, then the callback if the tables changed. Returns whether
  // they did.
  bool processEvents(int timeoutMs);
  // A new configured state (the config was reloaded): recomputes with the same next-hop
  // ids, then the callback if the tables changed. Returns whether they did.
  bool setConfigured(RouterState configured);
  const RouterTables& tables() const { return tables_; }
  // What of the merged state the last computation had to leave out (a route through a
  // gateway on no port's subnet, ...), as messages; the kernel still routes those packets.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  bool recompute();

  RouterState configured_;
  KernelFib fib_;
  Callback onChange_;
  NexthopIds ids_;
  RouterTables tables_;
  std::vector<std::string> problems_;
};

}  // namespace p4nf::router
