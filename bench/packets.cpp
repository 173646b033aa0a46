#include "packets.h"

namespace p4nf::bench {
namespace {

constexpr size_t kFrameSize = 60;

void putBig(Bytes& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint16_t internetChecksum(const uint8_t* data, size_t length) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < length; i += 2) sum += (data[i] << 8) | data[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace

Bytes udpFrame(const UdpFrameSpec& spec) {
  constexpr size_t kEthernet = 14, kIpv4 = 20, kUdp = 8;
  const size_t payload = kFrameSize - kEthernet - kIpv4 - kUdp;
  Bytes frame;
  putBig(frame, spec.dstMac, 6);
  putBig(frame, spec.srcMac, 6);
  if (spec.vlan >= 0) {
    putBig(frame, 0x8100, 2);
    putBig(frame, spec.vlan & 0x0fff, 2);
  }
  const size_t l3 = frame.size() + 2;
  putBig(frame, 0x0800, 2);

  putBig(frame, 0x45, 1);  // version 4, 5 words
  putBig(frame, 0, 1);
  putBig(frame, kIpv4 + kUdp + payload, 2);
  putBig(frame, 0x1234, 2);  // identification
  putBig(frame, 0x4000, 2);  // don't fragment
  putBig(frame, spec.ttl, 1);
  putBig(frame, 17, 1);  // UDP
  putBig(frame, 0, 2);   // checksum, below
  putBig(frame, spec.srcAddr, 4);
  putBig(frame, spec.dstAddr, 4);
  uint16_t checksum = internetChecksum(frame.data() + l3, kIpv4);
  frame[l3 + 10] = checksum >> 8;
  frame[l3 + 11] = checksum & 0xff;

  putBig(frame, spec.srcPort, 2);
  putBig(frame, spec.dstPort, 2);
  putBig(frame, kUdp + payload, 2);
  putBig(frame, 0, 2);
  for (size_t i = 0; i < payload; ++i) frame.push_back(static_cast<uint8_t>(i));
  return frame;
}

std::string hex(const Bytes& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (uint8_t b : bytes) {
    text.push_back(digits[b >> 4]);
    text.push_back(digits[b & 15]);
  }
  return text;
}

}  // namespace p4nf::bench
