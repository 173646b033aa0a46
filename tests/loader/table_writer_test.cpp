// The table writer against real kernel maps (created here with the sizes a manifest
// claims), read back with the same lookups the data plane makes.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"
#include "tests/support/kernel.h"

namespace p4nf::testing {
namespace {

class Maps {
 public:
  ~Maps() {
    for (auto& [name, fd] : fds_) close(fd);
  }
  void create(const std::string& name, bpf_map_type type, uint32_t keySize, uint32_t valueSize,
              uint32_t entries) {
    bpf_map_create_opts options{};
    options.sz = sizeof options;
    if (type == BPF_MAP_TYPE_LPM_TRIE) options.map_flags = BPF_F_NO_PREALLOC;
    int fd = bpf_map_create(type, name.c_str(), keySize, valueSize, entries, &options);
    ASSERT_GE(fd, 0) << "bpf_map_create " << name << ": " << strerror(errno);
    fds_[name] = fd;
  }
  MapFdLookup lookup() {
    return [this](const std::string& name) {
      auto it = fds_.find(name);
      if (it == fds_.end()) throw LoaderError("no map " + name);
      return it->second;
    };
  }
  int operator[](const std::string& name) { return fds_.at(name); }

 private:
  std::map<std::string, int> fds_;
};

#define REQUIRE_BPF() \
  if (!canLoadBpf()) GTEST_SKIP() << "needs root to create BPF maps"

Entry entry(const ManifestTable& table, std::vector<NamedText> keys, std::string action,
            std::vector<NamedText> args = {}, std::optional<uint32_t> priority = std::nullopt) {
  return makeEntry(table, keys, priority, action, args);
}

// ---- exact ------------------------------------------------------------------------------

const char* kExactManifest = R"({"version": 1, "tables": [{
  "name": "c.t", "map": "t_exact", "kind": "exact", "size": 16, "key_size": 8,
  "keys": [{"name": "a", "match": "exact", "width": 12, "offset": 0, "size": 2},
           {"name": "mac", "match": "exact", "width": 48, "offset": 2, "size": 6}],
  "value_size": 8,
  "actions": [{"name": "c.act", "id": 1, "params": [{"name": "p", "width": 12, "offset": 4, "size": 2},
                                                     {"name": "q", "width": 1, "offset": 6, "size": 1}]},
              {"name": "c.only_default", "id": 2, "params": [], "scope": "default_only"},
              {"name": "c.nop", "id": 3, "params": []}],
  "default_action": {"action": "c.nop", "args": [], "const": true},
  "default_map": "d_exact"}]})";

// `entries = { const k : a; ... }`: the program's other entries the control plane may
// change, a const one it may not (P4-16 1.2.4, "Entries").
const char* kConstEntryManifest = R"({"version": 1, "tables": [{
  "name": "c.t", "map": "t_exact", "kind": "exact", "size": 16, "key_size": 2,
  "keys": [{"name": "a", "match": "exact", "width": 16, "offset": 0, "size": 2}],
  "value_size": 8,
  "actions": [{"name": "c.act", "id": 1, "params": [{"name": "p", "width": 16, "offset": 4, "size": 2}]}],
  "entries": [{"keys": [{"value": "0001"}], "action": "c.act", "args": ["0007"], "const": true},
              {"keys": [{"value": "0002"}], "action": "c.act", "args": ["0008"]}]}]})";

