#include "loader/lpm_dir24.h"

#include <bpf/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

constexpr uint32_t kMmapable = 1u << 10;  // BPF_F_MMAPABLE
constexpr uint32_t kShortest = 24;         // routes up to /24 live in the array

uint32_t maskOf(uint32_t length) { return length == 0 ? 0 : ~uint32_t{0} << (32 - length); }

size_t pageRounded(size_t bytes) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

bpf_map_info infoOf(int fd, const std::string& name) {
  bpf_map_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0)
    throw LoaderError("map " + name + ": cannot read its info: " + std::strerror(errno));
  return info;
}

void* mapMemory(int fd, size_t bytes, const std::string& name) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (memory == MAP_FAILED) throw LoaderError("map " + name + ": cannot mmap it: " + std::strerror(errno));
  return memory;
}

}  // namespace

Dir24Index::Dir24Index(const ManifestTable& table, const std::function<int(const std::string&)>& mapFd)
    : table_(table.name), valueSize_(table.valueSize), shape_(*table.dir24) {
  auto expect = [&](const std::string& name, uint32_t keySize, uint32_t valueSize, uint32_t entries,
                    bool mmapable) {
    int fd = mapFd(name);
    bpf_map_info info = infoOf(fd, name);
    if (info.key_size != keySize || info.value_size != valueSize || info.max_entries != entries ||
        (mmapable && !(info.map_flags & kMmapable)))
      throw LoaderError("table " + table_ + ": map " + name + " does not have the shape the manifest's dir24 "
                        "section gives (compiler and manifest disagree)");
    return fd;
  };
  uint32_t cellBytes = 4 * shape_.cellEntries;
  int dirFd = expect(shape_.dirMap, 4, cellBytes, shape_.cells, true);
  int valuesFd = expect(shape_.valuesMap, 4, shape_.recordSize, shape_.slots, true);
  indexFd_ = mapFd(shape_.indexMap);
  if (infoOf(indexFd_, shape_.indexMap).key_size != sizeof(IndexKey))
    throw LoaderError("table " + table_ + ": map " + shape_.indexMap + " is not the dir24 index");
  // Array elements are 8-aligned in the kernel.
  cellStride_ = (cellBytes + 7) / 8 * 8;
  dirBytes_ = pageRounded(cellStride_ * shape_.cells);
  valuesBytes_ = pageRounded(size_t{shape_.recordSize} * shape_.slots);
  dir_ = mapMemory(dirFd, dirBytes_, shape_.dirMap);
  try {
    values_ = mapMemory(valuesFd, valuesBytes_, shape_.valuesMap);
  } catch (...) {
    munmap(dir_, dirBytes_);
    throw;
  }
}

Dir24Index::~Dir24Index() {
  if (values_) munmap(values_, valuesBytes_);
  if (dir_) munmap(dir_, dirBytes_);
}

uint32_t* Dir24Index::entry(uint32_t block) const {
  auto* base = static_cast<uint8_t*>(dir_);
  return reinterpret_cast<uint32_t*>(base + (block / shape_.cellEntries) * cellStride_ +
                                     (block % shape_.cellEntries) * 4);
}

uint8_t* Dir24Index::record(uint32_t slot) const {
  return static_cast<uint8_t*>(values_) + size_t{slot} * shape_.recordSize;
}

uint32_t Dir24Index::entryOf(uint32_t address) const {
  return __atomic_load_n(entry(address >> 8), __ATOMIC_RELAXED);
}

uint32_t Dir24Index::allocateSlot() {
  for (uint32_t tried = 0; tried < shape_.slots; ++tried) {
    uint32_t slot = cursor_;
    cursor_ = cursor_ + 1 == shape_.slots ? 0 : cursor_ + 1;
    if (record(slot)[valueSize_ + 5] == 0) return slot;
  }
  throw LoaderError("table " + table_ + " is full (" + std::to_string(shape_.slots) +
                    " routes of length 24 or less); raise its size in the P4 program");
}

void Dir24Index::writeRecord(uint32_t slot, uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value) {
  uint8_t* r = record(slot);
  std::memcpy(r, value.data(), valueSize_);
  std::memcpy(r + valueSize_, &prefix, 4);
  r[valueSize_ + 4] = static_cast<uint8_t>(length);
  r[valueSize_ + 5] = 1;
  // The value is complete before an entry names the slot.
  std::atomic_thread_fence(std::memory_order_release);
}

