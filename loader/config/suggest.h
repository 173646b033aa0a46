// "Did you mean ...?" for misspelt keys and names, and lists of names for messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace p4nf::config {

// The candidate closest to `word` by edit distance, when it is close enough to be a
// plausible typo (at most 2 edits, and fewer edits than the word is long).
std::optional<std::string> closestName(const std::string& word,
                                       const std::vector<std::string>& candidates);

// " (did you mean \"ports\"?)" or "".
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);

// "a, b, c"; `none` when the list is empty.
std::string joinNames(const std::vector<std::string>& names, const std::string& none = "none");

}  // namespace p4nf::config
