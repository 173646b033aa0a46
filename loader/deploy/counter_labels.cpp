#include "loader/deploy/counter_labels.h"

#include <map>
#include <utility>

namespace p4nf::deploy {
namespace {

// Function-local: modules register from static initialisers of other translation units.
std::map<std::pair<std::string, std::string>, std::vector<std::string>>& registry() {
  static std::map<std::pair<std::string, std::string>, std::vector<std::string>> labels;
  return labels;
}

}  // namespace

void registerCounterLabels(const std::string& nfName, const std::string& counter,
                           std::vector<std::string> labels) {
  if (labels.empty()) {
    registry().erase({nfName, counter});
    return;
  }
  registry()[{nfName, counter}] = std::move(labels);
}

const std::vector<std::string>* findCounterLabels(const std::string& nfName,
                                                  const std::string& counterName) {
  if (nfName.empty()) return nullptr;
  auto it = registry().find({nfName, counterName});
  if (it == registry().end()) {
    std::string bare = counterName.substr(counterName.find_last_of('.') + 1);
    it = registry().find({nfName, bare});
  }
  return it == registry().end() ? nullptr : &it->second;
}

}  // namespace p4nf::deploy
