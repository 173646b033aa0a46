#include "nf/conntrack/connections.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace p4nf::conntrack {
namespace {

uint64_t bigEndian(const uint8_t* bytes, uint32_t size) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < size && i < 8; ++i) v = v << 8 | bytes[size - std::min(size, 8u) + i];
  return v;
}

const ManifestField* field(const std::vector<ManifestField>& fields, const std::string& name) {
  for (const ManifestField& f : fields) {
    const std::string& n = f.name;
    if (n == name || (n.size() > name.size() && n.compare(n.size() - name.size(), name.size(), name) == 0 &&
                      n[n.size() - name.size() - 1] == '.'))
      return &f;
  }
  return nullptr;
}

const char* protocolName(uint8_t protocol) {
  switch (protocol) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 58: return "icmpv6";
    default: return "unknown";
  }
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string stateName(uint8_t state) {
  static const char* names[] = {"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
                                "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2"};
  return state <= kSynSent2 ? names[state] : "";
}

std::optional<Connection> decodeConnection(const ManifestTable& table, const uint8_t* key,
                                           const uint8_t* value, const TimeoutOf& timeoutOf,
                                           uint64_t nowNs) {
  const ManifestAction* known = table.findAction("ct_known");
  uint32_t actionId = 0;
  std::copy(value, value + 4, reinterpret_cast<uint8_t*>(&actionId));  // host order
  if (!known || actionId != known->id) return std::nullopt;
  auto keyField = [&](const char* name) -> uint64_t {
    const ManifestField* f = field(table.keys, name);
    return f ? bigEndian(key + f->offset, f->size) : 0;
  };
  auto address = [&](const char* name) {
    std::array<uint8_t, 16> a{};
    if (const ManifestField* f = field(table.keys, name); f && f->size == 16)
      std::copy(key + f->offset, key + f->offset + 16, a.begin());
    return a;
  };
  auto param = [&](const char* name) -> uint64_t {
    const ManifestField* f = field(known->params, name);
    return f ? bigEndian(value + f->offset, f->size) : 0;
  };
  Connection c;
  c.family = static_cast<uint8_t>(keyField("family"));
  c.protocol = static_cast<uint8_t>(keyField("protocol"));
  c.a = {address("addr_a"), static_cast<uint16_t>(keyField("port_a"))};
  c.b = {address("addr_b"), static_cast<uint16_t>(keyField("port_b"))};
  c.opener = static_cast<uint8_t>(param("opener"));
  c.state = static_cast<uint8_t>(param("state"));
  c.seenReply = param("seen_reply") != 0;
  c.origPackets = param("orig_packets");
  c.origBytes = param("orig_bytes");
  c.replyPackets = param("reply_packets");
  c.replyBytes = param("reply_bytes");
  c.key.assign(key, key + table.keySize);
  if (table.expiry) {
    uint32_t profile = 0;
    uint64_t last = 0;
    std::copy(value + table.expiry->profileOffset, value + table.expiry->profileOffset + 4,
              reinterpret_cast<uint8_t*>(&profile));
    std::copy(value + table.expiry->timestampOffset, value + table.expiry->timestampOffset + 8,
              reinterpret_cast<uint8_t*>(&last));
    c.profile = profile;
    int64_t age = static_cast<int64_t>(nowNs - last);
    c.remainingNs = static_cast<int64_t>(timeoutOf(profile)) - age;
  }
  return c;
}

std::string addressText(uint8_t family, const std::array<uint8_t, 16>& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (family == 4)
    inet_ntop(AF_INET, address.data() + 12, text, sizeof text);
  else
    inet_ntop(AF_INET6, address.data(), text, sizeof text);
  return text;
}

// Linux sets IPS_ASSURED when a TCP connection leaves the handshake and when UDP traffic
// has been seen both ways; never for ICMP and other protocols.
bool assured(const Connection& c) {
  if (!c.seenReply) return false;
  if (c.protocol == 6) return c.state != kSynSent && c.state != kSynRecv && c.state != kSynSent2;
  return c.protocol == 17;
}

std::string connectionLine(const Connection& c) {
  char head[64];
  int64_t seconds = c.remainingNs <= 0 ? 0 : c.remainingNs / 1000000000;
  std::snprintf(head, sizeof head, "%-8s %u %lld ", protocolName(c.protocol), c.protocol,
                static_cast<long long>(seconds));
  std::string line = head;
  if (c.protocol == 6 && !c.icmp()) line += stateName(c.state) + " ";
  auto tuple = [&](const Endpoint& from, const Endpoint& to, bool reply, uint64_t packets, uint64_t bytes) {
    std::string t = "src=" + addressText(c.family, from.address) + " dst=" + addressText(c.family, to.address) + " ";
    if (c.icmp()) {
      bool v6 = c.protocol == 58;
      int type = reply ? (v6 ? 129 : 0) : (v6 ? 128 : 8);
      t += "type=" + std::to_string(type) + " code=0 id=" + std::to_string(from.port) + " ";
    } else if (c.protocol == 6 || c.protocol == 17) {
      t += "sport=" + std::to_string(from.port) + " dport=" + std::to_string(to.port) + " ";
    }
    t += "packets=" + std::to_string(packets) + " bytes=" + std::to_string(bytes) + " ";
    return t;
  };
  line += tuple(c.original(), c.reply(), false, c.origPackets, c.origBytes);
  if (!c.seenReply) line += "[UNREPLIED] ";
  line += tuple(c.reply(), c.original(), true, c.replyPackets, c.replyBytes);
  if (assured(c)) line += "[ASSURED] ";
  line.pop_back();
  return line;
}

std::optional<uint8_t> protocolNumber(const std::string& text) {
  std::string t = text;
  for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "tcp") return 6;
  if (t == "udp") return 17;
  if (t == "icmp") return 1;
  if (t == "icmpv6" || t == "ipv6-icmp") return 58;
  if (!t.empty() && std::all_of(t.begin(), t.end(), ::isdigit) && t.size() <= 3 && std::stoi(t) <= 255)
    return static_cast<uint8_t>(std::stoi(t));
  return std::nullopt;
}

bool matches(const Connection& c, const Filter& f) {
  if (f.protocol && *f.protocol != c.protocol) return false;
  if (f.family && *f.family != c.family) return false;
  if (f.src && *f.src != addressText(c.family, c.original().address)) return false;
  if (f.dst && *f.dst != addressText(c.family, c.reply().address)) return false;
  if (f.sport && *f.sport != c.original().port) return false;
  if (f.dport && *f.dport != c.reply().port) return false;
  if (f.state) {
    std::string want = upper(*f.state);
    std::string have = c.protocol == 6 ? stateName(c.state) : (c.seenReply ? "REPLIED" : "UNREPLIED");
    if (want != have) return false;
  }
  return true;
}

}  // namespace p4nf::conntrack
