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

std::optional<TableEntryLayout> layoutEntry(const Sema& sema, const TableLayout& t,
                                            const TableEntry& entry, int64_t defaultPriority,
                                            Diagnostics& diags) {
  TableEntryLayout e;
  e.priority = defaultPriority;
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
    } else {
      auto v = wildcard ? std::nullopt : sema.constantValue(k);
      if (!v) {
        diags.error(k->loc, "not supported yet: an exact entry key that is not a constant value");
        return std::nullopt;
      }
      out.value = *v;
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

std::optional<TableLayout> layoutTable(const Sema& sema, const ControlDecl& control,
                                       const TableDecl& table, MapNames& names,
                                       Diagnostics& diags) {
  const TableInfo* info = sema.tableInfo(&table);
  if (!info) {
    diags.error(table.loc, "internal error: table '{}' was not checked", table.name);
    return std::nullopt;
  }
  TableLayout t;
  t.decl = &table;
  t.name = qualified(control, table);
  bool ok = true;

  // --- keys ---
  int lpmKeys = 0;
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
      } else if (k.match != "exact") {
        diags.error(key.matchKindLoc, "not supported yet: match kind '{}' (table '{}')",
                    k.match, table.name);
        ok = false;
      }
      t.keys.push_back(std::move(k));
    }
  }
  if (lpmKeys > 1) {
    diags.error(table.loc, "a table may have at most one lpm key ('{}' has {})", table.name, lpmKeys);
    ok = false;
  }
  t.kind = t.keys.empty() ? TableKind::Keyless : lpmKeys ? TableKind::Lpm : TableKind::Exact;

  std::string base = table.name;
  t.mapName = names.allocate("t_", base);
  t.defaultMapName = names.allocate("d_", base);
  t.keyRecord.name = t.mapName + "_key";
  t.valueRecord.name = t.mapName + "_value";
  if (t.kind == TableKind::Lpm) {
    // u32 prefixlen, then the exact fields, then the lpm field: contiguous, because the
    // prefix length counts bits from the start of the data.
    t.keyRecord.fields.push_back({"prefixlen", 32, 0, backend::FieldRepr::Integer});
    uint32_t offset = 4;
    for (auto& k : t.keys)
      if (k.match != "lpm") { k.offset = offset; offset += k.size; }
    for (auto& k : t.keys)
      if (k.match == "lpm") { k.offset = offset; offset += k.size; }
    t.keyRecord.byteSize = alignUp(offset, 4);
  } else if (t.kind == TableKind::Exact) {
    uint32_t offset = 0;
    for (auto& k : t.keys) {
      offset = alignUp(offset, naturalAlignment(k.size));
      k.offset = offset;
      offset += k.size;
    }
    t.keyRecord.byteSize = alignUp(std::max<uint32_t>(offset, 1), 4);
  }
  int index = 0;
  for (auto& k : t.keys) {
    std::string field = "k" + std::to_string(index++) + "_" + sanitizeIdentifier(k.name);
    t.keyRecord.fields.push_back({field.substr(0, 48), k.width, k.offset, backend::FieldRepr::Auto});
  }
  if (t.kind == TableKind::Keyless) t.keyRecord.byteSize = 4;
  t.keySize = t.keyRecord.byteSize;

  // --- actions and the value layout ---
  uint32_t valueEnd = 4;
  uint32_t id = 1;
  for (const auto& entry : info->actions) {
    if (!entry.decl) continue;
    TableActionLayout a;
    a.decl = entry.decl;
    a.ref = entry.ref;
    a.id = id++;
    a.name = entry.decl->name == "NoAction" ? "NoAction" : qualified(control, *entry.decl);
    a.scope = entry.defaultOnly ? "default_only" : entry.tableOnly ? "table_only" : "both";
    uint32_t offset = 4;
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
  t.valueSize = alignUp(valueEnd, 4);
  t.valueRecord.byteSize = t.valueSize;
  t.valueRecord.fields.push_back({"action_id", 32, 0, backend::FieldRepr::Integer});
  if (t.valueSize > 4)
    t.valueRecord.fields.push_back({"data", 8 * (t.valueSize - 4), 4, backend::FieldRepr::Bytes});

  if (info->size) {
    if (*info->size < 1 || *info->size > (1u << 24)) {
      diags.error(table.loc, "table size {} is out of range (1 .. 16777216)", info->size->get_str());
      ok = false;
    } else {
      t.size = static_cast<uint32_t>(info->size->get_ui());
    }
  }

  // --- default action ---
  t.defaultIsConst = info->defaultActionIsConst;
  if (info->defaultAction) {
    t.defaultAction = t.action(info->defaultAction);
    if (!t.defaultAction) {
      diags.error(table.loc, "internal error: default action of '{}' is not in its actions", table.name);
      return std::nullopt;
    }
    const CallTarget* call = nullptr;
    if (auto* c = dyn_cast<CallExpr>(info->defaultActionExpr)) call = sema.callTarget(c);
    size_t paramIndex = 0;
    for (const auto& param : info->defaultAction->params) {
      size_t i = paramIndex++;
      if (param->direction != Direction::None) continue;
      const Expr* arg = call && i < call->argForParam.size() ? call->argForParam[i] : nullptr;
      auto value = arg ? sema.constantValue(arg) : std::nullopt;
      if (!value) {
        diags.error(info->defaultActionExpr ? info->defaultActionExpr->loc : table.loc,
                    "not supported yet: a default action argument that is not a compile-time "
                    "constant");
        ok = false;
        value = 0;
      }
      t.defaultArgs.push_back(*value);
    }
  } else {
    // No default_action: NoAction, which every table may fall back to.
    t.defaultIsConst = true;
  }
  if (const TableProperty* entries = table.property("entries")) {
    t.constEntries = entries->isConst;
    int64_t priority = static_cast<int64_t>(entries->entries.size());
    for (const TableEntry& entry : entries->entries) {
      auto e = layoutEntry(sema, t, entry, priority--, diags);
      if (!e) { ok = false; continue; }
      t.entries.push_back(std::move(*e));
    }
  }
  if (!ok) return std::nullopt;
  return t;
}

}  // namespace p4nfc::midend
