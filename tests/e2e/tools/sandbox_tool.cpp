// e2e_sandbox: the sandbox library from the shell, for tests and for cleaning up after them.
//
//   e2e_sandbox up DEPLOYMENT IFACE[=ADDR,ADDR...] ...   hosts for these ports (ids 1, 2, ...)
//   e2e_sandbox down DEPLOYMENT                          remove what its record lists
//   e2e_sandbox sweep PREFIX                             tear down every deployment named
//                                                        PREFIX<pid> whose pid is gone, and
//                                                        its sandbox
//
// `sweep` is how the e2e tests recover from a run killed before its own cleanup (kill -9,
// ctest timeout): names carry the pid, so a dead pid means an orphan.
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "loader/deploy/teardown.h"
#include "loader/loader_error.h"
#include "loader/sandbox/sandbox.h"

namespace {

using namespace p4nf::sandbox;

int up(int argc, char** argv) {
  SandboxPlan plan;
  plan.deployment = argv[2];
  for (int i = 3; i < argc; ++i) {
    std::string spec = argv[i];
    HostPlan host;
    host.portId = uint32_t(i - 2);
    host.interface = spec.substr(0, spec.find('='));
    host.netns = hostNetnsName(plan.deployment, host.interface);
    host.addresses = defaultHostAddresses(i - 3);
    if (spec.find('=') != std::string::npos) {
      host.addresses.clear();
      std::string list = spec.substr(spec.find('=') + 1);
      for (size_t start = 0; start <= list.size();) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) host.addresses.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
    }
    plan.hosts.push_back(host);
  }
  createSandbox(plan, defaultRecordPath(plan.deployment));
  for (const HostPlan& host : plan.hosts) std::cout << host.interface << " " << host.netns << "\n";
  return 0;
}

int sweep(const std::string& prefix) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/run/p4nf", error)) {
    std::string name = entry.path().filename();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (kill(std::stoi(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    // The pins outlive the killed run's private network namespace: without this its
    // programs and maps would stay in the kernel until the next reboot.
    try {
      if (p4nf::deploy::tearDown(name)) std::cout << "removed deployment " << name << "\n";
    } catch (const p4nf::LoaderError& error) {
      std::cerr << "e2e_sandbox: sweep " << name << ": " << error.what() << "\n";
    }
    if (destroySandbox(defaultRecordPath(name))) std::cout << "removed sandbox " << name << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string command = argc > 2 ? argv[1] : "";
    if (command == "up" && argc > 3) return up(argc, argv);
    if (command == "down" && argc == 3) return destroySandbox(defaultRecordPath(argv[2])) ? 0 : 1;
    if (command == "sweep" && argc == 3) return sweep(argv[2]);
  } catch (const p4nf::LoaderError& error) {
    std::cerr << "e2e_sandbox: " << error.what() << "\n";
    return 2;
  }
  std::cerr << "usage: e2e_sandbox up DEPLOYMENT IFACE[=ADDR,...] ... | down DEPLOYMENT | sweep PREFIX\n";
  return 2;
}
