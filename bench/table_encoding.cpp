#include "table_encoding.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace p4nf::bench {
namespace {

using nlohmann::json;

bool nameMatches(std::string_view qualified, std::string_view wanted) {
  if (qualified == wanted) return true;
  size_t dot = qualified.rfind('.');
  return dot != std::string_view::npos && qualified.substr(dot + 1) == wanted;
}

FieldLayout parseField(const json& j) {
  FieldLayout field;
  field.name = j.at("name").get<std::string>();
  field.match = j.value("match", "");
  field.width = j.at("width").get<int>();
  field.offset = j.at("offset").get<int>();
  field.size = j.at("size").get<int>();
  return field;
}

TableLayout parseTable(const json& j) {
  TableLayout table;
  table.name = j.at("name").get<std::string>();
  table.map = j.at("map").get<std::string>();
  table.kind = j.at("kind").get<std::string>();
  table.size = j.at("size").get<uint32_t>();
  table.keySize = j.at("key_size").get<int>();
  table.valueSize = j.at("value_size").get<int>();
  for (const json& key : j.at("keys")) table.keys.push_back(parseField(key));
  for (const json& a : j.at("actions")) {
    ActionLayout action;
    action.name = a.at("name").get<std::string>();
    action.id = a.at("id").get<uint32_t>();
    for (const json& p : a.value("params", json::array())) action.params.push_back(parseField(p));
    table.actions.push_back(std::move(action));
  }
  if (j.contains("default_action")) {
    const json& d = j.at("default_action");
    table.defaultAction = d.at("action").get<std::string>();
    for (const json& arg : d.value("args", json::array()))
      table.defaultArgs.push_back(arg.get<std::string>());
  }
  table.defaultMap = j.value("default_map", "");
  return table;
}

// Writes `value` big-endian and right-aligned into `size` bytes at `out`.
void putBigEndian(uint8_t* out, int size, uint64_t value) {
  for (int i = size - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value = size - i >= 8 ? 0 : value >> 8;
  }
}

void checkFits(const FieldLayout& field, int containerSize) {
  if (field.offset < 0 || field.size <= 0 || field.offset + field.size > containerSize)
    throw std::runtime_error("field " + field.name + " lies outside its key or value");
  if (field.width > 64) throw std::runtime_error("field " + field.name + " is wider than 64 bits");
}

uint64_t parseHex(const std::string& hex) {
  if (hex.empty() || hex.size() > 16) throw std::runtime_error("bad hex argument '" + hex + "'");
  return std::stoull(hex, nullptr, 16);
}

}  // namespace

const ActionLayout& TableLayout::action(std::string_view wanted) const {
  for (const ActionLayout& a : actions)
    if (nameMatches(a.name, wanted)) return a;
  throw std::runtime_error("table " + name + " has no action " + std::string(wanted));
}

const TableLayout& Manifest::table(std::string_view wanted) const {
  const TableLayout* found = nullptr;
  for (const TableLayout& t : tables) {
    if (!nameMatches(t.name, wanted)) continue;
    if (found) throw std::runtime_error("table name " + std::string(wanted) + " is ambiguous");
    found = &t;
  }
  if (!found) throw std::runtime_error("the manifest has no table " + std::string(wanted));
  return *found;
}

Manifest parseManifest(std::string_view text) {
  try {
    json j = json::parse(text);
    Manifest manifest;
    const json& program = j.at("program");
    manifest.programName = program.value("name", "");
    manifest.function = program.value("function", "");
    for (const json& t : j.value("tables", json::array())) manifest.tables.push_back(parseTable(t));
    if (j.contains("maps")) {
      manifest.portsMap = j.at("maps").value("ports", "");
      manifest.portIdsMap = j.at("maps").value("port_ids", "");
    }
    return manifest;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("bad manifest: ") + e.what());
  }
}

Bytes encodeKey(const TableLayout& table, const std::vector<KeyField>& fields) {
  if (table.kind != "exact" && table.kind != "lpm")
    throw std::runtime_error("table " + table.name + ": " + table.kind + " keys are not supported");
  if (fields.size() != table.keys.size())
    throw std::runtime_error("table " + table.name + " takes " + std::to_string(table.keys.size()) +
                             " key fields");
  Bytes key(table.keySize, 0);
  uint32_t prefixLength = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldLayout& layout = table.keys[i];
    checkFits(layout, table.keySize);
    uint64_t value = fields[i].value;
    if (layout.match == "lpm") {
      int bits = fields[i].prefixLength < 0 ? layout.width : fields[i].prefixLength;
      // Host bits beyond the prefix are zero in a trie key.
      if (bits < layout.width) value &= ~((uint64_t{1} << (layout.width - bits)) - 1);
      prefixLength += 8 * layout.size - layout.width + bits;
    } else {
      prefixLength += 8 * layout.size;
    }
    putBigEndian(key.data() + layout.offset, layout.size, value);
  }
  // An lpm key starts with the prefix length, in host order (docs/manifest.md).
  if (table.kind == "lpm") std::memcpy(key.data(), &prefixLength, sizeof prefixLength);
  return key;
}

Bytes encodeValue(const TableLayout& table, std::string_view actionName,
                  const std::vector<uint64_t>& args) {
  const ActionLayout& action = table.action(actionName);
  if (args.size() != action.params.size())
    throw std::runtime_error("action " + action.name + " takes " +
                             std::to_string(action.params.size()) + " arguments");
  Bytes value(table.valueSize, 0);
  std::memcpy(value.data(), &action.id, sizeof action.id);  // host order
  for (size_t i = 0; i < args.size(); ++i) {
    checkFits(action.params[i], table.valueSize);
    putBigEndian(value.data() + action.params[i].offset, action.params[i].size, args[i]);
  }
  return value;
}

Bytes encodeDefaultValue(const TableLayout& table) {
  std::vector<uint64_t> args;
  for (const std::string& hex : table.defaultArgs) args.push_back(parseHex(hex));
  return encodeValue(table, table.defaultAction, args);
}

Bytes hostOrderU32(uint32_t value) {
  Bytes bytes(sizeof value);
  std::memcpy(bytes.data(), &value, sizeof value);
  return bytes;
}

}  // namespace p4nf::bench
