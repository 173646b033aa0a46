// Every program of tests/p4/valid either compiles and passes the kernel verifier (the
// list below), or fails with nothing but clean "not supported yet" errors: never a crash,
// an internal error or a verifier rejection.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "codegen_harness.h"

namespace p4nfc::codegen_test {
namespace {

// Programs expected to compile (XDP and TC) and load; keep in sync with docs/p4-support.md.
const std::set<std::string> kSupported = {
    "action_params",         "annotation_unknown",   "bit_width_expr",     "const_eval",
    "decl_enum",             "decl_enum_serializable", "decl_typedef_type", "expr_arith_wrap",
    "expr_bitops_shifts",    "expr_casts",           "expr_saturating",    "expr_slices_concat",
    "extern_counter",        "extern_send_to_host",  "int_literals",       "parser_select_mask",
    "parser_select_range",   "parser_select_tuple",  "parser_select_value", "stmt_block_scopes",
    "stmt_exit_return",      "stmt_if_else",         "stmt_switch",        "switch_action_run",
    "table_action_annotations", "table_default_action", "table_hit_miss",  "table_lpm_entries",
    "tc_pna_arch",
    // a pre control that does something (it runs between the parser and the main control)
    "extern_pna_metadata",
    // ternary, range and optional keys
    "annotation_forms", "decl_error_matchkind", "table_const_entries_priority",
    "table_entries_mutable", "table_keys",
    // add_on_miss, add_entry, expiry
    "table_add_on_miss", "module_conntrack", "table_add_entry_later_action",
    // header layout changes (setValid/setInvalid of parsed headers, encap/decap)
    "hdr_valid_ops",         "module_lb",            "module_router",
    // header stacks, varbit, lookahead<header>, variable advance
    "parser_advance_verify", "parser_header_stack_loop", "parser_lookahead", "parser_varbit_options",
    // Hash, InternetChecksum, Digest, Meter
    "extern_checksum", "extern_digest", "extern_hash", "extern_meter",
    // sub-parsers and sub-controls with constructor parameters
    "control_subcontrol", "parser_subparser",
    // compound assignments; a table applied in another table's key
    "stmt_compound_assign", "table_apply_in_key",
    // annotated blocks, shadowing
    "stmt_annotated_blocks", "decl_shadowing",
};

std::vector<std::string> validPrograms() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(P4NFC_VALID_PROGRAMS))
    if (entry.path().extension() == ".p4") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool onlyUnsupportedErrors(const std::string& diagnostics, std::string& offending) {
  std::istringstream lines(diagnostics);
  std::string line;
  bool any = false;
  while (std::getline(lines, line)) {
    if (line.find(": error: ") == std::string::npos) continue;
    any = true;
    if (line.find("not supported yet") == std::string::npos) {
      offending = line;
      return false;
    }
  }
  if (!any) offending = "no error message";
  return any;
}

TEST(ValidCorpus, SupportedLoadOthersFailCleanly) {
  bool root = canLoadBpf();
  std::string report;
  for (const std::string& name : validPrograms()) {
    std::string path = std::string(P4NFC_VALID_PROGRAMS) + "/" + name + ".p4";
    for (const char* target : {"xdp", "tc"}) {
      Compiled compiled = compileP4(path, target);
      if (!kSupported.count(name)) {
        std::string offending;
        EXPECT_FALSE(compiled.ok) << name << " compiles now: add it to kSupported";
        if (!compiled.ok)
          EXPECT_TRUE(onlyUnsupportedErrors(compiled.diagnostics, offending))
              << name << " (" << target << "): " << offending;
        continue;
      }
      ASSERT_TRUE(compiled.ok) << name << " (" << target << "):\n" << compiled.diagnostics;
      // The manifest passed the loader's strict reader (compileP4); the schema must also
      // hold every member p4nfc wrote, so that writing it again gives the same text.
      EXPECT_EQ(p4nf::serializeManifest(compiled.manifest), compiled.manifestText) << name << " (" << target << ")";
      if (!root) continue;
      std::string log;
      auto loaded = loadObject(compiled.object, log);
      EXPECT_TRUE(loaded) << name << " (" << target << ") was rejected:\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0);
      if (loaded)
        report += name + " " + target + ": " + std::to_string(verifiedInstructions(loaded->programFd())) + " verified\n";
    }
  }
  std::printf("%s", report.c_str());
}

}  // namespace
}  // namespace p4nfc::codegen_test
