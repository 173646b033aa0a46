// The dir24 lookup scheme's control-plane side (loader/lpm_dir24.h) against real kernel
// maps of the shapes p4nfc gives them: after every table-writer step, the /24 block
// entries must name the longest route of length <= 24 that covers them, flag the blocks
// that hold longer routes, and the slots must hold the routes' values.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/lpm_dir24.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"
#include "tests/support/kernel.h"

namespace p4nf::testing {
namespace {

// 2^20 cells of 16 entries, as p4nfc lays them out; 64 slots of 16 bytes (an 8-byte value
// and the 8-byte trailer).
const char* kManifest = R"({"version": 1, "tables": [{
  "name": "c.routes", "map": "t_routes", "kind": "lpm", "size": 64, "key_size": 8,
  "keys": [{"name": "dst", "match": "lpm", "width": 32, "offset": 4, "size": 4}],
  "value_size": 8,
  "actions": [{"name": "c.to", "id": 1, "params": [{"name": "port", "width": 32, "offset": 4, "size": 4}]}],
  "lpm_scheme": "dir24",
  "dir24": {"dir_map": "l_routes", "cells": 1048576, "cell_entries": 16, "values_map": "v_routes",
            "slots": 64, "record_size": 16, "index_map": "s_routes"}}]})";

class Dir24Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!canLoadBpf()) GTEST_SKIP() << "needs root to create BPF maps";
    manifest_ = parseManifest(kManifest);
    create("t_routes", BPF_MAP_TYPE_LPM_TRIE, 8, 8, 64, BPF_F_NO_PREALLOC);
    create("l_routes", BPF_MAP_TYPE_ARRAY, 4, 64, 1u << 20, BPF_F_MMAPABLE);
    create("v_routes", BPF_MAP_TYPE_ARRAY, 4, 16, 64, BPF_F_MMAPABLE);
    create("s_routes", BPF_MAP_TYPE_HASH, 8, 4, 128, BPF_F_NO_PREALLOC);
    writer_ = std::make_unique<TableWriter>(manifest_.table("routes"), [this](const std::string& name) {
      auto it = fds_.find(name);
      if (it == fds_.end()) throw LoaderError("no map " + name);
      return it->second;
    });
  }
  void TearDown() override {
    writer_.reset();
    for (auto& [name, fd] : fds_) close(fd);
  }
  void create(const std::string& name, bpf_map_type type, uint32_t keySize, uint32_t valueSize,
              uint32_t entries, uint32_t flags) {
    bpf_map_create_opts options{};
    options.sz = sizeof options;
    options.map_flags = flags;
    int fd = bpf_map_create(type, name.c_str(), keySize, valueSize, entries, &options);
    ASSERT_GE(fd, 0) << "bpf_map_create " << name << ": " << strerror(errno);
    fds_[name] = fd;
  }
  Entry route(const std::string& prefix, uint32_t port) {
    return makeEntry(manifest_.table("routes"), {{"dst", prefix}}, std::nullopt, "to",
                     {{"port", std::to_string(port)}});
  }
  std::vector<KeyMatch> key(const std::string& prefix) { return route(prefix, 0).keys; }

  // What the data plane finds for `address` (a.b.c.d as a host-order number): the port
  // of the route, -1 for no route, or -2 when the block sends it to the trie.
  int lookup(uint32_t address) {
    uint32_t cell = address >> 12;
    uint8_t entries[64];
    EXPECT_EQ(bpf_map_lookup_elem(fds_["l_routes"], &cell, entries), 0);
    uint32_t entry;
    std::memcpy(&entry, entries + 4 * ((address >> 8) & 15), 4);
    if (entry & Dir24Index::kLongBit) return -2;
    uint32_t slot = entry & Dir24Index::kSlotMask;
    if (slot == 0) return -1;
    --slot;
    uint8_t record[16];
    EXPECT_EQ(bpf_map_lookup_elem(fds_["v_routes"], &slot, record), 0);
    EXPECT_EQ(record[13], 1) << "the slot an entry names is in use";
    return (record[4] << 24) | (record[5] << 16) | (record[6] << 8) | record[7];
  }
  uint32_t lengthAt(uint32_t address) {
    uint32_t cell = address >> 12;
    uint8_t entries[64];
    EXPECT_EQ(bpf_map_lookup_elem(fds_["l_routes"], &cell, entries), 0);
    uint32_t entry;
    std::memcpy(&entry, entries + 4 * ((address >> 8) & 15), 4);
    return (entry & ~Dir24Index::kLongBit) >> Dir24Index::kLengthShift;
  }

  Manifest manifest_;
  std::map<std::string, int> fds_;
  std::unique_ptr<TableWriter> writer_;
};

constexpr uint32_t ip(uint32_t a, uint32_t b, uint32_t c, uint32_t d) { return a << 24 | b << 16 | c << 8 | d; }

