// The exit codes of every p4nf command (also in docs/loader.md), so that scripts can tell
// "your config is wrong" from "the kernel said no" from "nothing is deployed".
#pragma once

namespace p4nf::cli {

inline constexpr int kExitOk = 0;
// `test`: a packet did not match; `status`: the deployment has problems (a hook runs
// something else, a pin is missing); `table del`: no such entry.
inline constexpr int kExitFailed = 1;
// The operation failed and was rolled back (or could not start): the kernel refused a
// program, an interface vanished, a pin is missing... Nothing was changed.
inline constexpr int kExitError = 2;
// The config is invalid (every error printed with file:line:col), or names an interface
// that does not exist; nothing was touched.
inline constexpr int kExitConfig = 3;
// `status`, `table`: no such deployment (nothing was deployed).
inline constexpr int kExitNoDeployment = 4;
// The kernel lacks a feature the deployment or test needs (each named, with `p4nf doctor`
// and docs/kernel.md to say more); nothing was changed. Tests map it to "skipped".
inline constexpr int kExitKernel = 5;
// Bad command line (unknown option, missing argument); for `table` and `counter`, a module,
// table, counter, key, action or parameter name that does not exist, or a value that does
// not parse or fit.
inline constexpr int kExitUsage = 64;

// Each code with what it means, short: `p4nf --help`'s footer and the man pages' EXIT
// STATUS are written from this list.
struct ExitCodeMeaning {
  int code;
  const char* meaning;
};
inline constexpr ExitCodeMeaning kExitCodeMeanings[] = {
    {kExitOk, "ok"},
    {kExitFailed, "failed check (test/status/table del)"},
    {kExitError, "operation failed and rolled back (or the agent could not start)"},
    {kExitConfig, "invalid config (or a missing interface)"},
    {kExitNoDeployment, "no such deployment"},
    {kExitKernel, "the kernel lacks a feature (see p4nf doctor)"},
    {kExitUsage, "bad command line (for table and counter: a bad name or value)"},
};

}  // namespace p4nf::cli
