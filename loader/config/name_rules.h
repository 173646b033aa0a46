// The rules for names and addresses written in a config. Each returns an empty string
// when the text is fine, else what is wrong with it, for a Diagnostic.
#pragma once

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

}  // namespace p4nf::config
