// What a sandbox will be: for each port of a config, the veth pair and the host at its far
// end, with the defaults filled in (docs/config.md, "Sandbox"). Planning touches nothing;
// sandbox.h makes the plan real.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace p4nf::config {
struct Config;
}

namespace p4nf::sandbox {

struct HostPlan {
  uint32_t portId = 0;
  std::string interface;                // near end: the port, in the root namespace
  std::string netns;                    // the host's namespace, "p4nf-<deployment>-<interface>"
  std::string hostInterface = "eth0";  // far end, inside `netns`
  std::vector<std::string> addresses;   // CIDR
  std::optional<std::string> gateway;
  std::optional<std::string> mac;
};

struct SandboxPlan {
  std::string deployment;
  std::vector<HostPlan> hosts;
};

// The namespace name of a port's host. Unique per deployment and interface, so two
// deployments (or two test runs using their pid in the deployment name) never collide.
std::string hostNetnsName(const std::string& deployment, const std::string& interface);

// The k-th port (0-based, in `ports:` order) gets 10.0.0.(k+1)/24 and fd00::(k+1)/64
// unless its `sandbox:` entry gives addresses.
std::vector<std::string> defaultHostAddresses(size_t portIndex);

SandboxPlan planSandbox(const config::Config& config);

}  // namespace p4nf::sandbox
