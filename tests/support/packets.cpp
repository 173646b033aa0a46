#include "tests/support/packets.h"

#include <algorithm>

namespace p4nf::testing {

Bytes be(uint64_t value, size_t bytes) {
  Bytes out(bytes);
  for (size_t i = 0; i < bytes; ++i) out[bytes - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes ethernetFrame(const Bytes& dstMac, const Bytes& srcMac, uint16_t etherType, const Bytes& payload) {
  Bytes frame;
  frame.insert(frame.end(), dstMac.begin(), dstMac.end());
  frame.insert(frame.end(), srcMac.begin(), srcMac.end());
  frame.push_back(etherType >> 8);
  frame.push_back(etherType & 0xff);
  frame.insert(frame.end(), payload.begin(), payload.end());
  while (frame.size() < 60) frame.push_back(0);
  return frame;
}

uint16_t internetChecksum(const uint8_t* data, size_t length) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < length; i += 2) sum += (data[i] << 8) | data[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

Bytes ipv4Packet(const Bytes& dstMac, const Bytes& srcMac, uint32_t srcAddr, uint32_t dstAddr,
                 uint8_t protocol, uint8_t ttl, const Bytes& l4, const Bytes& options) {
  size_t headerLength = 20 + options.size();
  Bytes ip(headerLength, 0);
  ip[0] = 0x40 | static_cast<uint8_t>(headerLength / 4);
  uint16_t total = static_cast<uint16_t>(headerLength + l4.size());
  ip[2] = total >> 8;
  ip[3] = total & 0xff;
  ip[8] = ttl;
  ip[9] = protocol;
  for (int i = 0; i < 4; ++i) {
    ip[12 + i] = srcAddr >> (24 - 8 * i);
    ip[16 + i] = dstAddr >> (24 - 8 * i);
  }
  std::copy(options.begin(), options.end(), ip.begin() + 20);
  uint16_t checksum = internetChecksum(ip.data(), headerLength);
  ip[10] = checksum >> 8;
  ip[11] = checksum & 0xff;
  ip.insert(ip.end(), l4.begin(), l4.end());
  return ethernetFrame(dstMac, srcMac, 0x0800, ip);
}

Bytes udpHeader(uint16_t srcPort, uint16_t dstPort, const Bytes& payload) {
  uint16_t length = static_cast<uint16_t>(8 + payload.size());
  Bytes udp = {static_cast<uint8_t>(srcPort >> 8),
               static_cast<uint8_t>(srcPort),
               static_cast<uint8_t>(dstPort >> 8),
               static_cast<uint8_t>(dstPort),
               static_cast<uint8_t>(length >> 8),
               static_cast<uint8_t>(length),
               0,
               0};
  udp.insert(udp.end(), payload.begin(), payload.end());
  return udp;
}

}  // namespace p4nf::testing
