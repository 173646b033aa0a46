// The manifest's JSON: the strict reader (parseManifest) and the writer
// (serializeManifest), side by side so that a member added to one is seen in the other.
#include <nlohmann/json.hpp>

#include <set>

#include "common/dataplane_abi.h"
#include "loader/loader_error.h"
#include "manifest/manifest.h"

namespace p4nf {
namespace {

using nlohmann::json;

// Reads one JSON object with a path for every error ("tables[0].keys[1]").
class Reader {
 public:
  Reader(const json& node, std::string path) : node_(node), path_(std::move(path)) {
    if (!node_.is_object()) fail("expected an object");
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw LoaderError("manifest: " + (path_.empty() ? "" : path_ + ": ") + message);
  }
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const char* key) const { return node_.contains(key) && !node_[key].is_null(); }

  const json& required(const char* key) const {
    if (!has(key)) fail(std::string("missing \"") + key + "\"");
    return node_[key];
  }
  std::string string(const char* key) const {
    const json& value = required(key);
    if (!value.is_string()) fail(std::string("\"") + key + "\" must be a string");
    return value.get<std::string>();
  }
  std::string optionalString(const char* key) const { return has(key) ? string(key) : ""; }
  uint32_t number(const char* key) const {
    const json& value = required(key);
    if (!value.is_number_unsigned() || value.get<uint64_t>() > UINT32_MAX)
      fail(std::string("\"") + key + "\" must be an unsigned 32-bit number");
    return value.get<uint32_t>();
  }
  std::optional<uint32_t> optionalNumber(const char* key) const {
    if (!has(key)) return std::nullopt;
    return number(key);
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!node_[key].is_boolean()) fail(std::string("\"") + key + "\" must be true or false");
    return node_[key].get<bool>();
  }
  // Calls read(element, path) for every element of an optional array.
  template <typename F>
  void forEach(const char* key, F read) const {
    if (!has(key)) return;
    const json& array = node_[key];
    if (!array.is_array()) fail(std::string("\"") + key + "\" must be an array");
    for (size_t i = 0; i < array.size(); ++i)
      read(array[i], at(key) + "[" + std::to_string(i) + "]");
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> result;
    forEach(key, [&](const json& element, const std::string& path) {
      if (!element.is_string()) throw LoaderError("manifest: " + path + ": must be a string");
      result.push_back(element.get<std::string>());
    });
    return result;
  }
  // An optional object from decimal profile ids to unsigned nanoseconds.
  std::map<uint32_t, uint64_t> profileTimeouts(const char* key) const {
    std::map<uint32_t, uint64_t> result;
    if (!has(key)) return result;
    const json& object = node_[key];
    if (!object.is_object()) fail(std::string("\"") + key + "\" must be an object");
    for (auto it = object.begin(); it != object.end(); ++it) {
      const std::string& profile = it.key();
      if (profile.empty() || profile.size() > 9 || profile.find_first_not_of("0123456789") != std::string::npos)
        fail(std::string(key) + ": \"" + profile + "\" is not a profile id");
      if (!it.value().is_number_unsigned())
        fail(std::string(key) + "." + profile + " must be an unsigned number of nanoseconds");
      result[static_cast<uint32_t>(std::stoul(profile))] = it.value().get<uint64_t>();
    }
    return result;
  }
  const std::string& path() const { return path_; }

 private:
  const json& node_;
  std::string path_;
};

MatchKind parseMatchKind(const Reader& r, const std::string& text) {
  if (auto kind = matchKindNamed(text)) return *kind;
  r.fail("unknown match kind \"" + text + "\"");
}

TableKind parseTableKind(const Reader& r, const std::string& text) {
  if (auto kind = tableKindNamed(text)) return *kind;
  r.fail("unknown table kind \"" + text + "\" (exact, lpm or ternary)");
}

ActionScope parseScope(const Reader& r, const std::string& text) {
  if (text.empty()) return ActionScope::Both;
  if (auto scope = actionScopeNamed(text)) return *scope;
  r.fail("unknown action scope \"" + text + "\"");
}