void Dir24Index::freeSlot(uint32_t slot) { record(slot)[valueSize_ + 5] = 0; }

std::optional<uint32_t> Dir24Index::indexGet(IndexKey key) const {
  uint32_t value = 0;
  if (bpf_map_lookup_elem(indexFd_, &key, &value) != 0) return std::nullopt;
  return value;
}

void Dir24Index::indexPut(IndexKey key, uint32_t value) {
  if (bpf_map_update_elem(indexFd_, &key, &value, BPF_ANY) != 0)
    throw LoaderError("table " + table_ + ": cannot update its dir24 index " + shape_.indexMap + ": " +
                      std::strerror(errno));
}

void Dir24Index::indexDelete(IndexKey key) { bpf_map_delete_elem(indexFd_, &key); }

void Dir24Index::retarget(uint32_t prefix, uint32_t length, const std::function<bool(uint32_t)>& owns,
                          uint32_t to) {
  uint32_t first = (prefix & maskOf(length)) >> 8;
  uint64_t count = uint64_t{1} << (kShortest - length);
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t* e = entry(first + static_cast<uint32_t>(i));
    uint32_t current = __atomic_load_n(e, __ATOMIC_RELAXED);
    if (owns(current)) __atomic_store_n(e, (current & kLongBit) | to, __ATOMIC_RELAXED);
  }
}

void Dir24Index::added(uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value) {
  prefix &= maskOf(length);
  if (length > kShortest) {
    uint32_t block = prefix >> 8;
    IndexKey counter{block << 8, kBlockCountLength};
    indexPut(counter, indexGet(counter).value_or(0) + 1);
    __atomic_fetch_or(entry(block), kLongBit, __ATOMIC_RELAXED);
    return;
  }
  uint32_t slot = allocateSlot();
  writeRecord(slot, prefix, length, value);
  try {
    indexPut({prefix, length}, slot);
  } catch (...) {
    freeSlot(slot);
    throw;
  }
  // Blocks owned by a shorter route (or none) take this one; longer ones stay.
  retarget(prefix, length, [&](uint32_t current) {
    return (current & kSlotMask) == 0 || ((current & ~kLongBit) >> kLengthShift) <= length;
  }, (slot + 1) | (length << kLengthShift));
}

void Dir24Index::changed(uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value) {
  prefix &= maskOf(length);
  if (length > kShortest) return;  // only the trie holds it
  std::optional<uint32_t> old = indexGet({prefix, length});
  if (!old) {
    added(prefix, length, value);
    return;
  }
  // A new slot, then the entries move to it: never a half-written value on the data path.
  uint32_t slot = allocateSlot();
  writeRecord(slot, prefix, length, value);
  indexPut({prefix, length}, slot);
  retarget(prefix, length, [&](uint32_t current) { return (current & kSlotMask) == *old + 1; },
           (slot + 1) | (length << kLengthShift));
  freeSlot(*old);
}

void Dir24Index::removed(uint32_t prefix, uint32_t length) {
  prefix &= maskOf(length);
  if (length > kShortest) {
    uint32_t block = prefix >> 8;
    IndexKey counter{block << 8, kBlockCountLength};
    uint32_t count = indexGet(counter).value_or(1);
    if (count > 1) {
      indexPut(counter, count - 1);
    } else {
      indexDelete(counter);
      __atomic_fetch_and(entry(block), ~kLongBit, __ATOMIC_RELAXED);
    }
    return;
  }
  std::optional<uint32_t> old = indexGet({prefix, length});
  if (!old) return;
  indexDelete({prefix, length});
  // The blocks this route owned go to the longest shorter route that covers it (one
  // covering route covers all of them), or to none.
  uint32_t replacement = 0;
  for (uint32_t shorter = length; shorter-- > 0;)
    if (std::optional<uint32_t> slot = indexGet({prefix & maskOf(shorter), shorter})) {
      replacement = (*slot + 1) | (shorter << kLengthShift);
      break;
    }
  retarget(prefix, length, [&](uint32_t current) { return (current & kSlotMask) == *old + 1; }, replacement);
  freeSlot(*old);
}

}  // namespace p4nf
