#include "loader/config/model.h"

#include <algorithm>

namespace p4nf::config {

const char* hookName(Hook hook) {
  switch (hook) {
    case Hook::Xdp: return "xdp";
    case Hook::TcIngress: return "tc-ingress";
    case Hook::TcEgress: return "tc-egress";
  }
  return "?";
}

const char* targetOf(Hook hook) { return hook == Hook::Xdp ? "xdp" : "tc"; }

const char* xdpModeName(XdpMode mode) { return mode == XdpMode::Native ? "native" : "generic"; }

const ModuleSpec* Config::findModule(const std::string& name) const {
  for (const ModuleSpec& module : modules)
    if (module.name == name) return &module;
  return nullptr;
}

const ChainSpec* Config::findChain(const std::string& name) const {
  for (const ChainSpec& chain : chains)
    if (chain.name == name) return &chain;
  return nullptr;
}

const PortSpec* Config::findPort(const std::string& interface) const {
  for (const PortSpec& port : ports)
    if (port.interface == interface) return &port;
  return nullptr;
}

std::vector<std::string> Config::targetsOf(const std::string& module) const {
  std::vector<std::string> targets;
  for (const ChainSpec& chain : chains) {
    if (std::find(chain.modules.begin(), chain.modules.end(), module) == chain.modules.end())
      continue;
    for (const AttachSpec& attach : chain.attach) targets.push_back(targetOf(attach.hook));
  }
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  return targets;
}

}  // namespace p4nf::config
