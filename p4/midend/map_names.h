// BPF map names: C identifiers (they are ELF symbols and BTF names) of at most 15
// characters (the kernel truncates longer ones), unique within one object.
#pragma once

#include <set>
#include <string>

namespace p4nfc::midend {

class MapNames {
 public:
  // `prefix` + the sanitised `base`, shortened and suffixed with a number when needed.
  std::string allocate(const std::string& prefix, const std::string& base);
  void reserve(const std::string& name) { used_.insert(name); }

 private:
  std::set<std::string> used_;
};

// Replaces every character that may not appear in a C identifier with '_'.
std::string sanitizeIdentifier(const std::string& text);

}  // namespace p4nfc::midend