// A field must be ceil(width/8) bytes and lie inside a record of `recordSize` bytes.
ManifestField readField(const json& node, const std::string& path, uint32_t recordSize,
                        uint32_t firstOffset, bool isKey) {
  Reader r(node, path);
  ManifestField field;
  field.name = r.string("name");
  field.width = r.number("width");
  field.offset = r.number("offset");
  field.size = r.has("size") ? r.number("size") : (field.width + 7) / 8;
  if (field.width == 0) r.fail("width must be at least 1");
  if (field.size != (field.width + 7) / 8)
    r.fail("size " + std::to_string(field.size) + " does not hold width " +
           std::to_string(field.width) + " (must be ceil(width/8))");
  if (field.offset < firstOffset)
    r.fail("offset " + std::to_string(field.offset) + " overlaps the header word (first " +
           std::to_string(firstOffset) + " bytes)");
  if (uint64_t(field.offset) + field.size > recordSize)
    r.fail("bytes " + std::to_string(field.offset) + ".." +
           std::to_string(field.offset + field.size) + " lie outside the " +
           std::to_string(recordSize) + "-byte record");
  if (isKey) field.match = parseMatchKind(r, r.string("match"));
  return field;
}

// Size of the word(s) in front of the key fields: LPM prefixlen, ternary mask_id.
uint32_t keyHeaderSize(TableKind kind) { return kind == TableKind::Exact ? 0 : 4; }
// Size of the words in front of the action parameters: action id, ternary priority.
uint32_t valueHeaderSize(TableKind kind) { return kind == TableKind::Ternary ? 8 : 4; }

void checkKeyShapes(const Reader& r, const ManifestTable& table) {
  if (table.keys.empty() && table.kind != TableKind::Exact)
    r.fail("a " + std::string(tableKindName(table.kind)) + " table needs at least one key");
  size_t lpmKeys = 0;
  for (size_t i = 0; i < table.keys.size(); ++i) {
    const ManifestField& key = table.keys[i];
    switch (table.kind) {
      case TableKind::Exact:
        if (key.match != MatchKind::Exact)
          r.fail("key \"" + key.name + "\" is " + matchKindName(key.match) +
                 " in an exact table");
        break;
      case TableKind::Lpm:
        if (key.match == MatchKind::Lpm) {
          ++lpmKeys;
          if (i + 1 != table.keys.size()) r.fail("the lpm key must be the last key");
        } else if (key.match != MatchKind::Exact) {
          r.fail("key \"" + key.name + "\" is " + matchKindName(key.match) +
                 " in an lpm table (exact keys and one lpm key only)");
        }
        break;
      case TableKind::Ternary:
        break;
    }
  }
  if (table.kind == TableKind::Lpm && lpmKeys != 1) r.fail("an lpm table needs one lpm key");
}

