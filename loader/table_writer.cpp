#include "loader/table_writer.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

// Expanding several range keys multiplies their prefixes; beyond this the table would
// fill up with one rule anyway, so say so instead.
constexpr size_t kMaxExpansion = 4096;

void putU32(Bytes& bytes, size_t offset, uint32_t value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);  // host order, as the doc says
}
uint32_t getU32(const Bytes& bytes, size_t offset) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

void putField(Bytes& record, const ManifestField& field, const mpz_class& value,
              const std::string& what) {
  Bytes encoded = encodeUnsigned(value, field.width, what);
  std::copy(encoded.begin(), encoded.end(), record.begin() + field.offset);
}

std::string errnoText(int error) { return std::strerror(error); }

}  // namespace

TableWriter::TableWriter(const ManifestTable& table, MapFdLookup mapFd) : table_(table) {
  // A keyless table has no entries map, only its default action.
  if (!table.keys.empty()) {
    entriesFd_ = mapFd(table.map);
    checkMapSizes(entriesFd_, table.map, table.keySize, table.valueSize);
  }
  if (!table.defaultMap.empty()) {
    defaultFd_ = mapFd(table.defaultMap);
    checkMapSizes(defaultFd_, table.defaultMap, 4, table.valueSize);
  }
  if (table.kind == TableKind::Ternary) {
    masksFd_ = mapFd(table.masksMap);
    checkMapSizes(masksFd_, table.masksMap, 4, 8 + table.keySize);
    readTernaryState();
  }
  if (table.dir24) dir24_ = std::make_shared<Dir24Index>(table, mapFd);
}

// dir24: the lpm key as a host-order prefix and its length, for the array's bookkeeping.
void TableWriter::dir24Step(const std::vector<KeyMatch>& keys,
                            const std::function<void(uint32_t, uint32_t)>& step) const {
  const KeyMatch& lpm = keys.back();
  step(static_cast<uint32_t>(mpz_class(lpm.value & 0xffffffffu).get_ui()), lpm.prefixLen);
}

void TableWriter::checkMapSizes(int fd, const std::string& mapName, uint32_t keySize,
                                uint32_t valueSize) const {
  bpf_map_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0)
    throw LoaderError("map " + mapName + ": cannot read its info: " + errnoText(errno));
  if (info.key_size != keySize || info.value_size != valueSize)
    throw LoaderError("table " + table_.name + ": map " + mapName + " has key/value sizes " +
                      std::to_string(info.key_size) + "/" + std::to_string(info.value_size) +
                      " but the manifest implies " + std::to_string(keySize) + "/" +
                      std::to_string(valueSize) + " (compiler and manifest disagree)");
}

Bytes TableWriter::encodeValue(const ManifestAction& action, const std::vector<mpz_class>& args,
                               uint32_t priority) const {
  Bytes value(table_.valueSize, 0);
  putU32(value, 0, action.id);
  if (table_.kind == TableKind::Ternary) putU32(value, 4, priority);
  for (size_t i = 0; i < action.params.size(); ++i)
    putField(value, action.params[i], args.at(i),
             "action " + action.name + ", parameter " + action.params[i].name);
  return value;
}

Bytes TableWriter::encodeExactKey(const std::vector<KeyMatch>& keys) const {
  Bytes key(table_.keySize, 0);
  for (size_t i = 0; i < table_.keys.size(); ++i)
    putField(key, table_.keys[i], keys.at(i).value, "key " + table_.keys[i].name);
  return key;
}

Bytes TableWriter::encodeLpmKey(const std::vector<KeyMatch>& keys) const {
  Bytes key(table_.keySize, 0);
  const ManifestField& lpm = table_.keys.back();
  const KeyMatch& lpmMatch = keys.back();
  for (size_t i = 0; i < table_.keys.size(); ++i)
    putField(key, table_.keys[i], keys.at(i).value, "key " + table_.keys[i].name);
  // Bits of the data before the lpm field (exact fields and their padding), then the lpm
  // field's own padding: the field is right-aligned, its unused high bits are zero.
  uint32_t prefixLen = (lpm.offset - 4) * 8 + (lpm.size * 8 - lpm.width) + lpmMatch.prefixLen;
  putU32(key, 0, prefixLen);
  return key;
}

