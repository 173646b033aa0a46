// Diagnostics: `file:line:col: error: message`, the source line and a caret.
//
// Every phase reports through one Diagnostics object and carries on where it can, so a run
// shows several errors at once. Nothing here throws; callers check hasErrors() between
// phases and stop before a phase that needs a well-formed input.
#pragma once

#include <fmt/format.h>

#include <iosfwd>
#include <string>
#include <vector>

#include "frontend/source.h"

namespace p4nfc {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity;
  SourceLoc loc;
  std::string message;
};

class Diagnostics {
 public:
  explicit Diagnostics(SourceManager& sources) : sources_(sources) {}

  void error(SourceLoc loc, std::string message);
  void warning(SourceLoc loc, std::string message);
  void note(SourceLoc loc, std::string message);

  template <typename... Args>
  void error(SourceLoc loc, fmt::format_string<Args...> f, Args&&... args) {
    error(loc, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void warning(SourceLoc loc, fmt::format_string<Args...> f, Args&&... args) {
    warning(loc, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void note(SourceLoc loc, fmt::format_string<Args...> f, Args&&... args) {
    note(loc, fmt::format(f, std::forward<Args>(args)...));
  }

  bool hasErrors() const { return errorCount_ > 0; }
  size_t errorCount() const { return errorCount_; }
  size_t warningCount() const { return warningCount_; }
  const std::vector<Diagnostic>& all() const { return diags_; }

  // After this many errors further ones are counted but not stored, so a pathological
  // input cannot make the compiler spend its time formatting messages.
  static constexpr size_t kMaxErrors = 50;

  // Writes every diagnostic, in the order reported, with source line and caret.
  void print(std::ostream& out) const;
  std::string render(const Diagnostic& d) const;

  SourceManager& sources() { return sources_; }

 private:
  SourceManager& sources_;
  std::vector<Diagnostic> diags_;
  size_t errorCount_ = 0;
  size_t warningCount_ = 0;
};

}  // namespace p4nfc
