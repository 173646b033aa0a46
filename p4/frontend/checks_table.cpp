// Sema: table checks — keys and match kinds, the actions list, default_action, entries,
// size, and the other properties.
//
// Action parameters come in two groups: directional ones (bound where the action is
// listed in `actions`) and directionless "action data" (supplied by the control plane,
// by default_action or by an entry). The checks below hold each place to its group.
#include <map>

#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

namespace {

enum class ActionUse { List, Default, Entry };

size_t directionalCount(const ActionDecl* a) {
  size_t n = 0;
  for (auto& p : a->params)
    if (p && p->direction != Direction::None) ++n;
  return n;
}

}  // namespace

void Sema::checkTable(TableDecl* d) {
  if (!ctx_.control)
    diags_.error(d->loc, "table {} must be declared inside a control", quoted(d->name));
  TableInfo info;
  std::map<std::string, const TableProperty*> seen;
  for (auto& p : d->properties) {
    checkAnnotations(p.annotations);
    if (auto [it, inserted] = seen.emplace(p.name, &p); !inserted) {
      diags_.error(p.loc, "property {} appears twice in table {}", quoted(p.name), quoted(d->name));
      diags_.note(it->second->loc, "first {} of table {}", quoted(p.name), quoted(d->name));
    }
  }
  // Keys and the actions list first: default_action and entries refer to both.
  for (auto& p : d->properties)
    if (p.kind == TableProperty::Kind::Key) checkTableKeys(d, p, info);
  bool hasActions = false;
  for (auto& p : d->properties)
    if (p.kind == TableProperty::Kind::Actions) {
      hasActions = true;
      checkTableActions(d, p, info);
    }
  if (!hasActions) diags_.error(d->loc, "table {} has no actions property", quoted(d->name));
  tables_[d] = info;  // visible to the checks below through tableInfo()
  for (auto& p : d->properties) {
    switch (p.kind) {
      case TableProperty::Kind::Entries:
        checkEntries(d, p, info);
        break;
      case TableProperty::Kind::Value:
        if (p.name == "default_action")
          checkDefaultAction(d, p, info);
        else if (p.name == "size")
          checkTableSize(p, info);
        else if (p.value)
          checkExpr(p.value.get());
        break;
      default:
        break;
    }
  }
  tables_[d] = info;
  setDeclType(d, types_.table(TypeKind::Table, d));
  declare(d, d->loc);
}

void Sema::checkTableKeys(TableDecl* d, TableProperty& p, TableInfo& info) {
  // Keys are evaluated when the table is applied, so they may apply other tables
  // (`key = { t.apply().hit : exact; }`) as an apply block may.
  Context keys = ctx_;
  keys.body = Body::ControlApply;
  ContextGuard applied(*this, keys);
  for (auto& k : p.keys) {
    checkAnnotations(k.annotations);
    const Type* t = checkValue(k.expr.get());
    if (!t->isUnknown()) {
      const Type* u = underlyingType(t);
      bool ok = isNumeric(u) || u->kind == TypeKind::Bool || u->kind == TypeKind::Enum ||
                u->kind == TypeKind::Error || u->kind == TypeKind::Varbit ||
                u->kind == TypeKind::TypeVar;
      if (!ok)
        diags_.error(k.expr->loc, "a table key cannot have type {}", typeToString(t));
      else if (u->kind == TypeKind::InfInt)
        diags_.error(k.expr->loc, "a table key needs a width, not int: cast it, e.g. (bit<8>)");
    }
    const EnumMember* kind = nullptr;
    Decl* mk = lookupOne(Path{k.matchKind, false});
    SourceLoc at = k.matchKindLoc.valid() ? k.matchKindLoc : k.loc;
    if (!mk) {
      diags_.error(at, "unknown match kind {}", quoted(k.matchKind));
    } else if (!isa<EnumMember>(mk) || typeOfDecl(mk) != types_.matchKindType()) {
      diags_.error(at, "{} is not a match kind", quoted(k.matchKind));
    } else {
      kind = cast<EnumMember>(mk);
      k.matchKindDecl = kind;
    }
    info.keys.push_back({k.expr.get(), kind});
  }
}

