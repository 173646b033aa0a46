// `p4nf table dump|add|del <module>.<table> ...`: a running deployment's table entries by
// manifest names, with typed values (loader/value_codec.h).
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addTableCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
