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
  const p4nf::ManifestTable* punt = compiled.manifest.findTable("punt");
  ASSERT_TRUE(punt) << "no table punt in the manifest";
  EXPECT_FALSE(punt->constEntries);
  ASSERT_EQ(punt->entries.size(), 2u);
  EXPECT_FALSE(punt->entries[0].isConst);
  EXPECT_TRUE(punt->entries[1].isConst);
}

}  // namespace
}  // namespace p4nfc::codegen_test