std::vector<TableWriter::EncodedEntry> TableWriter::encodeTernaryKeys(
    const std::vector<KeyMatch>& keys) const {
  // Each key becomes one or more (value, mask) alternatives; a range key one per prefix.
  std::vector<std::vector<std::pair<mpz_class, mpz_class>>> alternatives;
  for (size_t i = 0; i < table_.keys.size(); ++i) {
    const ManifestField& field = table_.keys[i];
    const KeyMatch& match = keys.at(i);
    std::vector<std::pair<mpz_class, mpz_class>> options;
    if (field.match == MatchKind::Range) {
      for (const Prefix& p : rangeToPrefixes(match.low, match.high, field.width))
        options.push_back({p.value, prefixMask(p.length, field.width)});
    } else {
      options.push_back({match.value & match.mask, match.mask});
    }
    alternatives.push_back(std::move(options));
  }
  size_t total = 1;
  for (const auto& options : alternatives) {
    total *= options.size();
    if (total > kMaxExpansion)
      throw LoaderError("table " + table_.name + ": the ranges of this entry expand to more than " +
                        std::to_string(kMaxExpansion) + " ternary entries; split the rule");
  }
  std::vector<EncodedEntry> result;
  for (size_t n = 0; n < total; ++n) {
    EncodedEntry encoded{Bytes(table_.keySize, 0), Bytes(table_.keySize, 0)};
    size_t rest = n;
    for (size_t i = 0; i < alternatives.size(); ++i) {
      const auto& [value, mask] = alternatives[i][rest % alternatives[i].size()];
      rest /= alternatives[i].size();
      std::string what = "key " + table_.keys[i].name;
      putField(encoded.key, table_.keys[i], value, what);
      putField(encoded.mask, table_.keys[i], mask, what);
    }
    result.push_back(std::move(encoded));
  }
  return result;
}

void TableWriter::add(const Entry& entry, bool fromControlPlane) {
  if (fromControlPlane && table_.constEntries)
    throw LoaderError("table " + table_.name + " has const entries; the control plane cannot add to it");
  if (!entry.action) throw LoaderError("table " + table_.name + ": entry without an action");
  if (entry.action->scope == ActionScope::DefaultOnly)
    throw LoaderError("action " + entry.action->name + " is @defaultonly in table " + table_.name);
  if (table_.keys.empty())
    throw LoaderError("table " + table_.name + " has no keys; only its default action can be set");
  if (entry.keys.size() != table_.keys.size())
    throw LoaderError("table " + table_.name + ": entry has " + std::to_string(entry.keys.size()) +
                      " keys, the table " + std::to_string(table_.keys.size()));
  if (table_.kind == TableKind::Ternary) {
    uint32_t priority = entry.priority ? *entry.priority : nextAutoPriority_--;
    if (priority == 0) throw LoaderError("table " + table_.name + ": priorities start at 1");
    addTernary(entry, priority);
    return;
  }
  Bytes key = table_.kind == TableKind::Lpm ? encodeLpmKey(entry.keys) : encodeExactKey(entry.keys);
  Bytes value = encodeValue(*entry.action, entry.args, 0);
  if (bpf_map_update_elem(entriesFd_, key.data(), value.data(), BPF_NOEXIST) != 0) {
    int error = errno;
    if (error == EEXIST)
      throw LoaderError("table " + table_.name + ": an entry with this key already exists (key " +
                        toHex(key) + ")");
    if (error == E2BIG || error == ENOSPC || error == ENOMEM)
      throw LoaderError("table " + table_.name + " is full (size " + std::to_string(table_.size) +
                        "); raise its size in the P4 program");
    throw LoaderError("table " + table_.name + ": cannot add the entry: " + errnoText(error));
  }
  if (dir24_) {
    try {
      dir24Step(entry.keys, [&](uint32_t prefix, uint32_t length) { dir24_->added(prefix, length, value); });
    } catch (...) {
      bpf_map_delete_elem(entriesFd_, key.data());
      throw;
    }
  }
}

