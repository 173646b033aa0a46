#include "loader/sandbox/route_netlink.h"

#include <linux/if_addr.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sys/socket.h>

#include <memory>

#include "loader/loader_error.h"
#include "loader/sandbox/named_netns.h"

namespace p4nf::sandbox {
namespace {

struct LinkFree {
  void operator()(rtnl_link* link) const { rtnl_link_put(link); }
};
struct AddrFree {
  void operator()(nl_addr* addr) const { nl_addr_put(addr); }
};
struct RtAddrFree {
  void operator()(rtnl_addr* addr) const { rtnl_addr_put(addr); }
};
struct RouteFree {
  void operator()(rtnl_route* route) const { rtnl_route_put(route); }
};
using LinkPtr = std::unique_ptr<rtnl_link, LinkFree>;
using AddrPtr = std::unique_ptr<nl_addr, AddrFree>;

std::string nlText(int error) { return nl_geterror(error); }

AddrPtr parseAddress(const std::string& text, int family, const std::string& what) {
  nl_addr* addr = nullptr;
  int error = nl_addr_parse(text.c_str(), family, &addr);
  if (error < 0) throw LoaderError("invalid " + what + " '" + text + "': " + nlText(error));
  return AddrPtr(addr);
}

}  // namespace

RouteSocket::RouteSocket() : where_("the root network namespace") { connect(); }

RouteSocket::RouteSocket(const NetnsHandle& netns) : where_("network namespace " + netns.name()) {
  runInNetns(netns, [&] { connect(); });
}

void RouteSocket::connect() {
  socket_ = nl_socket_alloc();
  if (!socket_) throw LoaderError("out of memory allocating a netlink socket");
  int error = nl_connect(socket_, NETLINK_ROUTE);
  if (error < 0) {
    nl_socket_free(socket_);
    socket_ = nullptr;
    throw LoaderError("cannot open a netlink socket in " + where_ + ": " + nlText(error));
  }
}

RouteSocket::~RouteSocket() {
  if (socket_) nl_socket_free(socket_);
}

void RouteSocket::addVethPair(const std::string& name, const std::string& peerName,
                              const NetnsHandle& peerNetns,
                              const std::optional<std::string>& peerMac) {
  if (name.size() >= IFNAMSIZ || peerName.size() >= IFNAMSIZ)
    throw LoaderError("interface name '" + (name.size() >= IFNAMSIZ ? name : peerName) +
                      "' is longer than " + std::to_string(IFNAMSIZ - 1) + " characters");
  LinkPtr veth(rtnl_link_veth_alloc());
  if (!veth) throw LoaderError("out of memory allocating a veth link");
  rtnl_link_set_name(veth.get(), name.c_str());
  rtnl_link* peer = rtnl_link_veth_get_peer(veth.get());  // owned by `veth`'s info
  rtnl_link_set_name(peer, peerName.c_str());
  rtnl_link_set_ns_fd(peer, peerNetns.fd());
  AddrPtr mac;
  if (peerMac) {
    mac = parseAddress(*peerMac, AF_LLC, "MAC address");
    rtnl_link_set_addr(peer, mac.get());
  }
  rtnl_link_put(peer);
  int error = rtnl_link_add(socket_, veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (error == -NLE_EXIST)
    throw LoaderError("interface '" + name + "' already exists in " + where_ +
                      ": the sandbox creates its ports itself; remove it (ip link del " + name +
                      ") or pick another interface name in `ports:`");
  if (error < 0)
    throw LoaderError("cannot create veth pair " + name + " <-> " + peerName + " (in " +
                      peerNetns.name() + "): " + nlText(error));
}

int RouteSocket::ifindex(const std::string& name) {
  rtnl_link* link = nullptr;
  if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &link) < 0) return 0;
  int index = rtnl_link_get_ifindex(link);
  rtnl_link_put(link);
  return index;
}

std::optional<std::string> RouteSocket::linkKind(const std::string& name) {
  rtnl_link* raw = nullptr;
  if (rtnl_link_get_kernel(socket_, 0, name.c_str(), &raw) < 0) return std::nullopt;
  LinkPtr link(raw);
  const char* kind = rtnl_link_get_type(link.get());
  return std::string(kind ? kind : "");
}

void RouteSocket::setUp(const std::string& name) {
  rtnl_link* raw = nullptr;
  int error = rtnl_link_get_kernel(socket_, 0, name.c_str(), &raw);
  if (error < 0)
    throw LoaderError("interface '" + name + "' not found in " + where_ + ": " + nlText(error));
  LinkPtr link(raw);
  LinkPtr change(rtnl_link_alloc());
  rtnl_link_set_flags(change.get(), IFF_UP);
  error = rtnl_link_change(socket_, link.get(), change.get(), 0);
  if (error < 0)
    throw LoaderError("cannot bring up '" + name + "' in " + where_ + ": " + nlText(error));
}

bool RouteSocket::deleteLink(const std::string& name) {
  LinkPtr link(rtnl_link_alloc());
  rtnl_link_set_name(link.get(), name.c_str());
  int error = rtnl_link_delete(socket_, link.get());
  if (error == -NLE_NODEV || error == -NLE_OBJ_NOTFOUND) return false;
  if (error < 0)
    throw LoaderError("cannot delete interface '" + name + "' in " + where_ + ": " + nlText(error));
  return true;
}

void RouteSocket::addAddress(const std::string& linkName, const std::string& cidr) {
  int index = ifindex(linkName);
  if (index == 0) throw LoaderError("interface '" + linkName + "' not found in " + where_);
  AddrPtr local = parseAddress(cidr, AF_UNSPEC, "address");
  std::unique_ptr<rtnl_addr, RtAddrFree> address(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(address.get(), index);
  rtnl_addr_set_family(address.get(), nl_addr_get_family(local.get()));
  int error = rtnl_addr_set_local(address.get(), local.get());
  if (error < 0) throw LoaderError("invalid address '" + cidr + "': " + nlText(error));
  if (nl_addr_get_family(local.get()) == AF_INET6) rtnl_addr_set_flags(address.get(), IFA_F_NODAD);
  error = rtnl_addr_add(socket_, address.get(), 0);
  if (error < 0)
    throw LoaderError("cannot add address " + cidr + " to '" + linkName + "' in " + where_ + ": " +
                      nlText(error));
}

void RouteSocket::addDefaultRoute(const std::string& linkName, const std::string& gateway) {
  int index = ifindex(linkName);
  if (index == 0) throw LoaderError("interface '" + linkName + "' not found in " + where_);
  AddrPtr via = parseAddress(gateway, AF_UNSPEC, "gateway");
  int family = nl_addr_get_family(via.get());
  AddrPtr any = parseAddress("default", family, "destination");
  std::unique_ptr<rtnl_route, RouteFree> route(rtnl_route_alloc());
  rtnl_route_set_family(route.get(), family);
  rtnl_route_set_dst(route.get(), any.get());
  rtnl_nexthop* hop = rtnl_route_nh_alloc();
  rtnl_route_nh_set_ifindex(hop, index);
  rtnl_route_nh_set_gateway(hop, via.get());
  rtnl_route_add_nexthop(route.get(), hop);  // the route owns it from here
  int error = rtnl_route_add(socket_, route.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (error < 0)
    throw LoaderError("cannot add default route via " + gateway + " on '" + linkName + "' in " +
                      where_ + ": " + nlText(error));
}

}  // namespace p4nf::sandbox
