// conntrack.p4's connections, read back from the `connections` table's map: decoding an
// entry (key and value bytes, by the manifest's layout), printing it the way
// `conntrack -L` does, and the filters of `p4nf conntrack` (conntrack_command.h).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "manifest/manifest.h"

namespace p4nf::conntrack {

// conntrack.p4's CT_* states (the TCP ones are Linux's enum tcp_conntrack).
enum State : uint8_t {
  kNone = 0, kSynSent = 1, kSynRecv = 2, kEstablished = 3, kFinWait = 4, kCloseWait = 5,
  kLastAck = 6, kTimeWait = 7, kClose = 8, kSynSent2 = 9, kUnreplied = 12, kReplied = 13,
};

// "SYN_SENT", ... as conntrack -L prints them; "" for the non-TCP states.
std::string stateName(uint8_t state);

struct Endpoint {
  std::array<uint8_t, 16> address{};  // IPv4: the last 4 bytes (the key zero-extends)
  uint16_t port = 0;
};

struct Connection {
  uint8_t family = 0;    // 4 or 6
  uint8_t protocol = 0;
  Endpoint a, b;         // the key's order: a has the smaller (address, port)
  uint8_t opener = 0;    // 0: a opened it, 1: b
  uint8_t state = 0;
  bool seenReply = false;
  uint64_t origPackets = 0, origBytes = 0, replyPackets = 0, replyBytes = 0;
  uint32_t profile = 0;
  int64_t remainingNs = 0;  // <= 0: expired (a miss for the data plane, gone at its next lookup)
  std::vector<uint8_t> key;  // the map key, to delete it

  const Endpoint& original() const { return opener == 0 ? a : b; }
  const Endpoint& reply() const { return opener == 0 ? b : a; }
  bool icmp() const { return protocol == 1 || protocol == 58; }
};

// The timeout of a profile in ns (the profiles map's cell, else the compiled-in default).
using TimeoutOf = std::function<uint64_t(uint32_t profile)>;

// Decodes one entry of the connections table; nullopt when it is not a ct_known entry
// (an entry someone added by hand with another action).
std::optional<Connection> decodeConnection(const ManifestTable& table, const uint8_t* key,
                                           const uint8_t* value, const TimeoutOf& timeoutOf,
                                           uint64_t nowNs);

std::string addressText(uint8_t family, const std::array<uint8_t, 16>& address);

// Whether conntrack -L would say [ASSURED].
bool assured(const Connection& c);

// One line as conntrack -L prints it:
//   tcp      6 431999 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=5201
//   packets=10 bytes=1000 src=10.0.2.2 dst=10.0.1.2 sport=5201 dport=40000 packets=9
//   bytes=900 [ASSURED]
std::string connectionLine(const Connection& c);

// Filters of `p4nf conntrack list|count|delete`; unset members match everything.
struct Filter {
  std::optional<uint8_t> protocol;       // -p tcp|udp|icmp|icmpv6|<number>
  std::optional<uint8_t> family;         // -f ipv4|ipv6
  std::optional<std::string> src, dst;   // of the original direction, as addressText prints
  std::optional<uint16_t> sport, dport;  // of the original direction
  std::optional<std::string> state;      // a TCP state name, or UNREPLIED / REPLIED
};

bool matches(const Connection& c, const Filter& filter);

// "tcp" -> 6 ...; nullopt when unknown.
std::optional<uint8_t> protocolNumber(const std::string& text);

}  // namespace p4nf::conntrack
