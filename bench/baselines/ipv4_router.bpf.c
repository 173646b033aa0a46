// SPDX-License-Identifier: GPL-2.0
// Hand-written baseline for bench/programs/ipv4_router.p4: an IPv4 router.
//
// IPv4 destination -> longest-prefix match -> next hop (port, next-hop MAC, our MAC);
// decrement the TTL with an incremental checksum update, rewrite both MACs, redirect
// through the port devmap. Everything that is not IPv4 (ARP among it), and packets whose
// TTL would expire, go to the host (XDP_PASS), which answers ARP and sends the ICMP
// time-exceeded. A route miss drops.
//
// Written the way an expert would: one bounds check per header, header fields read and
// written in place, the LPM key built in a single 8-byte stack slot.
//
// The table layout follows docs/manifest.md (described by ipv4_router.manifest.json):
// the key is `u32 prefixlen` then the address in network order; the value is a host-order
// u32 action id followed by the action's parameters in network order.
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "headers.h"

#define ACTION_FORWARD 1  // forward(PortId_t port, bit<48> dst_mac, bit<48> src_mac)
#define ACTION_DROP 2     // drop()

struct route_key {
  __u32 prefixlen;
  __be32 dst_addr;
};

struct route_value {
  __u32 action_id;
  __be32 port;
  __u8 dst_mac[ETH_ALEN];
  __u8 src_mac[ETH_ALEN];
};

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 131072);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct route_key);
  __type(value, struct route_value);
} t_ipv4_lpm SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP);
  __uint(max_entries, 256);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} p4nf_ports SEC(".maps");

// TTL decrement with the checksum updated incrementally (RFC 1624, eqn. 3). The TTL is
// the high byte of its 16-bit word, so the word drops by 0x0100 and the one's-complement
// checksum rises by the same amount, with the end-around carry folded back in. (This is
// the kernel's ip_decrease_ttl; no full recomputation, no bpf_csum_diff call.)
static __always_inline void decrement_ttl(struct iphdr *ip) {
  __u32 check = ip->check;
  check += bpf_htons(0x0100);
  ip->check = (__sum16)(check + (check >= 0xffff));
  ip->ttl--;
}

SEC("xdp")
int ipv4_router(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;

  struct eth_hdr *eth = data;
  if ((void *)(eth + 1) > data_end) return XDP_DROP;
  if (eth->type != bpf_htons(ETH_P_IP)) return XDP_PASS;  // ARP, IPv6, ...

  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > data_end) return XDP_PASS;  // truncated: not ours to judge
  if (ip->ttl <= 1) return XDP_PASS;                 // the host sends ICMP time exceeded

  struct route_key key = {.prefixlen = 32, .dst_addr = ip->daddr};
  const struct route_value *route = bpf_map_lookup_elem(&t_ipv4_lpm, &key);
  if (!route || route->action_id != ACTION_FORWARD) return XDP_DROP;

  decrement_ttl(ip);
  __builtin_memcpy(eth->dst, route->dst_mac, ETH_ALEN);
  __builtin_memcpy(eth->src, route->src_mac, ETH_ALEN);
  return bpf_redirect_map(&p4nf_ports, bpf_ntohl(route->port), XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";