void TableWriter::refuseConstEntry(const std::vector<KeyMatch>& keys, const std::string& doing) const {
  auto encoded = [&](const std::vector<KeyMatch>& k) {
    if (table_.kind != TableKind::Ternary)
      return std::vector<Bytes>{table_.kind == TableKind::Lpm ? encodeLpmKey(k) : encodeExactKey(k)};
    std::vector<Bytes> out;
    for (EncodedEntry& e : encodeTernaryKeys(k)) {
      out.push_back(std::move(e.key));
      out.push_back(std::move(e.mask));
    }
    return out;
  };
  std::optional<std::vector<Bytes>> wanted;
  for (const ManifestEntry& e : table_.entries) {
    if (!e.isConst) continue;
    if (!wanted) wanted = encoded(keys);
    if (encoded(entryFromManifest(table_, e).keys) == *wanted)
      throw LoaderError("table " + table_.name + ": the entry with this key is const in the P4 "
                        "program; the control plane cannot " + doing + " it");
  }
}

void TableWriter::remove(const std::vector<KeyMatch>& keys) {
  if (table_.constEntries)
    throw LoaderError("table " + table_.name + " has const entries; the control plane cannot delete from it");
  if (table_.keys.empty()) throw LoaderError("table " + table_.name + " has no keys");
  if (keys.size() != table_.keys.size())
    throw LoaderError("table " + table_.name + ": wrong number of keys");
  refuseConstEntry(keys, "delete");
  if (table_.kind == TableKind::Ternary) {
    removeTernary(keys);
    return;
  }
  Bytes key = table_.kind == TableKind::Lpm ? encodeLpmKey(keys) : encodeExactKey(keys);
  if (bpf_map_delete_elem(entriesFd_, key.data()) != 0) {
    int error = errno;
    throw LoaderError("table " + table_.name + ": cannot delete the entry (key " + toHex(key) + "): " +
                      (error == ENOENT ? "no such entry" : errnoText(error)));
  }
  if (dir24_) dir24Step(keys, [&](uint32_t prefix, uint32_t length) { dir24_->removed(prefix, length); });
}

void TableWriter::modify(const Entry& entry) {
  if (table_.constEntries)
    throw LoaderError("table " + table_.name + " has const entries; the control plane cannot change them");
  if (!entry.action) throw LoaderError("table " + table_.name + ": entry without an action");
  if (entry.action->scope == ActionScope::DefaultOnly)
    throw LoaderError("action " + entry.action->name + " is @defaultonly in table " + table_.name);
  if (table_.keys.empty() || entry.keys.size() != table_.keys.size())
    throw LoaderError("table " + table_.name + ": wrong number of keys");
  refuseConstEntry(entry.keys, "change");
  if (table_.kind == TableKind::Ternary) {
    remove(entry.keys);
    add(entry);
    return;
  }
  Bytes key = table_.kind == TableKind::Lpm ? encodeLpmKey(entry.keys) : encodeExactKey(entry.keys);
  Bytes value = encodeValue(*entry.action, entry.args, 0);
  if (bpf_map_update_elem(entriesFd_, key.data(), value.data(), BPF_EXIST) != 0) {
    int error = errno;
    throw LoaderError("table " + table_.name + ": cannot change the entry (key " + toHex(key) +
                      "): " + (error == ENOENT ? "no such entry" : errnoText(error)));
  }
  if (dir24_)
    dir24Step(entry.keys, [&](uint32_t prefix, uint32_t length) { dir24_->changed(prefix, length, value); });
}

void TableWriter::setDefault(const ManifestAction& action, const std::vector<mpz_class>& args,
                             bool fromControlPlane) {
  if (defaultFd_ < 0)
    throw LoaderError("table " + table_.name + " has no default map (the manifest names none)");
  if (fromControlPlane && table_.defaultAction && table_.defaultAction->isConst)
    throw LoaderError("table " + table_.name + " has a const default action (" +
                      table_.defaultAction->action + ")");
  if (action.scope == ActionScope::TableOnly)
    throw LoaderError("action " + action.name + " is @tableonly in table " + table_.name +
                      "; it cannot be the default");
  Bytes value = encodeValue(action, args, 0);
  uint32_t zero = 0;
  if (bpf_map_update_elem(defaultFd_, &zero, value.data(), BPF_ANY) != 0)
    throw LoaderError("table " + table_.name + ": cannot set the default action: " + errnoText(errno));
}

