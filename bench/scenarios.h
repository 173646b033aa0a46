// The benchmark scenarios: which table to fill with how many entries, the packet to run,
// and what a correct program must do to it.
//
// A scenario knows tables and actions only by their names, through the manifest, so the
// same scenario fills and checks the hand-written baseline and the compiled P4 program.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "xdp_object.h"

namespace p4nf::bench {

struct Scenario {
  std::string name;         // also the stem of the P4 program
  std::string baseline;     // the stem of the baseline, when it is not `name`
  std::string description;  // one line for the report
  // A chain scenario runs with chains of N copies of its program (--chain-lengths) instead
  // of tables of N entries (--sizes): fill and check get N modules.
  bool chain = false;
  Bytes packet;
  // Packet-modifying programs run on the same buffer for every repetition of one test
  // run (non-live BPF_PROG_TEST_RUN does not restore the input), so a TTL decrement
  // limits how many repetitions one call may make before the path changes.
  uint32_t maxRepeat = UINT32_MAX;
  // Installs `entries` table entries (the one the packet hits among them) and the ports.
  // Of a chain: into the maps of its first module.
  std::function<void(XdpObject&, uint32_t entries)> fill;
  // Returns what is wrong with the result of running `packet` once (XdpObject::runOnce),
  // or "" if nothing.
  std::function<std::string(const TestRun&)> check;
};

// The scenarios, in report order.
std::vector<Scenario> makeScenarios(uint32_t portIfindex);

// The harness floor: an XDP program that only returns, run the same way.
Scenario makeEmptyScenario();

// XDP verdict names for messages.
std::string verdictName(uint32_t verdict);

}  // namespace p4nf::bench
