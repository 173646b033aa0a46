#include "manifest/manifest.h"

#include "loader/loader_error.h"
#include "manifest/name_lookup.h"

namespace p4nf {

const char* matchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::Exact: return "exact";
    case MatchKind::Lpm: return "lpm";
    case MatchKind::Ternary: return "ternary";
    case MatchKind::Range: return "range";
    case MatchKind::Optional: return "optional";
  }
  return "?";
}

const char* tableKindName(TableKind kind) {
  switch (kind) {
    case TableKind::Exact: return "exact";
    case TableKind::Lpm: return "lpm";
    case TableKind::Ternary: return "ternary";
  }
  return "?";
}

const char* actionScopeName(ActionScope scope) {
  switch (scope) {
    case ActionScope::Both: return "both";
    case ActionScope::TableOnly: return "table_only";
    case ActionScope::DefaultOnly: return "default_only";
  }
  return "?";
}

std::optional<MatchKind> matchKindNamed(const std::string& name) {
  for (MatchKind kind : {MatchKind::Exact, MatchKind::Lpm, MatchKind::Ternary, MatchKind::Range,
                         MatchKind::Optional})
    if (name == matchKindName(kind)) return kind;
  return std::nullopt;
}

std::optional<TableKind> tableKindNamed(const std::string& name) {
  for (TableKind kind : {TableKind::Exact, TableKind::Lpm, TableKind::Ternary})
    if (name == tableKindName(kind)) return kind;
  return std::nullopt;
}

std::optional<ActionScope> actionScopeNamed(const std::string& name) {
  for (ActionScope scope : {ActionScope::Both, ActionScope::TableOnly, ActionScope::DefaultOnly})
    if (name == actionScopeName(scope)) return scope;
  return std::nullopt;
}

const ManifestAction* ManifestTable::findAction(const std::string& name) const {
  return lookupByName(actions, name, [](const ManifestAction& a) -> const std::string& { return a.name; });
}

const ManifestAction* ManifestTable::findActionById(uint32_t id) const {
  for (const ManifestAction& action : actions)
    if (action.id == id) return &action;
  return nullptr;
}

const ManifestField* ManifestTable::findKey(const std::string& name) const {
  return lookupByName(keys, name, [](const ManifestField& k) -> const std::string& { return k.name; });
}

const ManifestTable* Manifest::findTable(const std::string& name) const {
  return lookupByName(tables, name, [](const ManifestTable& t) -> const std::string& { return t.name; });
}

const ManifestTable& Manifest::table(const std::string& name) const {
  if (const ManifestTable* table = findTable(name)) return *table;
  std::string known;
  for (const ManifestTable& table : tables) known += (known.empty() ? "" : ", ") + table.name;
  throw LoaderError("no table \"" + name + "\" (or the name is ambiguous); the program has: " +
                    (known.empty() ? "no tables" : known));
}

std::vector<uint8_t> decodeHex(const std::string& hex, const std::string& what) {
  auto digit = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw LoaderError(what + ": \"" + hex + "\" is not hex");
  };
  if (hex.size() % 2 != 0) throw LoaderError(what + ": \"" + hex + "\" has an odd number of hex digits");
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < hex.size(); i += 2)
    bytes.push_back(static_cast<uint8_t>(digit(hex[i]) * 16 + digit(hex[i + 1])));
  return bytes;
}

}  // namespace p4nf
