// Running the C preprocessor over a P4 file, as p4c does.
//
// `cpp -E -x c -undef -nostdinc -I<system dir> -I<user dirs> -D<defines> file`, with line
// markers kept so that the lexer maps every token back to the user's file. cpp is started
// directly (no shell), so paths may contain spaces or quotes; both of its output pipes are
// drained together so a chatty cpp cannot deadlock us, and a cpp that does not finish within
// a generous time limit is killed. cpp's own `file:line:col: error: ...` messages become
// our diagnostics.
#pragma once

#include <string>
#include <vector>

#include "frontend/diagnostics.h"

namespace p4nfc {

struct FrontendOptions {
  std::vector<std::string> includeDirs;  // searched after p4/include
  std::vector<std::string> defines;      // "NAME" or "NAME=VALUE", passed to cpp as -D
  std::string systemIncludeDir;          // p4/include; empty = the built-in default
};

// The directory holding core.p4 and pna.p4: next to the build, or under the install
// prefix (common/install_layout.h); $P4NFC_INCLUDE overrides both.
std::string defaultSystemIncludeDir();

// The preprocessor command; `cpp` unless P4NFC_CPP names another one.
std::string preprocessorCommand();

// Preprocesses `path`; on success `output` holds cpp's output. False (with diagnostics)
// when cpp reported an error or could not be run.
bool preprocess(const std::string& path, const std::string& systemIncludeDir,
                const FrontendOptions& options, std::string& output, Diagnostics& diags);

// Turns cpp's stderr into diagnostics; returns the number of errors found. Exposed for tests.
size_t reportPreprocessorMessages(const std::string& stderrText, Diagnostics& diags);

}  // namespace p4nfc