void TableWriter::installInitial() {
  // Without a default map the compiler built the (const) default action into the program.
  if (table_.defaultAction && defaultFd_ >= 0) {
    const ManifestAction* action = table_.findAction(table_.defaultAction->action);
    if (!action) throw LoaderError("manifest: table " + table_.name + ": unknown default action");
    setDefault(*action, argsFromManifest(table_, *action, table_.defaultAction->args), false);
  }
  // Entries without a priority: the first listed wins.
  for (const ManifestEntry& entry : table_.entries) add(entryFromManifest(table_, entry), false);
}

// --- ternary: tuple-space search --------------------------------------------------------

void TableWriter::addTernary(const Entry& entry, uint32_t priority) {
  std::vector<EncodedEntry> encoded = encodeTernaryKeys(entry.keys);
  Bytes value = encodeValue(*entry.action, entry.args, priority);
  std::vector<std::pair<Bytes, uint32_t>> added;  // for rollback: key, slot
  try {
    for (EncodedEntry& e : encoded) {
      uint32_t slot = acquireMaskSlot(e.mask, priority);
      putU32(e.key, 0, slot);
      // The entry goes in before its mask slot is marked in use (acquireMaskSlot wrote the
      // slot only if it was new: a new mask has no entries for the data plane to miss).
      if (bpf_map_update_elem(entriesFd_, e.key.data(), value.data(), BPF_NOEXIST) != 0) {
        int error = errno;
        releaseMaskSlot(slot, priority);
        if (error == EEXIST)
          throw LoaderError("table " + table_.name +
                            ": an entry with this key and mask already exists (key " + toHex(e.key) +
                            ", mask " + toHex(e.mask) + ")");
        if (error == E2BIG || error == ENOSPC || error == ENOMEM)
          throw LoaderError("table " + table_.name + " is full (size " + std::to_string(table_.size) +
                            "); raise its size in the P4 program");
        throw LoaderError("table " + table_.name + ": cannot add the entry: " + errnoText(error));
      }
      writeMaskSlot(slot);
      added.push_back({e.key, slot});
    }
  } catch (const LoaderError&) {
    for (auto& [key, slot] : added) {
      bpf_map_delete_elem(entriesFd_, key.data());
      releaseMaskSlot(slot, priority);
    }
    throw;
  }
}

void TableWriter::removeTernary(const std::vector<KeyMatch>& keys) {
  std::vector<EncodedEntry> encoded = encodeTernaryKeys(keys);
  for (EncodedEntry& e : encoded) {
    auto slot = std::find_if(slots_.begin(), slots_.end(),
                             [&](const auto& s) { return s.second.mask == e.mask; });
    if (slot == slots_.end())
      throw LoaderError("table " + table_.name + ": no entry with mask " + toHex(e.mask));
    putU32(e.key, 0, slot->first);
    Bytes value(table_.valueSize);
    if (bpf_map_lookup_elem(entriesFd_, e.key.data(), value.data()) != 0)
      throw LoaderError("table " + table_.name + ": no such entry (key " + toHex(e.key) + ")");
    if (bpf_map_delete_elem(entriesFd_, e.key.data()) != 0)
      throw LoaderError("table " + table_.name + ": cannot delete the entry: " + errnoText(errno));
    releaseMaskSlot(slot->first, getU32(value, 4));
  }
}

uint32_t TableWriter::acquireMaskSlot(const Bytes& mask, uint32_t priority) {
  for (auto& [id, slot] : slots_) {
    if (slot.mask != mask) continue;
    slot.priorities.insert(priority);
    return id;
  }
  for (uint32_t id = 0; id < table_.maxMasks; ++id) {
    if (slots_.count(id)) continue;
    slots_[id] = MaskSlot{mask, {priority}};
    return id;
  }
  throw LoaderError("table " + table_.name + " needs more than " + std::to_string(table_.maxMasks) +
                    " distinct masks (max_masks); use fewer distinct masks or prefix lengths");
}

