#include "nf/conntrack/reasons.h"

namespace p4nf::conntrack {

// In the order of conntrack.p4's R_* constants.
const std::vector<std::string>& reasonNames() {
  static const std::vector<std::string> names = {
      "new",           "established",   "invalid_flags", "invalid_new",
      "invalid_state", "invalid_rst",   "invalid_table", "untracked",
      "ignored",       "reopened",      "invalid_dropped", "related",
      "invalid_related"};
  return names;
}

// The module hands every packet on, except the INVALID ones it drops per config (which
// are also counted by their reason, as forwarded there: the drop is counted apart).
const std::vector<std::string>& reasonVerdicts() {
  static const std::vector<std::string> verdicts = {
      "forward", "forward", "forward", "forward", "forward", "forward",
      "forward", "forward", "forward", "forward", "drop", "forward", "forward"};
  return verdicts;
}

}  // namespace p4nf::conntrack