TEST_F(Dir24Test, NestedRoutesOwnTheirBlocksAndHandThemBack) {
  writer_->add(route("10.0.0.0/8", 1));
  writer_->add(route("10.1.0.0/16", 2));
  writer_->add(route("10.1.2.0/24", 3));
  EXPECT_EQ(lookup(ip(10, 1, 2, 9)), 3);
  EXPECT_EQ(lookup(ip(10, 1, 3, 9)), 2);
  EXPECT_EQ(lookup(ip(10, 2, 0, 1)), 1);
  EXPECT_EQ(lookup(ip(10, 255, 255, 255)), 1);
  EXPECT_EQ(lookup(ip(11, 0, 0, 0)), -1);
  EXPECT_EQ(lengthAt(ip(10, 1, 3, 0)), 16u);

  // A shorter route added later does not take blocks from longer ones.
  writer_->add(route("0.0.0.0/0", 9));
  EXPECT_EQ(lookup(ip(10, 1, 2, 9)), 3);
  EXPECT_EQ(lookup(ip(11, 0, 0, 0)), 9);
  EXPECT_EQ(lookup(ip(255, 255, 255, 0)), 9);

  // Removing the /16: its blocks go to the /8, the /24 keeps its own.
  writer_->remove(key("10.1.0.0/16"));
  EXPECT_EQ(lookup(ip(10, 1, 3, 9)), 1);
  EXPECT_EQ(lengthAt(ip(10, 1, 3, 0)), 8u);
  EXPECT_EQ(lookup(ip(10, 1, 2, 9)), 3);
  writer_->remove(key("10.0.0.0/8"));
  EXPECT_EQ(lookup(ip(10, 1, 3, 9)), 9);
  writer_->remove(key("0.0.0.0/0"));
  EXPECT_EQ(lookup(ip(10, 1, 3, 9)), -1);
  EXPECT_EQ(lookup(ip(10, 1, 2, 9)), 3);
}

TEST_F(Dir24Test, LongerRoutesSendTheirBlockToTheTrieUntilTheLastGoes) {
  writer_->add(route("10.1.2.0/24", 3));
  writer_->add(route("10.1.2.7/32", 4));
  writer_->add(route("10.1.2.16/28", 5));
  EXPECT_EQ(lookup(ip(10, 1, 2, 200)), -2);
  EXPECT_EQ(lookup(ip(10, 1, 3, 0)), -1) << "the next block is not affected";
  writer_->remove(key("10.1.2.7/32"));
  EXPECT_EQ(lookup(ip(10, 1, 2, 200)), -2) << "the /28 is still there";
  writer_->remove(key("10.1.2.16/28"));
  EXPECT_EQ(lookup(ip(10, 1, 2, 200)), 3) << "no longer routes: the array answers again";
}

TEST_F(Dir24Test, ModifyMovesEveryBlockToTheNewValue) {
  writer_->add(route("10.0.0.0/8", 1));
  writer_->add(route("10.1.0.0/16", 2));
  writer_->modify(route("10.0.0.0/8", 7));
  EXPECT_EQ(lookup(ip(10, 0, 0, 1)), 7);
  EXPECT_EQ(lookup(ip(10, 200, 0, 1)), 7);
  EXPECT_EQ(lookup(ip(10, 1, 0, 1)), 2);
  // The slots freed by modify are found again: far more changes than the 64 slots.
  for (uint32_t port = 10; port < 200; ++port) writer_->modify(route("10.1.0.0/16", port));
  EXPECT_EQ(lookup(ip(10, 1, 0, 1)), 199);
  EXPECT_EQ(lookup(ip(10, 2, 0, 1)), 7);
}

TEST_F(Dir24Test, AFullValuesArrayIsAnErrorAndLeavesTheTrieAlone) {
  for (uint32_t i = 0; i < 64; ++i) writer_->add(route("10." + std::to_string(i) + ".0.0/16", i));
  try {
    writer_->add(route("11.0.0.0/8", 1));
    FAIL() << "65 routes in 64 slots";
  } catch (const LoaderError& e) {
    EXPECT_NE(std::string(e.what()).find("is full"), std::string::npos) << e.what();
  }
  EXPECT_EQ(lookup(ip(11, 0, 0, 1)), -1);
  // The trie did not keep the route either: adding it after a removal works.
  writer_->remove(key("10.0.0.0/16"));
  writer_->add(route("11.0.0.0/8", 1));
  EXPECT_EQ(lookup(ip(11, 0, 0, 1)), 1);
}

TEST(Dir24ManifestTest, RefusesShapesThatAreNotOneEntryPerBlock) {
  std::string manifest = kManifest;
  manifest.replace(manifest.find("\"cells\": 1048576"), 16, "\"cells\": 1024");
  EXPECT_THROW(parseManifest(manifest), LoaderError);
}

}  // namespace
}  // namespace p4nf::testing
