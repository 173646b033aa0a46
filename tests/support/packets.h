// Test packets: values in network byte order, and Ethernet, IPv4 and UDP headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace p4nf::testing {

using Bytes = std::vector<uint8_t>;

// `value` in `bytes` bytes, big-endian.
Bytes be(uint64_t value, size_t bytes);
Bytes concat(std::initializer_list<Bytes> parts);

// Padded to 60 bytes like a NIC pads a short frame: a TC test run needs at least a minimum
// Ethernet frame.
Bytes ethernetFrame(const Bytes& dstMac, const Bytes& srcMac, uint16_t etherType, const Bytes& payload);
// An Ethernet frame around an IPv4 header (with `options`, and a correct checksum) and `l4`.
Bytes ipv4Packet(const Bytes& dstMac, const Bytes& srcMac, uint32_t srcAddr, uint32_t dstAddr,
                 uint8_t protocol, uint8_t ttl, const Bytes& l4, const Bytes& options = {});
Bytes udpHeader(uint16_t srcPort, uint16_t dstPort, const Bytes& payload = {});
// The one's complement checksum of IPv4 headers (RFC 1071) over `length` bytes: 0 over a
// header whose checksum is right.
uint16_t internetChecksum(const uint8_t* data, size_t length);

}  // namespace p4nf::testing
