// The rtnetlink operations the sandbox needs (veth pairs, link state, addresses, routes),
// through libnl-route-3, a well-kept library that speaks netlink for us. A RouteSocket
// talks to the namespace it was opened in: sockets keep the namespace of the thread that
// created them, so one opened inside a host namespace configures that host from any thread.
#pragma once

#include <optional>
#include <string>

struct nl_sock;

namespace p4nf::sandbox {

class NetnsHandle;

class RouteSocket {
 public:
  // A socket in the caller's namespace (the root namespace for p4nf).
  RouteSocket();
  // A socket in `netns`.
  explicit RouteSocket(const NetnsHandle& netns);
  ~RouteSocket();
  RouteSocket(const RouteSocket&) = delete;
  RouteSocket& operator=(const RouteSocket&) = delete;

  // A veth pair: `name` here, its peer `peerName` created directly in `peerNetns` (so the
  // peer's name never meets the names of this namespace), optionally with `peerMac`.
  // Both ends start down. Fails when `name` exists.
  void addVethPair(const std::string& name, const std::string& peerName,
                   const NetnsHandle& peerNetns, const std::optional<std::string>& peerMac);

  // 0 when there is no such link.
  int ifindex(const std::string& name);
  // The link's kind ("veth", "bridge", ...; empty for a plain device); nullopt when absent.
  std::optional<std::string> linkKind(const std::string& name);

  void setUp(const std::string& name);
  // Deletes the link; false when it was not there.
  bool deleteLink(const std::string& name);

  // `cidr` like "10.0.0.1/24" or "fd00::1/64"; IPv6 addresses skip duplicate address
  // detection (IFA_F_NODAD) so they are usable at once.
  void addAddress(const std::string& linkName, const std::string& cidr);
  // A default route (v4 or v6 by the gateway's family) through `gateway` on `linkName`.
  void addDefaultRoute(const std::string& linkName, const std::string& gateway);

 private:
  void connect();
  nl_sock* socket_ = nullptr;
  std::string where_;  // "the root namespace" or "namespace X", for errors
};

}  // namespace p4nf::sandbox
