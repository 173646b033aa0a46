// SPDX-License-Identifier: GPL-2.0
// Hand-written baseline for nf/router/router.p4: the same IPv4/IPv6 router, written in C
// the way an expert would, with the same tables (same names and layouts, described by
// router.manifest.json) so that one piece of benchmark code fills both.
//
// Per packet, as router.p4: malformed IPv4/IPv6 dropped; ARP, ND, own addresses
// (local_ipv4/6), multicast/broadcast/link-local, TTL <= 1 and unresolved next hops to
// the host; martian sources (fixed ranges, own_sources_ipv4) dropped; LPM -> next hop ->
// (port, neighbour MAC) -> source MAC and MTU of the port; a packet longer than the MTU
// to the host; else TTL or hop limit - 1 with an incremental IPv4 checksum; counters per
// reason and per port.
// A routing-table miss runs the default action the control plane chose (d_ipv4_routes /
// d_ipv6_routes: no_route_drop or no_route_to_host), like p4nfc's default maps.
//
// What it leaves out: p4nf's chain metadata (the verdict record p4nfc's programs keep in
// the XDP metadata area for chains and tests), which is not router behaviour.
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "headers.h"

#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86DD
#define IPPROTO_ICMPV6_ 58

// Counter indexes: nf/router/router.p4's REASON_* constants.
enum reason {
  FORWARD_IPV4, FORWARD_IPV6, HOST_ARP, HOST_ND, HOST_LOCAL, HOST_TTL, HOST_NO_NEIGHBOUR,
  HOST_NO_ROUTE, HOST_LINK_SCOPE, HOST_NOT_IP, DROP_NO_ROUTE, DROP_BAD_VERSION, DROP_BAD_IHL,
  DROP_BAD_LENGTH, DROP_TRUNCATED, DROP_NO_PORT_MAC, HOST_MTU, DROP_MARTIAN_SOURCE,
  REASON_COUNT
};

// Action ids, as in the manifest.
#define ROUTE_SET_NEXTHOP 1
#define ROUTE_TO_HOST 2
#define ROUTE_NO_ROUTE_DROP 3
#define ROUTE_NO_ROUTE_TO_HOST 4
#define NEXTHOP_FORWARD 1
#define PORT_SET_SOURCE_MAC 1
#define LOCAL_HIT 1
#define OWN_SOURCE 1

struct counter { __u64 packets, bytes; };
struct route_v4_key { __u32 prefixlen; __be32 addr; };
struct route_v6_key { __u32 prefixlen; struct in6_addr addr; };
struct route_value { __u32 action_id; __be32 nexthop; };
struct nexthop_value { __u32 action_id; __be32 port; __u8 mac[ETH_ALEN]; __u8 pad[2]; };
struct port_mac_value { __u32 action_id; __u8 mac[ETH_ALEN]; __be16 mtu; };
struct local_value { __u32 action_id; };

#define COUNTER(name, n)                                  \
  struct {                                                \
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);              \
    __uint(max_entries, n);                               \
    __type(key, __u32);                                   \
    __type(value, struct counter);                        \
  } name SEC(".maps")
COUNTER(c_reasons, REASON_COUNT);
COUNTER(c_rx_port, 256);
COUNTER(c_tx_port, 256);

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, __be32);
  __type(value, struct local_value);
} t_local_ipv4 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, struct in6_addr);
  __type(value, struct local_value);
} t_local_ipv6 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, __be32);
  __type(value, struct local_value);
} t_own_src_ipv4 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 1048576);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct route_v4_key);
  __type(value, struct route_value);
} t_ipv4_routes SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 1048576);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct route_v6_key);
  __type(value, struct route_value);
} t_ipv6_routes SEC(".maps");

#define DEFAULT_MAP(name)                 \
  struct {                                \
    __uint(type, BPF_MAP_TYPE_ARRAY);     \
    __uint(max_entries, 1);               \
    __type(key, __u32);                   \
    __type(value, struct route_value);    \
  } name SEC(".maps")
DEFAULT_MAP(d_ipv4_routes);
DEFAULT_MAP(d_ipv6_routes);

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, __be32);
  __type(value, struct nexthop_value);
} t_nexthops SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 256);
  __type(key, __be32);
  __type(value, struct port_mac_value);
} t_port_macs SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP);
  __uint(max_entries, 256);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} p4nf_ports SEC(".maps");

