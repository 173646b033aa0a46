// Mistakes in a program that only the code generator sees: each is an error with its
// position, said once however often the code around it is generated.
#include <gtest/gtest.h>

#include <string>

#include "codegen_harness.h"

namespace p4nfc::codegen_test {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ProgramErrors, AddEntryOfAnActionTheTableDoesNotListIsOneError) {
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("add_entry_foreign_action.p4"), target);
    EXPECT_FALSE(compiled.ok) << target;
    const std::string error =
        "add_entry_foreign_action.p4:15:46: error: add_entry(): 'fwd2' is not an action of table "
        "'t'; add it to the table's actions";
    EXPECT_EQ(count(compiled.diagnostics, error), 1u) << target << ":\n" << compiled.diagnostics;
    EXPECT_EQ(count(compiled.diagnostics, "error:"), 1u) << target << ":\n" << compiled.diagnostics;
  }
}

TEST(ProgramErrors, APreControlOnOtherHeadersIsReportedAtItsParameter) {
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("pre_control_other_headers.p4"), target);
    EXPECT_FALSE(compiled.ok) << target;
    EXPECT_EQ(count(compiled.diagnostics,
                    "pre_control_other_headers.p4:12:30: error: not supported yet: a pre control whose headers "
                    "are not those of the main parser"),
              1u)
        << target << ":\n" << compiled.diagnostics;
  }
}

TEST(ProgramErrors, UpdateEntryDataOutsideAnAddOnMissTableIsAnError) {
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("update_entry_data_not_add_on_miss.p4"), target);
    EXPECT_FALSE(compiled.ok) << target;
    EXPECT_EQ(count(compiled.diagnostics,
                    "update_entry_data_not_add_on_miss.p4:13:30: error: not supported yet: "
                    "update_entry_data() in table 't', which is not add_on_miss = true"),
              1u)
        << target << ":\n" << compiled.diagnostics;
  }
}

TEST(ProgramErrors, ExpiryFunctionsNeedATableWithIdleTimeout) {
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("expire_time_without_idle_timeout.p4"), target);
    EXPECT_FALSE(compiled.ok) << target;
    EXPECT_EQ(count(compiled.diagnostics,
                    "expire_time_without_idle_timeout.p4:13:21: error: set_entry_expire_time() in an action of "
                    "table 't', which has no pna_idle_timeout: PNA allows it only in tables whose "
                    "pna_idle_timeout is NOTIFY_CONTROL or AUTO_DELETE"),
              1u)
        << target << ":\n" << compiled.diagnostics;
  }
}

TEST(ProgramErrors, SkbMetadataHasNoMeaningOnXdpAndProtocolIsReadOnly) {
  Compiled xdp = compileP4(programPath("tc_skb_mark.p4"), "xdp");
  EXPECT_FALSE(xdp.ok);
  EXPECT_EQ(count(xdp.diagnostics, "tc_skb_mark.p4:12:9: error: skb_set_mark() reads or writes the skb's mark, "
                                   "and an XDP program has no skb: compile for TC (--target tc)"),
            1u)
      << xdp.diagnostics;
  Compiled tc = compileP4(programPath("tc_skb_mark.p4"), "tc");
  EXPECT_FALSE(tc.ok);
  EXPECT_EQ(count(tc.diagnostics, "tc_skb_mark.p4:13:9: error: skb_set_protocol(): the kernel does not let BPF "
                                  "programs write the skb's protocol"),
            1u)
      << tc.diagnostics;
  EXPECT_EQ(count(tc.diagnostics, "error:"), 1u) << tc.diagnostics;
}

// LLVM's "Looks like the BPF stack limit is exceeded" becomes a p4nfc error at the
// program's main instance that says what takes the stack (at -O0 every value does).
TEST(ProgramErrors, ExceedingTheBpfStackIsAP4nfcDiagnosticNotLlvms) {
  Compiled compiled = compileP4(std::string(P4NFC_VALID_PROGRAMS) + "/module_router.p4", "xdp", 0);
  EXPECT_FALSE(compiled.ok);
  EXPECT_EQ(count(compiled.diagnostics, "error: the program needs more than the 512 bytes of stack a BPF program has"),
            1u)
      << compiled.diagnostics;
  EXPECT_EQ(count(compiled.diagnostics, "compile with -O2"), 1u) << compiled.diagnostics;
  EXPECT_EQ(count(compiled.diagnostics, "LLVM"), 1u) << compiled.diagnostics;  // "the values LLVM keeps"
  EXPECT_EQ(count(compiled.diagnostics, "<unknown>"), 0u) << compiled.diagnostics;
}

}  // namespace
}  // namespace p4nfc::codegen_test
