// `p4nf test prog.p4|prog.o script.stf` (STF packet tests against the running kernel) and
// `p4nf compile` (the same as p4nfc).
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addTestCommand(CLI::App& app, int& exitCode);
void addCompileCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
