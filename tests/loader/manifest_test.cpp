#include "loader/manifest.h"

#include <gtest/gtest.h>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

std::string errorOf(const std::string& json) {
  try {
    parseManifest(json);
  } catch (const LoaderError& error) {
    return error.what();
  }
  return "no error";
}

std::string table(const std::string& fields) {
  return R"({"version": 1, "tables": [{"name": "c.t", "map": "t_t", "kind": "exact", "size": 4,
    "value_size": 8, "actions": [{"name": "c.a", "id": 1, "params": []}], )" + fields + "}]}";
}

TEST(ManifestTest, ResolvesBareAndQualifiedNames) {
  Manifest m = parseManifest(R"({"version": 1, "tables": [
    {"name": "ingress.t", "map": "a", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "keys": [{"name": "hdr.eth.type", "match": "exact", "width": 8, "offset": 0}],
     "actions": [{"name": "ingress.go", "id": 1}]},
    {"name": "egress.t", "map": "b", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "actions": [{"name": "egress.go", "id": 1}]},
    {"name": "egress.u", "map": "c", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "actions": [{"name": "egress.go", "id": 1}]}]})");
  EXPECT_EQ(m.table("ingress.t").map, "a");
  EXPECT_EQ(m.table("u").map, "c");
  EXPECT_EQ(m.findTable("t"), nullptr);  // ambiguous
  EXPECT_EQ(m.findTable("gress.t"), nullptr);  // only whole name parts
  const ManifestTable& t = m.table("ingress.t");
  EXPECT_EQ(t.findAction("go")->id, 1u);
  EXPECT_EQ(t.findKey("type")->name, "hdr.eth.type");
  EXPECT_EQ(t.findKey("eth.type")->name, "hdr.eth.type");
  EXPECT_EQ(t.keys[0].size, 1u);  // size defaults to ceil(width/8)
  try {
    m.table("nope");
    FAIL();
  } catch (const LoaderError& error) {
    EXPECT_EQ(std::string(error.what()),
              "no table \"nope\" (or the name is ambiguous); the program has: ingress.t, egress.t, egress.u");
  }
}

TEST(ManifestTest, RejectsInconsistentLayouts) {
  EXPECT_NE(errorOf("{").find("manifest: not valid JSON"), std::string::npos);
  EXPECT_EQ(errorOf(R"({"version": 2})"), "manifest: version 2 is not supported (this loader reads version 1)");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "exact", "width": 12, "offset": 0, "size": 1}])")),
            "manifest: tables[0].keys[0]: size 1 does not hold width 12 (must be ceil(width/8))");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "exact", "width": 16, "offset": 1}])")),
            "manifest: tables[0].keys[0]: bytes 1..3 lie outside the 2-byte record");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "lpm", "width": 16, "offset": 0}])")),
            "manifest: tables[0]: key \"k\" is lpm in an exact table");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "map": "a_very_long_map_name")")),
            "manifest: tables[0]: map name \"a_very_long_map_name\" is longer than 15 characters");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "default_action": {"action": "c.b", "args": []})")),
            "manifest: tables[0]: default action \"c.b\" is not an action of the table");
  EXPECT_EQ(errorOf(R"({"version": 1, "tables": [{"name": "c.t", "map": "t", "kind": "ternary", "size": 4,
    "key_size": 5, "value_size": 8, "keys": [{"name": "k", "match": "ternary", "width": 8, "offset": 4}],
    "actions": [{"name": "c.a", "id": 1,
    "params": [{"name": "p", "width": 8, "offset": 4}]}], "masks_map": "m", "max_masks": 2}]})"),
            "manifest: tables[0].actions[0].params[0]: offset 4 overlaps the header word (first 8 bytes)");
  EXPECT_EQ(errorOf(R"({"version": 1, "tables": [{"name": "c.t", "map": "t", "kind": "lpm", "size": 4,
    "key_size": 8, "value_size": 8, "actions": [{"name": "c.a", "id": 1}],
    "keys": [{"name": "a", "match": "lpm", "width": 16, "offset": 4}, {"name": "b", "match": "exact", "width": 16, "offset": 6}]}]})"),
            "manifest: tables[0]: the lpm key must be the last key");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "actions": [{"name": "c.a", "id": 0}])")),
            "manifest: tables[0].actions[0]: action ids start at 1 (0 means \"no entry\")");
}

}  // namespace
}  // namespace p4nf
