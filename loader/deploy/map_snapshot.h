// A byte-for-byte copy of a map's entries, taken before an apply changes a map it keeps,
// so that a failed apply can put the map back exactly (entries added by the apply are
// deleted, changed and deleted ones restored). Also what tests compare before and after.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace p4nf::deploy {

struct MapSnapshot {
  std::map<std::vector<uint8_t>, std::vector<uint8_t>> entries;  // key -> value (all CPUs)
  bool operator==(const MapSnapshot&) const = default;
};

// Throws LoaderError when the map cannot be read.
MapSnapshot snapshotMap(int mapFd);
void restoreMap(int mapFd, const MapSnapshot& snapshot);
// The number of entries (hash, LPM: keys present; arrays: max_entries).
uint32_t countEntries(int mapFd);
// Every key of the map, in the kernel's iteration order.
std::vector<std::vector<uint8_t>> mapKeys(int mapFd, uint32_t keySize);

}  // namespace p4nf::deploy
