// p4nfc, the P4 compiler: command line, phases, output.
//
// The driver only sequences the front end (Compilation) and the outputs it was asked for;
// everything it reports goes through Diagnostics, so that every message has the one
// `file:line:col: error: ...` shape. Exit status: 0 on success, 1 on any error (and on any
// warning under -Werror).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "codegen/codegen.h"
#include "common/version.h"
#include "frontend/ast_dump.h"
#include "frontend/frontend.h"
#include "frontend/printer.h"

namespace {

struct DriverOptions {
  std::string input;
  std::string output;
  p4nfc::FrontendOptions frontend;
  bool checkOnly = false;
  bool dumpAst = false;
  bool dumpAstNoLocations = false;  // hidden; for tests that compare trees
  bool prettyPrint = false;
  std::string target = "xdp";
  int optLevel = 2;
  std::string lpm = "auto";
  bool emitLlvm = false;
  std::vector<std::string> warningOptions;  // -Werror arrives as `-W error`

  bool warningsAreErrors() const {
    for (const auto& w : warningOptions)
      if (w == "error") return true;
    return false;
  }
  bool wantsTextOutput() const { return prettyPrint || dumpAst || dumpAstNoLocations; }
};

void fail(const std::string& message) { std::cerr << "p4nfc: error: " << message << '\n'; }

void buildCommandLine(CLI::App& app, DriverOptions& o) {
  app.set_version_flag("--version", fmt::format("p4nfc {}", p4nf::kVersion));
  app.add_option("input", o.input, "The P4-16 program to compile; `-` reads standard input")
      ->required()
      ->type_name("FILE");
  app.add_option("-o,--output", o.output,
                 "Where to write the output (default: standard output for --pp and --dump-ast)")
      ->type_name("FILE");
  app.add_option("-I", o.frontend.includeDirs,
                 "Add a directory to the #include search path (after p4/include)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  app.add_option("-D", o.frontend.defines, "Define a preprocessor macro")
      ->type_name("NAME[=VALUE]")
      ->allow_extra_args(false);

  app.add_flag("--check", o.checkOnly, "Stop after parsing and type checking");
  app.add_flag("--pp", o.prettyPrint,
               "Print the parsed program back as P4 (after checking it, with --check)");
  app.add_flag("--dump-ast", o.dumpAst, "Print the syntax tree, with source locations");
  app.add_flag("--dump-ast-nolocs", o.dumpAstNoLocations, "")->group("");  // for tests

  app.add_option("--target", o.target, "Hook to compile for: xdp or tc (default xdp)")
      ->check(CLI::IsMember({"xdp", "tc"}))
      ->type_name("TARGET");
  app.add_option("-O", o.optLevel, "Optimisation level: -O0, -O1 or -O2 (default -O2)")
      ->type_name("LEVEL");
  app.add_option("--lpm", o.lpm,
                 "Lookup scheme of lpm tables without @p4nf_lpm: auto (dir24 for 32-bit keys in "
                 "tables of 65536 entries or more, else trie), trie or dir24 (default auto)")
      ->check(CLI::IsMember({"auto", "trie", "dir24"}))
      ->type_name("SCHEME");
  app.add_flag("--emit-llvm", o.emitLlvm, "Write LLVM IR instead of a BPF object");
  app.add_option("-W", o.warningOptions, "-Werror: treat warnings as errors")
      ->type_name("error")
      ->allow_extra_args(false);
}

// What CLI11 cannot say well in --help: checked here, with messages in our own format.
bool validateOptions(const DriverOptions& o) {
  if (o.optLevel < 0 || o.optLevel > 2) {
    fail(fmt::format("unknown optimisation level -O{} (use -O0, -O1 or -O2)", o.optLevel));
    return false;
  }
  for (const auto& w : o.warningOptions) {
    if (w != "error") {
      fail(fmt::format("unknown warning option -W{} (only -Werror exists)", w));
      return false;
    }
  }
  return true;
}

// `-` as the input: cpp needs a file, so standard input is copied into a temporary one,
// removed again when the run ends.
class StdinCopy {
 public:
  ~StdinCopy() {
    if (!path_.empty()) std::filesystem::remove_all(std::filesystem::path(path_).parent_path());
  }
  bool create() {
    std::string dir = (std::filesystem::temp_directory_path() / "p4nfc-stdin-XXXXXX").string();
    if (!mkdtemp(dir.data())) {
      fail(fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
      return false;
    }
    path_ = dir + "/stdin.p4";
    std::ofstream out(path_, std::ios::binary);
    out << std::cin.rdbuf();
    out.close();
    if (!out || std::cin.bad()) {
      fail(fmt::format("cannot copy standard input to {}", path_));
      return false;
    }
    return true;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes `text` to -o or standard output. False (after reporting) if the file fails.
bool writeOutput(const DriverOptions& o, const std::string& text) {
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(o.output, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    fail(fmt::format("cannot write '{}': {}", o.output, std::strerror(errno)));
    return false;
  }
  return true;
}

std::string textOutput(const DriverOptions& o, p4nfc::Compilation& c) {
  std::string text;
  if (o.prettyPrint) text += p4nfc::printProgram(*c.program, c.sources);
  if (o.dumpAst) {
    p4nfc::DumpOptions dump;
    dump.withLocations = true;
    dump.sources = &c.sources;
    dump.skipSystemDecls = true;
    text += p4nfc::dumpAst(*c.program, dump);
  }
  if (o.dumpAstNoLocations) text += p4nfc::dumpAst(*c.program, false);
  return text;
}

bool inputExists(const std::string& path) {
  std::ifstream in(path);
  if (in) return true;
  fail(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  return false;
}

// Code generation: a BPF object (default `<input stem>.o`) or, with --emit-llvm, IR
// (default standard output). Diagnostics of all phases are printed once, here.
int generate(const DriverOptions& o, const std::string& input, p4nfc::Compilation& c) {
  p4nfc::codegen::CodegenOptions options;
  options.target = o.target;
  options.optLevel = o.optLevel;
  options.lpm = o.lpm;
  options.emitLlvm = o.emitLlvm;
  options.sourcePath = o.input == "-" ? input : o.input;
  auto result = p4nfc::codegen::generate(c, options);
  c.diags.print(std::cerr);
  if (!result.ok || c.diags.hasErrors()) return 1;
  DriverOptions out = o;
  if (out.output.empty() && !o.emitLlvm)
    out.output = std::filesystem::path(o.input == "-" ? "stdin" : o.input).stem().string() + ".o";
  return writeOutput(out, result.output) ? 0 : 1;
}

// Runs the phases the options ask for. Returns the exit status.
int run(const DriverOptions& o) {
  if (!validateOptions(o)) return 1;
  std::string input = o.input;
  p4nfc::FrontendOptions frontend = o.frontend;
  StdinCopy stdinCopy;
  if (input == "-") {
    if (!stdinCopy.create()) return 1;
    input = stdinCopy.path();
    frontend.includeDirs.push_back(".");  // `#include "x.p4"` is relative to where we run
  }
  if (!inputExists(input)) return 1;

  p4nfc::Compilation c;
  bool ok = c.parseFile(input, frontend) && c.program;
  // Type checking runs unless only the syntax was asked for (--pp / --dump-ast alone).
  bool wantCheck = o.checkOnly || !o.wantsTextOutput();
  if (ok && wantCheck) ok = c.check();
  bool generateCode = ok && !c.diags.hasErrors() && !o.wantsTextOutput() && !o.checkOnly &&
                      !(o.warningsAreErrors() && c.diags.warningCount() > 0);
  if (!generateCode) {
    c.diags.print(std::cerr);
    if (!ok || c.diags.hasErrors()) return 1;
    if (o.warningsAreErrors() && c.diags.warningCount() > 0) {
      fail("warnings are treated as errors (-Werror)");
      return 1;
    }
    if (o.wantsTextOutput()) return writeOutput(o, textOutput(o, c)) ? 0 : 1;
    return 0;
  }
  return generate(o, input, c);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"p4nfc: compiles P4-16 programs for the PNA architecture to eBPF (XDP or TC)",
               "p4nfc"};
  DriverOptions options;
  buildCommandLine(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with status 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    fail(e.what());
    std::cerr << "run 'p4nfc --help' for the options\n";
    return 1;
  }
  return run(options);
}
