#include "nf/router/reasons.h"

namespace p4nf::router {

const std::vector<std::string>& reasonNames() {
  static const std::vector<std::string> names = {
      "forward_ipv4",    "forward_ipv6",       "host_arp",          "host_nd",
      "host_local",      "host_ttl",           "host_no_neighbour", "host_no_route",
      "host_link_scope", "host_not_ip",        "drop_no_route",     "drop_bad_version",
      "drop_bad_ihl",    "drop_bad_length",    "drop_truncated",    "drop_no_port_mac",
      "host_mtu",        "drop_martian_source"};
  return names;
}

}  // namespace p4nf::router
