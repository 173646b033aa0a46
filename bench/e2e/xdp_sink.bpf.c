// SPDX-License-Identifier: GPL-2.0
// The receiving host's end of the end-to-end benchmark: every frame that reaches it is
// counted (the kernel's run_cnt of this program, BPF stats on) and dropped, so the
// receiver costs as little as possible and the same on both legs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int sink(struct xdp_md *ctx __attribute__((unused))) { return XDP_DROP; }

char LICENSE[] SEC("license") = "GPL";
