#include "loader/sandbox/sandbox_plan.h"

#include "loader/config/model.h"

namespace p4nf::sandbox {

std::string hostNetnsName(const std::string& deployment, const std::string& interface) {
  return "p4nf-" + deployment + "-" + interface;
}

std::vector<std::string> defaultHostAddresses(size_t portIndex) {
  std::string host = std::to_string(portIndex + 1);
  return {"10.0.0." + host + "/24", "fd00::" + host + "/64"};
}

SandboxPlan planSandbox(const config::Config& config) {
  SandboxPlan plan;
  plan.deployment = config.deployment;
  for (size_t index = 0; index < config.ports.size(); ++index) {
    const config::PortSpec& port = config.ports[index];
    HostPlan host;
    host.portId = port.id;
    host.interface = port.interface;
    host.netns = hostNetnsName(config.deployment, port.interface);
    host.addresses = defaultHostAddresses(index);
    for (const config::SandboxHostSpec& spec : config.sandbox) {
      if (spec.interface != port.interface) continue;
      if (!spec.addresses.empty()) host.addresses = spec.addresses;
      host.gateway = spec.gateway;
      host.mac = spec.mac;
    }
    plan.hosts.push_back(std::move(host));
  }
  return plan;
}

}  // namespace p4nf::sandbox
