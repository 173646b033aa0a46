// Reading the one YAML document of a config file with yaml-cpp, safely.
//
// yaml-cpp 0.7 (Debian 12's) can loop forever in YAML::LoadAll, allocating as it goes: a
// token its document parser does not expect at the start of a document (a stray ',' as
// in ", x", or after "- a\n") is never consumed, so every call of HandleNextDocument
// returns another empty document at the same place (jbeder/yaml-cpp#1040, fixed upstream
// in 0.8.0). Found by tests/fuzz/config_fuzzer. This reader walks the documents itself,
// through the public event API, and reports a document that starts where the previous
// one started as the syntax error it is.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace p4nf::config {

struct YamlDocument {
  YAML::Node root;  // the first document; null when the text holds none (or only comments)
  // Where a second document's content starts (yaml-cpp's 0-based mark), when there is one.
  std::optional<YAML::Mark> second;
};

// Throws YAML::ParserException (with its mark) when the text is not valid YAML.
YamlDocument loadYamlDocument(const std::string& text);

}  // namespace p4nf::config