void Sema::checkTableActions(TableDecl* d, TableProperty& p, TableInfo& info) {
  std::map<const ActionDecl*, SourceLoc> seen;
  for (auto& ref : p.actions) {
    checkAnnotations(ref.annotations);
    const ActionDecl* a = resolveActionRef(ref.action.get(), d, false, nullptr, "actions");
    if (!a) continue;
    if (auto [it, inserted] = seen.emplace(a, ref.loc); !inserted) {
      diags_.error(ref.action->loc, "action {} appears twice in the actions of table {}",
                   quoted(a->name), quoted(d->name));
      continue;
    }
    TableInfo::ActionEntry entry;
    entry.decl = a;
    entry.ref = &ref;
    entry.defaultOnly = hasAnnotation(ref.annotations, "defaultonly");
    entry.tableOnly = hasAnnotation(ref.annotations, "tableonly");
    info.actions.push_back(entry);
  }
}

void Sema::checkDefaultAction(TableDecl* d, TableProperty& p, TableInfo& info) {
  info.defaultActionIsConst = p.isConst;
  info.defaultActionExpr = p.value.get();
  info.defaultAction = resolveActionRef(p.value.get(), d, true, &info, "default_action");
}

void Sema::checkTableSize(TableProperty& p, TableInfo& info) {
  if (!p.value) return;
  const Type* t = checkValue(p.value.get());
  if (t->isUnknown()) return;
  auto v = constantValue(p.value.get());
  if (!isNumeric(t) || !v || *v <= 0) {
    diags_.error(p.value->loc, "table size must be a positive integer constant");
    return;
  }
  info.size = *v;
}

void Sema::checkEntries(TableDecl* d, TableProperty& p, TableInfo& info) {
  for (auto& entry : p.entries) {
    checkAnnotations(entry.annotations);
    if (entry.priority) {
      const Type* t = checkValue(entry.priority.get());
      auto v = constantValue(entry.priority.get());
      if (!t->isUnknown() && (!isNumeric(t) || !v || *v < 0))
        diags_.error(entry.priority->loc,
                     "an entry priority must be a non-negative integer constant");
    }
    checkEntryKeyset(entry.keyset.get(), info, entry.loc);
    resolveActionRef(entry.action.get(), d, true, &info, "entries");
  }
}

void Sema::checkEntryKeyset(Expr* keyset, const TableInfo& info, SourceLoc loc) {
  if (!keyset) return;
  size_t n = info.keys.size();
  auto keyType = [&](size_t i) {
    const Expr* k = info.keys[i].expr;
    return k && k->type ? k->type : types_.unknown();
  };
  auto* list = dyn_cast<ListExpr>(keyset);
  if (n == 0) {
    diags_.error(keyset->loc, "table has no key, so its entries cannot have keysets");
    return;
  }
  if (list && list->elements.size() == n) {
    std::vector<const Type*> elements;
    for (size_t i = 0; i < n; ++i)
      elements.push_back(checkKeyset(list->elements[i].get(), keyType(i)));
    list->type = types_.tuple(std::move(elements));
    markKnown(list);
    return;
  }
  if (!list && (n == 1 || isa<DefaultExpr>(keyset) || isa<DontCareExpr>(keyset))) {
    checkKeyset(keyset, n == 1 ? keyType(0) : types_.unknown());
    return;
  }
  size_t have = list ? list->elements.size() : 1;
  diags_.error(keyset->loc, "entry has {} key value{}, but the table has {} key{}", have,
               have == 1 ? "" : "s", n, n == 1 ? "" : "s");
  if (list)
    for (auto& e : list->elements) checkExpr(e.get());
  else
    checkExpr(keyset);
}

