#include "midend/map_names.h"

#include <cctype>

namespace p4nfc::midend {

constexpr size_t kMaxMapName = 15;

std::string sanitizeIdentifier(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

std::string MapNames::allocate(const std::string& prefix, const std::string& base) {
  std::string name = (prefix + sanitizeIdentifier(base)).substr(0, kMaxMapName);
  if (used_.insert(name).second) return name;
  for (int i = 2;; ++i) {
    std::string suffix = std::to_string(i);
    std::string candidate = name.substr(0, kMaxMapName - suffix.size()) + suffix;
    if (used_.insert(candidate).second) return candidate;
  }
}

}  // namespace p4nfc::midend