static __always_inline void count(void *map, __u32 index, __u64 bytes) {
  struct counter *c = bpf_map_lookup_elem(map, &index);
  if (c) {
    c->packets++;
    c->bytes += bytes;
  }
}

static __always_inline int host(__u32 reason, __u64 bytes) {
  count(&c_reasons, reason, bytes);
  return XDP_PASS;
}

static __always_inline int drop(__u32 reason, __u64 bytes) {
  count(&c_reasons, reason, bytes);
  return XDP_DROP;
}

// A routing-table miss: the default action the control plane installed, else drop.
static __always_inline int no_route(void *default_map, __u64 bytes) {
  __u32 zero = 0;
  struct route_value *d = bpf_map_lookup_elem(default_map, &zero);
  if (d && d->action_id == ROUTE_NO_ROUTE_TO_HOST) return host(HOST_NO_ROUTE, bytes);
  return drop(DROP_NO_ROUTE, bytes);
}

// After the LPM: next hop -> port and neighbour MAC -> our MAC and the port's MTU; a
// packet longer than the MTU goes to the host untouched (the kernel fragments it or sends
// the ICMP error); else rewrite, TTL (hop limit) - 1 and send.
static __always_inline int forward(struct eth_hdr *eth, struct iphdr *ip4, struct ipv6hdr *ip6,
                                   __be32 nexthop, __u64 bytes) {
  struct nexthop_value *nh = bpf_map_lookup_elem(&t_nexthops, &nexthop);
  if (!nh || nh->action_id != NEXTHOP_FORWARD) return host(HOST_NO_NEIGHBOUR, bytes);
  __be32 port_key = nh->port;
  struct port_mac_value *pm = bpf_map_lookup_elem(&t_port_macs, &port_key);
  if (!pm || pm->action_id != PORT_SET_SOURCE_MAC) return drop(DROP_NO_PORT_MAC, bytes);
  __u32 length = ip4 ? bpf_ntohs(ip4->tot_len) : bpf_ntohs(ip6->payload_len) + sizeof *ip6;
  if (length > bpf_ntohs(pm->mtu)) return host(HOST_MTU, bytes);
  __builtin_memcpy(eth->dst, nh->mac, ETH_ALEN);
  __builtin_memcpy(eth->src, pm->mac, ETH_ALEN);
  if (ip4) {
    // RFC 1624 eqn. 3, as the kernel's ip_decrease_ttl.
    __u32 check = ip4->check;
    check += bpf_htons(0x0100);
    ip4->check = (__sum16)(check + (check >= 0xffff));
    ip4->ttl--;
    count(&c_reasons, FORWARD_IPV4, bytes);
  } else {
    ip6->hop_limit--;
    count(&c_reasons, FORWARD_IPV6, bytes);
  }
  __u32 port = bpf_ntohl(port_key);
  count(&c_tx_port, port, bytes);
  return bpf_redirect_map(&p4nf_ports, port, XDP_DROP);
}

static __always_inline int route_ipv4(struct xdp_md *ctx, struct eth_hdr *eth, __u64 bytes) {
  void *data_end = (void *)(long)ctx->data_end;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > data_end) return drop(DROP_TRUNCATED, bytes);
  if (ip->version != 4) return drop(DROP_BAD_VERSION, bytes);
  __u32 ihl = ip->ihl;
  if (ihl < 5) return drop(DROP_BAD_IHL, bytes);
  if ((void *)ip + ihl * 4 > data_end) return drop(DROP_TRUNCATED, bytes);
  if (bpf_ntohs(ip->tot_len) < ihl * 4) return drop(DROP_BAD_LENGTH, bytes);

  __be32 dst = ip->daddr;
  struct local_value *local = bpf_map_lookup_elem(&t_local_ipv4, &dst);
  if (local && local->action_id == LOCAL_HIT) return host(HOST_LOCAL, bytes);
  if ((bpf_ntohl(dst) >> 28) == 0xe || dst == 0xffffffff) return host(HOST_LINK_SCOPE, bytes);
  // Martian sources: multicast, limited broadcast, 0.0.0.0, 127/8, the router's own addresses.
  __be32 src = ip->saddr;
  __u32 src_first = bpf_ntohl(src) >> 24;
  if ((src_first >> 4) == 0xe || src == 0xffffffff || src == 0 || src_first == 127)
    return drop(DROP_MARTIAN_SOURCE, bytes);
  struct local_value *own = bpf_map_lookup_elem(&t_own_src_ipv4, &src);
  if (own && own->action_id == OWN_SOURCE) return drop(DROP_MARTIAN_SOURCE, bytes);
  if (ip->ttl <= 1) return host(HOST_TTL, bytes);

  struct route_v4_key key = {.prefixlen = 32, .addr = dst};
  struct route_value *route = bpf_map_lookup_elem(&t_ipv4_routes, &key);
  if (!route) return no_route(&d_ipv4_routes, bytes);
  switch (route->action_id) {
    case ROUTE_SET_NEXTHOP: return forward(eth, ip, 0, route->nexthop, bytes);
    case ROUTE_TO_HOST: return host(HOST_NO_NEIGHBOUR, bytes);
    case ROUTE_NO_ROUTE_TO_HOST: return host(HOST_NO_ROUTE, bytes);
    default: return drop(DROP_NO_ROUTE, bytes);
  }
}

