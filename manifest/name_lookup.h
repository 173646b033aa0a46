// How a name resolves against the manifest's names (docs/manifest.md: "the bare name also
// resolves if unique"), for tables, actions, keys and externs alike: the full name wins;
// otherwise a shorter name matches every full name that ends with "." + name ("nh_table"
// matches "ingress.nh_table", "ipv4.dst" matches "hdr.ipv4.dst"), and it must match
// exactly one.
#pragma once

#include <string>
#include <vector>

namespace p4nf {

inline bool nameMatches(const std::string& full, const std::string& name) {
  if (full == name) return true;
  return full.size() > name.size() && full.compare(full.size() - name.size(), name.size(), name) == 0 &&
         full[full.size() - name.size() - 1] == '.';
}

// nullptr when `name` is unknown or ambiguous.
template <typename T, typename NameOf>
const T* lookupByName(const std::vector<T>& items, const std::string& name, NameOf nameOf) {
  for (const T& item : items)
    if (nameOf(item) == name) return &item;
  const T* found = nullptr;
  for (const T& item : items) {
    if (!nameMatches(nameOf(item), name)) continue;
    if (found) return nullptr;
    found = &item;
  }
  return found;
}

}  // namespace p4nf
