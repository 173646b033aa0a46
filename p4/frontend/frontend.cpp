// Compilation: the front end's phases in order.
#include "frontend/frontend.h"

#include <cstdlib>

#include "common/install_layout.h"
#include "frontend/lexer.h"
#include "frontend/parser.h"
#include "frontend/preprocess.h"

#if __has_include("frontend/sema.h")
#include "frontend/sema.h"
#define P4NFC_HAVE_SEMA 1
#else
namespace p4nfc {
class Sema {};  // semantic analysis is not part of this build yet
}  // namespace p4nfc
#endif

#ifndef P4NFC_INCLUDE_DIR
#define P4NFC_INCLUDE_DIR "p4/include"
#endif

namespace p4nfc {

Compilation::Compilation() = default;
Compilation::~Compilation() = default;

std::string defaultSystemIncludeDir() {
  const char* env = std::getenv("P4NFC_INCLUDE");
  if (env && *env) return env;
  return p4nf::install::includeDir(P4NFC_INCLUDE_DIR);
}

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
#ifdef P4NFC_HAVE_SEMA
  sema = std::make_unique<Sema>(*this);
  return sema->run() && !diags.hasErrors();
#else
  return true;
#endif
}

}  // namespace p4nfc
