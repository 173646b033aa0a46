// The bridge from the p4nf command to the compiler library: P4 source -> object bytes.
// It is the only place in the loader that knows the compiler exists, so that libp4nf
// itself stays free of LLVM.
#pragma once

#include <optional>
#include <string>

namespace p4nf::cli {

struct CompileRequest {
  std::string source;  // path of the .p4 file
  std::string target = "xdp";
  std::string outputPath;  // empty: keep the object in memory only
};

// The object's bytes, or std::nullopt after printing the compiler's diagnostics to stderr.
std::optional<std::string> compileP4(const CompileRequest& request);

// False when this build has no code generator (p4nfc_codegen) linked in.
bool haveCompiler();

}  // namespace p4nf::cli
