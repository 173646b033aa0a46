#include "nf/router/reasons.h"

#include <utility>

namespace p4nf::router {
namespace {

// Each reason and its verdict, in router.p4's REASON_* order.
const std::vector<std::pair<std::string, std::string>>& reasons() {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"forward_ipv4", "forward"},     {"forward_ipv6", "forward"},
      {"host_arp", "host"},            {"host_nd", "host"},
      {"host_local", "host"},          {"host_ttl", "host"},
      {"host_no_neighbour", "host"},   {"host_no_route", "host"},
      {"host_link_scope", "host"},     {"host_not_ip", "host"},
      {"drop_no_route", "drop"},       {"drop_bad_version", "drop"},
      {"drop_bad_ihl", "drop"},        {"drop_bad_length", "drop"},
      {"drop_truncated", "drop"},      {"drop_no_port_mac", "drop"},
      {"host_mtu", "host"},            {"drop_martian_source", "drop"}};
  return table;
}

std::vector<std::string> column(bool verdicts) {
  std::vector<std::string> out;
  for (const auto& [name, verdict] : reasons()) out.push_back(verdicts ? verdict : name);
  return out;
}

}  // namespace

const std::vector<std::string>& reasonNames() {
  static const std::vector<std::string> names = column(false);
  return names;
}

const std::vector<std::string>& reasonVerdicts() {
  static const std::vector<std::string> verdicts = column(true);
  return verdicts;
}

}  // namespace p4nf::router
