// The program's entries as the manifest carries them to the loader.
#include <gtest/gtest.h>

#include <string>

#include "codegen_harness.h"

namespace p4nfc::codegen_test {
namespace {

TEST(ManifestEntries, AConstEntryOfMutableEntriesIsMarked) {
  Compiled compiled =
      compileP4(std::string(P4NFC_CODEGEN_PROGRAMS) + "/../../stf/table_entries_mutable.p4");
  ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
  for (const auto& table : compiled.manifest["tables"]) {
    if (table["name"].get<std::string>().find("punt") == std::string::npos) continue;
    EXPECT_FALSE(table["const_entries"].get<bool>());
    ASSERT_EQ(table["entries"].size(), 2u);
    EXPECT_FALSE(table["entries"][0].value("const", false));
    EXPECT_TRUE(table["entries"][1].value("const", false));
    return;
  }
  FAIL() << "no table punt in the manifest";
}

}  // namespace
}  // namespace p4nfc::codegen_test
