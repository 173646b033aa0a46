#include "loader/deploy/map_snapshot.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

struct MapShape {
  uint32_t type = 0, keySize = 0, valueBytes = 0, id = 0;
};

bool isPerCpu(uint32_t type) {
  return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
         type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

MapShape shapeOf(int fd) {
  bpf_map_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0)
    throw LoaderError("cannot read map info: " + std::string(std::strerror(errno)));
  MapShape shape{info.type, info.key_size, info.value_size, info.id};
  // Per-CPU values come as one 8-byte-aligned copy per possible CPU.
  if (isPerCpu(info.type))
    shape.valueBytes = ((info.value_size + 7) / 8 * 8) * libbpf_num_possible_cpus();
  return shape;
}

}  // namespace

std::vector<std::vector<uint8_t>> mapKeys(int fd, uint32_t keySize) {
  std::vector<std::vector<uint8_t>> keys;
  std::vector<uint8_t> key(keySize), next(keySize);
  const void* previous = nullptr;
  while (bpf_map_get_next_key(fd, previous, next.data()) == 0) {
    keys.push_back(next);
    key = next;
    previous = key.data();
  }
  return keys;
}

MapSnapshot snapshotMap(int fd) {
  MapShape shape = shapeOf(fd);
  MapSnapshot snapshot;
  std::vector<uint8_t> value(shape.valueBytes);
  for (const auto& key : mapKeys(fd, shape.keySize)) {
    if (bpf_map_lookup_elem(fd, key.data(), value.data()) != 0) {
      if (errno == ENOENT) continue;  // deleted by the data path meanwhile
      throw LoaderError("cannot read map id " + std::to_string(shape.id) + ": " +
                        std::strerror(errno));
    }
    snapshot.entries.emplace(key, value);
  }
  return snapshot;
}

void restoreMap(int fd, const MapSnapshot& snapshot) {
  MapShape shape = shapeOf(fd);
  bool isArray = shape.type == BPF_MAP_TYPE_ARRAY || shape.type == BPF_MAP_TYPE_PERCPU_ARRAY;
  if (!isArray)
    for (const auto& key : mapKeys(fd, shape.keySize))
      if (!snapshot.entries.count(key) && bpf_map_delete_elem(fd, key.data()) != 0 &&
          errno != ENOENT)
        throw LoaderError("cannot restore map id " + std::to_string(shape.id) + ": " +
                          std::strerror(errno));
  for (const auto& [key, value] : snapshot.entries)
    if (bpf_map_update_elem(fd, key.data(), value.data(), BPF_ANY) != 0)
      throw LoaderError("cannot restore map id " + std::to_string(shape.id) + ": " +
                        std::strerror(errno));
}

uint32_t countEntries(int fd) {
  return static_cast<uint32_t>(mapKeys(fd, shapeOf(fd).keySize).size());
}

}  // namespace p4nf::deploy
