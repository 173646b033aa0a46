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

TEST(ProgramErrors, APreControlThatDoesSomethingIsReportedAtThePreControl) {
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("pre_control_does_something.p4"), target);
    EXPECT_FALSE(compiled.ok) << target;
    EXPECT_EQ(count(compiled.diagnostics,
                    "pre_control_does_something.p4:11:9: error: not supported yet: a pre control that does "
                    "something (inline decryption)"),
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

}  // namespace
}  // namespace p4nfc::codegen_test
