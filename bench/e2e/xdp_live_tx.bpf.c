// SPDX-License-Identifier: GPL-2.0
// The traffic source of the end-to-end benchmark (live_sender.cpp): run by
// BPF_PROG_TEST_RUN in live-frames mode on the sending host's veth, it transmits the test
// frame out of that veth for every repetition, so the router's veth receives XDP frames
// straight from the kernel, as from a NIC, at a rate no socket could reach.
//
// Live-frames mode writes a page's packet data once, when the page is first allocated,
// and recycles the page after the frame was consumed. The router rewrites the frame in
// place (MACs, TTL, checksum), so a recycled page would carry the forwarded frame; the
// program therefore puts the Ethernet and IPv4 headers back from `headers` (set by the
// sender before loading) every time.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HEADER_BYTES 34  // Ethernet (14) + IPv4 without options (20)

const volatile __u8 headers[HEADER_BYTES];

SEC("xdp")
int live_tx(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  if (data + HEADER_BYTES > end) return XDP_ABORTED;
  // Byte by byte through the volatile: a plain memcpy would let clang fold the
  // zero-initialised constant instead of reading the value the sender set.
  __u8 *bytes = data;
#pragma unroll
  for (int i = 0; i < HEADER_BYTES; i++) bytes[i] = headers[i];
  return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