static __always_inline int route_ipv6(struct xdp_md *ctx, struct eth_hdr *eth, __u64 bytes) {
  void *data_end = (void *)(long)ctx->data_end;
  struct ipv6hdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > data_end) return drop(DROP_TRUNCATED, bytes);
  if (ip->version != 6) return drop(DROP_BAD_VERSION, bytes);
  if (ip->nexthdr == IPPROTO_ICMPV6_ && bpf_ntohs(ip->payload_len) >= 4) {
    __u8 *type = (void *)(ip + 1);
    if ((void *)(type + 4) > data_end) return drop(DROP_TRUNCATED, bytes);
    if (*type >= 133 && *type <= 137) return host(HOST_ND, bytes);
  }
  struct local_value *local = bpf_map_lookup_elem(&t_local_ipv6, &ip->daddr);
  if (local && local->action_id == LOCAL_HIT) return host(HOST_LOCAL, bytes);
  __u8 d0 = ip->daddr.in6_u.u6_addr8[0], d1 = ip->daddr.in6_u.u6_addr8[1];
  __u8 s0 = ip->saddr.in6_u.u6_addr8[0], s1 = ip->saddr.in6_u.u6_addr8[1];
  if (d0 == 0xff || (d0 == 0xfe && (d1 & 0xc0) == 0x80) || (s0 == 0xfe && (s1 & 0xc0) == 0x80))
    return host(HOST_LINK_SCOPE, bytes);
  // Martian sources: multicast, :: and ::1.
  const __u32 *s32 = ip->saddr.in6_u.u6_addr32;
  if (s0 == 0xff || (s32[0] == 0 && s32[1] == 0 && s32[2] == 0 && bpf_ntohl(s32[3]) <= 1))
    return drop(DROP_MARTIAN_SOURCE, bytes);
  if (ip->hop_limit <= 1) return host(HOST_TTL, bytes);

  struct route_v6_key key = {.prefixlen = 128};
  __builtin_memcpy(&key.addr, &ip->daddr, sizeof key.addr);
  struct route_value *route = bpf_map_lookup_elem(&t_ipv6_routes, &key);
  if (!route) return no_route(&d_ipv6_routes, bytes);
  switch (route->action_id) {
    case ROUTE_SET_NEXTHOP: return forward(eth, 0, ip, route->nexthop, bytes);
    case ROUTE_TO_HOST: return host(HOST_NO_NEIGHBOUR, bytes);
    case ROUTE_NO_ROUTE_TO_HOST: return host(HOST_NO_ROUTE, bytes);
    default: return drop(DROP_NO_ROUTE, bytes);
  }
}

SEC("xdp")
int router(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  __u64 bytes = data_end - data;
  count(&c_rx_port, ctx->ingress_ifindex & 0xff, bytes);

  struct eth_hdr *eth = data;
  if ((void *)(eth + 1) > data_end) return drop(DROP_TRUNCATED, bytes);
  if (eth->type == bpf_htons(ETH_P_IP)) return route_ipv4(ctx, eth, bytes);
  if (eth->type == bpf_htons(ETH_P_IPV6)) return route_ipv6(ctx, eth, bytes);
  if (eth->type == bpf_htons(ETH_P_ARP)) return host(HOST_ARP, bytes);
  return host(HOST_NOT_IP, bytes);
}

char LICENSE[] SEC("license") = "GPL";
