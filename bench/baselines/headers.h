// Packet headers for the baselines.
//
// <linux/if_ether.h> declares struct ethhdr packed (alignment 1), which makes LLVM split
// every access into byte loads. Here the Ethernet header has its natural alignment of 2,
// as an expert writing a fast path would declare it: the EtherType is one 16-bit load and
// a MAC copy is three 16-bit moves. The IPv4 header is the kernel's (naturally aligned).
#pragma once

#include <linux/ip.h>
#include <linux/types.h>

#define ETH_ALEN 6
#define ETH_P_IP 0x0800

struct eth_hdr {
  __u8 dst[ETH_ALEN];
  __u8 src[ETH_ALEN];
  __be16 type;
};