void TableWriter::releaseMaskSlot(uint32_t id, uint32_t priority) {
  auto slot = slots_.find(id);
  if (slot == slots_.end()) return;
  auto one = slot->second.priorities.find(priority);
  if (one != slot->second.priorities.end()) slot->second.priorities.erase(one);
  if (slot->second.priorities.empty()) {
    slots_.erase(slot);
    Bytes empty(8 + table_.keySize, 0);
    bpf_map_update_elem(masksFd_, &id, empty.data(), BPF_ANY);
  } else {
    writeMaskSlot(id);
  }
}

void TableWriter::writeMaskSlot(uint32_t id) {
  const MaskSlot& slot = slots_.at(id);
  Bytes record(8 + table_.keySize, 0);
  putU32(record, 0, 1);
  putU32(record, 4, *slot.priorities.rbegin());
  std::copy(slot.mask.begin(), slot.mask.end(), record.begin() + 8);
  if (bpf_map_update_elem(masksFd_, &id, record.data(), BPF_ANY) != 0)
    throw LoaderError("table " + table_.name + ": cannot write mask slot " + std::to_string(id) +
                      ": " + errnoText(errno));
}

void TableWriter::readTernaryState() {
  Bytes record(8 + table_.keySize);
  for (uint32_t id = 0; id < table_.maxMasks; ++id) {
    if (bpf_map_lookup_elem(masksFd_, &id, record.data()) != 0)
      throw LoaderError("table " + table_.name + ": masks map " + table_.masksMap + " has no slot " +
                        std::to_string(id) + " (max_masks disagrees with the map)");
    if (getU32(record, 0) == 0) continue;
    slots_[id] = MaskSlot{Bytes(record.begin() + 8, record.end()), {}};
  }
  if (slots_.empty()) return;
  // Each entry's priority, by the slot its key names.
  Bytes key(table_.keySize), next(table_.keySize), value(table_.valueSize);
  bool first = true;
  while (bpf_map_get_next_key(entriesFd_, first ? nullptr : key.data(), next.data()) == 0) {
    first = false;
    key = next;
    if (bpf_map_lookup_elem(entriesFd_, key.data(), value.data()) != 0) continue;
    auto slot = slots_.find(getU32(key, 0));
    if (slot == slots_.end()) continue;
    uint32_t priority = getU32(value, 4);
    slot->second.priorities.insert(priority);
    if (priority >= kFirstAutoPriority / 2 && priority <= nextAutoPriority_)
      nextAutoPriority_ = priority - 1;
  }
}

std::vector<Bytes> TableWriter::values(const std::vector<KeyMatch>& keys) const {
  if (table_.keys.empty() || keys.size() != table_.keys.size())
    throw LoaderError("table " + table_.name + ": wrong number of keys");
  std::vector<Bytes> keyBytes;
  if (table_.kind == TableKind::Ternary) {
    for (EncodedEntry& e : encodeTernaryKeys(keys)) {
      auto slot = std::find_if(slots_.begin(), slots_.end(),
                               [&](const auto& s) { return s.second.mask == e.mask; });
      if (slot == slots_.end())
        throw LoaderError("table " + table_.name + ": no entry with mask " + toHex(e.mask));
      putU32(e.key, 0, slot->first);
      keyBytes.push_back(std::move(e.key));
    }
  } else {
    keyBytes.push_back(table_.kind == TableKind::Lpm ? encodeLpmKey(keys) : encodeExactKey(keys));
  }
  std::vector<Bytes> result;
  for (const Bytes& key : keyBytes) {
    Bytes value(table_.valueSize);
    if (bpf_map_lookup_elem(entriesFd_, key.data(), value.data()) != 0)
      throw LoaderError("table " + table_.name + ": no such entry (key " + toHex(key) + ")");
    result.push_back(std::move(value));
  }
  return result;
}

uint32_t TableWriter::masksInUse() const { return static_cast<uint32_t>(slots_.size()); }

}  // namespace p4nf
