// Struct layouts and map specs: the checks that turn kernel refusals into compile errors.
#include <gtest/gtest.h>
#include <llvm/Support/Error.h>

#include "bpf/btf_maps.h"
#include "bpf/record_layout.h"

namespace p4nfc::bpf {
namespace {

std::string errorOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : std::string();
}

TEST(RecordLayoutTest, SizesAndRepresentations) {
  RecordLayout key{"five_tuple",
                   0,
                   {{"src_addr", 32, 0, FieldRepr::Bytes},
                    {"dst_addr", 32, 4, FieldRepr::Bytes},
                    {"src_port", 16, 8},
                    {"dst_port", 16, 10},
                    {"protocol", 8, 12}}};
  EXPECT_EQ(key.validate(), "");
  EXPECT_EQ(key.alignment(), 2u);
  EXPECT_EQ(key.size(), 14u) << "13 bytes rounded up to the 2-byte alignment";
  EXPECT_FALSE(key.field("src_addr")->isInteger());
  EXPECT_TRUE(key.field("src_port")->isInteger());

  // A 12-bit VLAN id takes 2 bytes; a 48-bit MAC is bytes; a misaligned u32 is bytes.
  RecordLayout odd{"odd", 0, {{"vid", 12, 0}, {"mac", 48, 2}, {"x", 32, 9}}};
  EXPECT_EQ(odd.validate(), "");
  EXPECT_TRUE(odd.field("vid")->isInteger());
  EXPECT_FALSE(odd.field("mac")->isInteger());
  EXPECT_FALSE(odd.field("x")->isInteger());
  EXPECT_EQ(odd.size(), 14u);
  EXPECT_EQ(odd.field("mac")->alignment(), 2u);

  RecordLayout padded{"padded", 16, {{"a", 8, 0}}};
  EXPECT_EQ(padded.size(), 16u);
}

TEST(RecordLayoutTest, RejectsBadLayouts) {
  EXPECT_NE((RecordLayout{"", 0, {{"a", 8, 0}}}.validate()), "");
  EXPECT_NE((RecordLayout{"s", 0, {}}.validate()), "");
  EXPECT_NE((RecordLayout{"s", 0, {{"a b", 8, 0}}}.validate()), "");
  EXPECT_NE((RecordLayout{"s", 0, {{"a", 0, 0}}}.validate()), "");
  EXPECT_NE((RecordLayout{"s", 0, {{"a", 8, 0}, {"a", 8, 1}}}.validate()), "");
  EXPECT_EQ((RecordLayout{"s", 0, {{"a", 32, 0}, {"b", 8, 3}}}.validate()),
            "struct 's': fields 'a' and 'b' overlap");
  EXPECT_EQ((RecordLayout{"s", 2, {{"a", 32, 0}}}.validate()),
            "struct 's': field 'a' ends past byte 2");
  EXPECT_NE((RecordLayout{"s", 0, {{"a", 32, 2, FieldRepr::Integer}}}.validate()), "");
  EXPECT_NE((RecordLayout{"s", 0, {{"a", 24, 0, FieldRepr::Integer}}}.validate()), "");
}

RecordLayout u32Layout(const char* name) { return RecordLayout{name, 0, {{"v", 32, 0}}}; }

TEST(MapSpecTest, AcceptsTheShapesWeUse) {
  EXPECT_EQ(errorOf(validateMapSpec(
                MapSpec::typed("t", MapKind::Hash, 10, u32Layout("k"), u32Layout("v")))),
            "");
  EXPECT_EQ(
      errorOf(validateMapSpec(MapSpec::indexed("c", MapKind::PercpuArray, 4, u32Layout("v")))), "");
  EXPECT_EQ(errorOf(validateMapSpec(MapSpec::sized("p", MapKind::ProgArray, 8, 4, 4))), "");
  EXPECT_EQ(errorOf(validateMapSpec(MapSpec::sized("d", MapKind::DevmapHash, 8, 4, 8))), "");
  EXPECT_EQ(errorOf(validateMapSpec(MapSpec::ringbuf("r", 1 << 16))), "");
  RecordLayout lpm{"lpm", 0, {{"prefixlen", 32, 0}, {"addr", 128, 4, FieldRepr::Bytes}}};
  EXPECT_EQ(errorOf(validateMapSpec(MapSpec::typed("l", MapKind::LpmTrie, 8, lpm, u32Layout("v")))),
            "");
}

TEST(MapSpecTest, RejectsWhatTheKernelWould) {
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("9bad", MapKind::Hash, 1, 4, 4))), "");
  EXPECT_EQ(errorOf(validateMapSpec(MapSpec::sized("t", MapKind::Hash, 0, 4, 4))),
            "map 't': max_entries must be positive");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("a", MapKind::Array, 1, 8, 4))), "");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("p", MapKind::ProgArray, 1, 4, 8))), "");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::ringbuf("r", 5000))), "");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::ringbuf("r", 2048))), "");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("h", MapKind::Hash, 1, 600, 4))), "");
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("h", MapKind::Hash, 1, 4, 0))), "");
  // LPM keys: a layout starting with a 32-bit prefix length.
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::sized("l", MapKind::LpmTrie, 1, 8, 4))), "");
  RecordLayout noPrefix{"k", 0, {{"addr", 64, 0, FieldRepr::Bytes}}};
  EXPECT_NE(
      errorOf(validateMapSpec(MapSpec::typed("l", MapKind::LpmTrie, 1, noPrefix, u32Layout("v")))),
      "");
  RecordLayout bad{"k", 0, {{"a", 8, 0}, {"a", 8, 1}}};
  EXPECT_NE(errorOf(validateMapSpec(MapSpec::typed("t", MapKind::Hash, 1, bad, u32Layout("v")))),
            "");
}

}  // namespace
}  // namespace p4nfc::bpf
