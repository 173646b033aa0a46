#include "loader/config/translator.h"

#include <map>

namespace p4nf::config {
namespace {

// A function-local static: translators may register from static initialisers of other
// translation units, whose order relative to this one is unspecified.
std::map<std::string, Translator>& registry() {
  static std::map<std::string, Translator> translators;
  return translators;
}

}  // namespace

void registerTranslator(const std::string& nfName, Translator translator) {
  if (!translator) {
    registry().erase(nfName);
    return;
  }
  registry()[nfName] = std::move(translator);
}

const Translator* findTranslator(const std::string& nfName) {
  auto it = registry().find(nfName);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> registeredTranslators() {
  std::vector<std::string> names;
  for (const auto& [name, translator] : registry()) names.push_back(name);
  return names;
}

}  // namespace p4nf::config