ManifestTable readTable(const json& node, const std::string& path) {
  Reader r(node, path);
  ManifestTable table;
  table.name = r.string("name");
  // A keyless table has "map": null (docs/manifest.md): it has no entries map.
  bool keyless = node.contains("map") && node.at("map").is_null();
  if (!keyless) table.map = r.string("map");
  table.kind = parseTableKind(r, r.string("kind"));
  table.size = r.number("size");
  table.keySize = r.number("key_size");
  table.valueSize = r.number("value_size");
  if (table.map.size() > 15) r.fail("map name \"" + table.map + "\" is longer than 15 characters");
  uint32_t keyStart = keyHeaderSize(table.kind);
  if (!keyless && table.keySize < keyStart + (table.kind == TableKind::Exact ? 1 : 0))
    r.fail("key_size " + std::to_string(table.keySize) + " is too small");
  r.forEach("keys", [&](const json& k, const std::string& p) {
    table.keys.push_back(readField(k, p, table.keySize, keyStart, true));
  });
  if (keyless && !table.keys.empty()) r.fail("a table with \"map\": null cannot have keys");
  checkKeyShapes(r, table);

  std::set<uint32_t> ids;
  r.forEach("actions", [&](const json& a, const std::string& p) {
    Reader ar(a, p);
    ManifestAction action;
    action.name = ar.string("name");
    action.id = ar.number("id");
    if (action.id == 0) ar.fail("action ids start at 1 (0 means \"no entry\")");
    if (!ids.insert(action.id).second) ar.fail("duplicate action id " + std::to_string(action.id));
    action.scope = parseScope(ar, ar.optionalString("scope"));
    ar.forEach("params", [&](const json& f, const std::string& fp) {
      action.params.push_back(
          readField(f, fp, table.valueSize, valueHeaderSize(table.kind), false));
    });
    table.actions.push_back(std::move(action));
  });
  if (table.actions.empty()) r.fail("a table needs at least one action");

  if (r.has("default_action")) {
    Reader dr(r.required("default_action"), r.at("default_action"));
    ManifestDefaultAction defaultAction;
    defaultAction.action = dr.string("action");
    defaultAction.args = dr.strings("args");
    defaultAction.isConst = dr.boolean("const", false);
    table.defaultAction = defaultAction;
  }
  table.defaultMap = r.optionalString("default_map");
  r.forEach("entries", [&](const json& e, const std::string& p) {
    Reader er(e, p);
    ManifestEntry entry;
    entry.priority = er.optionalNumber("priority");
    entry.action = er.string("action");
    entry.args = er.strings("args");
    entry.isConst = er.boolean("const", false);
    er.forEach("keys", [&](const json& k, const std::string& kp) {
      Reader kr(k, kp);
      ManifestEntryKey key;
      key.value = kr.string("value");
      if (kr.has("mask")) key.mask = kr.string("mask");
      key.prefixLen = kr.optionalNumber("prefix_len");
      if (kr.has("high")) key.high = kr.string("high");
      entry.keys.push_back(key);
    });
    table.entries.push_back(std::move(entry));
  });
  table.constEntries = r.boolean("const_entries", false);
  if (table.kind == TableKind::Ternary) {
    table.masksMap = r.string("masks_map");
    table.maxMasks = r.number("max_masks");
    if (table.maxMasks == 0) r.fail("max_masks must be at least 1");
  }
  table.addOnMiss = r.boolean("add_on_miss", false);
  if (r.has("direct_counter")) {
    Reader cr(r.required("direct_counter"), r.at("direct_counter"));
    ManifestTable::DirectCounter counter;
    counter.name = cr.string("name");
    counter.type = cr.optionalString("type");
    counter.offset = cr.number("offset");
    if (counter.offset % 8 != 0 || uint64_t{counter.offset} + 16 > table.valueSize)
      cr.fail("offset " + std::to_string(counter.offset) +
              " is not an 8-aligned place for 16 bytes in a value of " +
              std::to_string(table.valueSize));
    table.directCounter = counter;
  }
  if (r.has("expiry")) {
    Reader er(r.required("expiry"), r.at("expiry"));
    ManifestTable::Expiry expiry;
    expiry.profilesMap = er.string("profiles_map");
    expiry.idleTimeout = er.optionalString("idle_timeout");
    expiry.profileOffset = er.optionalNumber("profile_offset").value_or(expiry.profileOffset);
    expiry.timestampOffset = er.optionalNumber("timestamp_offset").value_or(expiry.timestampOffset);
    expiry.defaultTimeoutsNs = er.profileTimeouts("default_timeouts_ns");
    table.expiry = expiry;
  }
  std::string scheme = r.optionalString("lpm_scheme");
  if (!scheme.empty() && scheme != "trie") {
    if (scheme != "dir24") r.fail("unknown lpm_scheme \"" + scheme + "\" (expected trie or dir24)");
    if (table.kind != TableKind::Lpm || table.keys.size() != 1 || table.keys[0].width != 32)
      r.fail("lpm_scheme dir24 needs an lpm table whose only key is 32 bits wide");
    Reader dr(r.required("dir24"), r.at("dir24"));
    ManifestTable::Dir24 dir;
    dir.dirMap = dr.string("dir_map");
    dir.cells = dr.number("cells");
    dir.cellEntries = dr.number("cell_entries");
    dir.valuesMap = dr.string("values_map");
    dir.slots = dr.number("slots");
    dir.recordSize = dr.number("record_size");
    dir.indexMap = dr.string("index_map");
    if (uint64_t{dir.cells} * dir.cellEntries != (1u << 24))
      dr.fail("cells x cell_entries must be 2^24, one entry per /24 block");
    if (dir.recordSize < table.valueSize + 8 || dir.recordSize % 8 != 0)
      dr.fail("record_size " + std::to_string(dir.recordSize) + " cannot hold a value of " +
              std::to_string(table.valueSize) + " bytes and the 8-byte trailer");
    if (dir.slots == 0 || dir.slots >= abi::dir24::kMaxSlots) dr.fail("slots must be from 1 to 2^25 - 1");
    table.dir24 = dir;
  }
  return table;
}