TEST(TableWriterTest, AConstEntryOfMutableEntriesCannotBeChangedOrDeleted) {
  REQUIRE_BPF();
  Manifest manifest = parseManifest(kConstEntryManifest);
  const ManifestTable& table = manifest.table("t");
  ASSERT_TRUE(table.entries.at(0).isConst);
  ASSERT_FALSE(table.entries.at(1).isConst);
  Maps maps;
  maps.create("t_exact", BPF_MAP_TYPE_HASH, 2, 8, 16);
  TableWriter writer(table, maps.lookup());
  writer.installInitial();
  try {
    writer.remove(bindKeys(table, {{"a", "1"}}));
    FAIL() << "a const entry was deleted";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("const in the P4 program; the control plane cannot delete"),
              std::string::npos) << error.what();
  }
  EXPECT_THROW(writer.modify(entry(table, {{"a", "1"}}, "act", {{"p", "9"}})), LoaderError);
  uint8_t key[2] = {0x00, 0x01};
  uint8_t value[8];
  ASSERT_EQ(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
  EXPECT_EQ(value[4] << 8 | value[5], 7) << "the const entry changed";
  // Its neighbour is the control plane's to change and delete.
  writer.modify(entry(table, {{"a", "2"}}, "act", {{"p", "9"}}));
  writer.remove(bindKeys(table, {{"a", "2"}}));
  key[1] = 0x02;
  EXPECT_NE(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
}

TEST(TableWriterTest, ExactEntriesAreBigEndianAndRightAligned) {
  REQUIRE_BPF();
  Manifest manifest = parseManifest(kExactManifest);
  const ManifestTable& table = manifest.table("t");
  Maps maps;
  maps.create("t_exact", BPF_MAP_TYPE_HASH, 8, 8, 16);
  maps.create("d_exact", BPF_MAP_TYPE_ARRAY, 4, 8, 1);
  TableWriter writer(table, maps.lookup());
  writer.installInitial();
  writer.add(entry(table, {{"a", "0xabc"}, {"mac", "00:11:22:33:44:55"}}, "act", {{"p", "0xfff"}, {"q", "1"}}));

  uint8_t key[8] = {0x0a, 0xbc, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  uint8_t value[8];
  ASSERT_EQ(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
  EXPECT_EQ(Bytes(value, value + 8), (Bytes{1, 0, 0, 0, 0x0f, 0xff, 0x01, 0}));
  uint32_t zero = 0;
  ASSERT_EQ(bpf_map_lookup_elem(maps["d_exact"], &zero, value), 0);
  EXPECT_EQ(value[0], 3);  // the const default, installed at load

  EXPECT_THROW(writer.add(entry(table, {{"a", "0xabc"}, {"mac", "00:11:22:33:44:55"}}, "nop")), LoaderError);
  EXPECT_THROW(entry(table, {{"a", "0x1000"}, {"mac", "1"}}, "nop"), LoaderError);
  EXPECT_THROW(writer.add(entry(table, {{"a", "1"}, {"mac", "1"}}, "only_default")), LoaderError);
  EXPECT_THROW(writer.setDefault(*table.findAction("nop"), {}), LoaderError);  // const default

  writer.remove(bindKeys(table, {{"a", "0xabc"}, {"mac", "00:11:22:33:44:55"}}));
  EXPECT_NE(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
  EXPECT_THROW(writer.remove(bindKeys(table, {{"a", "0xabc"}, {"mac", "00:11:22:33:44:55"}})), LoaderError);
}

TEST(TableWriterTest, ModifyRewritesTheValueInPlace) {
  REQUIRE_BPF();
  Manifest manifest = parseManifest(kExactManifest);
  const ManifestTable& table = manifest.table("t");
  Maps maps;
  maps.create("t_exact", BPF_MAP_TYPE_HASH, 8, 8, 16);
  maps.create("d_exact", BPF_MAP_TYPE_ARRAY, 4, 8, 1);
  TableWriter writer(table, maps.lookup());
  std::vector<NamedText> keys = {{"a", "0xabc"}, {"mac", "00:11:22:33:44:55"}};
  writer.add(entry(table, keys, "act", {{"p", "1"}, {"q", "0"}}));
  writer.modify(entry(table, keys, "act", {{"p", "0x123"}, {"q", "1"}}));
  uint8_t key[8] = {0x0a, 0xbc, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  uint8_t value[8];
  ASSERT_EQ(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
  EXPECT_EQ(Bytes(value, value + 8), (Bytes{1, 0, 0, 0, 0x01, 0x23, 0x01, 0}));
  writer.modify(entry(table, keys, "nop"));
  ASSERT_EQ(bpf_map_lookup_elem(maps["t_exact"], key, value), 0);
  EXPECT_EQ(value[0], 3);
  // An entry that is not there is not created: modify says so.
  EXPECT_THROW(writer.modify(entry(table, {{"a", "1"}, {"mac", "1"}}, "nop")), LoaderError);
  EXPECT_THROW(writer.modify(entry(table, keys, "only_default")), LoaderError);
}

TEST(TableWriterTest, RefusesMapsOfTheWrongSize) {
  REQUIRE_BPF();
  Manifest manifest = parseManifest(kExactManifest);
  Maps maps;
  maps.create("t_exact", BPF_MAP_TYPE_HASH, 6, 8, 16);
  maps.create("d_exact", BPF_MAP_TYPE_ARRAY, 4, 8, 1);
  try {
    TableWriter writer(manifest.table("c.t"), maps.lookup());
    FAIL();
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("map t_exact has key/value sizes 6/8 but the manifest implies 8/8"),
              std::string::npos)
        << error.what();
  }
}

// ---- lpm ---------------------------------------------------------------------------------

// An exact bit<8> then an lpm bit<12>: the prefix length must count the exact byte and the
// lpm field's 4 padding bits.
const char* kLpmManifest = R"({"version": 1, "tables": [{
  "name": "c.routes", "map": "t_lpm", "kind": "lpm", "size": 16, "key_size": 7,
  "keys": [{"name": "vrf", "match": "exact", "width": 8, "offset": 4, "size": 1},
           {"name": "addr", "match": "lpm", "width": 12, "offset": 5, "size": 2}],
  "value_size": 8,
  "actions": [{"name": "c.to", "id": 1, "params": [{"name": "port", "width": 8, "offset": 4, "size": 1}]}]}]})";

int lpmLookup(int fd, uint8_t vrf, uint16_t addr) {
  uint8_t key[7] = {0, 0, 0, 0, vrf, static_cast<uint8_t>(addr >> 8), static_cast<uint8_t>(addr)};
  uint32_t full = 24;
  memcpy(key, &full, 4);
  uint8_t value[8];
  if (bpf_map_lookup_elem(fd, key, value) != 0) return -1;
  return value[4];
}

TEST(TableWriterTest, LpmPrefixLengthsCountPaddingBits) {
  REQUIRE_BPF();
  Manifest manifest = parseManifest(kLpmManifest);
  const ManifestTable& table = manifest.table("routes");
  Maps maps;
  maps.create("t_lpm", BPF_MAP_TYPE_LPM_TRIE, 7, 8, 16);
  TableWriter writer(table, maps.lookup());
  writer.add(entry(table, {{"vrf", "1"}, {"addr", "0xa00/4"}}, "to", {{"port", "1"}}));
  writer.add(entry(table, {{"vrf", "1"}, {"addr", "0xab0/8"}}, "to", {{"port", "2"}}));
  writer.add(entry(table, {{"vrf", "1"}, {"addr", "0xabc"}}, "to", {{"port", "3"}}));
  writer.add(entry(table, {{"vrf", "2"}, {"addr", "0/0"}}, "to", {{"port", "4"}}));
  int fd = maps["t_lpm"];
  EXPECT_EQ(lpmLookup(fd, 1, 0xabc), 3);
  EXPECT_EQ(lpmLookup(fd, 1, 0xabd), 2);
  EXPECT_EQ(lpmLookup(fd, 1, 0xa12), 1);
  EXPECT_EQ(lpmLookup(fd, 1, 0xb00), -1);
  EXPECT_EQ(lpmLookup(fd, 2, 0xfff), 4);
  EXPECT_EQ(lpmLookup(fd, 3, 0xabc), -1);
  // Bits after the prefix are an error, not silently cleared.
  EXPECT_THROW(entry(table, {{"vrf", "1"}, {"addr", "0xab1/8"}}, "to", {{"port", "1"}}), LoaderError);
  writer.remove(bindKeys(table, {{"vrf", "1"}, {"addr", "0xab0/8"}}));
  EXPECT_EQ(lpmLookup(fd, 1, 0xabd), 1);
}

// ---- ternary -----------------------------------------------------------------------------

const char* kTernaryManifest = R"({"version": 1, "tables": [{
  "name": "c.acl", "map": "t_acl", "kind": "ternary", "size": 256, "key_size": 7,
  "keys": [{"name": "proto", "match": "ternary", "width": 8, "offset": 4, "size": 1},
           {"name": "dport", "match": "range", "width": 16, "offset": 5, "size": 2}],
  "value_size": 12,
  "actions": [{"name": "c.to", "id": 1, "params": [{"name": "port", "width": 8, "offset": 8, "size": 1}]}],
  "masks_map": "m_acl", "max_masks": 16}]})";

