// The MAC table program (HASH map, atomic add, packet rewrite) in the real kernel.
#include <bpf/bpf.h>
#include <gtest/gtest.h>

#include "bpf_test_support.h"

namespace p4nfc::testing {
namespace {

const Bytes kKnownMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const Bytes kDroppedMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
const Bytes kUnknownMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x03};
const Bytes kSenderMac = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};

struct MacValue {
  uint32_t action;
  uint32_t port;
  uint64_t hits;
};

void addEntry(int mapFd, const Bytes& mac, uint32_t action, uint32_t port) {
  MacValue value{action, port, 0};
  ASSERT_EQ(bpf_map_update_elem(mapFd, mac.data(), &value, BPF_ANY), 0);
}

class MacTableTest : public ::testing::TestWithParam<ProgramKind> {};

TEST_P(MacTableTest, VerdictsAndRewrite) {
  REQUIRE_BPF();
  ProgramKind kind = GetParam();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildMacTable(*target, kind));
  ASSERT_TRUE(loaded);
  int mapFd = loaded->mapFd("mac_table");
  int programFd = loaded->programFd("mac_fwd");
  ASSERT_GE(mapFd, 0);
  ASSERT_GE(programFd, 0);
  addEntry(mapFd, kKnownMac, kActionForward, 7);
  addEntry(mapFd, kDroppedMac, kActionDrop, 0);

  bool xdp = kind == ProgramKind::Xdp;
  Bytes forwarded = ethernetFrame(kKnownMac, kSenderMac, 0x0800, {1, 2, 3});
  TimedRun result = runTimed(programFd, forwarded);
  EXPECT_EQ(result.returnCode, xdp ? 3u /*XDP_TX*/ : 0u /*TC_ACT_OK*/);
  Bytes swapped = ethernetFrame(kSenderMac, kKnownMac, 0x0800, {1, 2, 3});
  EXPECT_EQ(result.packet, swapped);

  result = runTimed(programFd, ethernetFrame(kDroppedMac, kSenderMac, 0x0800, {}));
  EXPECT_EQ(result.returnCode, xdp ? 1u /*XDP_DROP*/ : 2u /*TC_ACT_SHOT*/);

  Bytes unknown = ethernetFrame(kUnknownMac, kSenderMac, 0x0800, {});
  result = runTimed(programFd, unknown);
  EXPECT_EQ(result.returnCode, xdp ? 2u /*XDP_PASS*/ : 0u /*TC_ACT_OK*/);
  EXPECT_EQ(result.packet, unknown);

  // The atomic hit counter in the map value.
  MacValue value{};
  ASSERT_EQ(bpf_map_lookup_elem(mapFd, kKnownMac.data(), &value), 0);
  EXPECT_EQ(value.hits, 1u);
  EXPECT_EQ(value.port, 7u);
  // Repeated runs reuse the (rewritten) buffer, so count with a packet left unchanged.
  runTimed(programFd, ethernetFrame(kDroppedMac, kSenderMac, 0x0800, {}), /*repeat=*/10);
  ASSERT_EQ(bpf_map_lookup_elem(mapFd, kDroppedMac.data(), &value), 0);
  EXPECT_EQ(value.hits, 11u);

  recordVerifiedInstructions(kind == ProgramKind::Xdp ? "mac_table/xdp" : "mac_table/tc",
                             programFd);
}

INSTANTIATE_TEST_SUITE_P(Hooks, MacTableTest, ::testing::Values(ProgramKind::Xdp, ProgramKind::Tc),
                         [](const auto& info) {
                           return info.param == ProgramKind::Xdp ? "Xdp" : "Tc";
                         });

}  // namespace
}  // namespace p4nfc::testing
