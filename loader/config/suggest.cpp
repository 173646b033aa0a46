#include "loader/config/suggest.h"

#include <algorithm>

namespace p4nf::config {
namespace {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::optional<std::string> closestName(const std::string& word,
                                       const std::vector<std::string>& candidates) {
  // Names in configs are short; long inputs (fuzzing, pasted junk) are never typos.
  if (word.size() > 256) return std::nullopt;
  std::optional<std::string> best;
  size_t bestDistance = 3;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > 256) continue;
    size_t distance = editDistance(word, candidate);
    if (distance < bestDistance && distance < word.size()) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  auto best = closestName(word, candidates);
  return best ? " (did you mean \"" + *best + "\"?)" : "";
}

std::string joinNames(const std::vector<std::string>& names, const std::string& none) {
  if (names.empty()) return none;
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace p4nf::config
