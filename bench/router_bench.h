// The `router` benchmark scenario: nf/router/router.p4 (compiled by p4nfc) against its
// hand-written twin bench/baselines/router.bpf.c, forwarding one IPv4 packet through a
// routing table of N random prefixes (the cost curve: --sizes=1,1000,100000,1000000).
#pragma once

#include <cstdint>

#include "scenarios.h"

namespace p4nf::bench {

Scenario makeRouterScenario(uint32_t portIfindex);

}  // namespace p4nf::bench
