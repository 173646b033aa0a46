#include "nf/router/kernel_fib.h"

#include <fcntl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "loader/loader_error.h"

namespace p4nf::router {
namespace {

// Runs the scope in another network namespace (this thread only): sockets created in it
// belong to that namespace for good, which is all the mirror needs.
class NetnsScope {
 public:
  explicit NetnsScope(const std::string& name) {
    if (name.empty()) return;
    original_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    std::string path = "/var/run/netns/" + name;
    int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (original_ < 0 || target < 0 || setns(target, CLONE_NEWNET) != 0) {
      std::string reason = strerror(errno);
      if (target >= 0) close(target);
      if (original_ >= 0) close(original_);
      throw LoaderError("kernel FIB: cannot enter network namespace " + path + ": " + reason +
                        " (does `ip netns list` show it? entering needs CAP_SYS_ADMIN)");
    }
    close(target);
  }
  ~NetnsScope() {
    if (original_ < 0) return;
    setns(original_, CLONE_NEWNET);
    close(original_);
  }
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;

 private:
  int original_ = -1;
};

std::optional<IpAddress> toAddress(nl_addr* addr, int familyHint = AF_UNSPEC) {
  if (!addr) return std::nullopt;
  int family = nl_addr_get_family(addr);
  if (family == AF_UNSPEC) family = familyHint;
  unsigned length = nl_addr_get_len(addr);
  IpAddress address;
  if (family == AF_INET) {
    address.family = Family::Ipv4;
    if (length == 4)
      std::memcpy(address.bytes.data(), nl_addr_get_binary_addr(addr), 4);
    else if (length != 0)
      return std::nullopt;
  } else if (family == AF_INET6) {
    address.family = Family::Ipv6;
    if (length == 16)
      std::memcpy(address.bytes.data(), nl_addr_get_binary_addr(addr), 16);
    else if (length != 0)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  return address;
}

void markChanged(nl_cache*, nl_object*, int, void* data) { *static_cast<bool*>(data) = true; }

template <typename T>
std::vector<T*> objectsOf(nl_cache* cache) {
  std::vector<T*> list;
  for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o))
    list.push_back(reinterpret_cast<T*>(o));
  return list;
}

}  // namespace

struct KernelFib::Caches {
  nl_cache_mngr* manager = nullptr;
  nl_cache* links = nullptr;
  nl_cache* addresses = nullptr;
  nl_cache* routes = nullptr;
  nl_cache* neighbours = nullptr;
  bool changed = false;

  ~Caches() {
    // The manager owns the caches it provided.
    if (manager) nl_cache_mngr_free(manager);
  }
};

KernelFib::KernelFib(KernelFibOptions options)
    : options_(std::move(options)), caches_(std::make_unique<Caches>()) {
  NetnsScope inNetns(options_.netns);
  auto check = [](int error, const std::string& what) {
    if (error < 0)
      throw LoaderError("kernel FIB: " + what + ": " + nl_geterror(error) +
                        " (rtnetlink needs CAP_NET_ADMIN to follow changes)");
  };
  check(nl_cache_mngr_alloc(nullptr, NETLINK_ROUTE, NL_AUTO_PROVIDE, &caches_->manager),
        "cannot open the netlink event socket");
  bool* changed = &caches_->changed;
  check(nl_cache_mngr_add(caches_->manager, "route/link", markChanged, changed, &caches_->links),
        "cannot dump the links");
  check(
      nl_cache_mngr_add(caches_->manager, "route/addr", markChanged, changed, &caches_->addresses),
      "cannot dump the addresses");
  check(nl_cache_mngr_add(caches_->manager, "route/route", markChanged, changed, &caches_->routes),
        "cannot dump the routes");
  check(nl_cache_mngr_add(caches_->manager, "route/neigh", markChanged, changed,
                          &caches_->neighbours),
        "cannot dump the neighbours");
}

KernelFib::~KernelFib() = default;

int KernelFib::fd() const { return nl_cache_mngr_get_fd(caches_->manager); }

