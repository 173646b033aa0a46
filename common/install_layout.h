// Where p4nf finds its data (the P4 include files, the nf/ modules) at run time: next to
// the binary that is running, in an installed tree (<prefix>/bin/p4nf ->
// <prefix>/share/p4nf), so that an installed p4nf needs no source tree and no environment
// variable; else (a binary in a build folder) the source tree it was built from, which the
// callers pass in. docs/install.md.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

namespace p4nf::install {

// <prefix>/share/p4nf relative to <prefix>/bin, where `cmake --install` puts the binaries.
inline constexpr const char* kDataFromBin = "../share/p4nf";

// The data folder beside the running executable, when it is an installed tree (it holds
// include/pna.p4); nullopt for a binary in a build folder.
inline std::optional<std::string> installedDataDir() {
  std::error_code error;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  std::filesystem::path data = (exe.parent_path() / kDataFromBin).lexically_normal();
  if (!std::filesystem::is_regular_file(data / "include" / "pna.p4", error)) return std::nullopt;
  return data.string();
}

// The P4 include folder (core.p4, pna.p4, ...): installed, else `sourceFallback`.
inline std::string includeDir(const std::string& sourceFallback) {
  if (auto data = installedDataDir()) return *data + "/include";
  return sourceFallback;
}

// The folder of the prebuilt modules (nf/<name>/<name>.p4): installed, else `sourceFallback`.
inline std::string nfDir(const std::string& sourceFallback) {
  if (auto data = installedDataDir()) return *data + "/nf";
  return sourceFallback;
}

}  // namespace p4nf::install
