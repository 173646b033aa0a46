// libFuzzer target over the whole front end: lex, parse, check, and print.
//
// Each input is the body of a P4 program. The architecture (core.p4 and pna.p4) is
// preprocessed once and prepended, so that inputs reach semantic analysis with the real
// PNA declarations in scope instead of dying on the first undeclared name.
//
// Beyond "no crash, no hang, no sanitizer report", one property is checked: a program that
// parses is printed, and the printed text must parse again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

#include "frontend/frontend.h"
#include "frontend/preprocess.h"
#include "frontend/printer.h"

namespace {

std::string prelude;

std::string preprocessArchitecture() {
  char path[] = "/tmp/p4nfc-fuzz-XXXXXX.p4";
  int fd = mkstemps(path, 3);
  if (fd < 0) return {};
  std::string text = "#include <core.p4>\n#include <pna.p4>\n";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) return {};
  close(fd);
  p4nfc::SourceManager sources;
  p4nfc::Diagnostics diags(sources);
  std::string out;
  bool ok = p4nfc::preprocess(path, p4nfc::defaultSystemIncludeDir(), {}, out, diags);
  unlink(path);
  return ok ? out : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  prelude = preprocessArchitecture();
  if (prelude.empty()) {
    std::fprintf(stderr, "frontend_fuzzer: could not preprocess core.p4 and pna.p4\n");
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  std::string text = prelude + "# 1 \"fuzz.p4\"\n" + body;

  p4nfc::Compilation c;
  c.sources.setFileContents(c.sources.fileId("fuzz.p4"), body);
  if (!c.parseText(text, "fuzz.p4")) return 0;
  c.check();

  // The printer's output must parse: a failure here is a printer or parser bug.
  std::string printed = p4nfc::printProgram(*c.program, c.sources);
  p4nfc::Compilation again;
  std::string reprinted = prelude + "# 1 \"printed.p4\"\n";
  for (size_t pos = 0, next; pos < printed.size(); pos = next + 1) {
    next = printed.find('\n', pos);
    if (next == std::string::npos) next = printed.size();
    std::string_view line(printed.data() + pos, next - pos);
    if (line.rfind("#include", 0) != 0) reprinted.append(line).push_back('\n');
    else reprinted.push_back('\n');  // keep line numbers aligned
  }
  if (!again.parseText(reprinted, "printed.p4")) {
    std::fprintf(stderr, "printed program does not parse:\n%s\n", printed.c_str());
    again.diags.print(std::cerr);
    std::abort();
  }
  return 0;
}
