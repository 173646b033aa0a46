// Building the benchmark's packets: minimum-size Ethernet + IPv4 + UDP frames.
#pragma once

#include <cstdint>
#include <string>

#include "loader/packet_runner.h"

namespace p4nf::bench {

struct UdpFrameSpec {
  uint64_t dstMac = 0;
  uint64_t srcMac = 0;
  uint32_t srcAddr = 0xc0'00'02'01;  // 192.0.2.1
  uint32_t dstAddr = 0xc6'33'64'07;  // 198.51.100.7
  uint8_t ttl = 64;
  uint16_t srcPort = 40000;
  uint16_t dstPort = 9;
  int vlan = -1;  // an 802.1Q tag with this VLAN id (PCP 0); -1: untagged
};

// A 60-byte frame (64 with a VLAN tag): the 64-byte minimum on the wire less the FCS,
// which XDP never sees.
// The IPv4 header checksum is correct; the UDP checksum is 0 (none), as IPv4 allows.
Bytes udpFrame(const UdpFrameSpec& spec);

std::string hex(const Bytes& bytes);

}  // namespace p4nf::bench
