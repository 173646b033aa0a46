// The cells of conntrack.p4's `reasons` counter (R_* in the program; README.md,
// "Counters"), with what the metrics make of each.
#pragma once

#include <string>
#include <vector>

namespace p4nf::conntrack {

const std::vector<std::string>& reasonNames();
const std::vector<std::string>& reasonVerdicts();

}  // namespace p4nf::conntrack
