#include "midend/table_layout.h"

#include <algorithm>

#include "frontend/printer.h"
#include "frontend/sema.h"
#include "frontend/types.h"
#include "midend/map_names.h"

namespace p4nfc::midend {
namespace {

std::optional<TableEntryLayout> layoutEntry(const Sema& sema, const TableLayout& t,
                                            const TableEntry& entry, int64_t defaultPriority,
                                            Diagnostics& diags);

// Ternary tables: at most this many distinct masks (slots of the masks map), each one a
// hash lookup per packet in the worst case.
constexpr uint32_t kMaxMasks = 32;
// `@nummask(N)` may ask for more: each slot costs about 170 instructions of verification.
constexpr uint32_t kMaxNumMask = 1024;

uint32_t alignUp(uint32_t value, uint32_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

// Natural alignment of a field of `size` bytes in a struct that is 8-aligned: hash keys
// and values align fields so that the data plane loads and stores them whole.
uint32_t naturalAlignment(uint32_t size) {
  uint32_t align = 1;
  while (align < 8 && align * 2 <= size) align *= 2;
  return align;
}

std::string annotatedName(const Annotations& annotations) {
  for (const auto& a : annotations)
    if (a.name == "name" && a.args.size() == 1)
      if (auto* s = dyn_cast<StringLit>(a.args[0].get())) return s->value;
  return "";
}

std::string qualified(const ControlDecl& control, const Decl& decl) {
  std::string name = annotatedName(decl.annotations);
  if (name.empty()) name = decl.name;
  if (!name.empty() && name[0] == '.') return name.substr(1);
  return control.name + "." + name;
}

// A ternary, range or optional key of an entry: `_`, a value, `v &&& m` (ternary) or
// `lo .. hi` (range).
bool layoutWildcardKey(const Sema& sema, const TableKeyLayout& key, const Expr* k, bool wildcard,
                       TableEntryLayout::Key& out, Diagnostics& diags) {
  const mpz_class ones = (mpz_class(1) << key.width) - 1;
  auto constant = [&](const Expr* e) -> std::optional<mpz_class> {
    auto v = sema.constantValue(e);
    if (!v) diags.error(e->loc, "not supported yet: an entry key that is not a constant");
    else if (*v < 0) *v += mpz_class(1) << key.width;
    return v;
  };
  auto* binary = dyn_cast<BinaryExpr>(k);
  if (wildcard) {
    out.value = 0;
    if (key.match == "range") out.high = ones;
    else out.mask = 0;
    return true;
  }
  if (binary && binary->op == BinaryOp::Mask) {
    if (key.match != "ternary") {
      diags.error(k->loc, "value &&& mask is for ternary keys; key '{}' is {}", key.name, key.match);
      return false;
    }
    auto v = constant(binary->lhs.get());
    auto m = constant(binary->rhs.get());
    if (!v || !m) return false;
    out.value = *v & *m & ones;
    out.mask = *m & ones;
    return true;
  }
  if (binary && binary->op == BinaryOp::Range) {
    if (key.match != "range") {
      diags.error(k->loc, "lo .. hi is for range keys; key '{}' is {}", key.name, key.match);
      return false;
    }
    auto lo = constant(binary->lhs.get());
    auto hi = constant(binary->rhs.get());
    if (!lo || !hi) return false;
    if (*lo > *hi) {
      diags.error(k->loc, "this range is empty: {} > {}", lo->get_str(), hi->get_str());
      return false;
    }
    out.value = *lo & ones;
    out.high = *hi & ones;
    return true;
  }
  auto v = constant(k);
  if (!v) return false;
  out.value = *v & ones;
  if (key.match == "range") out.high = out.value;
  else out.mask = ones;
  return true;
}

std::optional<TableEntryLayout> layoutEntry(const Sema& sema, const TableLayout& t,
                                            const TableEntry& entry, int64_t defaultPriority,
                                            Diagnostics& diags) {
  TableEntryLayout e;
  e.priority = defaultPriority;
  e.isConst = entry.isConst;
  if (entry.priority) {
    auto p = sema.constantValue(entry.priority.get());
    if (!p || !p->fits_slong_p()) {
      diags.error(entry.loc, "not supported yet: an entry priority that is not a constant");
      return std::nullopt;
    }
    e.priority = p->get_si();
  }
  std::vector<const Expr*> keysets;
  if (auto* list = dyn_cast<ListExpr>(entry.keyset.get()); list && t.keys.size() != 1)
    for (const auto& k : list->elements) keysets.push_back(k.get());
  else
    keysets.push_back(entry.keyset.get());
  if (keysets.size() != t.keys.size()) {
    diags.error(entry.loc, "this entry has {} keys, the table {}", keysets.size(), t.keys.size());
    return std::nullopt;
  }
  for (size_t i = 0; i < keysets.size(); ++i) {
    const Expr* k = keysets[i];
    if (auto* list = dyn_cast<ListExpr>(k); list && list->elements.size() == 1) k = list->elements[0].get();
    const TableKeyLayout& key = t.keys[i];
    TableEntryLayout::Key out;
    bool wildcard = isa<DontCareExpr>(k) || isa<DefaultExpr>(k);
    if (key.match == "lpm") {
      if (wildcard) {
        out.value = 0;
        out.prefixLen = 0;
      } else if (auto* mask = dyn_cast<BinaryExpr>(k); mask && mask->op == BinaryOp::Mask) {
        auto v = sema.constantValue(mask->lhs.get());
        auto m = sema.constantValue(mask->rhs.get());
        if (!v || !m) {
          diags.error(k->loc, "not supported yet: an entry key that is not a constant");
          return std::nullopt;
        }
        // The mask must be a prefix: ones, then zeros.
        uint32_t ones = 0;
        while (ones < key.width && mpz_tstbit(m->get_mpz_t(), key.width - 1 - ones)) ++ones;
        mpz_class prefix = ((mpz_class(1) << key.width) - 1) ^ ((mpz_class(1) << (key.width - ones)) - 1);
        if (*m != prefix) {
          diags.error(k->loc, "the mask of an lpm entry must be a prefix");
          return std::nullopt;
        }
        out.value = *v & *m;
        out.prefixLen = ones;
      } else if (auto v = sema.constantValue(k)) {
        out.value = *v;
        out.prefixLen = key.width;
      } else {
        diags.error(k->loc, "not supported yet: this lpm entry key");
        return std::nullopt;
      }
    } else if (key.match == "exact") {
      auto v = wildcard ? std::nullopt : sema.constantValue(k);
      if (!v) {
        diags.error(k->loc, "not supported yet: an exact entry key that is not a constant value");
        return std::nullopt;
      }
      out.value = *v;
    } else if (!layoutWildcardKey(sema, key, k, wildcard, out, diags)) {
      return std::nullopt;
    }
    e.keys.push_back(out);
  }
  const Expr* action = entry.action.get();
  const ActionDecl* decl = nullptr;
  const CallTarget* call = nullptr;
  if (auto* c = dyn_cast<CallExpr>(action)) {
    call = sema.callTarget(c);
    if (call) decl = dyn_cast<ActionDecl>(call->decl);
  } else if (auto* path = dyn_cast<PathExpr>(action)) {
    decl = dyn_cast<ActionDecl>(path->decl);
  }
  e.action = decl ? t.action(decl) : nullptr;
  if (!e.action) {
    diags.error(action->loc, "not supported yet: this entry's action");
    return std::nullopt;
  }
  size_t index = 0;
  for (const auto& param : decl->params) {
    size_t i = index++;
    if (param->direction != Direction::None) continue;
    const Expr* arg = call && i < call->argForParam.size() ? call->argForParam[i] : nullptr;
    auto v = arg ? sema.constantValue(arg) : std::nullopt;
    if (!v) {
      diags.error(action->loc, "not supported yet: an entry's action argument that is not a constant");
      return std::nullopt;
    }
    e.args.push_back(*v);
  }
  return e;
}

// P4 entry priorities: with no explicit priority anywhere, the first entry listed wins
// (layoutEntry numbered them N .. 1). Otherwise an entry without one gets the previous
// entry's plus `priority_delta`. With `largest_priority_wins = false` the numbers are
// mirrored, because the data plane keeps the largest.
bool assignPriorities(const Sema& sema, const TableDecl& table, const TableProperty& entries,
                      TableLayout& t, Diagnostics& diags) {
  auto constProperty = [&](const char* name, int64_t fallback) -> std::optional<int64_t> {
    const TableProperty* p = table.property(name);
    if (!p || !p->value) return fallback;
    auto v = sema.constantValue(p->value.get());
    if (!v || !v->fits_slong_p()) {
      diags.error(p->loc, "not supported yet: a '{}' that is not a constant", name);
      return std::nullopt;
    }
    return v->get_si();
  };
  auto largestWins = constProperty("largest_priority_wins", 1);
  auto delta = constProperty("priority_delta", 1);
  if (!largestWins || !delta) return false;
  bool anyExplicit = false;
  for (const TableEntry& e : entries.entries) anyExplicit |= e.priority != nullptr;
  if (anyExplicit) {
    int64_t previous = 0;
    for (size_t i = 0; i < t.entries.size(); ++i) {
      if (!entries.entries[i].priority) t.entries[i].priority = previous + *delta;
      previous = t.entries[i].priority;
    }
  }
  int64_t highest = 0;
  for (const auto& e : t.entries) {
    if (e.priority < 1 || e.priority >= (int64_t{1} << 24)) {
      diags.error(entries.loc, "not supported yet: entry priority {} (priorities from 1 to 2^24-1)",
                  e.priority);
      return false;
    }
    highest = std::max(highest, e.priority);
  }
  if (!*largestWins) {
    if (!entries.isConst && t.kind == TableKind::Ternary) {
      diags.error(table.loc, "not supported yet: largest_priority_wins = false in table '{}' whose "
                             "entries the control plane may change (make them const)", table.name);
      return false;
    }
    for (auto& e : t.entries) e.priority = highest + 1 - e.priority;
  }
  return true;
}

// `add_on_miss = true`, `pna_idle_timeout = PNA_IdleTimeout_t.X` and the p4nf annotation
// `@p4nf_expire_timeout(profile_id, nanoseconds)` (repeatable) giving a profile's default
// timeout, which the profiles map can override at run time.
bool layoutAddOnMiss(const Sema& sema, const TableDecl& table, TableLayout& t, Diagnostics& diags) {
  bool ok = true;
  if (const TableProperty* p = table.property("add_on_miss"); p && p->value) {
    auto v = sema.constantValue(p->value.get());
    if (!v) {
      diags.error(p->loc, "not supported yet: an add_on_miss that is not a constant");
      return false;
    }
    t.addOnMiss = *v != 0;
  }
  if (const TableProperty* p = table.property("pna_idle_timeout"); p && p->value) {
    auto* member = dyn_cast<MemberExpr>(p->value.get());
    if (!member) {
      diags.error(p->loc, "not supported yet: a pna_idle_timeout that is not a PNA_IdleTimeout_t member");
      return false;
    }
    t.idleTimeout = member->member;
  }
  if ((t.addOnMiss || t.expires()) && t.kind != TableKind::Exact) {
    diags.error(table.loc, "not supported yet: add_on_miss or pna_idle_timeout on table '{}' whose "
                           "keys are not all exact", table.name);
    ok = false;
  }
  for (const Annotation& a : table.annotations) {
    if (a.name != "p4nf_expire_timeout") continue;
    auto* profile = a.args.size() == 2 ? dyn_cast<IntLit>(a.args[0].get()) : nullptr;
    auto* ns = a.args.size() == 2 ? dyn_cast<IntLit>(a.args[1].get()) : nullptr;
    if (!profile || !ns || profile->value >= TableLayout::kExpireProfiles || !ns->value.fits_ulong_p()) {
      diags.error(a.loc, "@p4nf_expire_timeout takes two integer literals: a profile id (0 .. 255) and "
                         "a timeout in nanoseconds");
      ok = false;
      continue;
    }
    if (!t.expires()) {
      diags.error(a.loc, "@p4nf_expire_timeout on table '{}', which has no pna_idle_timeout", table.name);
      ok = false;
      continue;
    }
    t.defaultTimeouts.push_back({static_cast<uint32_t>(profile->value.get_ui()), ns->value.get_ui()});
  }
  return ok;
}

// `pna_direct_counter = c;`: the counter's cells go after the action data, 8-aligned.
// `pna_direct_meter` is not supported yet.
bool layoutDirectCounter(const Sema& sema, const ControlDecl& control, const TableDecl& table,
                         TableLayout& t, uint32_t& valueEnd, Diagnostics& diags) {
  if (const TableProperty* meter = table.property("pna_direct_meter")) {
    diags.error(meter->loc, "not supported yet: DirectMeter (pna_direct_meter of table '{}')",
                table.name);
    return false;
  }
  const TableProperty* counter = table.property("pna_direct_counter");
  if (!counter) return true;
  auto* path = counter->value ? dyn_cast<PathExpr>(counter->value.get()) : nullptr;
  auto* inst = path ? dyn_cast<InstantiationDecl>(path->decl) : nullptr;
  if (!inst) {
    diags.error(counter->loc, "not supported yet: a pna_direct_counter that is not the name of "
                              "a DirectCounter declared in the control");
    return false;
  }
  t.directCounter = inst;
  t.directCounterName = qualified(control, *inst);
  t.directCounterType = "PACKETS";
  if (!inst->args.empty())
    if (auto* member = dyn_cast<MemberExpr>(inst->args[0].value.get()))
      t.directCounterType = member->member;
  t.directCounterOffset = alignUp(valueEnd, 8);
  valueEnd = t.directCounterOffset + 16;
  (void)sema;
  return true;
}

// `@p4nf_lpm("dir24")` or `@p4nf_lpm("trie")` chooses the lookup scheme of an lpm table;
// without it `lpmDefault` does: by default (Auto) tables of abi::dir24::kMinSize entries or more
// whose only key is a 32-bit lpm field get dir24, the others the trie.
bool layoutLpmScheme(const TableDecl& table, TableLayout& t, const std::string& base, MapNames& names,
                     Diagnostics& diags, LpmDefault lpmDefault) {
  const bool fits = t.keys.size() == 1 && t.keys[0].match == "lpm" && t.keys[0].width == 32 &&
                    !t.directCounter && !t.addOnMiss && !t.expires();
  bool dir24 = fits && (lpmDefault == LpmDefault::Dir24 ||
                        (lpmDefault == LpmDefault::Auto && t.size >= p4nf::abi::dir24::kMinSize));
  for (const Annotation& a : table.annotations) {
    if (a.name != "p4nf_lpm") continue;
    auto* choice = a.args.size() == 1 ? dyn_cast<StringLit>(a.args[0].get()) : nullptr;
    if (!choice || (choice->value != "dir24" && choice->value != "trie")) {
      diags.error(a.loc, "@p4nf_lpm takes one string: \"dir24\" or \"trie\"");
      return false;
    }
    dir24 = choice->value == "dir24";
    if (dir24 && !fits) {
      diags.error(a.loc, "@p4nf_lpm(\"dir24\") needs a table whose only key is a 32-bit lpm field, "
                         "without pna_direct_counter; table '{}' has another shape (use \"trie\")",
                  table.name);
      return false;
    }
  }
  if (!dir24) return true;
  t.lpmScheme = LpmScheme::Dir24;
  t.dirMapName = names.allocate("l_", base);
  t.valuesMapName = names.allocate("v_", base);
  t.indexMapName = names.allocate("s_", base);
  t.dirSlots = t.size;
  t.dirRecord.name = t.valuesMapName + "_value";
  t.dirRecord.fields = t.valueRecord.fields;
  t.dirRecord.fields.push_back({"prefix", 32, t.valueSize, bpf::FieldRepr::Integer});
  t.dirRecord.fields.push_back({"prefix_len", 8, t.valueSize + 4, bpf::FieldRepr::Integer});
  t.dirRecord.fields.push_back({"in_use", 8, t.valueSize + 5, bpf::FieldRepr::Integer});
  t.dirRecord.byteSize = alignUp(t.valueSize + 8, 8);
  t.indexKey.name = t.indexMapName + "_key";
  t.indexKey.fields = {{"prefix", 32, 0, bpf::FieldRepr::Integer},
                       {"prefix_len", 32, 4, bpf::FieldRepr::Integer}};
  t.indexKey.byteSize = 8;
  return true;
}

}  // namespace

std::optional<uint32_t> mapFieldWidth(const Type* type) {
  type = underlyingType(type);
  if (!type) return std::nullopt;
  if (type->is(TypeKind::Bool)) return 1;
  if (auto* bits = dyn_cast<BitsType>(type)) return bits->width > 0 ? std::optional<uint32_t>(bits->width) : std::nullopt;
  if (auto* e = dyn_cast<EnumType>(type))
    if (e->underlying) return e->underlying->width;
  return std::nullopt;
}

const TableActionLayout* TableLayout::action(const ActionDecl* d) const {
  for (const auto& a : actions)
    if (a.decl == d) return &a;
  return nullptr;
}

namespace {

// The key fields: widths, match kinds, and from them the table's kind. False after an error.
bool layoutKeys(const Sema& sema, const TableDecl& table, TableLayout& t, Diagnostics& diags) {
  bool ok = true;
  int lpmKeys = 0;
  int wildcardKeys = 0;  // ternary, range, optional
  if (const TableProperty* keyProp = table.property("key")) {
    for (const KeyElement& key : keyProp->keys) {
      TableKeyLayout k;
      k.expr = key.expr.get();
      k.match = key.matchKind;
      k.name = annotatedName(key.annotations);
      if (k.name.empty()) k.name = printExpr(*key.expr);
      auto width = mapFieldWidth(sema.typeOf(key.expr.get()));
      if (!width) {
        diags.error(key.loc, "not supported yet: a table key of type that is not bit<W>, "
                             "int<W>, bool or a serializable enum");
        ok = false;
        continue;
      }
      k.width = *width;
      k.size = (k.width + 7) / 8;
      if (k.match == "lpm") {
        ++lpmKeys;
      } else if (k.match == "ternary" || k.match == "range" || k.match == "optional") {
        ++wildcardKeys;
      } else if (k.match != "exact") {
        diags.error(key.matchKindLoc, "not supported yet: match kind '{}' (table '{}')",
                    k.match, table.name);
        ok = false;
      }
      t.keys.push_back(std::move(k));
    }
  }
  if (lpmKeys > 1 && !wildcardKeys) {
    diags.error(table.loc, "a table may have at most one lpm key ('{}' has {})", table.name, lpmKeys);
    ok = false;
  }
  t.kind = t.keys.empty() ? TableKind::Keyless
           : wildcardKeys ? TableKind::Ternary
           : lpmKeys      ? TableKind::Lpm
                          : TableKind::Exact;
  return ok;
}

// Where each key field sits in the map's key record, by the table's kind.
void layoutKeyRecord(TableLayout& t) {
  if (t.kind == TableKind::Lpm) {
    // u32 prefixlen, then the exact fields, then the lpm field: contiguous, because the
    // prefix length counts bits from the start of the data.
    t.keyRecord.fields.push_back({"prefixlen", 32, 0, bpf::FieldRepr::Integer});
    uint32_t offset = 4;
    for (auto& k : t.keys)
      if (k.match != "lpm") { k.offset = offset; offset += k.size; }
    for (auto& k : t.keys)
      if (k.match == "lpm") { k.offset = offset; offset += k.size; }
    t.keyRecord.byteSize = alignUp(offset, 4);
  } else if (t.kind == TableKind::Ternary) {
    // u32 mask_id, then the fields: the data plane ANDs the whole record with a mask in
    // 8-byte words, so the size is a multiple of 8.
    t.keyRecord.fields.push_back({"mask_id", 32, 0, bpf::FieldRepr::Integer});
    uint32_t offset = 4;
    for (auto& k : t.keys) {
      offset = alignUp(offset, naturalAlignment(k.size));
      k.offset = offset;
      offset += k.size;
    }
    t.keyRecord.byteSize = alignUp(offset, 8);
  } else if (t.kind == TableKind::Exact) {
    // No padding after the last field: a key that is bytes of one header in the packet
    // can then be looked up where it is, without a copy (gen_tables.cpp, keyInPacket).
    uint32_t offset = 0;
    for (auto& k : t.keys) {
      offset = alignUp(offset, naturalAlignment(k.size));
      k.offset = offset;
      offset += k.size;
    }
    t.keyRecord.byteSize = std::max<uint32_t>(offset, 1);
  }
  int index = 0;
  for (auto& k : t.keys) {
    std::string field = "k" + std::to_string(index++) + "_" + sanitizeIdentifier(k.name);
    t.keyRecord.fields.push_back({field.substr(0, 48), k.width, k.offset, bpf::FieldRepr::Auto});
  }
  if (t.kind == TableKind::Keyless) t.keyRecord.byteSize = 4;
  t.keySize = t.keyRecord.byteSize;
}

// The actions (ids, parameters as a union after the value's header) and the value record.
bool layoutActionsAndValue(const Sema& sema, const ControlDecl& control, const TableDecl& table,
                           const TableInfo& info, TableLayout& t, Diagnostics& diags) {
  bool ok = true;
  const uint32_t valueStart = t.valueHeaderSize();
  uint32_t valueEnd = valueStart;
  uint32_t id = 1;
  for (const auto& entry : info.actions) {
    if (!entry.decl) continue;
    TableActionLayout a;
    a.decl = entry.decl;
    a.ref = entry.ref;
    a.id = id++;
    a.name = entry.decl->name == "NoAction" ? "NoAction" : qualified(control, *entry.decl);
    a.scope = entry.defaultOnly ? "default_only" : entry.tableOnly ? "table_only" : "both";
    uint32_t offset = valueStart;
    for (const auto& param : entry.decl->params) {
      if (param->direction != Direction::None) continue;
      auto width = mapFieldWidth(sema.typeOfDecl(param.get()));
      if (!width) {
        diags.error(param->loc, "not supported yet: action data of a type that is not bit<W>, "
                                "int<W>, bool or a serializable enum");
        ok = false;
        continue;
      }
      ActionParamLayout p;
      p.name = param->name;
      p.decl = param.get();
      p.width = *width;
      p.size = (p.width + 7) / 8;
      offset = alignUp(offset, naturalAlignment(p.size));
      p.offset = offset;
      offset += p.size;
      a.params.push_back(p);
    }
    valueEnd = std::max(valueEnd, offset);
    t.actions.push_back(std::move(a));
  }
  if (!layoutDirectCounter(sema, control, table, t, valueEnd, diags)) ok = false;
  t.valueSize = alignUp(valueEnd, t.directCounter ? 8 : 4);
  t.valueRecord.byteSize = t.valueSize;
  t.valueRecord.fields.push_back({"action_id", 32, 0, bpf::FieldRepr::Integer});
  if (t.expires()) {
    t.valueRecord.fields.push_back(
        {"expire_profile", 32, TableLayout::kExpireProfileOffset, bpf::FieldRepr::Integer});
    t.valueRecord.fields.push_back({"last_ns", 64, TableLayout::kTimestampOffset, bpf::FieldRepr::Integer});
  } else if (t.kind == TableKind::Ternary)
    t.valueRecord.fields.push_back({"priority", 32, 4, bpf::FieldRepr::Integer});
  uint32_t dataEnd = t.directCounter ? t.directCounterOffset : t.valueSize;
  if (dataEnd > valueStart)
    t.valueRecord.fields.push_back(
        {"data", 8 * (dataEnd - valueStart), valueStart, bpf::FieldRepr::Bytes});
  if (t.directCounter) {
    t.valueRecord.fields.push_back({"packets", 64, t.directCounterOffset, bpf::FieldRepr::Integer});
    t.valueRecord.fields.push_back({"bytes", 64, t.directCounterOffset + 8, bpf::FieldRepr::Integer});
  }
  return ok;
}

enum class Outcome { Ok, Error, InternalError };

// The default action and its (constant) arguments.
Outcome layoutDefaultAction(const Sema& sema, const TableDecl& table, const TableInfo& info, TableLayout& t,
                            Diagnostics& diags) {
  t.defaultIsConst = info.defaultActionIsConst;
  if (!info.defaultAction) {
    t.defaultIsConst = true;  // no default_action: NoAction, which every table may fall back to
    return Outcome::Ok;
  }
  t.defaultAction = t.action(info.defaultAction);
  if (!t.defaultAction) {
    diags.error(table.loc, "internal error: default action of '{}' is not in its actions", table.name);
    return Outcome::InternalError;
  }
  Outcome outcome = Outcome::Ok;
  const CallTarget* call = nullptr;
  if (auto* c = dyn_cast<CallExpr>(info.defaultActionExpr)) call = sema.callTarget(c);
  size_t paramIndex = 0;
  for (const auto& param : info.defaultAction->params) {
    size_t i = paramIndex++;
    if (param->direction != Direction::None) continue;
    const Expr* arg = call && i < call->argForParam.size() ? call->argForParam[i] : nullptr;
    auto value = arg ? sema.constantValue(arg) : std::nullopt;
    if (!value) {
      diags.error(info.defaultActionExpr ? info.defaultActionExpr->loc : table.loc,
                  "not supported yet: a default action argument that is not a compile-time constant");
      outcome = Outcome::Error;
      value = 0;
    }
    t.defaultArgs.push_back(*value);
  }
  return outcome;
}

// Ternary tables: the masks map (a slot per distinct mask, at most one per entry).
bool layoutMasks(const TableDecl& table, TableLayout& t, const std::string& base, MapNames& names,
                 Diagnostics& diags) {
  bool ok = true;
  t.masksMapName = names.allocate("m_", base);
  t.maxMasks = std::min<uint32_t>(kMaxMasks, t.size);
  // p4c's TC back end names the number of masks `@nummask(N)`.
  for (const Annotation& a : table.annotations) {
    if (a.name != "nummask") continue;
    auto* n = a.args.size() == 1 ? dyn_cast<IntLit>(a.args[0].get()) : nullptr;
    if (!n || n->value < 1 || n->value > kMaxNumMask) {
      diags.error(a.loc, "@nummask takes one integer literal from 1 to {}", kMaxNumMask);
      ok = false;
      continue;
    }
    t.maxMasks = static_cast<uint32_t>(n->value.get_ui());
  }
  t.masksRecord.name = t.masksMapName + "_value";
  t.masksRecord.fields = {{"in_use", 32, 0, bpf::FieldRepr::Integer},
                          {"max_priority", 32, 4, bpf::FieldRepr::Integer},
                          {"mask", 8 * t.keySize, 8, bpf::FieldRepr::Bytes}};
  return ok;
}

// The program's own entries, with their priorities.
bool layoutProgramEntries(const Sema& sema, const TableDecl& table, TableLayout& t, bool okSoFar,
                          Diagnostics& diags) {
  const TableProperty* entries = table.property("entries");
  if (!entries) return true;
  bool ok = true;
  t.constEntries = entries->isConst;
  int64_t priority = static_cast<int64_t>(entries->entries.size());
  for (const TableEntry& entry : entries->entries) {
    auto e = layoutEntry(sema, t, entry, priority--, diags);
    if (!e) {
      ok = false;
      continue;
    }
    t.entries.push_back(std::move(*e));
  }
  if (ok && okSoFar && !assignPriorities(sema, table, *entries, t, diags)) ok = false;
  return ok;
}

}  // namespace

std::optional<TableLayout> layoutTable(const Sema& sema, const ControlDecl& control,
                                       const TableDecl& table, MapNames& names,
                                       Diagnostics& diags, LpmDefault lpmDefault) {
  const TableInfo* info = sema.tableInfo(&table);
  if (!info) {
    diags.error(table.loc, "internal error: table '{}' was not checked", table.name);
    return std::nullopt;
  }
  TableLayout t;
  t.decl = &table;
  t.name = qualified(control, table);
  bool ok = layoutKeys(sema, table, t, diags);
  if (!layoutAddOnMiss(sema, table, t, diags)) ok = false;

  std::string base = table.name;
  t.mapName = names.allocate("t_", base);
  if (t.expires()) t.expireMapName = names.allocate("x_", base);
  t.defaultMapName = names.allocate("d_", base);
  t.keyRecord.name = t.mapName + "_key";
  t.valueRecord.name = t.mapName + "_value";
  layoutKeyRecord(t);
  if (!layoutActionsAndValue(sema, control, table, *info, t, diags)) ok = false;

  if (info->size) {
    if (*info->size < 1 || *info->size > (1u << 24)) {
      diags.error(table.loc, "table size {} is out of range (1 .. 16777216)", info->size->get_str());
      ok = false;
    } else {
      t.size = static_cast<uint32_t>(info->size->get_ui());
    }
  }
  switch (layoutDefaultAction(sema, table, *info, t, diags)) {
    case Outcome::Ok: break;
    case Outcome::Error: ok = false; break;
    case Outcome::InternalError: return std::nullopt;
  }
  if (t.kind == TableKind::Ternary && !layoutMasks(table, t, base, names, diags)) ok = false;
  if (t.kind == TableKind::Lpm && !layoutLpmScheme(table, t, base, names, diags, lpmDefault)) ok = false;
  if (!layoutProgramEntries(sema, table, t, ok, diags)) ok = false;
  if (!ok) return std::nullopt;
  return t;
}

}  // namespace p4nfc::midend
