// The front end as one call: preprocess -> lex -> parse -> semantic analysis.
//
// A Compilation owns everything one run produces: the source files, the diagnostics, the
// AST and the semantic information hung on it. The driver (p4nfc), the tests, the fuzzer
// and later the loader (which compiles `p4:` modules on the fly) all go through here.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"
#include "frontend/diagnostics.h"
#include "frontend/preprocess.h"
#include "frontend/source.h"

namespace p4nfc {

class Sema;  // frontend/sema.h

class Compilation {
 public:
  Compilation();
  ~Compilation();

  SourceManager sources;
  Diagnostics diags{sources};
  std::unique_ptr<Program> program;
  std::unique_ptr<Sema> sema;  // set by check()

  // Runs cpp over `path` and parses the result. False if anything was reported as an error.
  bool parseFile(const std::string& path, const FrontendOptions& options);
  // Parses text that has already been preprocessed (it may contain line markers). `name`
  // is the file name used in diagnostics.
  bool parseText(std::string_view text, const std::string& name);
  // Name resolution, type checking, constant evaluation and the semantic checks.
  bool check();
};

}  // namespace p4nfc
