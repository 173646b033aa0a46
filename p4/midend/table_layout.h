// How one P4 table lives in BPF maps: its map kind, the key and value layouts (the byte
// offsets the manifest publishes), its actions with their ids, and its default action.
// See docs/manifest.md for the encoding rules these layouts follow.
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>
#include <vector>

#include "bpf/record_layout.h"
#include "common/dataplane_abi.h"
#include "frontend/ast.h"
#include "frontend/diagnostics.h"

namespace p4nfc {
class Sema;
}

namespace p4nfc::midend {

class MapNames;

// Ternary: tuple-space search (docs/manifest.md) for tables with ternary, range or
// optional keys; their lpm keys become prefix masks there.
enum class TableKind { Exact, Lpm, Ternary, Keyless };

// How an lpm table is looked up (docs/manifest.md, "lpm"). Trie: the kernel's LPM_TRIE,
// O(prefix depth). Dir24: for one 32-bit lpm key, a DIR-24-8 style array indexed by the
// top 24 bits in front of the trie, which then only serves the /24 blocks that hold
// longer prefixes: one or two array reads, whatever the number of routes.
enum class LpmScheme { Trie, Dir24 };

struct TableKeyLayout {
  std::string name;        // @name or the key expression as written
  std::string match;       // "exact", "lpm", "ternary", "range", "optional"
  const Expr* expr = nullptr;
  uint32_t width = 0;
  uint32_t offset = 0;     // byte offset in the key struct
  uint32_t size = 0;       // ceil(width / 8)
};

struct ActionParamLayout {
  std::string name;
  const Parameter* decl = nullptr;
  uint32_t width = 0;
  uint32_t offset = 0;     // byte offset in the value struct
  uint32_t size = 0;
};

struct TableActionLayout {
  std::string name;        // control-qualified, e.g. "MainControlImpl.forward"
  const ActionDecl* decl = nullptr;
  const ActionRef* ref = nullptr;
  uint32_t id = 0;         // from 1
  std::string scope;       // "both", "table_only", "default_only"
  std::vector<ActionParamLayout> params;
};

// A table entry from the program (`entries = { ... }`), installed by the loader.
struct TableEntryLayout {
  struct Key {
    mpz_class value;
    std::optional<uint32_t> prefixLen;  // lpm keys
    std::optional<mpz_class> mask;      // ternary and optional keys (absent: all ones)
    std::optional<mpz_class> high;      // range keys: value .. high, inclusive
  };
  std::vector<Key> keys;                // in P4 key order
  const TableActionLayout* action = nullptr;
  std::vector<mpz_class> args;          // action data
  int64_t priority = 0;
  bool isConst = false;                 // `const` before it in a mutable `entries` list
};

struct TableLayout {
  const TableDecl* decl = nullptr;
  std::string name;        // control-qualified
  std::string mapName;
  std::string defaultMapName;
  TableKind kind = TableKind::Exact;
  uint32_t size = 1024;
  std::vector<TableKeyLayout> keys;   // in P4 order
  bpf::RecordLayout keyRecord;    // BTF key struct (LPM: starts with prefixlen)
  bpf::RecordLayout valueRecord;  // { u32 action_id; u8 data[] }
  uint32_t keySize = 0;
  uint32_t valueSize = 0;
  std::vector<TableActionLayout> actions;
  const TableActionLayout* defaultAction = nullptr;
  std::vector<mpz_class> defaultArgs;  // action data of the default action
  bool defaultIsConst = false;
  std::vector<TableEntryLayout> entries;
  bool constEntries = false;
  // DirectCounter (`pna_direct_counter`): `u64 packets; u64 bytes` (host order) at
  // directCounterOffset in every value, the entries' and the default map's alike.
  const Decl* directCounter = nullptr;  // the DirectCounter instantiation
  std::string directCounterName;        // control-qualified
  std::string directCounterType;        // PACKETS, BYTES, PACKETS_AND_BYTES
  uint32_t directCounterOffset = 0;
  // Ternary only: the masks ARRAY of { u32 in_use; u32 max_priority; u8 mask[keySize] }.
  std::string masksMapName;
  uint32_t maxMasks = 0;
  bpf::RecordLayout masksRecord;
  // add_on_miss: entries added by the data plane (add_entry), an LRU_HASH.
  bool addOnMiss = false;
  // pna_idle_timeout other than NO_TIMEOUT: every value starts with
  //   u32 action_id; u32 expire_profile; u64 last_ns (bpf_ktime_get_ns, host order)
  // and a lookup treats an entry older than its profile's timeout as a miss (and deletes
  // it). Timeouts: the ARRAY `expireMapName` of 256 u64 nanoseconds per profile id, 0
  // meaning the compiled-in default from `@p4nf_expire_timeout(profile, ns)`; no timeout
  // at all (or last_ns 0) means the entry never expires.
  std::string idleTimeout = "NO_TIMEOUT";  // NOTIFY_CONTROL, AUTO_DELETE
  bool expires() const { return idleTimeout != "NO_TIMEOUT"; }
  std::string expireMapName;
  std::vector<std::pair<uint32_t, uint64_t>> defaultTimeouts;  // profile -> ns
  static constexpr uint32_t kExpireProfileOffset = 4;
  static constexpr uint32_t kTimestampOffset = 8;
  static constexpr uint32_t kExpireProfiles = 256;
  // Where the action data starts in the value: 4 (after action_id), 8 (ternary: after
  // action_id and priority) or 16 (expiring entries: after the timer).
  uint32_t valueHeaderSize() const {
    return expires() ? 16 : kind == TableKind::Ternary ? 8 : 4;
  }

