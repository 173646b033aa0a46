#include "loader/deploy/counter_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf::deploy {

std::vector<CounterCell> readCounterCells(const ManifestExtern& counter, int fd) {
  int cpus = libbpf_num_possible_cpus();
  if (cpus <= 0)
    throw LoaderError("cannot count the possible CPUs (/sys/devices/system/cpu/possible)");
  std::vector<uint64_t> values(2 * static_cast<size_t>(cpus));
  std::vector<CounterCell> cells(counter.size);
  for (uint32_t index = 0; index < counter.size; ++index) {
    if (bpf_map_lookup_elem(fd, &index, values.data()) != 0)
      throw LoaderError("counter " + counter.name + ": cannot read cell " + std::to_string(index) +
                        ": " + std::strerror(errno));
    for (int cpu = 0; cpu < cpus; ++cpu) {
      cells[index].packets += values[2 * cpu];
      cells[index].bytes += values[2 * cpu + 1];
    }
  }
  return cells;
}

}  // namespace p4nf::deploy
