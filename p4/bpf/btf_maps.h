// BTF-defined maps, laid out the way libbpf reads them.
//
// A map is a global in section ".maps" whose BTF type is an anonymous struct; each member
// is one attribute, its value encoded in the type, not in the data:
//   type, max_entries, map_flags, key_size, value_size:  int (*name)[VALUE]
//   key, value:                                          struct key_t *name
// (This is what libbpf's __uint() and __type() macros produce in C.) The global's data is
// all zeros; libbpf creates the map from the BTF and patches every reference to the global
// (ld_imm64 relocations) with the map's fd.
#pragma once

#include <llvm/Support/Error.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bpf/record_layout.h"

namespace llvm {
class GlobalVariable;
class Module;
}  // namespace llvm

namespace p4nfc::bpf {

class DebugInfo;

enum class MapKind {
  Hash,     // exact-match tables
  LruHash,  // add_on_miss tables, connection state: evicts the least recently used
  PercpuHash,
  LruPercpuHash,
  Array,        // registers, small direct-indexed tables
  PercpuArray,  // counters
  LpmTrie,      // lpm tables; the key starts with a __u32 prefix length
  ProgArray,    // tail-call slots (service chains)
  Devmap,       // send_to_port: port id -> ifindex
  DevmapHash,
  Ringbuf,  // digests to user space; max_entries is the buffer size in bytes
};

// BPF_MAP_TYPE_* for a kind.
uint32_t kernelMapType(MapKind kind);
const char* mapKindName(MapKind kind);
// Whether the kernel accepts BTF key/value types for this kind. Prog arrays and device
// maps refuse them (map_check_no_btf): we describe them with key_size/value_size, as the
// kernel's own samples do, and libbpf never has to retry without BTF.
bool mapKindSupportsBtfKeyValue(MapKind kind);

struct MapSpec {
  // The ELF symbol and, truncated to 15 characters by the kernel, the map's name.
  std::string name;
  MapKind kind = MapKind::Hash;
  uint32_t maxEntries = 0;
  // Key and value: a layout (BTF with named fields) or a plain size in bytes. A layout
  // wins when both are set. Ringbuf maps have neither.
  std::optional<RecordLayout> key;
  std::optional<RecordLayout> value;
  uint32_t keySize = 0;
  uint32_t valueSize = 0;
  // BPF_F_* flags. LpmTrie always gets BPF_F_NO_PREALLOC (the kernel requires it).
  uint32_t flags = 0;

  // The usual shapes. A map with named key and value fields (tables, registers):
  static MapSpec typed(std::string name, MapKind kind, uint32_t maxEntries, RecordLayout key,
                       RecordLayout value);
  // A map indexed by a 4-byte index with a typed value (arrays, counters):
  static MapSpec indexed(std::string name, MapKind kind, uint32_t maxEntries, RecordLayout value);
  // A map given by sizes only (prog arrays, device maps):
  static MapSpec sized(std::string name, MapKind kind, uint32_t maxEntries, uint32_t keySize,
                       uint32_t valueSize);
  // A ring buffer of `bytes` bytes:
  static MapSpec ringbuf(std::string name, uint32_t bytes);
};

// Checks a spec against what the kernel will demand at map creation, so that the compiler
// reports it instead of the loader: names, sizes, LPM key shape, kind-specific rules.
llvm::Error validateMapSpec(const MapSpec& spec);

// Emits the map's global and its BTF. Validates the spec first.
llvm::Expected<llvm::GlobalVariable*> defineMap(llvm::Module& module, DebugInfo& debugInfo,
                                                const MapSpec& spec);

inline constexpr const char* kMapsSection = ".maps";

}  // namespace p4nfc::bpf