// Resolves an action reference in `actions` (bindData = false: only directional
// parameters may be bound), `default_action` or an entry (bindData = true: action data
// is given). Returns the action, or null after reporting.
const ActionDecl* Sema::resolveActionRef(Expr* action, TableDecl* d, bool bindData,
                                         const TableInfo* info, const char* where) {
  if (!action) return nullptr;
  ActionUse use =
      !bindData ? ActionUse::List
                : (std::string_view(where) == "entries" ? ActionUse::Entry : ActionUse::Default);
  auto* call = dyn_cast<CallExpr>(action);
  auto* path = dyn_cast<PathExpr>(call ? call->callee.get() : action);
  if (!path) {
    checkExpr(action);
    if (!action->type->isUnknown())
      diags_.error(action->loc, "expected an action name or an action call in {} of table {}",
                   where, quoted(d->name));
    return nullptr;
  }
  Decl* decl = lookupOne(path->path);
  if (!decl) {
    diags_.error(path->loc, "undeclared name {}", quoted(path->path.name));
    path->type = action->type = types_.unknown();
    if (call) checkArgsLoosely(call->args);
    return nullptr;
  }
  auto* a = dyn_cast<ActionDecl>(decl);
  if (!a) {
    diags_.error(path->loc, "{} is not an action", quoted(path->path.name));
    path->type = action->type = types_.unknown();
    if (call) checkArgsLoosely(call->args);
    return nullptr;
  }
  path->decl = a;
  auto sigIt = signatures_.find(a);
  const CallableType* sig = sigIt == signatures_.end() ? nullptr : sigIt->second;
  path->type = sig ? static_cast<const Type*>(sig) : types_.unknown();
  action->type = types_.voidType();

  if (info) {
    const TableInfo::ActionEntry* listed = nullptr;
    for (auto& entry : info->actions)
      if (entry.decl == a) listed = &entry;
    if (!listed) {
      diags_.error(path->loc, "action {} is not in the actions of table {}", quoted(a->name),
                   quoted(d->name));
    } else if (use == ActionUse::Default && listed->tableOnly) {
      diags_.error(path->loc,
                   "action {} is @tableonly and cannot be the default action of table {}",
                   quoted(a->name), quoted(d->name));
    } else if (use == ActionUse::Entry && listed->defaultOnly) {
      diags_.error(path->loc, "action {} is @defaultonly and cannot be used in entries of table {}",
                   quoted(a->name), quoted(d->name));
    }
  }
  if (!sig) return a;

  size_t directional = directionalCount(a);
  size_t total = sig->params.size();
  size_t given = call ? call->args.size() : 0;
  if (call)
    for (auto& arg : call->args)
      if (!arg.name.empty()) {
        // Named arguments: let the general matcher line them up against all parameters.
        given = total;
        break;
      }
  // Which parameters the arguments bind: the directional ones in `actions`; all of them,
  // or only the action data, in default_action and entries.
  size_t first = 0, count = 0;
  if (use == ActionUse::List) {
    count = directional;
    if (given > directional) {
      diags_.error(action->loc,
                   "action {} in the actions of table {} can only bind its {} directional "
                   "parameter{}; action data comes from the control plane",
                   quoted(a->name), quoted(d->name), directional, directional == 1 ? "" : "s");
      if (call) checkArgsLoosely(call->args);
      return a;
    }
    if (given < directional) {
      const auto& missing = sig->params[given];
      diags_.error(action->loc,
                   "directional parameter {} of action {} must be bound in the actions of table {}",
                   quoted(missing.name), quoted(a->name), quoted(d->name));
      if (call) checkArgsLoosely(call->args);
      return a;
    }
  } else if (given == total) {
    count = total;
  } else if (given == total - directional) {
    first = directional;
    count = given;
  } else {
    diags_.error(action->loc,
                 "action {} in {} of table {} needs {} argument{} (its action data), but {} given",
                 quoted(a->name), where, quoted(d->name), total - directional,
                 total - directional == 1 ? "" : "s", given);
    if (call) checkArgsLoosely(call->args);
    return a;
  }
  if (!call) return a;

  auto* part = types_.callable(CallableType::Flavor::Action, a);
  part->returnType = types_.voidType();
  part->params.assign(sig->params.begin() + first, sig->params.begin() + first + count);
  CallTarget target;
  target.kind = CallTarget::Kind::Action;
  target.decl = a;
  TypeSubst none;
  applyCall(call->args, call->loc, part, none, {}, a->name, target);
  // Map the bound arguments back onto the full parameter list.
  std::vector<const Expr*> full(total, nullptr);
  for (size_t i = 0; i < target.argForParam.size() && first + i < total; ++i)
    full[first + i] = target.argForParam[i];
  target.argForParam = std::move(full);
  target.signature = sig;
  calls_[call] = target;
  if (use == ActionUse::Entry) {
    for (size_t i = first; i < first + count; ++i) {
      const Expr* arg = target.argForParam[i];
      if (arg && sig->params[i].direction == Direction::None && arg->type &&
          !arg->type->isUnknown() && !isCompileTimeKnown(arg))
        diags_.error(arg->loc,
                     "action data {} in an entry of table {} must be a compile-time constant",
                     quoted(sig->params[i].name), quoted(d->name));
    }
  }
  return a;
}

}  // namespace p4nfc
