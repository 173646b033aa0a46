// SPDX-License-Identifier: GPL-2.0
// Hand-written baseline for bench/programs/l2_forward.p4: an L2 forwarding table.
//
// The destination MAC is looked up, exactly, in a hash map; a hit with the `forward`
// action redirects the frame through the port devmap, anything else is dropped.
// This is the bar p4nfc's output is measured against, so it is written the way an
// expert would: one bounds check, and the map key points straight into the packet
// (no copy to the stack).
//
// The table layout follows docs/manifest.md, so that the benchmark fills this map and
// the compiled P4 program's with the same code (l2_forward.manifest.json describes it):
// the key is the 6 MAC bytes, the value a host-order u32 action id followed by the
// action's parameters in network order.
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "headers.h"

#define ACTION_FORWARD 1  // forward(PortId_t port)
#define ACTION_DROP 2     // drop()

struct dmac_key {
  __u8 dst_addr[ETH_ALEN];
};

struct dmac_value {
  __u32 action_id;
  __be32 port;  // forward's parameter, big-endian like every P4 field
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 131072);
  __type(key, struct dmac_key);
  __type(value, struct dmac_value);
} t_dmac SEC(".maps");

// Port id -> ifindex, as the P4 program's `maps.ports`.
struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP);
  __uint(max_entries, 256);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} p4nf_ports SEC(".maps");

SEC("xdp")
int l2_forward(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;

  struct eth_hdr *eth = data;
  if ((void *)(eth + 1) > data_end) return XDP_DROP;

  // The key is the first 6 bytes of the frame, already in map order.
  const struct dmac_value *entry = bpf_map_lookup_elem(&t_dmac, eth->dst);
  if (!entry || entry->action_id != ACTION_FORWARD) return XDP_DROP;

  // An unknown port drops (the low bits of the flags are the verdict on a devmap miss).
  return bpf_redirect_map(&p4nf_ports, bpf_ntohl(entry->port), XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";
