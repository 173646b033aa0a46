// `p4nf down`: detach and unpin everything a deployment made (and its sandbox).
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addDownCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
