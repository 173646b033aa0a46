// Service chains for real: two compiled modules loaded with libp4nf's chain loader into
// one prog array at positions 0 and 1; a packet run on position 0 must come out of
// position 1 (which sees the record position 0 wrote), and "continue" at the end of the
// chain must go to the host (docs/manifest.md, "Chains").
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include "codegen_harness.h"
#include "loader/chain_loader.h"
#include "loader/loader_error.h"
#include "loader/packet_runner.h"

namespace p4nfc::codegen_test {
namespace {

using p4nf::ChainModuleOptions;
using p4nf::PacketOutcome;

const Bytes kDst = {0x02, 0, 0, 0, 0, 0x01};
const Bytes kSrc = {0x02, 0, 0, 0, 0, 0x02};

Bytes frame() {
  Bytes f = concat({kDst, kSrc, be(0x0800, 2)});
  f.resize(60, 0xab);
  return f;
}

std::string compiled(const std::string& name, const std::string& target) {
  auto c = compileP4(programPath(name), target);
  EXPECT_TRUE(c.ok) << c.diagnostics;
  return c.object;
}

class ChainTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!canLoadBpf()) GTEST_SKIP() << "needs root";
    target_ = GetParam();
    type_ = target_ == "xdp" ? p4nf::ProgramType::Xdp : p4nf::ProgramType::Tc;
  }
  std::string target_;
  p4nf::ProgramType type_ = p4nf::ProgramType::Xdp;
};

TEST_P(ChainTest, ContinueReachesTheNextModuleWithTheRecord) {
  // runPacket hands position 0 a record, as `p4nf test` does.
  ChainModuleOptions tested;
  tested.testRecords = true;
  auto first = p4nf::loadChainModule(compiled("chain_mark.p4", target_), "chain_mark", tested);
  p4nf::ChainMaps chain = p4nf::chainMapsOf(*first);
  ChainModuleOptions second;
  second.position = 1;
  second.chain = chain;
  auto rewrite = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", second);
  p4nf::putInChain(chain.progArray, 1, rewrite->programFd());

  PacketOutcome out = p4nf::runPacket(first->programFd(), type_, 5, frame());
  ASSERT_EQ(out.kind, PacketOutcome::Kind::SentToPort) << p4nf::describe(out);
  EXPECT_EQ(out.egressPort, 7u);
  // src = ee, ct_state 2, l3 14, l4 34, input port 5 (16 bits)
  Bytes expected = concat({kDst, {0xee, 0x02, 0x0e, 0x22, 0x00, 0x05}, be(0x0800, 2)});
  expected.resize(60, 0xab);
  EXPECT_EQ(out.packet, expected);
  EXPECT_EQ(out.metadata.mark, 0x77u) << "module 2 set the mark last";
  EXPECT_EQ(out.metadata.ingressPort, 5u);
  EXPECT_EQ(out.metadata.ctState, 2u);
  EXPECT_EQ(out.metadata.l3Offset, 14u);
  EXPECT_EQ(out.metadata.l4Offset, 34u);

  // The end of the chain: an empty slot 1 sends "continue" to the host.
  p4nf::removeFromChain(chain.progArray, 1);
  out = p4nf::runPacket(first->programFd(), type_, 5, frame());
  EXPECT_EQ(out.kind, PacketOutcome::Kind::Continue) << p4nf::describe(out);
  EXPECT_EQ(out.returnCode, target_ == "xdp" ? XDP_PASS : TC_ACT_OK);
  EXPECT_EQ(out.metadata.mark, 0x1234abcdu);
  EXPECT_EQ(out.packet, frame());

  // The second module alone sees no mark and drops.
  auto alone = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", tested);
  out = p4nf::runPacket(alone->programFd(), type_, 5, frame());
  EXPECT_EQ(out.kind, PacketOutcome::Kind::Dropped) << p4nf::describe(out);
}

// Production shape: no record comes in (the XDP scratch map and TC's cb hold no marker),
// so the first module creates it and takes the input port from p4nf_port_ids.
TEST_P(ChainTest, FirstModuleCreatesTheRecordAndLooksUpThePort) {
  auto first = p4nf::loadChainModule(compiled("chain_mark.p4", target_), "chain_mark", {});
  p4nf::ChainMaps chain = p4nf::chainMapsOf(*first);
  ChainModuleOptions second;
  second.position = 1;
  second.chain = chain;
  auto rewrite = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", second);
  p4nf::putInChain(chain.progArray, 1, rewrite->programFd());
  // Test runs arrive on the loopback device (ifindex 1).
  int portIds = first->mapFd(first->manifest().maps.at("port_ids"));
  uint32_t ifindex = 1, port = 9;
  ASSERT_EQ(bpf_map_update_elem(portIds, &ifindex, &port, BPF_ANY), 0);

  for (int run = 0; run < 40; ++run) {  // nothing may accumulate from run to run
    RunResult r = runWithoutRecord(first->programFd(), type_, frame());
    ASSERT_EQ(r.error, 0);
    ASSERT_EQ(r.verdict, 2u) << "run " << run;
    ASSERT_EQ(r.port, 7u);
    Bytes expected = concat({kDst, {0xee, 0x02, 0x0e, 0x22, 0x00, 0x09}, be(0x0800, 2)});
    expected.resize(60, 0xab);
    ASSERT_EQ(r.packet, expected);
  }
}

