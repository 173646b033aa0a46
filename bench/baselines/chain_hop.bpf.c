// SPDX-License-Identifier: GPL-2.0
// Hand-written baseline for bench/programs/chain_hop.p4: one hop of a service chain.
//
// The chain protocol of docs/manifest.md ("Chain metadata layout", "Chains"), as an expert
// would write it for this one module, so that the `chain_hop` scenario measures what a hop
// costs at best: the tail call and the 20-byte record in this CPU's cell of the per-CPU
// array p4nf_record, which every module of the chain shares (a tail-call chain runs to
// completion on one CPU). The position is a `const volatile` in .rodata that the chain
// loader sets before load: the verifier sees a constant, keeps only this position's
// branch, and the tail call's slot is known (a direct jump once JITed).
//
// Position 0 is the program on the hook: no record came in, so it makes one with all five
// words (the ingress port from p4nf_port_ids, else the ifindex; mark 1). A later position
// finds the previous module's record, adds one to the mark and sets the verdict. Then the
// tail call; an empty next slot falls through and the packet goes to the host (XDP_PASS),
// as with the P4 module. Unlike p4nfc's objects there is no p4nf_record_in: nothing ever
// hands position 0 of this program a record. The egress port word is written only when
// the record is made: it means something only with verdict "send to port".
//
// The packet is not read: the P4 module extracts Ethernet, but nothing depends on it, and
// p4nfc's output makes no bounds check either.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define VERDICT_CONTINUE 4

struct p4nf_chain_record {
  __u32 verdict;
  __u32 egress_port;
  __u32 ingress_port;
  __u32 mark;
  __u8 ct_state;
  __u8 l3_offset;
  __u16 l4_offset;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct p4nf_chain_record);
} p4nf_record SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 64);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} p4nf_chain SEC(".maps");

// ifindex -> PNA port id, filled by the loader (the benchmark: one entry).
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 256);
  __type(key, __u32);
  __type(value, __u32);
} p4nf_port_ids SEC(".maps");

const volatile __u32 p4nf_chain_position = 0;

SEC("xdp")
int chain_hop(struct xdp_md *ctx) {
  __u32 zero = 0;
  struct p4nf_chain_record *record = bpf_map_lookup_elem(&p4nf_record, &zero);
  if (record) {  // index 0 of a one-entry array: never missing, but the verifier asks
    if (p4nf_chain_position == 0) {
      __u32 ifindex = ctx->ingress_ifindex;
      const __u32 *port = bpf_map_lookup_elem(&p4nf_port_ids, &ifindex);
      record->egress_port = 0;
      record->ingress_port = port ? *port : ifindex;
      record->mark = 1;
      record->ct_state = 0;
      record->l3_offset = 0;
      record->l4_offset = 0;
    } else {
      record->mark += 1;
    }
    record->verdict = VERDICT_CONTINUE;
  }
  bpf_tail_call(ctx, &p4nf_chain, p4nf_chain_position + 1);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
