// Writes one P4 table's entries into its maps, following docs/manifest.md:
//   exact   -> HASH, key = the key fields at their offsets
//   lpm     -> LPM_TRIE, key = u32 prefixlen + fields; prefixlen counts the bits from the
//              start of the data to the lpm field, plus its padding and prefix bits
//   ternary -> tuple-space search: HASH keyed by {u32 mask_id, masked fields} with the
//              priority in the value, and the masks ARRAY {u32 in_use, u32 max_priority,
//              u8 mask[key_size]} whose slots this writer allocates and frees. Range keys
//              are expanded into the prefixes that cover them.
// The value is {u32 action_id, [u32 priority], params at their offsets}; the default
// action lives in the one-entry ARRAY `default_map`.
//
// The writer keeps no state the kernel does not have: on construction it reads the masks
// map and the entries back, so a new writer can continue where another process left off.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "loader/entry.h"
#include "loader/lpm_dir24.h"
#include "manifest/manifest.h"

namespace p4nf {

// Returns the fd of a map by its manifest map name; throws LoaderError when absent.
using MapFdLookup = std::function<int(const std::string& mapName)>;

class TableWriter {
 public:
  // Checks the maps' key and value sizes against the manifest.
  TableWriter(const ManifestTable& table, MapFdLookup mapFd);

  const ManifestTable& table() const { return table_; }

  // Inserts; an entry with the same key (and, for ternary, the same mask) is an error.
  // `fromControlPlane` is false for the manifest's own entries, which const tables allow.
  void add(const Entry& entry, bool fromControlPlane = true);
  // Deletes the entry with exactly these keys (the action and priority are ignored).
  void remove(const std::vector<KeyMatch>& keys);
  // Gives the existing entry with these keys a new action and arguments. Exact and lpm
  // tables: one map update of the value, so the data path sees the old or the new action,
  // never a miss (the agent relies on it to change routes hitlessly). Ternary tables:
  // delete and add again (a new priority may move the entry's mask slot bookkeeping).
  // An entry that does not exist is an error.
  void modify(const Entry& entry);
  // Replaces the default action.
  void setDefault(const ManifestAction& action, const std::vector<mpz_class>& args,
                  bool fromControlPlane = true);
  // Installs the manifest's default_action and entries (at load time).
  void installInitial();

  // Adds many entries with the checks and errors of add() (table_writer_batch.cpp). An
  // exact or lpm table whose map is still empty takes them with bpf_map_update_batch, a
  // few syscalls for thousands of entries, all or nothing; otherwise (ternary tables, a
  // map that already holds entries, a map type or kernel without batch updates: LPM_TRIE
  // has none) add() runs per entry. Returns true when the batch path was taken.
  bool addBatch(const std::vector<Entry>& entries, bool fromControlPlane = true);

  // The values of the map entries the entry with exactly these keys was written as (one,
  // or for a ternary entry whose ranges expanded, one per prefix combination); throws
  // LoaderError when there is no such entry. For reading direct counters.
  std::vector<Bytes> values(const std::vector<KeyMatch>& keys) const;

  // Ternary bookkeeping, for tests and `p4nf table dump`.
  uint32_t masksInUse() const;

 private:
  struct EncodedEntry {
    Bytes key;
    Bytes mask;  // ternary: key_size bytes, zero over mask_id
  };
  struct MaskSlot {
    Bytes mask;
    std::multiset<uint32_t> priorities;  // one per entry using the slot
  };

  Bytes encodeValue(const ManifestAction& action, const std::vector<mpz_class>& args,
                    uint32_t priority) const;
  Bytes encodeExactKey(const std::vector<KeyMatch>& keys) const;
  Bytes encodeLpmKey(const std::vector<KeyMatch>& keys) const;
  std::vector<EncodedEntry> encodeTernaryKeys(const std::vector<KeyMatch>& keys) const;
  void checkMapSizes(int fd, const std::string& mapName, uint32_t keySize, uint32_t valueSize) const;
  // Throws when `keys` are those of an entry the program declared `const` (in a table
  // whose other entries the control plane may change); `doing` says what was refused.
  void refuseConstEntry(const std::vector<KeyMatch>& keys, const std::string& doing) const;

  void addTernary(const Entry& entry, uint32_t priority);
  void removeTernary(const std::vector<KeyMatch>& keys);
  uint32_t acquireMaskSlot(const Bytes& mask, uint32_t priority);
  void releaseMaskSlot(uint32_t slot, uint32_t priority);
  void writeMaskSlot(uint32_t slot);
  void readTernaryState();

  const ManifestTable& table_;
  int entriesFd_ = -1;
  int defaultFd_ = -1;
  int masksFd_ = -1;
  std::map<uint32_t, MaskSlot> slots_;  // ternary: mask_id -> slot
  // lpm tables with the dir24 scheme: the array kept in step with the trie (shared, so
  // that copies of a writer share one mapping).
  std::shared_ptr<Dir24Index> dir24_;
  void dir24Step(const std::vector<KeyMatch>& keys, const std::function<void(uint32_t, uint32_t)>& step) const;
  uint32_t nextAutoPriority_ = kFirstAutoPriority;

 public:
  // Entries added without a priority get descending priorities from here, so that the
  // first one added wins (as const entries do in P4); explicit priorities should stay below.
  static constexpr uint32_t kFirstAutoPriority = 1u << 24;
};

}  // namespace p4nf
