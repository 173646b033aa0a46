// The externs whose effect is not in the packet, so STF cannot see it: Counter (the
// per-CPU cells), Meter (token buckets the control plane configures) and Digest (records
// in a ring buffer). The programs are the STF feature tests of tests/stf, loaded with
// libp4nf and run with its packet runner, for XDP and TC.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>

#include "codegen_harness.h"
#include "loader/object_loader.h"
#include "loader/packet_runner.h"

namespace p4nfc::codegen_test {
namespace {

using p4nf::PacketOutcome;

std::string stfProgram(const std::string& name) {
  return std::string(P4NFC_CODEGEN_PROGRAMS) + "/../../stf/" + name;
}

Bytes dataFrame(uint8_t index, uint32_t value) {
  return concat({{0x02, 0, 0, 0, 0, 0x01}, {0x02, 0, 0, 0, 0, 0x02}, be(0x88b5, 2), {index}, be(value, 4)});
}

class ExternsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!canLoadBpf()) GTEST_SKIP() << "needs root";
    type_ = GetParam() == "xdp" ? p4nf::ProgramType::Xdp : p4nf::ProgramType::Tc;
  }
  std::unique_ptr<p4nf::LoadedObject> load(const std::string& name) {
    auto compiled = compileP4(stfProgram(name), GetParam());
    EXPECT_TRUE(compiled.ok) << compiled.diagnostics;
    if (!compiled.ok) return nullptr;
    return p4nf::LoadedObject::fromMemory(compiled.object, name);
  }
  const p4nf::ManifestExtern& externNamed(const p4nf::LoadedObject& object, const std::string& suffix) {
    for (const auto& e : object.manifest().externs)
      if (e.name.size() >= suffix.size() && e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return e;
    ADD_FAILURE() << "no extern " << suffix;
    static p4nf::ManifestExtern none;
    return none;
  }
  PacketOutcome run(const p4nf::LoadedObject& object, const Bytes& packet) {
    return p4nf::runPacket(object.programFd(), type_, 0, packet);
  }
  p4nf::ProgramType type_ = p4nf::ProgramType::Xdp;
};

TEST_P(ExternsTest, CounterCountsPacketsAndBytesPerIndex) {
  auto object = load("extern_counter.p4");
  ASSERT_TRUE(object);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(run(*object, dataFrame(3, 0)).kind, PacketOutcome::Kind::SentToPort);
  ASSERT_EQ(run(*object, dataFrame(5, 0)).kind, PacketOutcome::Kind::SentToPort);
  int fd = object->mapFd(externNamed(*object, "per_index").map);
  int cpus = libbpf_num_possible_cpus();
  ASSERT_GT(cpus, 0);
  auto total = [&](uint32_t index) {
    std::vector<uint64_t> cells(2 * static_cast<size_t>(cpus));
    EXPECT_EQ(bpf_map_lookup_elem(fd, &index, cells.data()), 0);
    uint64_t packets = 0, bytes = 0;
    for (int c = 0; c < cpus; ++c) {
      packets += cells[2 * c];
      bytes += cells[2 * c + 1];
    }
    return std::make_pair(packets, bytes);
  };
  EXPECT_EQ(total(3), std::make_pair(uint64_t{3}, uint64_t{3 * 19}));
  EXPECT_EQ(total(5), std::make_pair(uint64_t{1}, uint64_t{19}));
  EXPECT_EQ(total(4), std::make_pair(uint64_t{0}, uint64_t{0}));
}

// Rates 0, so the buckets never refill and the colours do not depend on time.
TEST_P(ExternsTest, MeterColoursByTokenBuckets) {
  auto object = load("extern_meter.p4");
  ASSERT_TRUE(object);
  struct Cell {
    uint64_t pir, pbs, cir, cbs, pTokens, cTokens, lastNs;
  };
  auto configure = [&](const std::string& name, uint32_t index, Cell cell) {
    int fd = object->mapFd(externNamed(*object, name).map);
    ASSERT_EQ(bpf_map_update_elem(fd, &index, &cell, BPF_ANY), 0);
  };
  configure(".packets", 2, {0, 3, 0, 2, 0, 0, 0});   // 2 GREEN, 1 YELLOW, then RED
  configure(".bytes", 2, {0, 50, 0, 50, 0, 0, 0});   // one 19-byte packet fits twice
  configure(".aware", 2, {0, 10, 0, 10, 0, 0, 0});   // pre-coloured YELLOW: never GREEN
  // colours: 1 GREEN, 2 YELLOW, 3 RED; value = packets << 16 | bytes << 8 | aware
  uint32_t expected[] = {0x010102, 0x010102, 0x020302, 0x030302, 0x030302};
  for (uint32_t want : expected) {
    PacketOutcome out = run(*object, dataFrame(2, 0));
    ASSERT_EQ(out.kind, PacketOutcome::Kind::SentToPort);
    uint32_t got = (out.packet[15] << 24) | (out.packet[16] << 16) | (out.packet[17] << 8) | out.packet[18];
    EXPECT_EQ(got, want) << std::hex;
  }
  // Another index is not configured: GREEN.
  PacketOutcome out = run(*object, dataFrame(1, 0));
  EXPECT_EQ(out.packet[16], 1);
  EXPECT_EQ(out.packet[17], 1);
}

TEST_P(ExternsTest, DigestSendsRecordsThroughTheRingBuffer) {
  auto object = load("extern_digest.p4");
  ASSERT_TRUE(object);
  const auto& digest = externNamed(*object, "learned");
  // The record's layout, as the manifest gives it to a reader: src, index, vlan.
  ASSERT_EQ(digest.fields.size(), 3u);
  EXPECT_EQ(digest.size, 9u);
  EXPECT_EQ(digest.fields[2].offset, 7u);
  EXPECT_EQ(digest.fields[2].width, 12u);
  int fd = object->mapFd(digest.map);
  std::vector<Bytes> records;
  auto* ring = ring_buffer__new(
      fd,
      [](void* context, void* data, size_t size) {
        static_cast<std::vector<Bytes>*>(context)->emplace_back(static_cast<uint8_t*>(data),
                                                                static_cast<uint8_t*>(data) + size);
        return 0;
      },
      &records, nullptr);
  ASSERT_NE(ring, nullptr);
  ASSERT_EQ(run(*object, dataFrame(7, 0xabc)).kind, PacketOutcome::Kind::SentToPort);
  ASSERT_EQ(run(*object, dataFrame(9, 0x1fff)).kind, PacketOutcome::Kind::SentToPort);
  ring_buffer__consume(ring);
  ring_buffer__free(ring);
  // {src: 6 bytes, index: 1 byte, vlan: bit<12> in 2 bytes}, big-endian, right-aligned.
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (Bytes{0x02, 0, 0, 0, 0, 0x02, 0x07, 0x0a, 0xbc}));
  EXPECT_EQ(records[1], (Bytes{0x02, 0, 0, 0, 0, 0x02, 0x09, 0x0f, 0xff}));
}

INSTANTIATE_TEST_SUITE_P(Hooks, ExternsTest, ::testing::Values("xdp", "tc"));

}  // namespace
}  // namespace p4nfc::codegen_test