// The input port comes from the ifindex's slot of p4nf_port_slots when the slot holds that
// ifindex (no helper call), else from p4nf_port_ids (two interfaces 256 apart share a
// slot), else it is the ifindex itself.
TEST_P(ChainTest, TheInputPortComesFromItsSlotElseFromPortIdsElseTheIfindex) {
  auto first = p4nf::loadChainModule(compiled("chain_mark.p4", target_), "chain_mark", {});
  p4nf::ChainMaps chain = p4nf::chainMapsOf(*first);
  ChainModuleOptions second;
  second.position = 1;
  second.chain = chain;
  auto rewrite = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", second);
  p4nf::putInChain(chain.progArray, 1, rewrite->programFd());
  int portIds = first->mapFd(first->manifest().maps.at("port_ids"));
  int slots = first->mapFd(first->manifest().maps.at("port_slots"));
  uint32_t ifindex = 1, slotIndex = 1;  // test runs arrive on the loopback device
  auto inputPortSeen = [&] {
    RunResult r = runWithoutRecord(first->programFd(), type_, frame());
    EXPECT_EQ(r.error, 0);
    EXPECT_EQ(r.verdict, 2u);
    return r.packet.size() > 11 ? r.packet[11] : -1;  // chain_rewrite puts it in the source MAC
  };
  uint32_t own[2] = {ifindex, 11};
  ASSERT_EQ(bpf_map_update_elem(slots, &slotIndex, own, BPF_ANY), 0);
  uint32_t port = 9;
  ASSERT_EQ(bpf_map_update_elem(portIds, &ifindex, &port, BPF_ANY), 0);
  EXPECT_EQ(inputPortSeen(), 11) << "the slot holds the ifindex";
  uint32_t other[2] = {ifindex + 256, 12};
  ASSERT_EQ(bpf_map_update_elem(slots, &slotIndex, other, BPF_ANY), 0);
  EXPECT_EQ(inputPortSeen(), 9) << "the slot holds another interface: p4nf_port_ids";
  ASSERT_EQ(bpf_map_delete_elem(portIds, &ifindex), 0);
  EXPECT_EQ(inputPortSeen(), 1) << "in neither map: the ifindex";
}

// A module the chain loader loads for a hook (position 0, no testRecords) never gets a
// record, so it reads none: what an earlier packet's chain left in the record storage is
// not its business. Given a record that would make chain_rewrite forward, it still sees no
// mark and drops, and leaves the record as it was. Loaded for tests, the same object reads
// it and forwards.
TEST_P(ChainTest, AModuleOnItsHookIgnoresAStaleRecord) {
  p4nf::ChainMetadata record;
  record.mark = 0x1234abcd;
  auto hooked = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", {});
  PacketOutcome out = p4nf::runPacket(hooked->programFd(), type_, record, frame());
  EXPECT_EQ(out.kind, PacketOutcome::Kind::Dropped) << p4nf::describe(out);
  EXPECT_EQ(out.metadata.verdict, 0u) << "nothing written";
  EXPECT_EQ(out.metadata.mark, 0x1234abcdu);
  EXPECT_EQ(out.packet, frame());

  ChainModuleOptions tested;
  tested.testRecords = true;
  auto forTests = p4nf::loadChainModule(compiled("chain_rewrite.p4", target_), "chain_rewrite", tested);
  out = p4nf::runPacket(forTests->programFd(), type_, record, frame());
  EXPECT_EQ(out.kind, PacketOutcome::Kind::SentToPort) << p4nf::describe(out);
  EXPECT_EQ(out.egressPort, 7u);
  EXPECT_EQ(out.metadata.mark, 0x77u);
}

TEST_P(ChainTest, PositionsOutOfRangeAndMissingMapsAreErrors) {
  ChainModuleOptions far;
  far.position = 64;
  EXPECT_THROW(p4nf::loadChainModule(compiled("chain_mark.p4", target_), "chain_mark", far), p4nf::LoaderError);
  ChainModuleOptions unknown;
  unknown.reusedMaps["no_such_map"] = 0;
  EXPECT_THROW(p4nf::loadChainModule(compiled("chain_mark.p4", target_), "chain_mark", unknown), p4nf::LoaderError);
}

INSTANTIATE_TEST_SUITE_P(Hooks, ChainTest, ::testing::Values("xdp", "tc"));

}  // namespace
}  // namespace p4nfc::codegen_test
