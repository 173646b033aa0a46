// The rules for names and addresses written in a config. Each returns an empty string
// when the text is fine, else what is wrong with it, for a Diagnostic.
#pragma once

#include <cstdint>
#include <string>

namespace p4nf::config {

// A Linux interface name as the kernel accepts it (dev_valid_name): 1 to 15 bytes, not
// "." or "..", no '/', ':' or whitespace.
std::string checkInterfaceName(const std::string& name);

// Deployment, module instance and chain names become bpffs path components and the
// `<module>.<table>` of `p4nf table`: letters, digits, '_' and '-', starting with a
// letter or '_', at most `maxLength` characters.
std::string checkObjectName(const std::string& name, size_t maxLength);

// "10.0.1.2/24", "fd00:1::2/64": an address (v4 or v6) and a prefix length.
std::string checkCidr(const std::string& text);
// "10.0.1.1", "fd00:1::1".
std::string checkIpAddress(const std::string& text);
// "02:00:00:00:00:01": six hex pairs separated by ':'; unicast (the group bit clear).
std::string checkMacAddress(const std::string& text);

// 4 or 6, or 0 when `text` (an address or a CIDR) is neither.
int addressFamily(const std::string& text);

// Where the agent's HTTP endpoint listens (`agent: listen:`, `p4nf up --listen`): an IPv4
// address and a port ("127.0.0.1:9477"), or an IPv6 address in brackets ("[::1]:9477").
// Only literal addresses: a host name would make the agent's start depend on a resolver.
struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1"
  uint16_t port = 0;
  std::string text() const;  // back as written: "[::1]:9477"
};
// Empty when `text` is one (then `out` holds it), else what is wrong with it.
std::string parseListenAddress(const std::string& text, ListenAddress& out);

}  // namespace p4nf::config
