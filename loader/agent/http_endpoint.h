// The agent's HTTP endpoint (docs/metrics.md): GET /metrics (Prometheus' text format),
// /healthz (liveness: the agent's loop turns) and /readyz (readiness: the config is
// applied and every task in sync); anything else is 404. Served by cpp-httplib on threads
// of its own, not by the agent's poll loop: a scrape reads pinned maps (milliseconds for
// large tables) and a slow client must never delay a SIGHUP or a task's netlink events;
// the loop stays single-threaded, and what the server reads of it goes through
// AgentHealth's mutex (agent_health.h). The maps it reads are the kernel's, through their
// pins, the same way `p4nf status` reads them.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "loader/config/name_rules.h"

namespace httplib {
class Server;
}

namespace p4nf::agent {

class HttpEndpoint {
 public:
  struct Handlers {
    std::function<std::string()> metrics;    // the exposition text
    std::function<std::string()> notAlive;   // empty: alive; else why not (503)
    std::function<std::string()> notReady;   // empty: ready; else why not (503)
  };

  // Binds `address` now, so that a port in use is an error at start (LoaderError naming
  // the address), then serves on a thread until destroyed.
  HttpEndpoint(const config::ListenAddress& address, Handlers handlers);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // The port bound (the address's own, or the kernel's pick for port 0 in tests).
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> finished_{false};  // the server thread's loop has returned
  int port_ = 0;
};

}  // namespace p4nf::agent
