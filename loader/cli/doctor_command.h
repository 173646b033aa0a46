// `p4nf doctor [-o json]`: what this kernel offers p4nf, probed (loader/kernel_features.h):
// the kernel release, every feature p4nf uses with whether it is there, and the mechanisms
// p4nf chose. Exit 0 when everything a deployment always needs is there, 1 otherwise.
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

void addDoctorCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
