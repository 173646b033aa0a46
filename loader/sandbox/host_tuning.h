// Settings of a sandbox interface that make the sandbox behave like a wire with quiet,
// predictable hosts on it (docs/config.md, "Sandbox"):
//
// - The host sends complete checksums (TX checksum offload off). A veth normally leaves
//   TCP/UDP checksums to "hardware" (CHECKSUM_PARTIAL) and no hardware ever fills them in
//   once a frame is redirected as an XDP frame: the receiving host would drop every TCP
//   segment. Real NICs compute checksums, so switching the offload off is the faithful model.
// - IPv6 without duplicate address detection and router solicitations, so that addresses
//   work at once and hosts do not send traffic of their own that shows up in counters;
//   IPv6 off entirely on interfaces that have no IPv6 address (the near ends, and hosts
//   configured IPv4-only).
#pragma once

#include <string>

namespace p4nf::sandbox {

class NetnsHandle;

// In the caller's namespace when `netns` is null.
void disableTxChecksum(const NetnsHandle* netns, const std::string& interface);
void setIpv6Enabled(const NetnsHandle* netns, const std::string& interface, bool enabled);
// accept_dad = 0, dad_transmits = 0, router_solicitations = 0.
void quietIpv6(const NetnsHandle* netns, const std::string& interface);

}  // namespace p4nf::sandbox
