// `p4nf counter <module>.<counter>`: a running deployment's Counter extern cell by cell
// (packets and bytes per index, summed over CPUs), with the names the module's control
// plane gives its cells (loader/deploy/counter_labels.h), e.g. the router's reasons.
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addCounterCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
