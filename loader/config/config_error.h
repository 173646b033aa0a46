// Errors in a deployment config, each at a file:line:col. The parser and the validator
// collect every error of a run in a Diagnostics list instead of stopping at the first,
// so that one `p4nf up` shows the user everything to fix; ConfigError carries them all.
#pragma once

#include <string>
#include <vector>

#include "loader/config/model.h"
#include "loader/loader_error.h"

namespace p4nf::config {

struct Diagnostic {
  Mark at;
  std::string message;   // what is wrong
  std::string expected;  // what would be right; may be empty

  // "file:line:col: error: <message>; expected <expected>"
  std::string render() const;
};

class Diagnostics {
 public:
  // The same message at the same place is kept once (a module checked for two targets,
  // a translator run twice, report the same mistake twice otherwise).
  void error(const Mark& at, const std::string& message, const std::string& expected = {});
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& all() const { return list_; }
  // Throws ConfigError with every diagnostic, in file order, when there is any.
  void throwIfAny() const;

 private:
  std::vector<Diagnostic> list_;
};

class ConfigError : public LoaderError {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace p4nf::config
