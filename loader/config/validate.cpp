#include "loader/config/validate.h"

#include <map>
#include <set>

#include "bpf/elf_object.h"
#include "loader/config/suggest.h"
#include "loader/config/translator.h"
#include "loader/nf_module.h"
#include "loader/config/yaml_walk.h"
#include "loader/loader_error.h"
#include "loader/table_writer.h"
#include "manifest/name_lookup.h"

namespace p4nf::config {
namespace {

std::string inQuotes(const std::string& text) { return "\"" + text + "\""; }
std::string lineOf(const Mark& at) {
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string widthText(const ManifestField& field) {
  return "bit<" + std::to_string(field.width) + ">";
}

std::string describeKey(const ManifestField& key) {
  return key.name + " (" + matchKindName(key.match) + ", " + widthText(key) + ")";
}

std::string describeAction(const ManifestAction& action) {
  std::string params;
  for (const ManifestField& p : action.params)
    params += (params.empty() ? "" : ", ") + p.name + ": " + widthText(p);
  return action.name + "(" + params + ")";
}

std::vector<std::string> tableNames(const Manifest& manifest) {
  std::vector<std::string> names;
  for (const ManifestTable& t : manifest.tables) names.push_back(t.name);
  return names;
}

// Every full name and every dotted suffix of it, so that "mac_tabel" suggests
// "ingress.mac_table" and "dts" suggests "hdr.eth.dst".
template <typename T, typename NameOf>
std::optional<std::string> suggestName(const std::vector<T>& items, const std::string& word,
                                       NameOf nameOf) {
  std::vector<std::string> candidates;
  std::map<std::string, std::string> fullOf;
  for (const T& item : items) {
    const std::string& full = nameOf(item);
    for (size_t dot = 0; dot != std::string::npos; dot = full.find('.', dot + 1)) {
      std::string suffix = dot == 0 && full[0] != '.' ? full : full.substr(dot + 1);
      candidates.push_back(suffix);
      fullOf.emplace(suffix, full);
    }
  }
  auto best = closestName(word, candidates);
  if (!best) return std::nullopt;
  return fullOf[*best];
}

template <typename T, typename NameOf>
std::string didYouMeanIn(const std::vector<T>& items, const std::string& word, NameOf nameOf) {
  auto best = suggestName(items, word, nameOf);
  return best ? " (did you mean \"" + *best + "\"?)" : "";
}

template <typename T, typename NameOf>
std::vector<std::string> ambiguousMatches(const std::vector<T>& items, const std::string& name,
                                          NameOf nameOf) {
  std::vector<std::string> matches;
  for (const T& item : items)
    if (nameMatches(nameOf(item), name)) matches.push_back(nameOf(item));
  return matches;
}

const auto kTableName = [](const ManifestTable& t) -> const std::string& { return t.name; };
const auto kFieldName = [](const ManifestField& f) -> const std::string& { return f.name; };
const auto kActionName = [](const ManifestAction& a) -> const std::string& { return a.name; };

// One module's tables against one manifest.
class TableChecker {
 public:
  TableChecker(const Manifest& manifest, const std::string& module, Diagnostics& diagnostics)
      : manifest_(manifest), module_(module), diagnostics_(diagnostics) {}

  const ManifestTable* resolveTable(const TableSpec& spec);
  std::optional<Entry> entry(const ManifestTable& table, const EntrySpec& spec);
  std::optional<DefaultActionValue> defaultAction(const ManifestTable& table,
                                                  const ActionSpec& spec);
  void checkCapacity(const ManifestTable& table, const TableEntries& entries);

 private:
  void error(const Mark& at, const std::string& message, const std::string& expected = {}) {
    diagnostics_.error(at, message, expected);
  }
  const ManifestAction* resolveAction(const ManifestTable& table, const std::string& name,
                                      const Mark& at);
  std::optional<std::vector<mpz_class>> bindArgs(const ManifestTable& table,
                                                 const ManifestAction& action,
                                                 const std::vector<NamedText>& args,
                                                 const std::vector<Mark>& marks, const Mark& at);

  const Manifest& manifest_;
  std::string module_;
  Diagnostics& diagnostics_;
};

const ManifestTable* TableChecker::resolveTable(const TableSpec& spec) {
  if (const ManifestTable* table = manifest_.findTable(spec.name)) return table;
  auto matches = ambiguousMatches(manifest_.tables, spec.name, kTableName);
  if (matches.size() > 1) {
    error(spec.at, "table name " + inQuotes(spec.name) + " is ambiguous in module " + inQuotes(module_) +
                       ": " + joinNames(matches),
          "the control-qualified name");
    return nullptr;
  }
  error(spec.at,
        "module " + inQuotes(module_) + " has no table " + inQuotes(spec.name) +
            didYouMeanIn(manifest_.tables, spec.name, kTableName),
        "one of its tables: " + joinNames(tableNames(manifest_), "none (the program has no tables)"));
  return nullptr;
}

const ManifestAction* TableChecker::resolveAction(const ManifestTable& table,
                                                  const std::string& name, const Mark& at) {
  if (const ManifestAction* action = table.findAction(name)) return action;
  std::vector<std::string> names;
  for (const ManifestAction& a : table.actions) names.push_back(a.name);
  auto matches = ambiguousMatches(table.actions, name, kActionName);
  if (matches.size() > 1)
    error(at, "action name " + inQuotes(name) + " is ambiguous in table " + table.name + ": " + joinNames(matches),
          "the control-qualified name");
  else
    error(at,
          "table " + table.name + " has no action " + inQuotes(name) +
              didYouMeanIn(table.actions, name, kActionName),
          "one of its actions: " + joinNames(names));
  return nullptr;
}

std::optional<std::vector<mpz_class>> TableChecker::bindArgs(const ManifestTable& table,
                                                             const ManifestAction& action,
                                                             const std::vector<NamedText>& args,
                                                             const std::vector<Mark>& marks,
                                                             const Mark& at) {
  bool ok = true;
  std::string signature = describeAction(action);
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& [name, text] = args[i];
    Mark argAt = i < marks.size() ? marks[i] : at;
    const ManifestField* param = nullptr;
    if (name.empty()) {
      if (i < action.params.size()) param = &action.params[i];
    } else {
      for (const ManifestField& p : action.params)
        if (p.name == name) param = &p;
      if (!param) {
        error(argAt,
              "action " + action.name + " has no parameter " + inQuotes(name) +
                  didYouMeanIn(action.params, name, kFieldName),
              "the parameters of " + signature);
        ok = false;
        continue;
      }
    }
    if (!param) continue;  // too many positional arguments: bindAction says so below
    try {
      UserValue value = parseUserValue(text);
      if (value.form != UserValue::Form::Plain) {
        error(argAt, "argument " + param->name + " of " + action.name + ": " + inQuotes(text) + " is not a single value",
              "a value that fits " + widthText(*param));
        ok = false;
      } else if (value.value > allOnes(param->width)) {
        error(argAt, "argument " + param->name + " of " + action.name + ": " + text +
                         " does not fit in " + widthText(*param),
              "a value from 0 to " + allOnes(param->width).get_str());
        ok = false;
      }
    } catch (const LoaderError& e) {
      error(argAt, "argument " + param->name + " of " + action.name + ": " + e.what(),
            "a number, an IPv4/IPv6 address or a MAC address that fits " + widthText(*param));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  try {
    return bindAction(table, action.name, args).second;
  } catch (const LoaderError& e) {
    error(at, e.what(), "the arguments of " + signature);
    return std::nullopt;
  }
}

std::optional<Entry> TableChecker::entry(const ManifestTable& table, const EntrySpec& spec) {
  bool ok = true;
  bool unknownKey = false;  // then "missing key" would only repeat the same mistake
  std::vector<std::optional<KeyMatch>> bound(table.keys.size());
  std::vector<std::string> boundAs(table.keys.size());
  for (size_t i = 0; i < spec.keys.size(); ++i) {
    const auto& [name, text] = spec.keys[i];
    Mark at = i < spec.keyMarks.size() ? spec.keyMarks[i] : spec.at;
    const ManifestField* key = table.findKey(name);
    if (!key) {
      std::vector<std::string> keys;
      for (const ManifestField& k : table.keys) keys.push_back(describeKey(k));
      auto matches = ambiguousMatches(table.keys, name, kFieldName);
      if (matches.size() > 1)
        error(at, "key name " + inQuotes(name) + " is ambiguous in table " + table.name + ": " +
                      joinNames(matches),
              "a longer suffix or the full name");
      else
        error(at,
              "table " + table.name + " has no key " + inQuotes(name) +
                  didYouMeanIn(table.keys, name, kFieldName),
              "one of its keys: " + joinNames(keys));
      ok = false;
      unknownKey = true;
      continue;
    }
    size_t index = static_cast<size_t>(key - table.keys.data());
    if (bound[index] || !boundAs[index].empty()) {
      error(at, "key " + key->name + " is given twice (also as " + inQuotes(boundAs[index]) + ")",
            "each key once");
      ok = false;
      continue;
    }
    boundAs[index] = name;
    try {
      bound[index] = matchForKey(parseUserValue(text), *key);
    } catch (const LoaderError& e) {
      error(at, e.what(), "a value for " + describeKey(*key));
      ok = false;
    }
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < table.keys.size(); ++i) {
    const ManifestField& key = table.keys[i];
    if (bound[i] || !boundAs[i].empty()) continue;
    if (key.match == MatchKind::Exact || key.match == MatchKind::Lpm)
      missing.push_back(describeKey(key));
    else
      bound[i] = matchForKey(parseUserValue("*"), key);
  }
  if (!missing.empty() && !unknownKey) {
    error(spec.at, "entry of table " + table.name + " has no value for " + joinNames(missing),
          "a value for every exact and lpm key");
    ok = false;
  }

  const ManifestAction* action = resolveAction(table, spec.action, spec.actionAt);
  std::optional<std::vector<mpz_class>> args;
  if (action) {
    if (action->scope == ActionScope::DefaultOnly) {
      error(spec.actionAt, "action " + action->name + " of table " + table.name +
                               " is @defaultonly: it can only be the default action",
            "an action allowed in entries");
      ok = false;
    }
    args = bindArgs(table, *action, spec.args, spec.argMarks, spec.actionAt);
  }
  if (spec.priority && table.kind != TableKind::Ternary) {
    error(spec.priorityAt,
          "priority is only for tables with ternary, range or optional keys; table " +
              table.name + " is " + tableKindName(table.kind),
          "no priority: in this table's entries");
    ok = false;
  }
  if (!ok || !action || !args) return std::nullopt;
  Entry entry;
  for (auto& match : bound) entry.keys.push_back(*match);
  entry.priority = spec.priority;
  entry.action = action;
  entry.args = std::move(*args);
  return entry;
}

std::optional<DefaultActionValue> TableChecker::defaultAction(const ManifestTable& table,
                                                              const ActionSpec& spec) {
  if ((table.defaultAction && table.defaultAction->isConst) || table.defaultMap.empty()) {
    error(spec.at, "the default action of table " + table.name + " is const in the P4 program",
          "no default: for this table (or drop `const` from its default_action)");
    return std::nullopt;
  }
  const ManifestAction* action = resolveAction(table, spec.action, spec.at);
  if (!action) return std::nullopt;
  if (action->scope == ActionScope::TableOnly) {
    error(spec.at, "action " + action->name + " of table " + table.name +
                       " is @tableonly: it cannot be the default action",
          "an action allowed as default");
    return std::nullopt;
  }
  auto args = bindArgs(table, *action, spec.args, spec.argMarks, spec.at);
  if (!args) return std::nullopt;
  return DefaultActionValue{spec.at, action, std::move(*args)};
}

// The map entries an entry becomes: each range key expands into prefixes.
uint64_t mapEntriesOf(const ManifestTable& table, const Entry& entry) {
  uint64_t count = 1;
  for (size_t i = 0; i < table.keys.size() && i < entry.keys.size(); ++i) {
    if (table.keys[i].match != MatchKind::Range) continue;
    const KeyMatch& match = entry.keys[i];
    count *= rangeToPrefixes(match.low, match.high, table.keys[i].width).size();
    if (count > (1u << 30)) break;
  }
  return count;
}

std::string keyIdentity(const Entry& entry) {
  std::string identity;
  for (const KeyMatch& k : entry.keys) {
    switch (k.match) {
      case MatchKind::Range: identity += k.low.get_str(16) + ".." + k.high.get_str(16); break;
      case MatchKind::Lpm: identity += k.value.get_str(16) + "/" + std::to_string(k.prefixLen); break;
      default: identity += mpz_class(k.value & k.mask).get_str(16) + "&" + k.mask.get_str(16); break;
    }
    identity += ";";
  }
  return identity;
}

void TableChecker::checkCapacity(const ManifestTable& table, const TableEntries& entries) {
  uint64_t total = 0;
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < entries.entries.size(); ++i) {
    total += mapEntriesOf(table, entries.entries[i]);
    auto [it, inserted] = seen.emplace(keyIdentity(entries.entries[i]), i);
    if (!inserted)
      error(entries.entryMarks[i],
            "duplicate entry in table " + table.name + ": the same key as the entry at " +
                lineOf(entries.entryMarks[it->second]),
            "each key once per table");
  }
  if (total > table.size) {
    std::string count = std::to_string(entries.entries.size()) + " entries";
    if (total != entries.entries.size())
      count += " (" + std::to_string(total) + " after expanding ranges)";
    error(entries.at, "table " + table.name + " gets " + count + " but holds at most " +
                          std::to_string(table.size),
          "at most " + std::to_string(table.size) + " entries (or a larger `size` in the P4 program)");
  }
  if (table.kind != TableKind::Ternary || table.maxMasks == 0) return;
  // Distinct masks: ternary masks as written, range keys by the prefix lengths they
  // expand to. Entries with too many combinations are left to the table writer.
  std::set<std::string> masks;
  for (const Entry& entry : entries.entries) {
    std::vector<std::string> combos = {""};
    for (size_t i = 0; i < entry.keys.size() && i < table.keys.size(); ++i) {
      const KeyMatch& k = entry.keys[i];
      std::set<std::string> options;
      if (k.match == MatchKind::Range) {
        for (const Prefix& p : rangeToPrefixes(k.low, k.high, table.keys[i].width))
          options.insert("/" + std::to_string(p.length));
      } else {
        options.insert(k.mask.get_str(16));
      }
      std::vector<std::string> next;
      for (const std::string& c : combos)
        for (const std::string& o : options) next.push_back(c + o + ";");
      combos = std::move(next);
      if (combos.size() > 4096) break;
    }
    if (combos.size() <= 4096) masks.insert(combos.begin(), combos.end());
  }
  if (masks.size() > table.maxMasks)
    error(entries.at, "table " + table.name + "'s entries use " + std::to_string(masks.size()) +
                          " different masks, but the table supports " + std::to_string(table.maxMasks),
          "at most " + std::to_string(table.maxMasks) + " distinct masks");
}

}  // namespace

const TableEntries* ModuleObject::findTable(const std::string& fullName) const {
  for (const TableEntries& t : tables)
    if (t.table == fullName) return &t;
  return nullptr;
}

const ModuleObject* ValidatedModule::object(const std::string& target) const {
  for (const ModuleObject& o : objects)
    if (o.target == target) return &o;
  return nullptr;
}

const ValidatedModule* ValidatedConfig::findModule(const std::string& name) const {
  for (const ValidatedModule& m : modules)
    if (m.name == name) return &m;
  return nullptr;
}

namespace {
// Where a module's reference lives, as it registered it.
std::string moduleDocs(const std::string& nf) {
  const NfModule* module = findNfModule(nf);
  return module && !module->docs.empty() ? module->docs : "nf/" + nf + "/README.md";
}
}  // namespace

std::vector<TableEntries> validateTables(const Config& config, const ModuleSpec& module,
                                         const Manifest& manifest, const std::string& target,
                                         Diagnostics& diagnostics) {
  std::vector<TableSpec> specs = module.tables;
  size_t rawCount = specs.size();
  if (!module.sectionKey.empty()) {
    const Translator* translator = p4nf::findTranslator(module.nf);
    if (!translator) {
      diagnostics.error(module.sectionAt,
                        "module " + inQuotes(module.name) + ": nf " + module.nf +
                            " has no translator for its section " + inQuotes(module.sectionKey) +
                            " in this build",
                        "only p4:/nf: and tables: for this module (raw entries by manifest names)");
    } else {
      YamlWalker walk(config.file, diagnostics);
      try {
        (*translator)(TranslatorInput{config, module, manifest, target}, walk, specs);
      } catch (const std::exception& e) {
        diagnostics.error(module.sectionAt,
                          "module " + inQuotes(module.name) + ": section " + module.sectionKey + ": " + e.what(),
                          "a section the " + module.nf + " module understands (" + moduleDocs(module.nf) + ")");
      }
    }
  }

  TableChecker checker(manifest, module.name, diagnostics);
  std::vector<TableEntries> result;
  std::map<std::string, std::pair<size_t, Mark>> rawSeen;  // full name -> (index, mark)
  for (size_t s = 0; s < specs.size(); ++s) {
    const TableSpec& spec = specs[s];
    const ManifestTable* table = checker.resolveTable(spec);
    if (!table) continue;
    if (s < rawCount) {
      auto [it, inserted] = rawSeen.emplace(table->name, std::make_pair(s, spec.at));
      if (!inserted) {
        diagnostics.error(spec.at,
                          "table " + table->name + " is listed twice in module " + inQuotes(module.name) +
                              " (first at " + lineOf(it->second.second) + ")",
                          "each table once under tables:");
        continue;
      }
    }
    TableEntries* out = nullptr;
    for (TableEntries& t : result)
      if (t.table == table->name) out = &t;
    if (!out) {
      result.push_back(TableEntries{spec.at, table->name, {}, {}, std::nullopt});
      out = &result.back();
    }
    out->agentOwned = out->agentOwned || spec.agentOwned;
    if (!spec.entries.empty()) {
      if (table->keys.empty()) {
        diagnostics.error(spec.entries.front().at,
                          "table " + table->name + " has no key, so it has no entries",
                          "only default: for this table");
        continue;
      }
      if (table->constEntries) {
        diagnostics.error(spec.entries.front().at,
                          "table " + table->name + " has const entries in the P4 program",
                          "no entries: for it (its entries are fixed at compile time)");
        continue;
      }
    }
    for (const EntrySpec& e : spec.entries) {
      if (auto entry = checker.entry(*table, e)) {
        out->entries.push_back(std::move(*entry));
        out->entryMarks.push_back(e.at);
      }
    }
    if (spec.defaultAction) {
      if (out->defaultAction) {
        diagnostics.error(spec.defaultAction->at,
                          "the default action of table " + table->name + " is set twice (first at " +
                              lineOf(out->defaultAction->at) + ")",
                          "one default: per table");
      } else {
        out->defaultAction = checker.defaultAction(*table, *spec.defaultAction);
      }
    }
  }
  for (TableEntries& t : result) {
    const ManifestTable* table = manifest.findTable(t.table);
    if (!table) continue;
    checker.checkCapacity(*table, t);
    // Entries without a priority get one from their place in the config (the first
    // listed wins), here rather than in the table writer: an apply that inserts an entry
    // between kept ones must rank it as a fresh deployment of the same file would.
    if (table->kind == TableKind::Ternary)
      for (size_t i = 0; i < t.entries.size(); ++i)
        if (!t.entries[i].priority)
          t.entries[i].priority = TableWriter::kFirstAutoPriority - static_cast<uint32_t>(i);
  }
  return result;
}

ValidatedConfig validateConfig(const Config& config, const ModuleResolver& resolver) {
  Diagnostics diagnostics;
  ValidatedConfig validated;
  validated.config = config;
  for (const ModuleSpec& module : config.modules) {
    ValidatedModule out;
    out.name = module.name;
    for (const std::string& target : config.targetsOf(module.name)) {
      std::string what = "module " + inQuotes(module.name) + " (" + target + ")";
      ResolvedObject resolved;
      try {
        resolved = resolver(module, target);
        if (!resolved.manifest) {
          std::string error;
          auto json = p4nfc::bpf::readManifest(resolved.elf, error);
          if (!json) throw LoaderError("the object has no manifest: " + error);
          resolved.manifest = std::make_shared<const Manifest>(parseManifest(*json));
        }
      } catch (const std::exception& e) {
        diagnostics.error(module.sourceAt, what + ": " + e.what(),
                          "a module that compiles for " + target);
        continue;
      }
      const Manifest& manifest = *resolved.manifest;
      if (!manifest.program.target.empty() && manifest.program.target != target) {
        diagnostics.error(module.sourceAt,
                          what + ": the object was built for " + manifest.program.target,
                          "an object for " + target);
        continue;
      }
      ModuleObject object;
      object.target = target;
      object.elf = std::move(resolved.elf);
      object.manifest = resolved.manifest;
      object.tables = validateTables(config, module, manifest, target, diagnostics);
      out.objects.push_back(std::move(object));
    }
    validated.modules.push_back(std::move(out));
  }
  diagnostics.throwIfAny();
  return validated;
}

}  // namespace p4nf::config
