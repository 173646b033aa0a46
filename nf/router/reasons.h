// The names of the cells of router.p4's `reasons` counter, index by index, as router.p4
// numbers them (its REASON_* constants; nf/router/README.md, "Counters"). Registered as
// the counter's labels (loader/deploy/counter_labels.h), so `p4nf counter r.reasons`
// prints them.
#pragma once

#include <string>
#include <vector>

namespace p4nf::router {

const std::vector<std::string>& reasonNames();

}  // namespace p4nf::router
