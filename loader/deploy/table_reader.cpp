#include "loader/deploy/table_reader.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "loader/deploy/map_snapshot.h"
#include "loader/loader_error.h"
#include "loader/value_codec.h"

namespace p4nf::deploy {
namespace {

uint32_t hostU32(const uint8_t* bytes) {
  uint32_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

DumpedEntry decodeValue(const ManifestTable& table, const Bytes& value) {
  DumpedEntry entry;
  uint32_t id = hostU32(value.data());
  const ManifestAction* action = table.findActionById(id);
  if (!action) {
    entry.action = "?" + std::to_string(id);
    return entry;
  }
  entry.action = action->name;
  for (const ManifestField& p : action->params)
    entry.args.push_back({p.name, fieldText(value.data() + p.offset, p.size, p.width)});
  return entry;
}

// The lpm field's prefix length from the trie key's prefixlen (inverse of the writer's
// 8*(offset-4) + 8*size - width + prefix).
uint32_t lpmPrefix(const ManifestField& field, uint32_t prefixlen) {
  int64_t before = 8 * (static_cast<int64_t>(field.offset) - 4) + 8 * field.size - field.width;
  int64_t prefix = static_cast<int64_t>(prefixlen) - before;
  return prefix < 0 ? 0 : static_cast<uint32_t>(prefix);
}

// A key of a tuple-space entry in the form its match kind takes in `p4nf table add`
// (matchForKey accepts value&&&mask for ternary keys only): ranges come back as the
// lo..hi of the one prefix this map entry holds (a range expands to several entries),
// optional and exact keys as a value, lpm keys as value/length, don't care as "*".
std::string ternaryKeyText(const ManifestField& k, const uint8_t* valueBytes,
                           const uint8_t* maskBytes) {
  mpz_class value = decodeUnsigned(valueBytes, k.size);
  mpz_class mask = decodeUnsigned(maskBytes, k.size);
  mpz_class ones = allOnes(k.width);
  auto text = [&](const mpz_class& v) {
    Bytes bytes = encodeUnsigned(v, k.width, "key " + k.name);
    return fieldText(bytes.data(), k.size, k.width);
  };
  if (mask == 0) return "*";
  switch (k.match) {
    case MatchKind::Ternary:
      return text(value) + "&&&" + text(mask);
    case MatchKind::Range: {
      mpz_class low = value & mask;
      return text(low) + ".." + text(low | (ones ^ mask));
    }
    case MatchKind::Lpm: {
      uint32_t length = 0;
      while (length < k.width && mpz_tstbit(mask.get_mpz_t(), k.width - 1 - length)) ++length;
      return text(value) + "/" + std::to_string(length);
    }
    case MatchKind::Exact:
    case MatchKind::Optional:
      break;
  }
  return text(value);
}

}  // namespace

std::string fieldText(const uint8_t* bytes, uint32_t size, uint32_t width) {
  mpz_class value = decodeUnsigned(bytes, size);
  if (width <= 16) return value.get_str(10);
  std::string hex = value.get_str(16);
  size_t digits = (width + 3) / 4;
  if (hex.size() < digits) hex.insert(0, digits - hex.size(), '0');
  return "0x" + hex;
}

DumpedTable readTable(const ManifestTable& table, const MapFdLookup& mapFd) {
  DumpedTable dumped{table.name, table.size, {}, std::nullopt};
  if (!table.map.empty()) {
    int fd = mapFd(table.map);
    std::map<uint32_t, Bytes> masks;  // ternary: mask_id -> mask bytes
    if (table.kind == TableKind::Ternary) {
      int masksFd = mapFd(table.masksMap);
      Bytes slot(8 + table.keySize);
      for (uint32_t i = 0; i < table.maxMasks; ++i)
        if (bpf_map_lookup_elem(masksFd, &i, slot.data()) == 0 && hostU32(slot.data()) != 0)
          masks[i] = Bytes(slot.begin() + 8, slot.end());
    }
    Bytes value(table.valueSize);
    for (const Bytes& key : mapKeys(fd, table.keySize)) {
      if (bpf_map_lookup_elem(fd, key.data(), value.data()) != 0) continue;
      DumpedEntry entry = decodeValue(table, value);
      auto mask = masks.find(hostU32(key.data()));
      for (const ManifestField& k : table.keys) {
        std::string text = fieldText(key.data() + k.offset, k.size, k.width);
        if (table.kind == TableKind::Lpm && k.match == MatchKind::Lpm) {
          text += "/" + std::to_string(lpmPrefix(k, hostU32(key.data())));
        } else if (table.kind == TableKind::Ternary && mask != masks.end()) {
          text = ternaryKeyText(k, key.data() + k.offset, mask->second.data() + k.offset);
        }
        entry.keys.push_back({k.name, text});
      }
      if (table.kind == TableKind::Ternary) entry.priority = hostU32(value.data() + 4);
      dumped.entries.push_back(std::move(entry));
    }
  }
  if (!table.defaultMap.empty()) {
    int fd = mapFd(table.defaultMap);
    uint32_t zero = 0;
    Bytes value(table.valueSize);
    if (bpf_map_lookup_elem(fd, &zero, value.data()) == 0 && hostU32(value.data()) != 0)
      dumped.defaultAction = decodeValue(table, value);
  }
  return dumped;
}

std::string tableText(const DumpedTable& table) {
  auto action = [](const DumpedEntry& e) {
    std::string text = e.action + "(";
    for (size_t i = 0; i < e.args.size(); ++i)
      text += (i ? ", " : "") + e.args[i].name + "=" + e.args[i].text;
    return text + ")";
  };
  std::string out = "table " + table.name + ": " + std::to_string(table.entries.size()) + "/" +
                    std::to_string(table.size) + " entries\n";
  for (const DumpedEntry& e : table.entries) {
    out += " ";
    for (const DumpedKey& k : e.keys) out += " " + k.name + "=" + k.text;
    if (e.priority) out += " priority=" + std::to_string(*e.priority);
    out += " -> " + action(e) + "\n";
  }
  if (table.defaultAction) out += "  default -> " + action(*table.defaultAction) + "\n";
  return out;
}

std::string tableJson(const DumpedTable& table) {
  using nlohmann::json;
  auto entryJson = [](const DumpedEntry& e) {
    json out = {{"action", e.action}, {"keys", json::object()}, {"args", json::object()}};
    for (const DumpedKey& k : e.keys) out["keys"][k.name] = k.text;
    for (const DumpedKey& a : e.args) out["args"][a.name] = a.text;
    if (e.priority) out["priority"] = *e.priority;
    return out;
  };
  json out = {{"table", table.name}, {"size", table.size}, {"entries", json::array()}};
  for (const DumpedEntry& e : table.entries) out["entries"].push_back(entryJson(e));
  out["default"] = table.defaultAction ? entryJson(*table.defaultAction) : json(nullptr);
  return out.dump(2) + "\n";
}

}  // namespace p4nf::deploy
