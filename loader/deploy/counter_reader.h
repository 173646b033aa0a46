// Reading a Counter extern cell by cell from its pinned map (docs/manifest.md, Externs: a
// PERCPU_ARRAY of {u64 packets; u64 bytes}), summed over the CPUs: what `p4nf counter`
// prints and the e2e tests compare with the packets they sent.
#pragma once

#include <cstdint>
#include <vector>

#include "manifest/manifest.h"

namespace p4nf::deploy {

struct CounterCell {
  uint64_t packets = 0;
  uint64_t bytes = 0;
};

// One cell per index (counter.size of them). Throws LoaderError when the map cannot be read.
std::vector<CounterCell> readCounterCells(const ManifestExtern& counter, int fd);

}  // namespace p4nf::deploy
