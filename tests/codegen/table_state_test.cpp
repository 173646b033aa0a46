// Table state the data plane writes: DirectCounter cells in the entries' values, and (see
// below) entries learned with add_on_miss and their expiry. Entries are installed with the
// loader's TableWriter, as `p4nf` does, and the maps are read back after the packets.
#include <bpf/bpf.h>
#include <gtest/gtest.h>

#include <cstring>

#include "codegen_harness.h"
#include "loader/entry.h"
#include "loader/table_writer.h"
#include "manifest/manifest.h"

namespace p4nfc::codegen_test {
namespace {

Bytes frame(const Bytes& dst, const Bytes& src, size_t length = 60) {
  Bytes f = concat({dst, src, be(0x0800, 2)});
  f.resize(length, 0xab);
  return f;
}

uint64_t u64At(const Bytes& bytes, size_t offset) {
  uint64_t v = 0;
  std::memcpy(&v, bytes.data() + offset, 8);
  return v;
}

struct Counts {
  uint64_t packets = 0, bytes = 0;
};

class DirectCounterTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DirectCounterTest, CountsPerEntryAndOnMiss) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  const std::string target = GetParam();
  auto compiled = compileP4(programPath("direct_counter.p4"), target);
  ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
  std::string log;
  auto loaded = loadObject(compiled.object, log);
  ASSERT_TRUE(loaded) << log;
  p4nf::TableWriter macWriter = writerFor(*loaded, "macs");
  p4nf::TableWriter ruleWriter = writerFor(*loaded, "rules");
  const p4nf::ManifestTable& macs = macWriter.table();
  const p4nf::ManifestTable& rules = ruleWriter.table();
  macWriter.installInitial();
  ruleWriter.installInitial();
  macWriter.add(p4nf::makeEntry(macs, {{"dst", "02:00:00:00:00:01"}}, std::nullopt, "forward", {{"port", "5"}}));
  macWriter.add(p4nf::makeEntry(macs, {{"dst", "02:00:00:00:00:02"}}, std::nullopt, "forward_fixed", {{"port", "6"}}));
  ruleWriter.add(p4nf::makeEntry(rules, {{"src", "0x0200000000ee&&&0xffffffffffff"}}, 10, "deny", {}));

  const Bytes a = {2, 0, 0, 0, 0, 1}, b = {2, 0, 0, 0, 0, 2}, unknown = {2, 0, 0, 0, 0, 9};
  const Bytes src = {2, 0, 0, 0, 0, 0x10}, bad = {2, 0, 0, 0, 0, 0xee};
  auto run = [&](const Bytes& p) {
    RunResult r = target == "xdp" ? runXdp(loaded->programFd(), p) : runTc(loaded->programFd(), p);
    EXPECT_EQ(r.error, 0);
    return r;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(run(frame(a, src, 60 + i)).port, 5u);
  EXPECT_EQ(run(frame(b, src)).port, 6u);
  EXPECT_EQ(run(frame(unknown, src, 100)).verdict, 1u);
  EXPECT_EQ(run(frame(a, bad)).verdict, 1u);  // denied by the rule, macs not applied

  auto read = [&](int fd, const Bytes& key, uint32_t at, uint32_t valueSize) {
    Bytes value(valueSize);
    EXPECT_EQ(bpf_map_lookup_elem(fd, key.data(), value.data()), 0);
    return Counts{u64At(value, at), u64At(value, at + 8)};
  };
  ASSERT_TRUE(macs.directCounter && rules.directCounter);
  uint32_t macOffset = macs.directCounter->offset;
  int macFd = loaded->mapFd(macs.map);
  Bytes keyA(macs.keySize, 0), keyB(macs.keySize, 0);
  std::copy(a.begin(), a.end(), keyA.begin() + macs.keys[0].offset);
  std::copy(b.begin(), b.end(), keyB.begin() + macs.keys[0].offset);
  Counts ca = read(macFd, keyA, macOffset, macs.valueSize);
  EXPECT_EQ(ca.packets, 3u);
  EXPECT_EQ(ca.bytes, 60u + 61u + 62u);
  Counts cb = read(macFd, keyB, macOffset, macs.valueSize);
  EXPECT_EQ(cb.packets, 1u);
  EXPECT_EQ(cb.bytes, 1000u);  // count(1000)
  Counts miss = read(loaded->mapFd(macs.defaultMap), Bytes(4, 0), macOffset, macs.valueSize);
  EXPECT_EQ(miss.packets, 1u);
  EXPECT_EQ(miss.bytes, 100u);

  // The ternary entry: key {mask_id, src}; its one mask went to slot 0.
  Bytes ruleKey(rules.keySize, 0);
  std::copy(bad.begin(), bad.end(), ruleKey.begin() + rules.keys[0].offset);
  Counts denied = read(loaded->mapFd(rules.map), ruleKey, rules.directCounter->offset, rules.valueSize);
  EXPECT_EQ(denied.packets, 1u);
  EXPECT_EQ(denied.bytes, 60u);
}

INSTANTIATE_TEST_SUITE_P(Hooks, DirectCounterTest, ::testing::Values("xdp", "tc"));

}  // namespace
}  // namespace p4nfc::codegen_test