// What the data plane does: probe every mask in use, keep the highest priority.
int classify(Maps& maps, uint8_t proto, uint16_t dport) {
  int best = -1;
  uint32_t bestPriority = 0;
  for (uint32_t slot = 0; slot < 16; ++slot) {
    uint8_t record[15];
    if (bpf_map_lookup_elem(maps["m_acl"], &slot, record) != 0) continue;
    uint32_t inUse, maxPriority;
    memcpy(&inUse, record, 4);
    memcpy(&maxPriority, record + 4, 4);
    if (!inUse || maxPriority <= bestPriority) continue;
    uint8_t key[7] = {0, 0, 0, 0, proto, static_cast<uint8_t>(dport >> 8), static_cast<uint8_t>(dport)};
    for (int i = 0; i < 7; ++i) key[i] &= record[8 + i];
    memcpy(key, &slot, 4);
    uint8_t value[12];
    if (bpf_map_lookup_elem(maps["t_acl"], key, value) != 0) continue;
    uint32_t priority;
    memcpy(&priority, value + 4, 4);
    if (priority > bestPriority) {
      bestPriority = priority;
      best = value[8];
    }
  }
  return best;
}

class TernaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_BPF();
    maps_.create("t_acl", BPF_MAP_TYPE_HASH, 7, 12, 256);
    maps_.create("m_acl", BPF_MAP_TYPE_ARRAY, 4, 15, 16);
  }
  Manifest manifest_ = parseManifest(kTernaryManifest);
  const ManifestTable& table_ = manifest_.table("acl");
  Maps maps_;
};