// Checks that the default action and entries name actions of the table.
void checkReferences(const ManifestTable& table, const std::string& path) {
  auto fail = [&](const std::string& message) {
    throw LoaderError("manifest: " + path + ": " + message);
  };
  if (table.defaultAction) {
    const ManifestAction* action = table.findAction(table.defaultAction->action);
    if (!action) fail("default action \"" + table.defaultAction->action + "\" is not an action of the table");
    if (action->params.size() != table.defaultAction->args.size())
      fail("default action \"" + action->name + "\" has " + std::to_string(action->params.size()) +
           " parameters but " + std::to_string(table.defaultAction->args.size()) + " arguments");
  }
  for (size_t i = 0; i < table.entries.size(); ++i) {
    const ManifestEntry& entry = table.entries[i];
    std::string where = "entries[" + std::to_string(i) + "]: ";
    if (!table.findAction(entry.action)) fail(where + "unknown action \"" + entry.action + "\"");
    if (entry.keys.size() != table.keys.size())
      fail(where + std::to_string(entry.keys.size()) + " keys for a table with " +
           std::to_string(table.keys.size()));
  }
}

}  // namespace

Manifest parseManifest(const std::string& text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    throw LoaderError(std::string("manifest: not valid JSON: ") + error.what());
  }
  Reader r(document, "");
  Manifest manifest;
  manifest.version = r.number("version");
  if (manifest.version != kManifestVersion)
    r.fail("version " + std::to_string(manifest.version) + " is not supported (this loader reads version " +
           std::to_string(kManifestVersion) + ")");
  if (r.has("program")) {
    Reader pr(r.required("program"), "program");
    manifest.program.name = pr.optionalString("name");
    manifest.program.source = pr.optionalString("source");
    manifest.program.target = pr.optionalString("target");
    manifest.program.section = pr.optionalString("section");
    manifest.program.function = pr.optionalString("function");
  }
  std::set<std::string> names;
  r.forEach("tables", [&](const json& t, const std::string& path) {
    ManifestTable table = readTable(t, path);
    if (!names.insert(table.name).second)
      throw LoaderError("manifest: " + path + ": duplicate table \"" + table.name + "\"");
    checkReferences(table, path);
    manifest.tables.push_back(std::move(table));
  });
  r.forEach("externs", [&](const json& e, const std::string& path) {
    Reader er(e, path);
    ManifestExtern ext;
    ext.kind = er.string("kind");
    ext.name = er.string("name");
    ext.map = er.optionalString("map");
    ext.size = er.optionalNumber("size").value_or(0);
    ext.type = er.optionalString("type");
    ext.width = er.optionalNumber("width").value_or(0);
    ext.valueSize = er.optionalNumber("value_size").value_or(0);
    // A digest's fields lie in its record of `size` bytes, like a table's in its value.
    er.forEach("fields", [&](const json& f, const std::string& fp) {
      ext.fields.push_back(readField(f, fp, ext.size, 0, false));
    });
    manifest.externs.push_back(std::move(ext));
  });
  if (r.has("maps")) {
    const json& maps = r.required("maps");
    if (!maps.is_object()) r.fail("\"maps\" must be an object");
    for (auto it = maps.begin(); it != maps.end(); ++it) {
      if (!it.value().is_string()) r.fail("maps." + it.key() + " must be a string");
      manifest.maps[it.key()] = it.value().get<std::string>();
    }
  }
  if (r.has("verdict")) {
    Reader vr(r.required("verdict"), "verdict");
    ManifestVerdict verdict;
    verdict.layout = vr.optionalString("layout");
    verdict.location = vr.optionalString("location");
    verdict.drop = vr.optionalNumber("drop").value_or(0);
    verdict.port = vr.optionalNumber("port").value_or(0);
    verdict.host = vr.optionalNumber("host").value_or(0);
    verdict.continueChain = vr.optionalNumber("continue").value_or(0);
    manifest.verdict = verdict;
  }
  return manifest;
}

// ---- the writer -------------------------------------------------------------------------

