// `p4nf status [-o json]`: what each deployment runs, read from its pins.
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addStatusCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
