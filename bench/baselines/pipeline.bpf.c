// SPDX-License-Identifier: GPL-2.0
// Hand-written baseline for bench/programs/pipeline.p4: a small L3 switch, five tables in
// a row and a per-port counter (that file says what each table does).
//
// Written the way an expert would: one bounds check per header, fields read and written
// in place, each key built in one stack slot, the defaults of the tables fixed in the code
// (no default-action maps), the input port taken from the context (ifindex) rather than
// looked up. The table layouts are those pipeline.manifest.json describes (docs/manifest.md:
// keys and action parameters in network order, a host-order u32 action id first in values).
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "headers.h"

#define ETH_P_8021Q 0x8100
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define VLAN_IN_SET_VID 1  // set_vid(bit<12> vid); 2 is drop()
#define ROUTABLE_ROUTE 1   // route(); 2 is NoAction
#define LPM_FORWARD_L3 1   // forward_l3(dst_mac, src_mac, bit<12> vid); 2 is drop()
#define DMAC_FORWARD_L2 1  // forward_l2(PortId_t port); 2 is to_host()
#define ACL_DENY 1         // deny(); 2 is NoAction

struct vlan_hdr {
  __be16 tci;
  __be16 type;
};

struct l4_ports {
  __be16 src;
  __be16 dst;
};

struct port_cell {
  __u64 packets;
  __u64 bytes;
};

struct vlan_in_key {
  __be32 port;  // network order, as every key field (docs/manifest.md)
  __u8 tagged;
  __u8 pad;
  __be16 vid;
};
struct vlan_in_value {
  __u32 action_id;
  __be16 vid;
  __u16 pad;
};

struct mac_vid_key {
  __u8 mac[ETH_ALEN];
  __be16 vid;
};
struct action_only {
  __u32 action_id;
};

struct route_key {
  __u32 prefixlen;
  __be32 dst_addr;
};
struct route_value {
  __u32 action_id;
  __u8 dst_mac[ETH_ALEN];
  __u8 pad[2];
  __u8 src_mac[ETH_ALEN];
  __be16 vid;
};

struct dmac_value {
  __u32 action_id;
  __be32 port;
};

struct acl_key {
  __be32 src_addr;
  __be32 dst_addr;
  __u8 protocol;
  __u8 pad;
  __be16 src_port;
  __be16 dst_port;
};  // 16 bytes: 14 and the tail padding of a 4-aligned struct (zeroed with the key)

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 256);
  __type(key, __u32);
  __type(value, struct port_cell);
} c_port_rx SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, struct vlan_in_key);
  __type(value, struct vlan_in_value);
} t_vlan_in SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, struct mac_vid_key);
  __type(value, struct action_only);
} t_routable SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 65536);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct route_key);
  __type(value, struct route_value);
} t_ipv4_lpm SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, struct mac_vid_key);
  __type(value, struct dmac_value);
} t_dmac SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, struct acl_key);
  __type(value, struct action_only);
} t_acl SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP);
  __uint(max_entries, 256);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} p4nf_ports SEC(".maps");

// As in ipv4_router.bpf.c: the kernel's ip_decrease_ttl.
static __always_inline void decrement_ttl(struct iphdr *ip) {
  __u32 check = ip->check;
  check += bpf_htons(0x0100);
  ip->check = (__sum16)(check + (check >= 0xffff));
  ip->ttl--;
}

SEC("xdp")
int pipeline(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  __u32 port = ctx->ingress_ifindex;

  struct eth_hdr *eth = data;
  if ((void *)(eth + 1) > data_end) return XDP_DROP;

  struct port_cell *cell = bpf_map_lookup_elem(&c_port_rx, &port);
  if (cell) {
    cell->packets++;
    cell->bytes += data_end - data;
  }

  struct vlan_hdr *vlan = 0;
  __be16 type = eth->type;
  void *l3 = eth + 1;
  if (type == bpf_htons(ETH_P_8021Q)) {
    vlan = l3;
    if ((void *)(vlan + 1) > data_end) return XDP_DROP;
    type = vlan->type;
    l3 = vlan + 1;
  }
  if (type != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = l3;
  if ((void *)(ip + 1) > data_end) return XDP_DROP;
  if (ip->ttl <= 1) return XDP_PASS;
  struct l4_ports *l4 = 0;
  if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
    l4 = (void *)(ip + 1);
    if ((void *)(l4 + 1) > data_end) return XDP_DROP;
  }

  struct vlan_in_key vkey = {.port = bpf_htonl(port)};
  if (vlan) {
    vkey.tagged = 1;
    vkey.vid = vlan->tci & bpf_htons(0x0fff);
  }
  struct vlan_in_value *vin = bpf_map_lookup_elem(&t_vlan_in, &vkey);
  if (!vin || vin->action_id != VLAN_IN_SET_VID) return XDP_DROP;
  __be16 vid = vin->vid;

  struct mac_vid_key mkey = {.vid = vid};
  __builtin_memcpy(mkey.mac, eth->dst, ETH_ALEN);
  struct action_only *routable = bpf_map_lookup_elem(&t_routable, &mkey);
  if (routable && routable->action_id == ROUTABLE_ROUTE) {
    struct route_key rkey = {.prefixlen = 32, .dst_addr = ip->daddr};
    struct route_value *route = bpf_map_lookup_elem(&t_ipv4_lpm, &rkey);
    if (!route || route->action_id != LPM_FORWARD_L3) return XDP_DROP;
    decrement_ttl(ip);
    __builtin_memcpy(eth->dst, route->dst_mac, ETH_ALEN);
    __builtin_memcpy(eth->src, route->src_mac, ETH_ALEN);
    vid = route->vid;
  }

  __builtin_memcpy(mkey.mac, eth->dst, ETH_ALEN);
  mkey.vid = vid;
  struct dmac_value *out = bpf_map_lookup_elem(&t_dmac, &mkey);
  if (!out || out->action_id != DMAC_FORWARD_L2) return XDP_PASS;  // to_host()

  struct acl_key akey = {.src_addr = ip->saddr, .dst_addr = ip->daddr, .protocol = ip->protocol};
  if (l4) {
    akey.src_port = l4->src;
    akey.dst_port = l4->dst;
  }
  struct action_only *deny = bpf_map_lookup_elem(&t_acl, &akey);
  if (deny && deny->action_id == ACL_DENY) return XDP_DROP;

  if (vlan) vlan->tci = (vlan->tci & bpf_htons(0xf000)) | vid;
  return bpf_redirect_map(&p4nf_ports, bpf_ntohl(out->port), XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";