  // lpm only. Dir24: three more maps next to the trie `mapName` (which keeps every entry):
  //   dirMapName    ARRAY of dir24::kCells cells of dir24::kCellEntries u32 entries, one
  //                 entry per /24 block: slot + 1 (bits 0-24, 0: no route of length <=
  //                 24 covers the block), the length of that route (bits 25-30), and bit
  //                 31 when the block holds longer routes (then the trie answers);
  //   valuesMapName ARRAY of dirSlots records: the table value of a route of length <= 24,
  //                 then its u32 prefix (host order), u8 length, u8 in_use;
  //   indexMapName  HASH {u32 prefix, u32 length} -> u32, for the control plane only: the
  //                 slot of a route of length <= 24; for length 33, the number of longer
  //                 routes in the /24 block at `prefix`.
  LpmScheme lpmScheme = LpmScheme::Trie;
  std::string dirMapName, valuesMapName, indexMapName;
  uint32_t dirSlots = 0;
  bpf::RecordLayout dirRecord;   // the values map's record
  bpf::RecordLayout indexKey;    // the index map's key
  // (The entry layout and sizes: common/dataplane_abi.h, namespace abi::dir24.)

  const TableActionLayout* action(const ActionDecl* decl) const;
};

// The lpm scheme of tables without @p4nf_lpm (p4nfc --lpm): Auto is the size rule
// (abi::dir24::kMinSize); Trie and Dir24 apply to every table that can have them.
enum class LpmDefault { Auto, Trie, Dir24 };

// Lays out `table`, declared in `control`. Reports unsupported features (match kinds,
// non-constant default arguments ...) and returns nullopt for them.
std::optional<TableLayout> layoutTable(const Sema& sema, const ControlDecl& control,
                                       const TableDecl& table, MapNames& names,
                                       Diagnostics& diags, LpmDefault lpmDefault = LpmDefault::Auto);

// The width of a value of P4 type `type` in a map (bit<W>, int<W>, bool, serializable enum).
std::optional<uint32_t> mapFieldWidth(const struct Type* type);

}  // namespace p4nfc::midend