namespace {

// Arrays are written as arrays even when empty: "keys": [], "params": [] (a default
// json value would be null).
template <typename T, typename F>
json arrayOf(const std::vector<T>& items, F toJson) {
  json array = json::array();
  for (const T& item : items) array.push_back(toJson(item));
  return array;
}

json stringsJson(const std::vector<std::string>& strings) {
  return arrayOf(strings, [](const std::string& s) { return json(s); });
}

json fieldJson(const ManifestField& field) {
  return {{"name", field.name}, {"width", field.width}, {"offset", field.offset}, {"size", field.size}};
}

json keyJson(const ManifestField& key) {
  json j = fieldJson(key);
  j["match"] = matchKindName(key.match);
  return j;
}

json actionJson(const ManifestAction& action) {
  return {{"name", action.name},
          {"id", action.id},
          {"params", arrayOf(action.params, fieldJson)},
          {"scope", actionScopeName(action.scope)}};
}

json entryJson(const ManifestEntry& entry) {
  json j = {{"keys", arrayOf(entry.keys,
                             [](const ManifestEntryKey& key) {
                               json k = {{"value", key.value}};
                               if (key.prefixLen) k["prefix_len"] = *key.prefixLen;
                               if (key.mask) k["mask"] = *key.mask;
                               if (key.high) k["high"] = *key.high;
                               return k;
                             })},
            {"action", entry.action},
            {"args", stringsJson(entry.args)}};
  if (entry.priority) j["priority"] = *entry.priority;
  if (entry.isConst) j["const"] = true;
  return j;
}

json tableJson(const ManifestTable& table) {
  json t;
  t["name"] = table.name;
  t["map"] = table.map.empty() ? json(nullptr) : json(table.map);
  t["kind"] = tableKindName(table.kind);
  t["size"] = table.size;
  t["key_size"] = table.keySize;
  t["keys"] = arrayOf(table.keys, keyJson);
  t["value_size"] = table.valueSize;
  t["actions"] = arrayOf(table.actions, actionJson);
  if (table.defaultAction)
    t["default_action"] = {{"action", table.defaultAction->action},
                           {"args", stringsJson(table.defaultAction->args)},
                           {"const", table.defaultAction->isConst}};
  else
    t["default_action"] = nullptr;
  if (!table.defaultMap.empty()) t["default_map"] = table.defaultMap;
  t["entries"] = arrayOf(table.entries, entryJson);
  t["const_entries"] = table.constEntries;
  if (table.addOnMiss) t["add_on_miss"] = true;
  if (table.dir24) {
    const ManifestTable::Dir24& dir = *table.dir24;
    t["lpm_scheme"] = "dir24";
    t["dir24"] = {{"dir_map", dir.dirMap},       {"cells", dir.cells},
                  {"cell_entries", dir.cellEntries}, {"values_map", dir.valuesMap},
                  {"slots", dir.slots},          {"record_size", dir.recordSize},
                  {"index_map", dir.indexMap}};
  }
  if (table.expiry) {
    json defaults = json::object();
    for (const auto& [profile, ns] : table.expiry->defaultTimeoutsNs) defaults[std::to_string(profile)] = ns;
    t["expiry"] = {{"idle_timeout", table.expiry->idleTimeout},
                   {"profile_offset", table.expiry->profileOffset},
                   {"timestamp_offset", table.expiry->timestampOffset},
                   {"profiles_map", table.expiry->profilesMap},
                   {"default_timeouts_ns", defaults}};
  }
  if (table.directCounter)
    t["direct_counter"] = {{"name", table.directCounter->name},
                           {"type", table.directCounter->type},
                           {"offset", table.directCounter->offset}};
  if (table.kind == TableKind::Ternary) {
    t["masks_map"] = table.masksMap;
    t["max_masks"] = table.maxMasks;
  }
  return t;
}

json externJson(const ManifestExtern& ext) {
  json e = {{"kind", ext.kind}, {"name", ext.name}, {"map", ext.map}, {"size", ext.size}};
  if (!ext.type.empty()) e["type"] = ext.type;
  if (ext.width) e["width"] = ext.width;
  if (ext.valueSize) e["value_size"] = ext.valueSize;
  if (ext.kind == "Digest") e["fields"] = arrayOf(ext.fields, fieldJson);
  return e;
}

}  // namespace

std::string serializeManifest(const Manifest& manifest) {
  json doc;
  doc["version"] = manifest.version;
  const ManifestProgram& program = manifest.program;
  doc["program"] = {{"name", program.name},       {"source", program.source},
                    {"target", program.target},   {"section", program.section},
                    {"function", program.function}};
  doc["tables"] = arrayOf(manifest.tables, tableJson);
  doc["externs"] = arrayOf(manifest.externs, externJson);
  doc["maps"] = json::object();
  for (const auto& [role, map] : manifest.maps) doc["maps"][role] = map;
  if (manifest.verdict) {
    const ManifestVerdict& v = *manifest.verdict;
    doc["verdict"] = {{"layout", v.layout}, {"location", v.location}, {"drop", v.drop},
                      {"port", v.port},     {"host", v.host},         {"continue", v.continueChain}};
  }
  return doc.dump();
}

}  // namespace p4nf
