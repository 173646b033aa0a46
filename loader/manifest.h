// The manifest (docs/manifest.md) as typed structs: the loader's only view of an object.
// parseManifest() checks every offset and size against the sizes it claims, so that the
// table writer can encode without bounds checks of its own and a compiler bug shows up as
// a clear manifest error instead of a corrupted map.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace p4nf {

enum class MatchKind { Exact, Lpm, Ternary, Range, Optional };
enum class TableKind { Exact, Lpm, Ternary };
enum class ActionScope { Both, TableOnly, DefaultOnly };

const char* matchKindName(MatchKind kind);
const char* tableKindName(TableKind kind);

// A field inside a map key, a map value or a digest: `width` bits stored big-endian and
// right-aligned in `size` = ceil(width/8) bytes at `offset`.
struct ManifestField {
  std::string name;
  uint32_t width = 0;
  uint32_t offset = 0;
  uint32_t size = 0;
  MatchKind match = MatchKind::Exact;  // keys only
};

struct ManifestAction {
  std::string name;  // control-qualified, e.g. "MainControlImpl.forward"
  uint32_t id = 0;   // >= 1; 0 means "no entry" in a map value
  std::vector<ManifestField> params;
  ActionScope scope = ActionScope::Both;
};

// A key of a const entry or initial entry, already encoded (hex bytes of the key's size).
struct ManifestEntryKey {
  std::string value;                   // hex, 2*size digits
  std::optional<std::string> mask;     // ternary
  std::optional<uint32_t> prefixLen;   // lpm
  std::optional<std::string> high;     // range: value..high, both inclusive
};

struct ManifestEntry {
  std::optional<uint32_t> priority;
  std::vector<ManifestEntryKey> keys;  // one per table key, in key order
  std::string action;
  std::vector<std::string> args;       // hex, one per action parameter
  bool isConst = false;                // the control plane may not change or delete it
};

struct ManifestDefaultAction {
  std::string action;
  std::vector<std::string> args;  // hex, one per parameter
  bool isConst = false;
};

struct ManifestTable {
  std::string name;
  std::string map;
  TableKind kind = TableKind::Exact;
  uint32_t size = 0;
  uint32_t keySize = 0;
  std::vector<ManifestField> keys;
  uint32_t valueSize = 0;
  std::vector<ManifestAction> actions;
  std::optional<ManifestDefaultAction> defaultAction;
  std::string defaultMap;  // empty when the table has no default map
  std::vector<ManifestEntry> entries;
  bool constEntries = false;
  std::string masksMap;  // ternary only
  uint32_t maxMasks = 0;
  // pna_direct_counter: the DirectCounter's name and the offset of its
  // { u64 packets; u64 bytes } (host order) in every value; empty name: none.
  std::string directCounter;
  uint32_t directCounterOffset = 0;
  // pna_idle_timeout: the ARRAY of one u64 timeout (ns) per profile id; empty: none.
  std::string expiryProfilesMap;
  // lpm tables with "lpm_scheme": "dir24" (docs/manifest.md, "lpm"): an array of one
  // entry per /24 block in front of the trie `map`, which keeps every entry.
  struct Dir24 {
    std::string dirMap;     // ARRAY of `cells` cells of `cellEntries` u32 entries
    uint32_t cells = 0;
    uint32_t cellEntries = 0;
    std::string valuesMap;  // ARRAY of `slots` records of `recordSize` bytes
    uint32_t slots = 0;
    uint32_t recordSize = 0;
    std::string indexMap;   // HASH {u32 prefix, u32 length} -> u32
  };
  std::optional<Dir24> dir24;

  // By full name, or by the part after the last '.' when that is unique.
  const ManifestAction* findAction(const std::string& name) const;
  const ManifestAction* findActionById(uint32_t id) const;
  // By full name ("hdr.ipv4.dst"), or a unique suffix after a '.' ("dst", "ipv4.dst").
  const ManifestField* findKey(const std::string& name) const;
};

struct ManifestExtern {
  std::string kind;  // "Counter", "Register", "Digest", ...
  std::string name;
  std::string map;
  uint32_t size = 0;
  std::string raw;  // the whole JSON object, for extern-specific readers
};

struct ManifestProgram {
  std::string name;
  std::string source;
  std::string target;    // "xdp" or "tc"
  std::string section;
  std::string function;  // the BPF program's name in the object
};

struct Manifest {
  uint32_t version = 0;
  ManifestProgram program;
  std::vector<ManifestTable> tables;
  std::vector<ManifestExtern> externs;
  std::map<std::string, std::string> maps;  // role -> map name, e.g. "ports"

  // By full name ("ingress.nh_table") or bare name ("nh_table") when unique; throws
  // LoaderError naming the candidates when the name is unknown or ambiguous.
  const ManifestTable& table(const std::string& name) const;
  const ManifestTable* findTable(const std::string& name) const;
};

// Parses and validates; throws LoaderError("manifest: tables[1].keys[0]: ...").
Manifest parseManifest(const std::string& json);

// "0a0b" -> {0x0a, 0x0b}; throws on odd length or non-hex digits.
std::vector<uint8_t> decodeHex(const std::string& hex, const std::string& what);

}  // namespace p4nf
