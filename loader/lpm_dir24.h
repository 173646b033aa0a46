// The control plane's side of an lpm table with the dir24 lookup scheme (docs/manifest.md,
// "lpm"): keeps the array of /24 blocks and its values in step with the trie, which the
// table writer fills as for any lpm table and which keeps every entry.
//
//   dir     one u32 per /24 block: slot + 1 of the value of the longest route of length
//           <= 24 that covers the block (0: none), that route's length (bits 25-30), and
//           bit 31 when the block holds longer routes (the data plane then asks the trie);
//   values  one record per route of length <= 24: its table value, then u32 prefix,
//           u8 length, u8 in_use;
//   index   {u32 prefix, u32 length} -> the route's slot; {block << 8, 33} -> how many
//           routes longer than /24 the block holds.
//
// Both arrays are mmap-ed: a /8 route covers 65536 blocks, a default route all 2^24. Each
// entry changes with one aligned 32-bit store, so a packet sees a block's old route or
// its new one, never a miss; a value is written into a free slot before any entry points
// at it, and a freed slot keeps its value, so a packet that read an entry just before it
// changed still finds what the entry named. One writer at a time (as for every table).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/dataplane_abi.h"
#include "manifest/manifest.h"

namespace p4nf {

class Dir24Index {
 public:
  // Maps the arrays; throws LoaderError when a map is missing or has another shape.
  Dir24Index(const ManifestTable& table, const std::function<int(const std::string&)>& mapFd);
  ~Dir24Index();
  Dir24Index(const Dir24Index&) = delete;
  Dir24Index& operator=(const Dir24Index&) = delete;

  // After the trie took, changed or lost the route prefix/length (host order; bits past
  // the length are ignored) whose table value is `value` (value_size bytes).
  void added(uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value);
  void changed(uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value);
  void removed(uint32_t prefix, uint32_t length);

  // The entry of the /24 block holding `address`, for tests and diagnostics.
  uint32_t entryOf(uint32_t address) const;

  // The entry layout: common/dataplane_abi.h, namespace dir24.
  static constexpr uint32_t kLongBit = abi::dir24::kLongBit;
  static constexpr uint32_t kSlotMask = abi::dir24::kSlotMask;
  static constexpr uint32_t kLengthShift = abi::dir24::kLengthShift;
  static constexpr uint32_t kBlockCountLength = abi::dir24::kBlockCountLength;

 private:
  struct IndexKey {
    uint32_t prefix;
    uint32_t length;
  };
  uint32_t* entry(uint32_t block) const;
  uint8_t* record(uint32_t slot) const;
  uint32_t allocateSlot();
  void writeRecord(uint32_t slot, uint32_t prefix, uint32_t length, const std::vector<uint8_t>& value);
  void freeSlot(uint32_t slot);
  std::optional<uint32_t> indexGet(IndexKey key) const;
  void indexPut(IndexKey key, uint32_t value);
  void indexDelete(IndexKey key);
  // Points the blocks of prefix/length that `owns` accepts at `to` (the long bit stays).
  void retarget(uint32_t prefix, uint32_t length, const std::function<bool(uint32_t)>& owns, uint32_t to);

  std::string table_;
  uint32_t valueSize_;
  ManifestTable::Dir24 shape_;
  int indexFd_ = -1;
  void* dir_ = nullptr;
  size_t dirBytes_ = 0;
  size_t cellStride_ = 0;
  void* values_ = nullptr;
  size_t valuesBytes_ = 0;
  uint32_t cursor_ = 0;  // where the search for a free slot goes on
};

}  // namespace p4nf
