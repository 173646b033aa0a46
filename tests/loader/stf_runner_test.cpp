// End to end: a hand-built program with its manifest, loaded by libp4nf, driven by STF.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "fixture_program.h"
#include "loader/loader_error.h"
#include "loader/object_loader.h"
#include "loader/packet_runner.h"
#include "loader/stf/stf_runner.h"
#include "tests/support/kernel.h"

namespace p4nf::testing {
namespace {

using p4nfc::bpf::ProgramKind;

class StfRunnerTest : public ::testing::TestWithParam<ProgramKind> {
 protected:
  void SetUp() override {
    if (!canLoadBpf()) GTEST_SKIP() << "needs root to load BPF programs";
    elf_ = buildForwarderObject(GetParam());
    ASSERT_FALSE(elf_.empty());
    object_ = LoadedObject::fromMemory(elf_, "dmac_fwd.o");
  }

  // Runs a script; returns the summary and leaves the printed report in report_.
  // Each run loads the object afresh, with empty tables.
  stf::RunSummary run(const std::string& text) {
    object_ = LoadedObject::fromMemory(elf_, "dmac_fwd.o");
    std::ostringstream out;
    stf::Runner runner(*object_, out);
    runner.installInitialEntries();
    stf::RunSummary summary = runner.run(stf::parse(text, "t.stf"));
    report_ = out.str();
    return summary;
  }

