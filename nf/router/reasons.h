// The names of the cells of router.p4's `reasons` counter, index by index, as router.p4
// numbers them (its REASON_* constants; nf/router/README.md, "Counters"). Registered as
// the counter's labels (loader/deploy/counter_labels.h), so `p4nf counter r.reasons`
// prints them, and the agent's metrics label them with their verdicts.
#pragma once

#include <string>
#include <vector>

namespace p4nf::router {

const std::vector<std::string>& reasonNames();
// The verdict of each reason, index by index: "forward", "host" or "drop" (the README's
// "verdict" column), for the agent's metrics (p4nf_reason_packets_total{verdict=...}).
const std::vector<std::string>& reasonVerdicts();

}  // namespace p4nf::router
