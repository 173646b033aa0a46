// The p4nf command's reference, written from its own CLI11 tree so that it cannot drift
// from what the parser accepts:
//
//   p4nf completion bash       a bash completion script (subcommands, options, their
//                              values: files, text|json, the deployments under /run/p4nf)
//   p4nf man [VERB...]         the man page of p4nf or of one verb (`p4nf man table dump`),
//                              troff on stdout: `p4nf man up | man -l -`
//   p4nf man --dir DIR         every page, p4nf.1 and p4nf-<verb>.1 (the build writes them
//                              to build/loader/man/; scripts/install installs them)
//
// Each verb's long text is its CLI11 footer, which `--help` prints too.
#pragma once

#include <CLI/CLI.hpp>

namespace p4nf::cli {

// Adds `completion` and `man`; call after every other command is added.
void addReferenceCommands(CLI::App& app, int& exitCode);

}  // namespace p4nf::cli
