#include "midend/manifest.h"

#include "common/dataplane_abi.h"

namespace p4nfc::midend {

std::string hexBytes(const mpz_class& value, uint32_t bytes) {
  mpz_class modulus = mpz_class(1) << (8 * bytes);
  mpz_class v = value % modulus;
  if (v < 0) v += modulus;
  std::string digits = v.get_str(16);
  if (digits.size() < 2 * bytes) digits.insert(0, 2 * bytes - digits.size(), '0');
  return digits;
}

namespace {

const char* kindName(TableKind kind) {
  switch (kind) {
    case TableKind::Lpm: return "lpm";
    case TableKind::Ternary: return "ternary";
    case TableKind::Exact:
    case TableKind::Keyless: return "exact";
  }
  return "exact";
}

}  // namespace

void Manifest::addTable(const TableLayout& t) {
  nlohmann::json table;
  table["name"] = t.name;
  // A keyless table has no map: only its default action (and default_map) matter.
  if (t.kind == TableKind::Keyless) table["map"] = nullptr;
  else table["map"] = t.mapName;
  table["kind"] = kindName(t.kind);
  table["size"] = t.size;
  table["key_size"] = t.keySize;
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : t.keys)
    keys.push_back({{"name", k.name}, {"match", k.match}, {"width", k.width},
                    {"offset", k.offset}, {"size", k.size}});
  table["keys"] = keys;
  table["value_size"] = t.valueSize;
  nlohmann::json actions = nlohmann::json::array();
  for (const auto& a : t.actions) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : a.params)
      params.push_back({{"name", p.name}, {"width", p.width}, {"offset", p.offset}, {"size", p.size}});
    actions.push_back({{"name", a.name}, {"id", a.id}, {"params", params}, {"scope", a.scope}});
  }
  table["actions"] = actions;
  if (t.defaultAction) {
    nlohmann::json args = nlohmann::json::array();
    for (size_t i = 0; i < t.defaultArgs.size() && i < t.defaultAction->params.size(); ++i)
      args.push_back(hexBytes(t.defaultArgs[i], t.defaultAction->params[i].size));
    table["default_action"] = {{"action", t.defaultAction->name}, {"args", args},
                               {"const", t.defaultIsConst}};
  } else {
    table["default_action"] = nullptr;
  }
  if (!t.defaultIsConst) table["default_map"] = t.defaultMapName;
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : t.entries) {
    nlohmann::json keys = nlohmann::json::array();
    for (size_t i = 0; i < e.keys.size() && i < t.keys.size(); ++i) {
      nlohmann::json key = {{"value", hexBytes(e.keys[i].value, t.keys[i].size)}};
      if (e.keys[i].prefixLen) key["prefix_len"] = *e.keys[i].prefixLen;
      if (e.keys[i].mask) key["mask"] = hexBytes(*e.keys[i].mask, t.keys[i].size);
      if (e.keys[i].high) key["high"] = hexBytes(*e.keys[i].high, t.keys[i].size);
      keys.push_back(key);
    }
    nlohmann::json args = nlohmann::json::array();
    for (size_t i = 0; i < e.args.size() && i < e.action->params.size(); ++i)
      args.push_back(hexBytes(e.args[i], e.action->params[i].size));
    nlohmann::json entry = {{"priority", e.priority}, {"keys", keys}, {"action", e.action->name}, {"args", args}};
    if (e.isConst && !t.constEntries) entry["const"] = true;
    entries.push_back(std::move(entry));
  }
  table["entries"] = entries;
  table["const_entries"] = t.constEntries;
  if (t.addOnMiss) table["add_on_miss"] = true;
  if (t.lpmScheme == LpmScheme::Dir24) {
    table["lpm_scheme"] = "dir24";
    table["dir24"] = {{"dir_map", t.dirMapName},
                      {"cells", p4nf::abi::dir24::kCells},
                      {"cell_entries", p4nf::abi::dir24::kCellEntries},
                      {"values_map", t.valuesMapName},
                      {"slots", t.dirSlots},
                      {"record_size", t.dirRecord.byteSize},
                      {"index_map", t.indexMapName}};
  }
  if (t.expires()) {
    nlohmann::json defaults = nlohmann::json::object();
    for (const auto& [profile, ns] : t.defaultTimeouts) defaults[std::to_string(profile)] = ns;
    table["expiry"] = {{"idle_timeout", t.idleTimeout},
                       {"profile_offset", TableLayout::kExpireProfileOffset},
                       {"timestamp_offset", TableLayout::kTimestampOffset},
                       {"profiles_map", t.expireMapName},
                       {"default_timeouts_ns", defaults}};
  }
  if (t.directCounter)
    table["direct_counter"] = {{"name", t.directCounterName}, {"type", t.directCounterType},
                               {"offset", t.directCounterOffset}};
  if (t.kind == TableKind::Ternary) {
    table["masks_map"] = t.masksMapName;
    table["max_masks"] = t.maxMasks;
  }
  tables_.push_back(std::move(table));
}

nlohmann::json Manifest::toJson() const {
  nlohmann::json doc;
  doc["version"] = 1;
  doc["program"] = {{"name", program_.name},       {"source", program_.source},
                    {"target", program_.target},   {"section", program_.section},
                    {"function", program_.function}};
  doc["tables"] = tables_;
  doc["externs"] = externs_;
  doc["maps"] = maps_;
  doc["verdict"] = {{"layout", "u32 verdict, u32 egress_port, u32 ingress_port, u32 mark, u8 ct_state, "
                                "u8 l3_offset, u16 l4_offset (host order, 20 bytes)"},
                    {"location", program_.target == "xdp" ? "percpu_map" : "skb_cb"},
                    {"drop", p4nf::abi::kVerdictDrop}, {"port", p4nf::abi::kVerdictSendToPort},
                    {"host", p4nf::abi::kVerdictToHost}, {"continue", p4nf::abi::kVerdictContinue}};
  return doc;
}

}  // namespace p4nfc::midend
