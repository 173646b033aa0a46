#include "loader/entry.h"

#include <set>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

std::string paramList(const ManifestAction& action) {
  std::string list;
  for (const ManifestField& p : action.params)
    list += (list.empty() ? "" : ", ") + p.name + ": bit<" + std::to_string(p.width) + ">";
  return action.name + "(" + list + ")";
}

std::string actionList(const ManifestTable& table) {
  std::string list;
  for (const ManifestAction& a : table.actions) list += (list.empty() ? "" : ", ") + a.name;
  return list;
}

const ManifestField* findParam(const ManifestAction& action, const std::string& name) {
  for (const ManifestField& p : action.params)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

std::pair<const ManifestAction*, std::vector<mpz_class>> bindAction(
    const ManifestTable& table, const std::string& actionName, const std::vector<NamedText>& args) {
  const ManifestAction* action = table.findAction(actionName);
  if (!action)
    throw LoaderError("table " + table.name + " has no action \"" + actionName +
                      "\" (or the name is ambiguous); its actions: " + actionList(table));
  if (args.size() != action->params.size())
    throw LoaderError("action " + paramList(*action) + " takes " +
                      std::to_string(action->params.size()) + " arguments, got " +
                      std::to_string(args.size()));
  std::vector<std::optional<mpz_class>> bound(action->params.size());
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& [name, text] = args[i];
    const ManifestField* param = name.empty() ? &action->params[i] : findParam(*action, name);
    if (!param)
      throw LoaderError("action " + paramList(*action) + " has no parameter \"" + name + "\"");
    size_t index = static_cast<size_t>(param - action->params.data());
    if (bound[index]) throw LoaderError("parameter " + param->name + " is given twice");
    UserValue value;
    try {
      value = parseUserValue(text);
    } catch (const LoaderError& error) {
      throw LoaderError("parameter " + param->name + " (bit<" + std::to_string(param->width) +
                        ">) of " + action->name + ": " + error.what());
    }
    if (value.form != UserValue::Form::Plain)
      throw LoaderError("parameter " + param->name + ": \"" + text + "\" must be a single value");
    if (value.value > allOnes(param->width))
      throw LoaderError("parameter " + param->name + " (bit<" + std::to_string(param->width) +
                        ">) of " + action->name + ": value " + text + " does not fit");
    bound[index] = value.value;
  }
  std::vector<mpz_class> result;
  for (auto& value : bound) result.push_back(*value);
  return {action, result};
}

std::vector<KeyMatch> bindKeys(const ManifestTable& table, const std::vector<NamedText>& keys) {
  std::vector<std::optional<KeyMatch>> bound(table.keys.size());
  for (const auto& [name, text] : keys) {
    const ManifestField* key = table.findKey(name);
    if (!key) {
      std::string known;
      for (const ManifestField& k : table.keys) known += (known.empty() ? "" : ", ") + k.name;
      throw LoaderError("table " + table.name + " has no key \"" + name + "\" (or it is ambiguous); its keys: " +
                        (known.empty() ? "none" : known));
    }
    size_t index = static_cast<size_t>(key - table.keys.data());
    if (bound[index]) throw LoaderError("key " + key->name + " is given twice");
    UserValue value;
    try {
      value = parseUserValue(text);
    } catch (const LoaderError& error) {
      throw LoaderError("key " + key->name + " (" + matchKindName(key->match) + ", bit<" +
                        std::to_string(key->width) + ">): " + error.what());
    }
    bound[index] = matchForKey(value, *key);
  }
  std::vector<KeyMatch> result;
  for (size_t i = 0; i < bound.size(); ++i) {
    if (!bound[i]) {
      const ManifestField& key = table.keys[i];
      if (key.match == MatchKind::Exact || key.match == MatchKind::Lpm)
        throw LoaderError("table " + table.name + ": key " + key.name + " (" +
                          matchKindName(key.match) + ") is missing");
      bound[i] = matchForKey(parseUserValue("*"), key);
    }
    result.push_back(*bound[i]);
  }
  return result;
}

Entry makeEntry(const ManifestTable& table, const std::vector<NamedText>& keys,
                std::optional<uint32_t> priority, const std::string& actionName,
                const std::vector<NamedText>& args) {
  Entry entry;
  entry.keys = bindKeys(table, keys);
  entry.priority = priority;
  std::tie(entry.action, entry.args) = bindAction(table, actionName, args);
  return entry;
}

std::vector<mpz_class> argsFromManifest(const ManifestTable& table, const ManifestAction& action,
                                        const std::vector<std::string>& hexArgs) {
  if (hexArgs.size() != action.params.size())
    throw LoaderError("manifest: table " + table.name + ": action " + action.name + " needs " +
                      std::to_string(action.params.size()) + " arguments, got " +
                      std::to_string(hexArgs.size()));
  std::vector<mpz_class> args;
  for (size_t i = 0; i < hexArgs.size(); ++i) {
    Bytes bytes = decodeHex(hexArgs[i], "manifest: table " + table.name + ": argument " +
                                            action.params[i].name);
    args.push_back(decodeUnsigned(bytes.data(), bytes.size()));
  }
  return args;
}

Entry entryFromManifest(const ManifestTable& table, const ManifestEntry& source) {
  Entry entry;
  entry.priority = source.priority;
  entry.action = table.findAction(source.action);
  if (!entry.action)
    throw LoaderError("manifest: table " + table.name + ": unknown action " + source.action);
  entry.args = argsFromManifest(table, *entry.action, source.args);
  if (source.keys.size() != table.keys.size())
    throw LoaderError("manifest: table " + table.name + ": entry has the wrong number of keys");
  for (size_t i = 0; i < table.keys.size(); ++i) {
    const ManifestField& key = table.keys[i];
    const ManifestEntryKey& given = source.keys[i];
    std::string what = "manifest: table " + table.name + ": entry key " + key.name;
    auto number = [&](const std::string& hex) {
      Bytes bytes = decodeHex(hex, what);
      return decodeUnsigned(bytes.data(), bytes.size());
    };
    KeyMatch match;
    match.match = key.match;
    match.value = number(given.value);
    match.mask = given.mask ? number(*given.mask) : allOnes(key.width);
    match.prefixLen = given.prefixLen.value_or(key.width);
    match.low = match.value;
    match.high = given.high ? number(*given.high) : match.value;
    if (key.match == MatchKind::Lpm) {
      if (match.prefixLen > key.width) throw LoaderError(what + ": prefix_len is longer than the key");
      match.mask = prefixMask(match.prefixLen, key.width);
    }
    if (key.match == MatchKind::Range && given.mask && !given.high) {
      // A range given as value/mask: only a prefix-shaped mask is a range.
      match.low = match.value & match.mask;
      match.high = match.low | (allOnes(key.width) ^ match.mask);
    }
    if (match.value > allOnes(key.width) || match.high > allOnes(key.width))
      throw LoaderError(what + ": value does not fit in bit<" + std::to_string(key.width) + ">");
    entry.keys.push_back(match);
  }
  return entry;
}

}  // namespace p4nf
