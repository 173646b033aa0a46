// Reading a table's entries back from its maps, in manifest terms (docs/manifest.md):
// the inverse of TableWriter, for `p4nf table dump`. Keys come back per field, in forms
// `p4nf table add` accepts:
//   exact: the value; lpm: value/prefix; in tuple-space (ternary) tables, with the mask
//   taken from the masks map slot named by the entry's mask_id, and the priority:
//   ternary value&&&mask, range lo..hi, optional a value, "*" for don't care. A range key
//   is one map entry per prefix it expanded to, so it comes back as several entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/table_writer.h"
#include "manifest/manifest.h"

namespace p4nf::deploy {

struct DumpedKey {
  std::string name;
  std::string text;  // in a form `p4nf table add` accepts back
};

struct DumpedEntry {
  std::vector<DumpedKey> keys;
  std::optional<uint32_t> priority;  // ternary
  std::string action;                // full name; "?" plus the id when the manifest has none
  std::vector<DumpedKey> args;
};

struct DumpedTable {
  std::string name;
  uint32_t size = 0;
  std::vector<DumpedEntry> entries;
  std::optional<DumpedEntry> defaultAction;  // only when the default map holds one
};

// Throws LoaderError when a map cannot be read.
DumpedTable readTable(const ManifestTable& table, const MapFdLookup& mapFd);

// "0x0a000001" for wide fields, decimal up to 16 bits.
std::string fieldText(const uint8_t* bytes, uint32_t size, uint32_t width);

std::string tableText(const DumpedTable& table);
std::string tableJson(const DumpedTable& table);

}  // namespace p4nf::deploy
