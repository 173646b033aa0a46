#include "loader/config/config_error.h"

#include <algorithm>
#include <tuple>

namespace p4nf::config {
namespace {

std::string renderAll(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += (text.empty() ? "" : "\n") + d.render();
  return text;
}

}  // namespace

std::string Diagnostic::render() const {
  std::string text = at.file;
  if (at.line > 0) text += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  text += ": error: " + message;
  if (!expected.empty()) text += "; expected " + expected;
  return text;
}

void Diagnostics::error(const Mark& at, const std::string& message, const std::string& expected) {
  for (const Diagnostic& d : list_)
    if (d.at.file == at.file && d.at.line == at.line && d.at.column == at.column &&
        d.message == message)
      return;
  list_.push_back({at, message, expected});
}

void Diagnostics::throwIfAny() const {
  if (list_.empty()) return;
  // In file order; the order of finding breaks ties (std::stable_sort warns with clang 19
  // and libstdc++ 12, so the index is part of the key instead).
  std::vector<size_t> order(list_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Mark& a = list_[x].at;
    const Mark& b = list_[y].at;
    return std::tie(a.file, a.line, a.column, x) < std::tie(b.file, b.line, b.column, y);
  });
  std::vector<Diagnostic> sorted;
  for (size_t i : order) sorted.push_back(list_[i]);
  throw ConfigError(std::move(sorted));
}

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : LoaderError(renderAll(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace p4nf::config
