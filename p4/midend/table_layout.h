// How one P4 table lives in BPF maps: its map kind, the key and value layouts (the byte
// offsets the manifest publishes), its actions with their ids, and its default action.
// See docs/manifest.md for the encoding rules these layouts follow.
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>
#include <vector>

#include "backend/record_layout.h"
#include "frontend/ast.h"
#include "frontend/diagnostics.h"

namespace p4nfc {
class Sema;
}

namespace p4nfc::midend {

class MapNames;

enum class TableKind { Exact, Lpm, Keyless };

struct TableKeyLayout {
  std::string name;        // @name or the key expression as written
  std::string match;       // "exact", "lpm"
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
  };
  std::vector<Key> keys;                // in P4 key order
  const TableActionLayout* action = nullptr;
  std::vector<mpz_class> args;          // action data
  int64_t priority = 0;
};

struct TableLayout {
  const TableDecl* decl = nullptr;
  std::string name;        // control-qualified
  std::string mapName;
  std::string defaultMapName;
  TableKind kind = TableKind::Exact;
  uint32_t size = 1024;
  std::vector<TableKeyLayout> keys;   // in P4 order
  backend::RecordLayout keyRecord;    // BTF key struct (LPM: starts with prefixlen)
  backend::RecordLayout valueRecord;  // { u32 action_id; u8 data[] }
  uint32_t keySize = 0;
  uint32_t valueSize = 0;
  std::vector<TableActionLayout> actions;
  const TableActionLayout* defaultAction = nullptr;
  std::vector<mpz_class> defaultArgs;  // action data of the default action
  bool defaultIsConst = false;
  std::vector<TableEntryLayout> entries;
  bool constEntries = false;

  const TableActionLayout* action(const ActionDecl* decl) const;
};

// Lays out `table`, declared in `control`. Reports unsupported features (match kinds,
// non-constant default arguments ...) and returns nullopt for them.
std::optional<TableLayout> layoutTable(const Sema& sema, const ControlDecl& control,
                                       const TableDecl& table, MapNames& names,
                                       Diagnostics& diags);

// The width of a value of P4 type `type` in a map (bit<W>, int<W>, bool, serializable enum).
std::optional<uint32_t> mapFieldWidth(const struct Type* type);

}  // namespace p4nfc::midend
