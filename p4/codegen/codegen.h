// The code generator: a checked P4 program (Compilation after check()) -> a BPF object
// (or LLVM IR) with its manifest. Everything it cannot translate yet is reported through
// the compilation's Diagnostics as "not supported yet: <construct>" at the construct.
#pragma once

#include <string>

namespace p4nfc {
class Compilation;
}

namespace p4nfc::codegen {

struct CodegenOptions {
  std::string target = "xdp";  // "xdp" or "tc"
  int optLevel = 2;            // 0..2
  bool emitLlvm = false;       // textual IR instead of an ELF object
  std::string cpu = "v3";
  std::string lpm = "auto";    // lpm tables without @p4nf_lpm: "auto", "trie" or "dir24"
  std::string sourcePath;      // the P4 file (line info, manifest); defaults to the main file
};

struct CodegenResult {
  bool ok = false;
  std::string output;    // the ELF object bytes, or IR text with emitLlvm
  std::string manifest;  // the manifest JSON
};

// Reports errors to compilation.diags; result.ok is false if any was reported.
CodegenResult generate(Compilation& compilation, const CodegenOptions& options);

}  // namespace p4nfc::codegen