bool KernelFib::processEvents(int timeoutMs) {
  caches_->changed = false;
  int n = nl_cache_mngr_poll(caches_->manager, timeoutMs);
  // Everything else already queued, without waiting again.
  while (n > 0) n = nl_cache_mngr_poll(caches_->manager, 0);
  if (n < 0 && n != -NLE_INTR && n != -NLE_AGAIN)
    throw LoaderError(std::string("kernel FIB: reading netlink events failed: ") + nl_geterror(n));
  return caches_->changed;
}

RouterState KernelFib::state() const {
  RouterState state;
  std::map<int, uint32_t> portOfIfindex;
  std::map<uint32_t, size_t> interfaceOfPort;
  for (rtnl_link* link : objectsOf<rtnl_link>(caches_->links)) {
    // The cache also holds per-family objects of a link (AF_INET6's, from IPv6's own
    // RTM_NEWLINK notifications), which the kernel refreshes only on IPv6 events: their MTU
    // and MAC go stale. The AF_UNSPEC object is the link itself.
    if (rtnl_link_get_family(link) != AF_UNSPEC) continue;
    const char* name = rtnl_link_get_name(link);
    auto it = name ? options_.ports.find(name) : options_.ports.end();
    if (it == options_.ports.end()) continue;
    RouterInterface interface;
    interface.port = it->second;
    nl_addr* mac = rtnl_link_get_addr(link);
    if (mac && nl_addr_get_len(mac) == 6)
      interface.mac = macText(static_cast<const uint8_t*>(nl_addr_get_binary_addr(mac)));
    interface.mtu = rtnl_link_get_mtu(link);
    portOfIfindex[rtnl_link_get_ifindex(link)] = interface.port;
    interfaceOfPort[interface.port] = state.interfaces.size();
    state.interfaces.push_back(interface);
  }
  auto portOf = [&](int ifindex) -> std::optional<uint32_t> {
    auto it = portOfIfindex.find(ifindex);
    if (it == portOfIfindex.end()) return std::nullopt;
    return it->second;
  };

  for (rtnl_addr* a : objectsOf<rtnl_addr>(caches_->addresses)) {
    std::optional<IpAddress> address = toAddress(rtnl_addr_get_local(a));
    if (!address) continue;
    if (auto port = portOf(rtnl_addr_get_ifindex(a)))
      state.interfaces[interfaceOfPort[*port]].addresses.push_back(
          {*address, rtnl_addr_get_prefixlen(a)});
    else
      state.extraLocalAddresses.push_back(*address);
  }

  // Lowest metric first, so that it wins among routes of one prefix.
  // (std::stable_sort would do, but libstdc++ 12's trips clang 19's deprecation warning.)
  std::vector<rtnl_route*> cached = objectsOf<rtnl_route>(caches_->routes);
  std::vector<std::pair<uint32_t, size_t>> order;
  for (size_t i = 0; i < cached.size(); ++i)
    order.emplace_back(rtnl_route_get_priority(cached[i]), i);
  std::sort(order.begin(), order.end());
  for (const auto& [priority, index] : order) {
    rtnl_route* r = cached[index];
    if (rtnl_route_get_table(r) != options_.table) continue;
    if (rtnl_route_get_flags(r) & RTM_F_CLONED) continue;
    nl_addr* dst = rtnl_route_get_dst(r);
    std::optional<IpAddress> address = toAddress(dst, rtnl_route_get_family(r));
    if (!address) continue;
    Route route;
    route.prefix = IpPrefix::of(*address, dst ? static_cast<int>(nl_addr_get_prefixlen(dst)) : 0);
    switch (rtnl_route_get_type(r)) {
      case RTN_UNICAST: {
        rtnl_nexthop* nh = rtnl_route_get_nnexthops(r) > 0 ? rtnl_route_nexthop_n(r, 0) : nullptr;
        std::optional<uint32_t> port = nh ? portOf(rtnl_route_nh_get_ifindex(nh)) : std::nullopt;
        std::optional<IpAddress> gateway =
            nh ? toAddress(rtnl_route_nh_get_gateway(nh)) : std::nullopt;
        if (!port) {
          route.kind = RouteKind::Host;  // a device p4nf does not drive
        } else if (gateway) {
          route.kind = RouteKind::Gateway;
          route.via = gateway;
          route.port = port;
        } else {
          route.kind = RouteKind::Connected;
          route.port = port;
        }
        break;
      }
      case RTN_BLACKHOLE:
        route.kind = RouteKind::Blackhole;
        break;
      case RTN_UNREACHABLE:
      case RTN_PROHIBIT:
      case RTN_THROW:
        route.kind = RouteKind::Host;
        break;
      default:
        continue;  // local, broadcast, multicast, anycast: local delivery, not routing
    }
    state.routes.push_back(route);
  }

  constexpr int kUsable =
      NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP;
  for (rtnl_neigh* n : objectsOf<rtnl_neigh>(caches_->neighbours)) {
    int family = rtnl_neigh_get_family(n);
    if ((family != AF_INET && family != AF_INET6) || !(rtnl_neigh_get_state(n) & kUsable)) continue;
    std::optional<uint32_t> port = portOf(rtnl_neigh_get_ifindex(n));
    std::optional<IpAddress> address = toAddress(rtnl_neigh_get_dst(n));
    nl_addr* mac = rtnl_neigh_get_lladdr(n);
    if (!port || !address || !mac || nl_addr_get_len(mac) != 6) continue;
    state.neighbours.push_back(
        {*address, macText(static_cast<const uint8_t*>(nl_addr_get_binary_addr(mac))), port});
  }
  return state;
}

