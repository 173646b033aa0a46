// p4nf: the loader's command line. For now `test` (STF packet tests against the running
// kernel) and `compile` (the same as p4nfc); `up`, `apply`, `table` and the rest follow
// with the full loader (DESIGN.md section 5).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/compile_p4.h"
#include "loader/loader_error.h"
#include "loader/object_loader.h"
#include "loader/stf/stf_runner.h"

namespace {

// Exit codes: 0 all passed, 1 some packet failed, 2 the test could not run.
constexpr int kExitFailed = 1;
constexpr int kExitError = 2;

struct TestOptions {
  std::string program;
  std::string stf;
  std::string target = "xdp";
  bool stats = false;
};

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::unique_ptr<p4nf::LoadedObject> loadProgram(const TestOptions& options) {
  if (endsWith(options.program, ".o")) return p4nf::LoadedObject::fromFile(options.program);
  auto elf = p4nf::cli::compileP4({options.program, options.target, ""});
  if (!elf) return nullptr;
  return p4nf::LoadedObject::fromMemory(std::move(*elf), options.program);
}

void printStats(const p4nf::LoadedObject& object) {
  p4nf::ProgramStats stats = object.stats();
  std::printf("program %s: verified %u instructions; xlated %u bytes (%u instructions); jited %u bytes\n",
              object.programName().c_str(), stats.verifiedInstructions, stats.xlatedBytes,
              stats.xlatedBytes / 8, stats.jitedBytes);
}

int runTest(const TestOptions& options) {
  try {
    // Parse the script first: its syntax errors need no kernel.
    p4nf::stf::Script script = p4nf::stf::parseFile(options.stf);
    auto object = loadProgram(options);
    if (!object) return kExitError;
    if (options.stats) printStats(*object);
    p4nf::stf::Runner runner(*object, std::cout);
    runner.installInitialEntries();
    p4nf::stf::RunSummary summary = runner.run(script);
    std::cout << options.stf << ": " << summary.packets << " packets, " << summary.passed
              << " passed, " << summary.failed << " failed\n";
    return summary.ok() ? 0 : kExitFailed;
  } catch (const p4nf::LoaderError& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitError;
  }
}

int runCompile(const std::string& source, const std::string& output, const std::string& target) {
  auto elf = p4nf::cli::compileP4({source, target, output});
  return elf ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"p4nf: load, test and run P4 network functions compiled by p4nfc"};
  app.require_subcommand(1);

  TestOptions test;
  CLI::App* testCommand = app.add_subcommand("test", "Run an STF packet test against the kernel");
  testCommand->add_option("program", test.program, "The P4 program (.p4), or an object built by p4nfc (.o)")
      ->required();
  testCommand->add_option("stf", test.stf, "The STF test script")->required()->check(CLI::ExistingFile);
  testCommand->add_option("--target", test.target, "Hook to compile for: xdp or tc (default xdp)")
      ->check(CLI::IsMember({"xdp", "tc"}));
  testCommand->add_flag("--stats", test.stats,
                        "Print the verifier's processed-instruction count and the program's sizes");

  std::string source, output, target = "xdp";
  CLI::App* compileCommand = app.add_subcommand("compile", "Compile a P4 program (same as p4nfc)");
  compileCommand->add_option("program", source, "The P4 program")->required();
  compileCommand->add_option("-o,--output", output, "The object to write")->required();
  compileCommand->add_option("--target", target, "xdp or tc")->check(CLI::IsMember({"xdp", "tc"}));

  CLI11_PARSE(app, argc, argv);
  if (testCommand->parsed()) return runTest(test);
  if (compileCommand->parsed()) return runCompile(source, output, target);
  return kExitError;
}