TEST_F(TernaryTest, PrioritiesAndRangesMatchLikeTheDataPlane) {
  TableWriter writer(table_, maps_.lookup());
  writer.add(entry(table_, {{"proto", "6&&&0xff"}, {"dport", "1000..2000"}}, "to", {{"port", "1"}}, 10));
  writer.add(entry(table_, {}, "to", {{"port", "9"}}, 1));  // all keys don't care
  writer.add(entry(table_, {{"proto", "17"}, {"dport", "53"}}, "to", {{"port", "2"}}, 20));
  writer.add(entry(table_, {{"proto", "6"}, {"dport", "1500"}}, "to", {{"port", "3"}}, 30));
  EXPECT_EQ(classify(maps_, 6, 1000), 1);
  EXPECT_EQ(classify(maps_, 6, 999), 9);
  EXPECT_EQ(classify(maps_, 6, 2000), 1);
  EXPECT_EQ(classify(maps_, 6, 2001), 9);
  EXPECT_EQ(classify(maps_, 6, 1500), 3);
  EXPECT_EQ(classify(maps_, 17, 53), 2);
  EXPECT_EQ(classify(maps_, 17, 54), 9);
  uint32_t masks = writer.masksInUse();
  EXPECT_GE(masks, 8u);  // 1000..2000 alone needs 7 prefix lengths

  // A second writer (another process) reads the bookkeeping back from the kernel.
  TableWriter again(table_, maps_.lookup());
  EXPECT_EQ(again.masksInUse(), masks);
  again.remove(bindKeys(table_, {{"proto", "6"}, {"dport", "1500"}}));
  EXPECT_EQ(classify(maps_, 6, 1500), 1);
  again.remove(bindKeys(table_, {{"proto", "6&&&0xff"}, {"dport", "1000..2000"}}));
  EXPECT_EQ(classify(maps_, 6, 1500), 9);
  EXPECT_EQ(again.masksInUse(), 2u);
}

TEST_F(TernaryTest, EntriesWithoutPriorityFirstAddedWins) {
  TableWriter writer(table_, maps_.lookup());
  writer.add(entry(table_, {{"proto", "6"}}, "to", {{"port", "1"}}));
  writer.add(entry(table_, {}, "to", {{"port", "2"}}));
  EXPECT_EQ(classify(maps_, 6, 80), 1);
  EXPECT_EQ(classify(maps_, 7, 80), 2);
}

TEST_F(TernaryTest, DuplicatesAndMaskExhaustionAreErrorsThatRollBack) {
  TableWriter writer(table_, maps_.lookup());
  writer.add(entry(table_, {{"proto", "6"}}, "to", {{"port", "1"}}, 5));
  EXPECT_THROW(writer.add(entry(table_, {{"proto", "6"}}, "to", {{"port", "2"}}, 6)), LoaderError);
  EXPECT_EQ(writer.masksInUse(), 1u);
  // 1..65534 needs 30 prefixes of 15 lengths; with the mask in use that is 16 masks: fits.
  // Then one more distinct mask does not.
  writer.add(entry(table_, {{"dport", "1..65534"}}, "to", {{"port", "3"}}, 7));
  EXPECT_EQ(writer.masksInUse(), 16u);
  try {
    writer.add(entry(table_, {{"proto", "0x10&&&0xf0"}}, "to", {{"port", "4"}}, 8));
    FAIL();
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("needs more than 16 distinct masks"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(writer.masksInUse(), 16u);
  EXPECT_EQ(classify(maps_, 6, 0), 1);
  EXPECT_EQ(classify(maps_, 17, 80), 3);
  EXPECT_EQ(classify(maps_, 17, 0), -1);
  EXPECT_THROW(writer.add(entry(table_, {{"proto", "1"}}, "to", {{"port", "1"}}, 0)), LoaderError);
}

}  // namespace
}  // namespace p4nf::testing
