// Which lookup scheme an lpm table gets (docs/manifest.md, "lpm"): the size rule, the
// @p4nf_lpm annotation, p4nfc --lpm, and the error for a table that cannot have dir24.
// Compile-only: the manifest says what the compiler chose.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "codegen/codegen.h"
#include "codegen_harness.h"
#include "frontend/frontend.h"

namespace p4nfc::codegen_test {
namespace {

// One table `routes` keyed by `keys`, of `size` entries, with `annotation` in front.
std::string program(const std::string& annotation, const std::string& keys, int size) {
  std::ostringstream p;
  p << R"(#include <core.p4>
#include <pna.p4>
header ipv4_h { bit<64> skip; bit<8> ttl; bit<8> protocol; bit<16> checksum; bit<32> src; bit<32> dst; }
struct headers_t { ipv4_h ipv4; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.ipv4); transition accept; }
}
control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) { apply { } }
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    action to(PortId_t port) { send_to_port(port); }
    )" << annotation << R"(
    table routes { key = { )" << keys << R"( } actions = { to; NoAction; } size = )" << size << R"(; }
    apply { routes.apply(); }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ipv4); }
}
PNA_NIC(P(), NoPre(), C(), D()) main;
)";
  return p.str();
}

struct Outcome {
  bool ok = false;
  std::string scheme;  // "trie" when the manifest names none
  std::string diagnostics;
};

Outcome compile(const std::string& source, const std::string& lpm = "auto") {
  std::string path = ::testing::TempDir() + "lpm_scheme_" + std::to_string(::getpid()) + ".p4";
  std::ofstream(path) << source;
  Compilation c;
  Outcome out;
  bool ok = c.parseFile(path, FrontendOptions{}) && c.program && c.check() && !c.diags.hasErrors();
  if (ok) {
    codegen::CodegenOptions options;
    options.lpm = lpm;
    options.sourcePath = path;
    auto result = codegen::generate(c, options);
    out.ok = result.ok;
    if (result.ok) {
      p4nf::Manifest manifest = p4nf::parseManifest(result.manifest);
      if (!manifest.tables.empty()) out.scheme = manifest.tables[0].dir24 ? "dir24" : "trie";
    }
  }
  std::ostringstream diagnostics;
  c.diags.print(diagnostics);
  out.diagnostics = diagnostics.str();
  std::remove(path.c_str());
  return out;
}

const char* kDst = "hdr.ipv4.dst : lpm;";
const char* kTwoKeys = "hdr.ipv4.protocol : exact; hdr.ipv4.dst : lpm;";

TEST(LpmScheme, BigTablesOfOneAddressGetDir24) {
  EXPECT_EQ(compile(program("", kDst, 65536)).scheme, "dir24");
  EXPECT_EQ(compile(program("", kDst, 65535)).scheme, "trie");
  EXPECT_EQ(compile(program("", kTwoKeys, 1 << 20)).scheme, "trie") << "an exact key in front";
}

TEST(LpmScheme, TheAnnotationChooses) {
  EXPECT_EQ(compile(program("@p4nf_lpm(\"dir24\")", kDst, 16)).scheme, "dir24");
  EXPECT_EQ(compile(program("@p4nf_lpm(\"trie\")", kDst, 1 << 20)).scheme, "trie");
  // The annotation wins over --lpm.
  EXPECT_EQ(compile(program("@p4nf_lpm(\"trie\")", kDst, 16), "dir24").scheme, "trie");
}

TEST(LpmScheme, TheCommandLineSetsTheDefault) {
  EXPECT_EQ(compile(program("", kDst, 1 << 20), "trie").scheme, "trie");
  EXPECT_EQ(compile(program("", kDst, 16), "dir24").scheme, "dir24");
  EXPECT_EQ(compile(program("", kTwoKeys, 16), "dir24").scheme, "trie") << "only where it fits";
}

TEST(LpmScheme, Dir24ForATableThatCannotHaveItIsAnError) {
  Outcome out = compile(program("@p4nf_lpm(\"dir24\")", kTwoKeys, 16));
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.diagnostics.find("error: @p4nf_lpm(\"dir24\") needs a table whose only key is a 32-bit lpm field"),
            std::string::npos)
      << out.diagnostics;
  out = compile(program("@p4nf_lpm(\"fast\")", kDst, 16));
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.diagnostics.find("@p4nf_lpm takes one string: \"dir24\" or \"trie\""), std::string::npos)
      << out.diagnostics;
}

}  // namespace
}  // namespace p4nfc::codegen_test
