#include "cli/test_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli/compile_p4.h"
#include "cli/exit_codes.h"
#include "loader/kernel_features.h"
#include "loader/loader_error.h"
#include "loader/object_loader.h"
#include "loader/stf/stf_runner.h"

namespace p4nf::cli {
namespace {

struct TestOptions {
  std::string program;
  std::string stf;
  std::string target = "xdp";
  bool stats = false;
};

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string readFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw LoaderError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Compiles (or reads) the program and loads it, after checking that the kernel has what
// the object and its test runs need: a missing feature is named, not met half-way.
std::unique_ptr<LoadedObject> loadProgram(const TestOptions& options) {
  std::optional<std::string> elf;
  if (endsWith(options.program, ".o"))
    elf = readFile(options.program);
  else
    elf = compileP4({options.program, options.target, ""});
  if (!elf) return nullptr;
  requireObjectFeatures(*elf, options.program);
  auto object = LoadedObject::fromMemory(std::move(*elf), options.program);
  std::string testRun = object->programType() == ProgramType::Xdp ? "test_run:xdp" : "test_run:sched_cls";
  FeatureStatus status = KernelFeatures::instance().status(testRun);
  if (!status.available)
    throwIfMissing({{options.program + ": the kernel lacks BPF_PROG_TEST_RUN for this program type (" + testRun +
                         ": " + status.detail + "), which p4nf test runs packets with",
                     status.denied}});
  return object;
}

void printStats(const LoadedObject& object) {
  ProgramStats stats = object.stats();
  std::printf(
      "program %s: verified %u instructions; xlated %u bytes (%u instructions); jited %u bytes\n",
      object.programName().c_str(), stats.verifiedInstructions, stats.xlatedBytes,
      stats.xlatedBytes / 8, stats.jitedBytes);
}

// Exit codes: 0 all passed, 1 some packet failed, 2 the test could not run, 5 the kernel
// lacks a feature the program or the test needs.
int runTest(const TestOptions& options) {
  try {
    // Parse the script first: its syntax errors need no kernel.
    stf::Script script = stf::parseFile(options.stf);
    auto object = loadProgram(options);
    if (!object) return kExitError;
    if (options.stats) printStats(*object);
    stf::Runner runner(*object, std::cout);
    runner.installInitialEntries();
    stf::RunSummary summary = runner.run(script);
    std::cout << options.stf << ": " << summary.packets << " packets, " << summary.passed
              << " passed, " << summary.failed << " failed\n";
    return summary.ok() ? kExitOk : kExitFailed;
  } catch (const KernelFeatureError& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return error.denied() ? kExitError : kExitKernel;
  } catch (const LoaderError& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitError;
  }
}

}  // namespace

void addTestCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand("test", "Run an STF packet test against the kernel");
  command->footer(
      "Compiles the program (or takes the object), loads it, fills its tables and runs each\n"
      "packet of the STF script through it with BPF_PROG_TEST_RUN (docs/stf.md). Exit 1\n"
      "when a packet does not match, 5 when the kernel lacks a feature the program needs.\n"
      "\n"
      "Example:\n"
      "  p4nf test nf/router/router.p4 nf/router/tests/router_ipv4.stf --target tc");
  command
      ->add_option("program", options->program,
                   "The P4 program (.p4), or an object built by p4nfc (.o)")
      ->required();
  command->add_option("stf", options->stf, "The STF test script")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--target", options->target, "Hook to compile for: xdp or tc (default xdp)")
      ->check(CLI::IsMember({"xdp", "tc"}));
  command->add_flag("--stats", options->stats,
                    "Print the verifier's processed-instruction count and the program's sizes");
  command->callback([options, &exitCode] { exitCode = runTest(*options); });
}

void addCompileCommand(CLI::App& app, int& exitCode) {
  struct CompileOptions {
    std::string source, output, target = "xdp";
  };
  auto options = std::make_shared<CompileOptions>();
  CLI::App* command = app.add_subcommand("compile", "Compile a P4 program (same as p4nfc)");
  command->footer(
      "Diagnostics read file:line:col: error: message on stderr; exit 1 on an error.\n"
      "\n"
      "Example:\n"
      "  p4nf compile prog.p4 -o prog.o --target tc");
  command->add_option("program", options->source, "The P4 program")->required();
  command->add_option("-o,--output", options->output, "The object to write")->required();
  command->add_option("--target", options->target, "xdp or tc")
      ->check(CLI::IsMember({"xdp", "tc"}));
  command->callback([options, &exitCode] {
    exitCode =
        compileP4({options->source, options->target, options->output}) ? kExitOk : kExitFailed;
  });
}

}  // namespace p4nf::cli
