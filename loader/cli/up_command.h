// `p4nf up` (apply, then stay as the agent) and `p4nf apply` (apply once, hitlessly).
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addUpCommand(CLI::App& app, int& exitCode);
void addApplyCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
