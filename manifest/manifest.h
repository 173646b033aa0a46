// The manifest (docs/manifest.md) as typed structs: the one schema of the JSON document
// that p4nfc writes into every object (section .p4nf.manifest) and libp4nf reads back.
// Plain structs and their JSON, no LLVM and no libbpf, so that the compiler (the writer:
// p4/midend/manifest.h fills these structs) and the loader (the reader) share one
// definition of every member instead of each spelling the document out on its own.
//
// parseManifest() is strict: it checks every offset and size against the sizes it claims,
// so that the table writer can encode without bounds checks of its own and a compiler bug
// shows up as a clear manifest error instead of a corrupted map. serializeManifest()
// writes exactly the members parseManifest() reads, and only those.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace p4nf {

// The document's "version"; the reader accepts this one only.
inline constexpr uint32_t kManifestVersion = 1;

enum class MatchKind { Exact, Lpm, Ternary, Range, Optional };
enum class TableKind { Exact, Lpm, Ternary };
enum class ActionScope { Both, TableOnly, DefaultOnly };

// The document's spelling of each ("exact", "table_only", ...), and back (nullopt for a
// name the contract does not have).
const char* matchKindName(MatchKind kind);
const char* tableKindName(TableKind kind);
const char* actionScopeName(ActionScope scope);
std::optional<MatchKind> matchKindNamed(const std::string& name);
std::optional<TableKind> tableKindNamed(const std::string& name);
std::optional<ActionScope> actionScopeNamed(const std::string& name);

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
  std::string map;  // empty for a table without keys ("map": null): it has no entries map
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
  // add_on_miss: the entries map is an LRU_HASH the data plane adds to.
  bool addOnMiss = false;
  // pna_direct_counter: the DirectCounter and the offset of its { u64 packets; u64 bytes }
  // (host order) in every value.
  struct DirectCounter {
    std::string name;  // control-qualified
    std::string type;  // PACKETS, BYTES, PACKETS_AND_BYTES
    uint32_t offset = 0;
  };
  std::optional<DirectCounter> directCounter;
  // pna_idle_timeout other than NO_TIMEOUT: every value starts with u32 action_id,
  // u32 expire_profile, u64 last_ns.
  struct Expiry {
    std::string idleTimeout;       // AUTO_DELETE or NOTIFY_CONTROL
    uint32_t profileOffset = 4;    // of the u32 profile in the value
    uint32_t timestampOffset = 8;  // of the u64 last_ns
    std::string profilesMap;       // ARRAY of one u64 timeout (ns) per profile id
    std::map<uint32_t, uint64_t> defaultTimeoutsNs;  // profile -> ns (@p4nf_expire_timeout)
  };
  std::optional<Expiry> expiry;
  // lpm tables with "lpm_scheme": "dir24" (docs/manifest.md, "lpm"): an array of one
  // entry per /24 block in front of the trie `map`, which keeps every entry. Without it
  // the scheme is the trie alone.
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

// An extern instance with a map (docs/manifest.md, "Externs"). Which members a kind has:
//   Counter   type (PACKETS, BYTES, PACKETS_AND_BYTES)
//   Register  width, valueSize
//   Meter     type (PACKETS, BYTES), valueSize
//   Digest    fields (the record's leaves, within `size` bytes)
struct ManifestExtern {
  std::string kind;  // "Counter", "Register", "Meter", "Digest"
  std::string name;
  std::string map;
  uint32_t size = 0;
  std::string type;
  uint32_t width = 0;
  uint32_t valueSize = 0;
  std::vector<ManifestField> fields;
};

struct ManifestProgram {
  std::string name;
  std::string source;
  std::string target;    // "xdp" or "tc"
  std::string section;
  std::string function;  // the BPF program's name in the object
};

// "verdict": the codes of the chain record's verdict word and where the record lives,
// restated from common/dataplane_abi.h for readers of the document.
struct ManifestVerdict {
  std::string layout;    // the record's words, in prose
  std::string location;  // "percpu_map" (XDP) or "skb_cb" (TC)
  uint32_t drop = 0;
  uint32_t port = 0;
  uint32_t host = 0;
  uint32_t continueChain = 0;  // "continue"
};

struct Manifest {
  uint32_t version = kManifestVersion;
  ManifestProgram program;
  std::vector<ManifestTable> tables;
  std::vector<ManifestExtern> externs;
  std::map<std::string, std::string> maps;  // role -> map name, e.g. "ports"
  std::optional<ManifestVerdict> verdict;

  // By full name ("ingress.nh_table") or bare name ("nh_table") when unique; throws
  // LoaderError naming the candidates when the name is unknown or ambiguous.
  const ManifestTable& table(const std::string& name) const;
  const ManifestTable* findTable(const std::string& name) const;
};

// Parses and validates; throws LoaderError("manifest: tables[1].keys[0]: ...").
Manifest parseManifest(const std::string& json);

// The JSON text of `manifest` (compact, members in name order), as p4nfc embeds it.
std::string serializeManifest(const Manifest& manifest);

// "0a0b" -> {0x0a, 0x0b}; throws LoaderError on odd length or non-hex digits.
std::vector<uint8_t> decodeHex(const std::string& hex, const std::string& what);

}  // namespace p4nf
