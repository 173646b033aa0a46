// Compilation: the front end's phases in order.
#include "frontend/frontend.h"

#include "frontend/lexer.h"
#include "frontend/parser.h"
#include "frontend/preprocess.h"

#include "frontend/sema.h"

namespace p4nfc {

Compilation::Compilation() = default;
Compilation::~Compilation() = default;

bool Compilation::parseFile(const std::string& path, const FrontendOptions& options) {
  std::string includeDir =
      options.systemIncludeDir.empty() ? defaultSystemIncludeDir() : options.systemIncludeDir;
  sources.addSystemDir(includeDir);
  std::string text;
  if (!preprocess(path, includeDir, options, text, diags)) return false;
  program = parseP4(text, sources.fileId(path), diags);
  return !diags.hasErrors();
}

bool Compilation::parseText(std::string_view text, const std::string& name) {
  uint32_t id = sources.fileId(name);
  // Lets diagnostics show the lines and the lexer recover columns of text with no file
  // behind it; line markers in the text still point at the files they name.
  sources.setFileContents(id, std::string(text));
  program = parseP4(text, id, diags);
  return !diags.hasErrors();
}

bool Compilation::check() {
  if (!program || diags.hasErrors()) return false;
  sema = std::make_unique<Sema>(program.get(), sources, diags);
  return sema->run() && !diags.hasErrors();
}

}  // namespace p4nfc
