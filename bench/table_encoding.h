// Table layouts read from an object's manifest (docs/manifest.md), and the encoding of
// keys and values into map bytes.
//
// Both sides of every benchmark are filled through this one piece of code: a p4nfc object
// carries its manifest, and each hand-written baseline gets one attached at build time
// (bench/baselines/*.manifest.json). So if the baseline and the compiled P4 program lay out
// a table differently, each still gets exactly the entries the scenario asked for.
//
// This is deliberately a small subset of what the loader will do (exact and lpm tables,
// fields of at most 64 bits): enough for the benchmark scenarios, no more.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace p4nf::bench {

using Bytes = std::vector<uint8_t>;

struct FieldLayout {
  std::string name;
  std::string match;  // key fields only: exact, lpm, ternary, ...
  int width = 0;      // bits
  int offset = 0;     // bytes, from the start of the key or value
  int size = 0;       // bytes, ceil(width / 8)
};

struct ActionLayout {
  std::string name;  // control-qualified
  uint32_t id = 0;
  std::vector<FieldLayout> params;
};

struct TableLayout {
  std::string name;  // control-qualified
  std::string map;
  std::string kind;  // exact | lpm | ternary
  uint32_t size = 0;
  int keySize = 0;
  int valueSize = 0;
  std::vector<FieldLayout> keys;
  std::vector<ActionLayout> actions;
  std::string defaultAction;             // control-qualified action name
  std::vector<std::string> defaultArgs;  // hex strings
  std::string defaultMap;                // empty when the program has no default map

  const ActionLayout& action(std::string_view name) const;
};

struct Manifest {
  std::string programName;
  std::string function;  // the entry point's symbol
  std::vector<TableLayout> tables;
  std::string portsMap;    // empty when the program sends to no port
  std::string portIdsMap;  // ifindex -> port id (maps.port_ids); empty when none

  // By full name or by the part after the last '.'; throws when absent or ambiguous.
  const TableLayout& table(std::string_view name) const;
};

// Parses the JSON text of `.p4nf.manifest`; throws std::runtime_error saying what is wrong.
Manifest parseManifest(std::string_view json);

// One key field's value. For an lpm field, `prefixLength` counts the field's own bits.
struct KeyField {
  uint64_t value = 0;
  int prefixLength = -1;
};

// The map key for `fields` (in the table's key order). Throws on a kind we do not encode.
Bytes encodeKey(const TableLayout& table, const std::vector<KeyField>& fields);

// The map value: action id, then the arguments at their parameter offsets.
Bytes encodeValue(const TableLayout& table, std::string_view action,
                  const std::vector<uint64_t>& args);

// The value of the table's default action, for its default map.
Bytes encodeDefaultValue(const TableLayout& table);

// A u32 in host order: the keys and values of the maps p4nf's loader fills itself (a
// default map's index, p4nf_port_ids), which are not P4 fields.
Bytes hostOrderU32(uint32_t value);

}  // namespace p4nf::bench
