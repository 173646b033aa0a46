// Milestones 1 and 2: an empty pipeline, and an L2 exact-match forwarder (XDP and TC).
#include <gtest/gtest.h>

#include "codegen_harness.h"
#include "loader/entry.h"

namespace p4nfc::codegen_test {
namespace {

const Bytes kKnownMac = {0x02, 0, 0, 0, 0, 0x01};
const char* kKnownMacText = "02:00:00:00:00:01";
const Bytes kOtherMac = {0x02, 0, 0, 0, 0, 0x99};
const Bytes kSrcMac = {0x02, 0, 0, 0, 0, 0x02};

Bytes frame(const Bytes& dst) {
  Bytes f = concat({dst, kSrcMac, be(0x0800, 2)});
  f.resize(60, 0xab);
  return f;
}

TEST(EmptyPipeline, LoadsAndPassesToHost) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  for (const char* target : {"xdp", "tc"}) {
    auto compiled = compileP4(programPath("empty.p4"), target);
    ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
    std::string log;
    auto loaded = loadObject(compiled.object, log);
    ASSERT_TRUE(loaded) << log;
    RunResult r = std::string(target) == "xdp" ? runXdp(loaded->programFd(), frame(kKnownMac))
                                         : runTc(loaded->programFd(), frame(kKnownMac));
    ASSERT_EQ(r.error, 0);
    EXPECT_EQ(r.retval, std::string(target) == "xdp" ? 2u : 0u);  // XDP_PASS / TC_ACT_OK
    EXPECT_EQ(r.verdict, 3u);
    EXPECT_EQ(r.packet, frame(kKnownMac));
    std::printf("[ insns    ] empty %s: %u verified\n", target, verifiedInstructions(loaded->programFd()));
  }
}

void runForwarder(const std::string& target) {
  auto compiled = compileP4(programPath("l2_forward.p4"), target);
  ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
  std::string log;
  auto loaded = loadObject(compiled.object, log);
  ASSERT_TRUE(loaded) << log;
  bool xdp = target == "xdp";
  auto run = [&](const Bytes& p) { return xdp ? runXdp(loaded->programFd(), p) : runTc(loaded->programFd(), p); };
  p4nf::TableWriter macs = writerFor(*loaded, "mac_table");
  macs.add(p4nf::makeEntry(macs.table(), {{"dst_addr", kKnownMacText}}, std::nullopt, "forward", {{"port", "5"}}));
  mapPort(*loaded, 5, 1);  // port 5 -> lo

  RunResult hit = run(frame(kKnownMac));
  ASSERT_EQ(hit.error, 0);
  EXPECT_EQ(hit.retval, xdp ? 4u : 7u);  // XDP_REDIRECT / TC_ACT_REDIRECT
  EXPECT_EQ(hit.verdict, 2u);
  EXPECT_EQ(hit.port, 5u);
  EXPECT_EQ(hit.packet, frame(kKnownMac));

  RunResult miss = run(frame(kOtherMac));
  ASSERT_EQ(miss.error, 0);
  EXPECT_EQ(miss.retval, xdp ? 1u : 2u);  // XDP_DROP / TC_ACT_SHOT
  EXPECT_EQ(miss.verdict, 1u);

  // The control plane changes the default action: misses go to port 5 now.
  auto [forward, args] = p4nf::bindAction(macs.table(), "forward", {{"port", "5"}});
  macs.setDefault(*forward, args);
  RunResult redirected = run(frame(kOtherMac));
  EXPECT_EQ(redirected.verdict, 2u);
  EXPECT_EQ(redirected.port, 5u);

  // Alone on its hook (no record comes in) a module that does not continue the chain
  // leaves no record: the verdict is the return code only, and the metadata area stays
  // empty however many packets pass.
  for (int i = 0; i < 40; ++i) {
    RunResult alone = runWithoutRecord(loaded->programFd(), xdp ? p4nf::ProgramType::Xdp : p4nf::ProgramType::Tc,
                                       frame(kKnownMac));
    ASSERT_EQ(alone.error, 0);
    ASSERT_EQ(alone.retval, xdp ? 4u : 7u);  // XDP_REDIRECT / TC_ACT_REDIRECT
    ASSERT_EQ(alone.verdict, 0u) << "no record written";
    ASSERT_EQ(alone.packet, frame(kKnownMac)) << "no metadata area in front of the frame";
  }

  std::printf("[ insns    ] l2_forward %s: %u verified\n", target.c_str(), verifiedInstructions(loaded->programFd()));
}

TEST(L2Forward, Xdp) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  runForwarder("xdp");
}

TEST(L2Forward, Tc) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  runForwarder("tc");
}

}  // namespace
}  // namespace p4nfc::codegen_test
