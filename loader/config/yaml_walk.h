// Reading YAML nodes with positions and collected errors. yaml-cpp parses but does not
// check: a duplicate key is kept twice (and node["key"] silently finds the first), and a
// wrong type only shows as an exception without a place. YamlWalker turns each of these
// into a Diagnostic at the node's line and column, so that the parser and the module
// translators (translator.h) report mistakes the same way.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "loader/config/config_error.h"
#include "loader/config/model.h"

namespace p4nf::config {

struct MapField {
  std::string key;
  Mark keyAt;
  YAML::Node value;
  Mark valueAt;  // the value's position, or the key's when the value is empty
};

class YamlWalker {
 public:
  YamlWalker(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }
  void error(const Mark& at, const std::string& message, const std::string& expected = {}) {
    diagnostics_.error(at, message, expected);
  }

  // The node's position (1-based), or `fallback` when yaml-cpp has none for it.
  Mark mark(const YAML::Node& node, const Mark& fallback) const;

  // The fields of a mapping, in file order. Reports (and drops): a node that is not a
  // mapping (then returns std::nullopt), keys that are not plain scalars, duplicate keys
  // (the later ones), and, when `allowed` is given, keys not in it, with a suggestion.
  // `what` names the mapping in messages ("module \"fwd\"").
  std::optional<std::vector<MapField>> mapping(const YAML::Node& node, const Mark& at,
                                               const std::string& what,
                                               const std::vector<std::string>* allowed = nullptr,
                                               const std::string& expected = "a mapping");
  // The items of a sequence; reports a node that is not one.
  std::optional<std::vector<YAML::Node>> sequence(const YAML::Node& node, const Mark& at,
                                                  const std::string& what,
                                                  const std::string& expected = "a list");
  // A scalar's text; reports a mapping, a sequence or an empty value.
  std::optional<std::string> scalar(const YAML::Node& node, const Mark& at,
                                    const std::string& what, const std::string& expected);
  // A scalar number (decimal, 0x hex, 0b binary) in [min, max].
  std::optional<uint64_t> number(const YAML::Node& node, const Mark& at, const std::string& what,
                                 uint64_t min, uint64_t max);
  // The same for text already read (a mapping's key).
  std::optional<uint64_t> numberFromText(const std::string& text, const Mark& at,
                                         const std::string& what, uint64_t min, uint64_t max);
  // The unknown-key error, for callers that decide what is allowed themselves.
  void unknownKey(const MapField& field, const std::string& where,
                  const std::vector<std::string>& allowed);

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

// "a mapping", "a list", "a scalar", "nothing" for messages about a wrong type.
std::string describeNode(const YAML::Node& node);

}  // namespace p4nf::config
