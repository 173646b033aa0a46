// The BPF target: options, IR text, and every cpu x optimisation level producing objects
// the verifier accepts.
#include <gtest/gtest.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/Support/Error.h>

#include <string>
#include <tuple>

#include "bpf/elf_object.h"
#include "bpf_test_support.h"

namespace p4nfc::testing {
namespace {

using bpf::BpfTargetOptions;
using bpf::OptLevel;

TEST(BpfTargetTest, RejectsUnknownCpu) {
  auto target = BpfTarget::create({.cpu = "v33", .optLevel = OptLevel::O2});
  ASSERT_FALSE(target);
  EXPECT_NE(llvm::toString(target.takeError()).find("unknown BPF cpu 'v33'"), std::string::npos);
}

TEST(BpfTargetTest, IrNamesSectionsAndMaps) {
  auto target = makeTarget();
  auto object = buildMacTable(*target, ProgramKind::Xdp);
  ASSERT_FALSE(object->finish());
  std::string ir = object->emitIR();
  EXPECT_NE(ir.find("target triple = \"bpfel\""), std::string::npos);
  EXPECT_NE(ir.find("section \"xdp\""), std::string::npos);
  EXPECT_NE(ir.find("@mac_table = "), std::string::npos);
  EXPECT_NE(ir.find("section \".maps\""), std::string::npos);
  EXPECT_NE(ir.find("section \"license\""), std::string::npos);
}

TEST(BpfTargetTest, WritesObjectFiles) {
  auto target = makeTarget();
  auto object = buildDevmapForwarder(*target);
  ASSERT_FALSE(object->finish());
  std::string path = ::testing::TempDir() + "/p4nfc_backend_devmap.o";
  ASSERT_FALSE(object->emitObjectFile(path));
  std::string error;
  auto bytes = bpf::readBinaryFile(path, error);
  ASSERT_TRUE(bytes) << error;
  auto sections = bpf::listElfSections(*bytes, error);
  ASSERT_TRUE(sections) << error;
  for (const char* expected : {"xdp", ".maps", "license", ".BTF", ".BTF.ext"})
    EXPECT_NE(std::find(sections->begin(), sections->end(), expected), sections->end()) << expected;
  std::remove(path.c_str());
}

TEST(BpfTargetTest, FinishTwiceIsAnError) {
  auto target = makeTarget();
  auto object = buildDevmapForwarder(*target);
  ASSERT_FALSE(object->finish());
  llvm::Error again = object->finish();
  EXPECT_TRUE(static_cast<bool>(again));
  llvm::consumeError(std::move(again));
}

// LLVM's default diagnostic handler would print and exit the process; the back end must
// return the error instead, with the source line the IR carries.
TEST(BpfTargetTest, StackOverflowIsAnErrorNotAnExit) {
  auto target = makeTarget();
  BpfModule object(*target, "big_stack", "big_stack.p4");
  bpf::ProgramFunction program = object.defineProgram("big_stack", ProgramKind::Xdp, 1);
  llvm::IRBuilder<> b(program.entry);
  b.SetCurrentDebugLocation(object.debugInfo().location(program.subprogram, 42));
  auto* buffer = b.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), 600));
  b.CreateMemSet(buffer, b.getInt8(1), 600, llvm::Align(8));
  // A volatile read at an index LLVM cannot know keeps the whole buffer alive.
  auto* index = b.CreateAlloca(b.getInt64Ty());
  b.CreateStore(b.getInt64(7), index);
  llvm::Value* offset = b.CreateAnd(b.CreateLoad(b.getInt64Ty(), index, /*isVolatile=*/true), 511);
  llvm::Value* byte = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), buffer, offset),
                                   /*isVolatile=*/true);
  b.CreateRet(b.CreateZExt(byte, b.getInt32Ty()));
  ASSERT_FALSE(object.finish());
  auto emitted = object.emitObject();
  ASSERT_FALSE(emitted);
  std::string message = llvm::toString(emitted.takeError());
  EXPECT_NE(message.find("big_stack.p4:42"), std::string::npos) << message;
  EXPECT_NE(message.find("BPF stack limit is exceeded"), std::string::npos) << message;
}

// Every ISA version and optimisation level must give objects the verifier accepts; O0
// keeps pointers in stack slots, v1 has no 32-bit jumps: both stress its tracking.
class TargetMatrixTest : public ::testing::TestWithParam<std::tuple<const char*, OptLevel>> {};

TEST_P(TargetMatrixTest, ProgramsLoadAndRun) {
  REQUIRE_BPF();
  auto [cpu, level] = GetParam();
  auto target = makeTarget({.cpu = cpu, .optLevel = level});
  ASSERT_TRUE(target);

  Bytes frame = ethernetFrame({2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2}, 0x0800, {});
  Bytes udp = ipv4Packet({2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2}, 0x0a000001, 0x0a000002, 17, 64,
                         udpHeader(1, 53), Bytes(4, 1));
  struct Case {
    std::unique_ptr<BpfModule> object;
    const char* program;
    const Bytes& packet;
    uint32_t verdict;
  };
  Case cases[] = {
      {buildMacTable(*target, ProgramKind::Xdp), "mac_fwd", frame, 2},
      {buildMacTable(*target, ProgramKind::Tc), "mac_fwd", frame, 0},
      {buildLpmRouter(*target), "router", udp, 1},
      {buildUdpPortFilter(*target), "udp_filter", udp, 1},
      {buildPacketCounter(*target), "counter", frame, 2},
      {buildMacLearning(*target), "learn", frame, 2},
      {buildDigest(*target), "digest", frame, 2},
      {buildDevmapForwarder(*target), "forward", frame, 2},
      {buildVlanPush(*target), "vlan_push", frame, 3},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.program);
    auto loaded = compileAndLoad(*c.object);
    ASSERT_TRUE(loaded);
    TimedRun result = runTimed(loaded->programFd(c.program), c.packet);
    EXPECT_EQ(result.returnCode, c.verdict);
  }
}

std::string matrixName(const ::testing::TestParamInfo<std::tuple<const char*, OptLevel>>& info) {
  static const char* levels[] = {"O0", "O1", "O2", "O3"};
  return std::string(std::get<0>(info.param)) + "_" +
         levels[static_cast<int>(std::get<1>(info.param))];
}

INSTANTIATE_TEST_SUITE_P(CpuAndOptLevel, TargetMatrixTest,
                         ::testing::Combine(::testing::Values("v1", "v2", "v3", "v4"),
                                            ::testing::Values(OptLevel::O0, OptLevel::O1,
                                                              OptLevel::O2, OptLevel::O3)),
                         matrixName);

}  // namespace
}  // namespace p4nfc::testing