RouterState mergeStates(const RouterState& configured, const RouterState& kernel) {
  RouterState merged = configured;
  for (const RouterInterface& k : kernel.interfaces) {
    auto it = std::find_if(merged.interfaces.begin(), merged.interfaces.end(),
                           [&](const RouterInterface& c) { return c.port == k.port; });
    if (it == merged.interfaces.end()) {
      merged.interfaces.push_back(k);
      continue;
    }
    if (it->mac.empty()) it->mac = k.mac;
    if (it->mtu == 0) it->mtu = k.mtu;
    for (const InterfaceAddress& a : k.addresses) {
      bool known = std::any_of(it->addresses.begin(), it->addresses.end(), [&](const auto& c) {
        return c.address == a.address && c.length == a.length;
      });
      if (!known) it->addresses.push_back(a);
    }
  }
  std::set<IpPrefix> prefixes;
  for (const Route& r : merged.routes) prefixes.insert(r.prefix);
  for (const Route& r : kernel.routes)
    if (prefixes.insert(r.prefix).second) merged.routes.push_back(r);
  std::set<IpAddress> neighbours;
  for (const Neighbour& n : merged.neighbours) neighbours.insert(n.address);
  for (const Neighbour& n : kernel.neighbours)
    if (neighbours.insert(n.address).second) merged.neighbours.push_back(n);
  merged.extraLocalAddresses.insert(merged.extraLocalAddresses.end(),
                                    kernel.extraLocalAddresses.begin(),
                                    kernel.extraLocalAddresses.end());
  return merged;
}

KernelFibMirror::KernelFibMirror(RouterState configured, KernelFibOptions options,
                                 Callback onChange)
    : configured_(std::move(configured)), fib_(std::move(options)), onChange_(std::move(onChange)) {
  recompute();
  if (onChange_) onChange_(tables_);
}

bool KernelFibMirror::processEvents(int timeoutMs) {
  if (!fib_.processEvents(timeoutMs)) return false;
  if (!recompute()) return false;
  if (onChange_) onChange_(tables_);
  return true;
}

bool KernelFibMirror::setConfigured(RouterState configured) {
  configured_ = std::move(configured);
  if (!recompute()) return false;
  if (onChange_) onChange_(tables_);
  return true;
}

bool KernelFibMirror::recompute() {
  RouterState state = mergeStates(configured_, fib_.state());
  // An interface the kernel gave no MAC (not up yet) cannot source frames: leave it out.
  std::erase_if(state.interfaces, [](const RouterInterface& i) { return i.mac.empty(); });
  // Problems (a kernel route through a gateway off every subnet, ...) leave that route out;
  // the kernel itself still routes such packets when they reach it.
  std::vector<StateProblem> problems;
  RouterTables tables = computeRouterTables(state, ids_, &problems);
  problems_.clear();
  for (const StateProblem& p : problems) problems_.push_back(p.message);
  if (tables == tables_) return false;
  tables_ = std::move(tables);
  return true;
}

}  // namespace p4nf::router
