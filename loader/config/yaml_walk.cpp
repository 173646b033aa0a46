#include "loader/config/yaml_walk.h"

#include <gmpxx.h>

#include <algorithm>
#include <cctype>

#include "loader/config/suggest.h"

namespace p4nf::config {

std::string describeNode(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "\"" + node.Scalar() + "\"";
}

Mark YamlWalker::mark(const YAML::Node& node, const Mark& fallback) const {
  if (!node.IsDefined()) return fallback;
  YAML::Mark m = node.Mark();
  if (m.is_null() || m.line < 0) return fallback;
  return Mark{file_, m.line + 1, m.column + 1};
}

void YamlWalker::unknownKey(const MapField& field, const std::string& where,
                            const std::vector<std::string>& allowed) {
  error(field.keyAt, "unknown key \"" + field.key + "\" in " + where + didYouMean(field.key, allowed),
        "one of " + joinNames(allowed));
}

std::optional<std::vector<MapField>> YamlWalker::mapping(const YAML::Node& node, const Mark& at,
                                                         const std::string& what,
                                                         const std::vector<std::string>* allowed,
                                                         const std::string& expected) {
  Mark here = mark(node, at);
  if (!node.IsDefined() || !node.IsMap()) {
    error(here, what + " is " + describeNode(node), expected);
    return std::nullopt;
  }
  std::vector<MapField> fields;
  for (auto it = node.begin(); it != node.end(); ++it) {
    MapField field;
    field.keyAt = mark(it->first, here);
    if (!it->first.IsScalar()) {
      error(field.keyAt, "a key in " + what + " is " + describeNode(it->first), "a plain name");
      continue;
    }
    field.key = it->first.Scalar();
    field.value = it->second;
    field.valueAt = mark(it->second, field.keyAt);
    // An empty value has no position of its own in yaml-cpp, or one past the line.
    if (it->second.IsNull()) field.valueAt = field.keyAt;
    auto first = std::find_if(fields.begin(), fields.end(),
                              [&](const MapField& f) { return f.key == field.key; });
    if (first != fields.end()) {
      error(field.keyAt,
            "duplicate key \"" + field.key + "\" in " + what + " (first at " +
                std::to_string(first->keyAt.line) + ":" + std::to_string(first->keyAt.column) + ")",
            "each key once");
      continue;
    }
    if (allowed && std::find(allowed->begin(), allowed->end(), field.key) == allowed->end()) {
      unknownKey(field, what, *allowed);
      continue;
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

std::optional<std::vector<YAML::Node>> YamlWalker::sequence(const YAML::Node& node, const Mark& at,
                                                            const std::string& what,
                                                            const std::string& expected) {
  if (!node.IsDefined() || !node.IsSequence()) {
    error(mark(node, at), what + " is " + describeNode(node), expected);
    return std::nullopt;
  }
  std::vector<YAML::Node> items;
  for (const YAML::Node& item : node) items.push_back(item);
  return items;
}

std::optional<std::string> YamlWalker::scalar(const YAML::Node& node, const Mark& at,
                                              const std::string& what,
                                              const std::string& expected) {
  if (!node.IsDefined() || !node.IsScalar()) {
    error(mark(node, at), what + " is " + describeNode(node), expected);
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<uint64_t> YamlWalker::number(const YAML::Node& node, const Mark& at,
                                           const std::string& what, uint64_t min, uint64_t max) {
  std::string range = "a number from " + std::to_string(min) + " to " + std::to_string(max);
  auto text = scalar(node, at, what, range);
  if (!text) return std::nullopt;
  return numberFromText(*text, mark(node, at), what, min, max);
}

std::optional<uint64_t> YamlWalker::numberFromText(const std::string& textIn, const Mark& here,
                                                   const std::string& what, uint64_t min,
                                                   uint64_t max) {
  std::string range = "a number from " + std::to_string(min) + " to " + std::to_string(max);
  const std::string* text = &textIn;
  // Plain decimal or 0x hex only: parseNumber() would also take "10.0.0.1" as a number.
  bool hex = text->size() > 2 && (*text)[0] == '0' && ((*text)[1] == 'x' || (*text)[1] == 'X');
  std::string digits = hex ? text->substr(2) : *text;
  bool ok = !digits.empty() && digits.size() <= 40 &&
            std::all_of(digits.begin(), digits.end(), [&](char c) {
              return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                         : std::isdigit(static_cast<unsigned char>(c)) != 0;
            });
  if (!ok) {
    error(here, what + " \"" + *text + "\" is not a number", range);
    return std::nullopt;
  }
  mpz_class value(digits, hex ? 16 : 10);
  if (value < min || value > max) {
    error(here, what + " " + *text + " is out of range", range);
    return std::nullopt;
  }
  return value.get_ui();
}

}  // namespace p4nf::config
