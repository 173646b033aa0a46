// SPDX-License-Identifier: GPL-2.0
// The harness floor: an XDP program that does nothing. Its ns/packet is what the
// BPF_PROG_TEST_RUN loop itself costs per repetition, in every other measurement too.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int empty(struct xdp_md *ctx __attribute__((unused))) { return XDP_DROP; }

char LICENSE[] SEC("license") = "GPL";
