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

// A keyless table is an exact one without a map in the manifest (docs/manifest.md).
p4nf::TableKind manifestKind(TableKind kind) {
  switch (kind) {
    case TableKind::Lpm: return p4nf::TableKind::Lpm;
    case TableKind::Ternary: return p4nf::TableKind::Ternary;
    case TableKind::Exact:
    case TableKind::Keyless: return p4nf::TableKind::Exact;
  }
  return p4nf::TableKind::Exact;
}

p4nf::ManifestField manifestField(const std::string& name, uint32_t width, uint32_t offset, uint32_t size) {
  p4nf::ManifestField field;
  field.name = name;
  field.width = width;
  field.offset = offset;
  field.size = size;
  return field;
}

}  // namespace

p4nf::ManifestTable manifestTable(const TableLayout& t) {
  p4nf::ManifestTable table;
  table.name = t.name;
  if (t.kind != TableKind::Keyless) table.map = t.mapName;
  table.kind = manifestKind(t.kind);
  table.size = t.size;
  table.keySize = t.keySize;
  for (const TableKeyLayout& k : t.keys) {
    p4nf::ManifestField key = manifestField(k.name, k.width, k.offset, k.size);
    // layoutTable only accepts the match kinds the contract has.
    key.match = p4nf::matchKindNamed(k.match).value_or(p4nf::MatchKind::Exact);
    table.keys.push_back(key);
  }
  table.valueSize = t.valueSize;
  for (const TableActionLayout& a : t.actions) {
    p4nf::ManifestAction action;
    action.name = a.name;
    action.id = a.id;
    for (const ActionParamLayout& p : a.params) action.params.push_back(manifestField(p.name, p.width, p.offset, p.size));
    action.scope = p4nf::actionScopeNamed(a.scope).value_or(p4nf::ActionScope::Both);
    table.actions.push_back(action);
  }
  if (t.defaultAction) {
    p4nf::ManifestDefaultAction defaultAction;
    defaultAction.action = t.defaultAction->name;
    for (size_t i = 0; i < t.defaultArgs.size() && i < t.defaultAction->params.size(); ++i)
      defaultAction.args.push_back(hexBytes(t.defaultArgs[i], t.defaultAction->params[i].size));
    defaultAction.isConst = t.defaultIsConst;
    table.defaultAction = defaultAction;
  }
  // A const default action is compiled in: it has no default map.
  if (!t.defaultIsConst) table.defaultMap = t.defaultMapName;
  for (const TableEntryLayout& e : t.entries) {
    p4nf::ManifestEntry entry;
    for (size_t i = 0; i < e.keys.size() && i < t.keys.size(); ++i) {
      p4nf::ManifestEntryKey key;
      key.value = hexBytes(e.keys[i].value, t.keys[i].size);
      key.prefixLen = e.keys[i].prefixLen;
      if (e.keys[i].mask) key.mask = hexBytes(*e.keys[i].mask, t.keys[i].size);
      if (e.keys[i].high) key.high = hexBytes(*e.keys[i].high, t.keys[i].size);
      entry.keys.push_back(key);
    }
    entry.action = e.action->name;
    for (size_t i = 0; i < e.args.size() && i < e.action->params.size(); ++i)
      entry.args.push_back(hexBytes(e.args[i], e.action->params[i].size));
    // layoutTable keeps priorities in 1 .. 2^24-1.
    entry.priority = static_cast<uint32_t>(e.priority);
    // In a table whose entries are all const, "const_entries" says it once.
    entry.isConst = e.isConst && !t.constEntries;
    table.entries.push_back(entry);
  }
  table.constEntries = t.constEntries;
  table.addOnMiss = t.addOnMiss;
  if (t.lpmScheme == LpmScheme::Dir24) {
    p4nf::ManifestTable::Dir24 dir;
    dir.dirMap = t.dirMapName;
    dir.cells = p4nf::abi::dir24::kCells;
    dir.cellEntries = p4nf::abi::dir24::kCellEntries;
    dir.valuesMap = t.valuesMapName;
    dir.slots = t.dirSlots;
    dir.recordSize = t.dirRecord.byteSize;
    dir.indexMap = t.indexMapName;
    table.dir24 = dir;
  }
  if (t.expires()) {
    p4nf::ManifestTable::Expiry expiry;
    expiry.idleTimeout = t.idleTimeout;
    expiry.profileOffset = TableLayout::kExpireProfileOffset;
    expiry.timestampOffset = TableLayout::kTimestampOffset;
    expiry.profilesMap = t.expireMapName;
    for (const auto& [profile, ns] : t.defaultTimeouts) expiry.defaultTimeoutsNs[profile] = ns;
    table.expiry = expiry;
  }
  if (t.directCounter) table.directCounter = {t.directCounterName, t.directCounterType, t.directCounterOffset};
  if (t.kind == TableKind::Ternary) {
    table.masksMap = t.masksMapName;
    table.maxMasks = t.maxMasks;
  }
  return table;
}

p4nf::ManifestVerdict manifestVerdict(const std::string& target) {
  p4nf::ManifestVerdict verdict;
  verdict.layout =
      "u32 verdict, u32 egress_port, u32 ingress_port, u32 mark, u8 ct_state, u8 l3_offset, u16 l4_offset "
      "(host order, 20 bytes)";
  verdict.location = target == "xdp" ? "percpu_map" : "skb_cb";
  verdict.drop = p4nf::abi::kVerdictDrop;
  verdict.port = p4nf::abi::kVerdictSendToPort;
  verdict.host = p4nf::abi::kVerdictToHost;
  verdict.continueChain = p4nf::abi::kVerdictContinue;
  return verdict;
}

}  // namespace p4nfc::midend