  std::string elf_;
  std::unique_ptr<LoadedObject> object_;
  std::string report_;
};

// dst 00:00:00:00:00:01, src 00:00:00:00:00:aa, type 0x0800, 46 bytes of payload.
const char* kPacketTo1 =
    "000000000001 0000000000aa 0800 "
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
const char* kPayload =
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

TEST_P(StfRunnerTest, ForwardsRewritesAndDrops) {
  std::string script = std::string("add dmac hdr.ethernet.dst:00:00:00:00:00:01 forward(port:7, smac:0x0200000000bb)\n") +
                       "packet 3 " + kPacketTo1 + "\n" +
                       "expect 7 000000000001 0200000000bb 0800 " + kPayload + "$\n" +
                       "packet 3 000000000002 0000000000aa 0800 " + kPayload + "\n";  // miss: default drop
  stf::RunSummary summary = run(script);
  EXPECT_EQ(summary.packets, 2);
  EXPECT_TRUE(summary.ok()) << report_;
}

TEST_P(StfRunnerTest, ExpectBeforePacketStyleAndWildcards) {
  std::string script = std::string("add ingress.dmac dst:00:00:00:00:00:01 ingress.reflect()\n") +
                       "expect 5 000000000001 ****0000**aa 0800\n" + "packet 5 " + kPacketTo1 + "\n";
  EXPECT_TRUE(run(script).ok()) << report_;
}

TEST_P(StfRunnerTest, ManifestEntriesAndSetDefault) {
  std::string script = std::string("packet 1 ffffffffffff 0000000000aa 0800 ") + kPayload + "\n" +
                       "expect host ffffffffffff\n" + "setdefault dmac reflect()\n" +
                       "packet 9 000000000009 0000000000aa 0800 " + kPayload + "\n" +
                       "expect 9 000000000009\n";
  EXPECT_TRUE(run(script).ok()) << report_;
}

TEST_P(StfRunnerTest, ReportsMismatchesWithADiff) {
  std::string script = std::string("add dmac hdr.ethernet.dst:00:00:00:00:00:01 forward(port:7, smac:0x0200000000bb)\n") +
                       "packet 3 " + kPacketTo1 + "\n" + "expect 7 000000000001 0200000000cc\n" +
                       "packet 3 " + kPacketTo1 + "\n" + "expect 8 000000000001\n" +
                       "packet 3 000000000002 0000000000aa 0800 " + kPayload + "\n" + "expect 1 00\n";
  stf::RunSummary summary = run(script);
  EXPECT_EQ(summary.failed, 3);
  if (std::getenv("P4NF_SHOW_REPORT")) std::cout << report_;
  EXPECT_NE(report_.find("t.stf:2: packet 0 (in on port 3): expected on port 7 (line 3), it was sent to port 7; the bytes differ"),
            std::string::npos) << report_;
  EXPECT_NE(report_.find("first difference at byte 11"), std::string::npos) << report_;
  EXPECT_NE(report_.find("expected on port 8 (line 5), it was sent to port 7 (bytes match)"), std::string::npos)
      << report_;
  EXPECT_NE(report_.find("expected it on port 1 (line 7), but it was dropped"), std::string::npos) << report_;
}

TEST_P(StfRunnerTest, TableErrorsPointAtTheirColumn) {
  try {
    run("add dmac hdr.ethernet.dst:00:00:00:00:00:01 forward(port:70000, smac:1)\n");
    FAIL() << "expected an error";
  } catch (const LoaderError& error) {
    EXPECT_EQ(std::string(error.what()).substr(0, 16), "t.stf:1:53: erro") << error.what();
    EXPECT_NE(std::string(error.what()).find("does not fit"), std::string::npos) << error.what();
  }
  try {
    run("add nope x:1 drop()\n");
    FAIL() << "expected an error";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("t.stf:1:5: error: no table \"nope\""), std::string::npos)
        << error.what();
  }
  try {
    run("add dmac hdr.ethernet.dst:1 forward(port:1, smac:1)\nadd dmac hdr.ethernet.dst:1 drop()\n");
    FAIL() << "expected an error";
  } catch (const LoaderError& error) {
    EXPECT_NE(std::string(error.what()).find("t.stf:2:1: error: table ingress.dmac: an entry with this key already exists"),
              std::string::npos)
        << error.what();
  }
}

TEST_P(StfRunnerTest, CounterAndTimeoutCommandsNameWhatTheProgramHas) {
  try {
    run("check_counter hits(1) packets == 1\n");
    FAIL() << "expected an error";
  } catch (const LoaderError& error) {
    EXPECT_EQ(std::string(error.what()),
              "t.stf:1:15: error: no Counter or DirectCounter \"hits\" (or the name is ambiguous); the program "
              "has: none");
  }
  try {
    run("expire_timeout dmac 1 5\n");
    FAIL() << "expected an error";
  } catch (const LoaderError& error) {
    EXPECT_EQ(std::string(error.what()),
              "t.stf:1:16: error: table ingress.dmac has no pna_idle_timeout, so no timeout profiles");
  }
}

TEST_P(StfRunnerTest, ChecksTheChainMetadataAnExpectNames) {
  // The forwarder leaves the record's mark as it came in.
  std::string add = "add dmac hdr.ethernet.dst:00:00:00:00:00:01 forward(port:7, smac:0x0200000000bb)\n";
  std::string expectOut = std::string("000000000001 0200000000bb 0800 ") + kPayload + "$\n";
  stf::RunSummary summary = run(add + "packet 3 mark:9 " + kPacketTo1 + "\nexpect 7 mark:9 " + expectOut);
  EXPECT_TRUE(summary.ok()) << report_;
  summary = run(add + "packet 3 mark:9 " + kPacketTo1 + "\nexpect 7 mark:8 ct_state:0 " + expectOut);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_NE(report_.find("sent to port 7 as expected (line 3), but the chain metadata differs: mark expected 8, "
                         "actual 9\n"),
            std::string::npos)
      << report_;
}

TEST_P(StfRunnerTest, ReportsStats) {
  ProgramStats stats = object_->stats();
  EXPECT_GT(stats.verifiedInstructions, 0u);
  EXPECT_GT(stats.xlatedBytes, 0u);
}

INSTANTIATE_TEST_SUITE_P(Hooks, StfRunnerTest, ::testing::Values(ProgramKind::Xdp, ProgramKind::Tc),
                         [](const auto& info) { return info.param == ProgramKind::Xdp ? "xdp" : "tc"; });

}  // namespace
}  // namespace p4nf::testing
