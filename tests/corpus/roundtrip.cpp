// corpus_roundtrip PROGRAM [-I DIR]... : the printer's round trip on one program.
//
//   1. parse PROGRAM; print it (--pp) into a temporary file; parse that;
//   2. the two trees must dump identically (without locations): printing lost nothing;
//   3. printing the second tree must give the same text: the printer is a fixpoint;
//   4. both programs must type-check.
// On failure it says which step failed, shows where the dumps or texts first differ, and
// keeps the temporary file for inspection.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/ast_dump.h"
#include "frontend/frontend.h"
#include "frontend/printer.h"

namespace {

using p4nfc::Compilation;

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Prints a few lines around the first difference of two texts.
void showFirstDifference(const std::string& expected, const std::string& actual) {
  auto a = splitLines(expected);
  auto b = splitLines(actual);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = i >= 3 ? i - 3 : 0;
  std::cerr << fmt::format("first difference at line {}:\n", i + 1);
  for (size_t k = from; k < i; ++k) std::cerr << "  " << a[k] << '\n';
  for (size_t k = i; k < a.size() && k < i + 3; ++k) std::cerr << "- " << a[k] << '\n';
  for (size_t k = i; k < b.size() && k < i + 3; ++k) std::cerr << "+ " << b[k] << '\n';
}

// Parses `path`; reports and returns null on errors.
std::unique_ptr<Compilation> parse(const std::string& path, const p4nfc::FrontendOptions& opts) {
  auto c = std::make_unique<Compilation>();
  bool ok = c->parseFile(path, opts) && c->program && !c->diags.hasErrors();
  if (!ok) {
    c->diags.print(std::cerr);
    return nullptr;
  }
  return c;
}

bool check(Compilation& c, const std::string& what) {
  bool ok = c.check() && !c.diags.hasErrors();
  if (!ok) {
    std::cerr << fmt::format("FAIL: {} does not type-check:\n", what);
    c.diags.print(std::cerr);
  }
  return ok;
}

std::string temporaryPath(const std::string& program) {
  auto dir = std::filesystem::temp_directory_path();
  auto base = std::filesystem::path(program).filename().string();
  return (dir / fmt::format("p4nfc-roundtrip-{}-{}", getpid(), base)).string();
}

int roundTrip(const std::string& program, const p4nfc::FrontendOptions& opts) {
  auto original = parse(program, opts);
  if (!original) {
    std::cerr << fmt::format("FAIL: {} does not parse\n", program);
    return 1;
  }
  std::string originalDump = p4nfc::dumpAst(*original->program, false);
  std::string printed = p4nfc::printProgram(*original->program, original->sources);

  std::string reprintedPath = temporaryPath(program);
  {
    std::ofstream out(reprintedPath, std::ios::binary);
    out << printed;
    if (!out) {
      std::cerr << fmt::format("FAIL: cannot write {}\n", reprintedPath);
      return 1;
    }
  }

  bool ok = true;
  auto reprinted = parse(reprintedPath, opts);
  if (!reprinted) {
    std::cerr << fmt::format("FAIL: the printed program {} does not parse\n", reprintedPath);
    ok = false;
  }
  if (ok) {
    std::string reprintedDump = p4nfc::dumpAst(*reprinted->program, false);
    if (reprintedDump != originalDump) {
      std::cerr << "FAIL: the printed program parses to a different tree (- original, + "
                   "printed)\n";
      showFirstDifference(originalDump, reprintedDump);
      ok = false;
    }
    std::string printedTwice = p4nfc::printProgram(*reprinted->program, reprinted->sources);
    if (printedTwice != printed) {
      std::cerr << "FAIL: printing the printed program changes it (- first, + second)\n";
      showFirstDifference(printed, printedTwice);
      ok = false;
    }
  }
  ok = check(*original, program) && ok;
  if (reprinted) ok = check(*reprinted, "the printed program " + reprintedPath) && ok;

  if (ok) {
    std::filesystem::remove(reprintedPath);
  } else {
    std::cerr << fmt::format("the printed program is kept in {}\n", reprintedPath);
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string program;
  p4nfc::FrontendOptions opts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-I" && i + 1 < argc) {
      opts.includeDirs.push_back(argv[++i]);
    } else if (arg.rfind("-I", 0) == 0 && arg.size() > 2) {
      opts.includeDirs.push_back(arg.substr(2));
    } else if (program.empty()) {
      program = arg;
    } else {
      std::cerr << "usage: corpus_roundtrip PROGRAM [-I DIR]...\n";
      return 2;
    }
  }
  if (program.empty()) {
    std::cerr << "usage: corpus_roundtrip PROGRAM [-I DIR]...\n";
    return 2;
  }
  return roundTrip(program, opts);
}
