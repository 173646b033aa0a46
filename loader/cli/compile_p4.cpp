#include "cli/compile_p4.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#ifdef P4NF_HAVE_CODEGEN
#include "codegen/codegen.h"
#include "frontend/frontend.h"
#endif

namespace p4nf::cli {

#ifdef P4NF_HAVE_CODEGEN
bool haveCompiler() { return true; }

// The same phases as p4nfc: cpp + parse, check, generate; diagnostics go to stderr.
std::optional<std::string> compileP4(const CompileRequest& request) {
  p4nfc::Compilation compilation;
  p4nfc::FrontendOptions frontend;
  bool ok = compilation.parseFile(request.source, frontend) && compilation.program;
  if (ok) ok = compilation.check();
  if (!ok || compilation.diags.hasErrors()) {
    compilation.diags.print(std::cerr);
    return std::nullopt;
  }
  p4nfc::codegen::CodegenOptions options;
  options.target = request.target;
  options.sourcePath = request.source;
  p4nfc::codegen::CodegenResult result = p4nfc::codegen::generate(compilation, options);
  compilation.diags.print(std::cerr);
  if (!result.ok || compilation.diags.hasErrors()) return std::nullopt;
  if (!request.outputPath.empty()) {
    std::ofstream out(request.outputPath, std::ios::binary);
    out << result.output;
    if (!out) {
      std::fprintf(stderr, "p4nf: error: cannot write %s\n", request.outputPath.c_str());
      return std::nullopt;
    }
  }
  return result.output;
}
#else
// Built without the code generator: `p4nf test` takes prebuilt objects only.
bool haveCompiler() { return false; }

std::optional<std::string> compileP4(const CompileRequest& request) {
  std::fprintf(stderr,
               "p4nf: error: this build of p4nf has no code generator, so it cannot compile "
               "%s; pass an object built by p4nfc (.o) instead\n",
               request.source.c_str());
  return std::nullopt;
}
#endif

}  // namespace p4nf::cli
