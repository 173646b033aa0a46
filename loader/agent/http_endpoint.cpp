#include "loader/agent/http_endpoint.h"

#include <httplib.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf::agent {
namespace {

// Two workers: a scrape and a probe can be served at once, and a client that holds its
// connection open blocks at most one of them (until the read timeout below).
constexpr size_t kWorkers = 2;

void answerCheck(httplib::Response& response, const std::function<std::string()>& check,
                 const char* ok) {
  std::string problem = check();
  response.status = problem.empty() ? 200 : 503;
  response.set_content(problem.empty() ? std::string(ok) + "\n" : problem + "\n", "text/plain");
}

}  // namespace

HttpEndpoint::HttpEndpoint(const config::ListenAddress& address, Handlers handlers)
    : server_(std::make_unique<httplib::Server>()) {
  httplib::Server& server = *server_;
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_read_timeout(5);
  server.set_write_timeout(5);
  server.set_keep_alive_timeout(5);
  server.Get("/metrics", [metrics = handlers.metrics](const httplib::Request&, httplib::Response& response) {
    try {
      // The version of the text format Prometheus negotiates (exposition formats, 0.0.4).
      response.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
    } catch (const std::exception& error) {
      response.status = 500;
      response.set_content(std::string("cannot read the metrics: ") + error.what() + "\n",
                           "text/plain");
    }
  });
  server.Get("/healthz", [check = handlers.notAlive](const httplib::Request&, httplib::Response& response) {
    answerCheck(response, check, "alive");
  });
  server.Get("/readyz", [check = handlers.notReady](const httplib::Request&, httplib::Response& response) {
    answerCheck(response, check, "ready");
  });
  errno = 0;
  if (address.port == 0) {
    port_ = server.bind_to_any_port(address.host);
  } else if (server.bind_to_port(address.host, address.port)) {
    port_ = address.port;
  }
  if (port_ <= 0)
    throw LoaderError("cannot listen on " + address.text() +
                      (errno ? std::string(": ") + std::strerror(errno) : std::string()) +
                      " (agent: listen: in the config, or p4nf up --listen, moves it)");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    finished_ = true;
  });
}

HttpEndpoint::~HttpEndpoint() {
  // httplib's stop() does nothing until the server thread has started its loop: wait for
  // that (or for the loop's end), so that a quick start and stop cannot hang the join.
  while (!server_->is_running() && !finished_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
  thread_.join();
}

}  // namespace p4nf::agent
