#include "loader/sandbox/sandbox.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "loader/loader_error.h"
#include "loader/sandbox/host_tuning.h"
#include "loader/sandbox/named_netns.h"
#include "loader/sandbox/route_netlink.h"
#include "loader/sandbox/xdp_pass.h"

namespace p4nf::sandbox {
namespace {

using nlohmann::json;

json toJson(const HostPlan& host) {
  json entry = {{"port", host.portId},
                {"interface", host.interface},
                {"netns", host.netns},
                {"host_interface", host.hostInterface},
                {"addresses", host.addresses}};
  if (host.gateway) entry["gateway"] = *host.gateway;
  if (host.mac) entry["mac"] = *host.mac;
  return entry;
}

HostPlan hostFromJson(const json& entry) {
  HostPlan host;
  host.portId = entry.at("port").get<uint32_t>();
  host.interface = entry.at("interface").get<std::string>();
  host.netns = entry.at("netns").get<std::string>();
  host.hostInterface = entry.at("host_interface").get<std::string>();
  host.addresses = entry.at("addresses").get<std::vector<std::string>>();
  if (entry.contains("gateway")) host.gateway = entry["gateway"].get<std::string>();
  if (entry.contains("mac")) host.mac = entry["mac"].get<std::string>();
  return host;
}

// Written to a temporary file and renamed over the record, so a crash leaves either the
// old record or the new one, never half of one.
void writeRecord(const SandboxPlan& plan, const std::string& path) {
  json document = {{"deployment", plan.deployment}, {"hosts", json::array()}};
  for (const HostPlan& host : plan.hosts) document["hosts"].push_back(toJson(host));
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  if (error)
    throw LoaderError("cannot create the folder of " + path + ": " + error.message());
  std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << document.dump(2) << "\n";
    file.flush();
    if (!file) throw LoaderError("cannot write the sandbox record " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw LoaderError("cannot write the sandbox record " + path + ": " + strerror(errno));
}

bool fileExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

void createHost(RouteSocket& root, const HostPlan& host) {
  createNamedNetns(host.netns);
  NetnsHandle netns(host.netns);
  root.addVethPair(host.interface, host.hostInterface, netns, host.mac);

  RouteSocket inside(netns);
  inside.setUp("lo");
  bool hasIpv6 = false;
  for (const std::string& address : host.addresses)
    if (address.find(':') != std::string::npos) hasIpv6 = true;
  // Before the link comes up, so that no DAD probe or router solicitation ever leaves it.
  if (hasIpv6)
    quietIpv6(&netns, host.hostInterface);
  else
    setIpv6Enabled(&netns, host.hostInterface, false);
  disableTxChecksum(&netns, host.hostInterface);
  for (const std::string& address : host.addresses) inside.addAddress(host.hostInterface, address);
  inside.setUp(host.hostInterface);
  if (host.gateway) inside.addDefaultRoute(host.hostInterface, *host.gateway);
  attachXdpPass(netns, host.hostInterface);

  // The near end is a switch port, not an interface of the root's own stack: keep the
  // root's IPv6 chatter (router solicitations, MLD) off the wire.
  setIpv6Enabled(nullptr, host.interface, false);
  root.setUp(host.interface);
}

// Removes one host's pieces, whichever of them exist.
void removeHost(RouteSocket& root, const HostPlan& host) {
  // Only a veth: if someone replaced our port by an interface of their own, leave it.
  std::optional<std::string> kind = root.linkKind(host.interface);
  if (kind && *kind == "veth") root.deleteLink(host.interface);
  killNetnsProcesses(host.netns);
  removeNamedNetns(host.netns);
}

}  // namespace

std::string defaultRecordPath(const std::string& deployment) {
  return "/run/p4nf/" + deployment + "/sandbox.json";
}

void createSandbox(const SandboxPlan& plan, const std::string& recordPath) {
  if (fileExists(recordPath))
    throw LoaderError("a sandbox of deployment '" + plan.deployment + "' is already up (" +
                      recordPath + "); run `p4nf down` first");
  RouteSocket root;
  for (const HostPlan& host : plan.hosts) {
    if (root.ifindex(host.interface) != 0)
      throw LoaderError("interface '" + host.interface +
                        "' already exists: the sandbox creates its ports itself; remove it "
                        "(ip link del " + host.interface +
                        ") or use another interface name in `ports:`");
    if (namedNetnsExists(host.netns))
      throw LoaderError("network namespace '" + host.netns +
                        "' already exists: remove it (ip netns del " + host.netns +
                        ") or use another deployment name");
  }
  SandboxPlan made{plan.deployment, {}};
  try {
    for (const HostPlan& host : plan.hosts) {
      made.hosts.push_back(host);
      writeRecord(made, recordPath);  // first the record, then the thing
      createHost(root, host);
    }
  } catch (...) {
    try {
      destroySandbox(recordPath);
    } catch (...) {
      // The first error is the one to report; the record stays for `p4nf down`.
    }
    throw;
  }
}

bool adoptOrCreateSandbox(const SandboxPlan& plan, const std::string& recordPath) {
  if (!fileExists(recordPath)) {
    createSandbox(plan, recordPath);
    return true;
  }
  SandboxPlan recorded = readSandboxRecord(recordPath);
  auto same = [](const HostPlan& x, const HostPlan& y) {
    return x.portId == y.portId && x.interface == y.interface && x.netns == y.netns &&
           x.hostInterface == y.hostInterface && x.addresses == y.addresses &&
           x.gateway == y.gateway && x.mac == y.mac;
  };
  bool samePlan = recorded.hosts.size() == plan.hosts.size();
  for (size_t i = 0; samePlan && i < plan.hosts.size(); ++i)
    samePlan = same(recorded.hosts[i], plan.hosts[i]);
  if (!samePlan)
    throw LoaderError("the sandbox of deployment '" + plan.deployment + "' (" + recordPath +
                      ") was made for other ports or addresses; run `p4nf down` first");
  RouteSocket root;
  for (const HostPlan& host : plan.hosts) {
    std::optional<std::string> kind = root.linkKind(host.interface);
    if (!kind || *kind != "veth" || !namedNetnsExists(host.netns))
      throw LoaderError("the sandbox of deployment '" + plan.deployment + "' is incomplete (" +
                        host.interface + " or namespace " + host.netns +
                        " is gone); run `p4nf down` first");
  }
  return false;
}

SandboxPlan readSandboxRecord(const std::string& recordPath) {
  std::ifstream file(recordPath);
  if (!file) throw LoaderError("cannot read the sandbox record " + recordPath);
  try {
    json document = json::parse(file);
    SandboxPlan plan;
    plan.deployment = document.at("deployment").get<std::string>();
    for (const json& entry : document.at("hosts")) plan.hosts.push_back(hostFromJson(entry));
    return plan;
  } catch (const json::exception& error) {
    throw LoaderError("the sandbox record " + recordPath + " is damaged (" + error.what() +
                      "); remove its namespaces with `ip netns del` and delete the file");
  }
}

bool destroySandbox(const std::string& recordPath) {
  if (!fileExists(recordPath)) return false;
  SandboxPlan plan = readSandboxRecord(recordPath);
  RouteSocket root;
  std::string failures;
  for (const HostPlan& host : plan.hosts) {
    try {
      removeHost(root, host);
    } catch (const LoaderError& error) {
      failures += std::string(failures.empty() ? "" : "; ") + error.what();
    }
  }
  if (!failures.empty())
    throw LoaderError("sandbox teardown incomplete (record kept at " + recordPath +
                      "): " + failures);
  std::remove(recordPath.c_str());
  rmdir(std::filesystem::path(recordPath).parent_path().c_str());  // only when empty
  return true;
}

}  // namespace p4nf::sandbox
