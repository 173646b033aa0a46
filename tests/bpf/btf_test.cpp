// BTF: maps carry named key/value types into the kernel, programs carry func_info and
// line_info, and verifier logs point at source lines.
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bpf/bpf_helpers.h"
#include "bpf_test_support.h"

namespace p4nfc::testing {
namespace {

std::vector<std::string> memberNames(const btf* types, uint32_t typeId) {
  std::vector<std::string> names;
  const btf_type* type = btf__type_by_id(types, typeId);
  if (!type || !btf_is_struct(type)) return names;
  const btf_member* members = btf_members(type);
  for (int i = 0; i < btf_vlen(type); ++i)
    names.emplace_back(btf__name_by_offset(types, members[i].name_off));
  return names;
}

std::string typeName(const btf* types, uint32_t typeId) {
  const btf_type* type = btf__type_by_id(types, typeId);
  return type ? btf__name_by_offset(types, type->name_off) : "";
}

TEST(BtfTest, MapKeyAndValueHaveNamedFields) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildMacTable(*target, ProgramKind::Xdp));
  ASSERT_TRUE(loaded);
  bpf_map* table = loaded->map("mac_table");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(bpf_map__type(table), BPF_MAP_TYPE_HASH);
  EXPECT_EQ(bpf_map__key_size(table), 6u);
  EXPECT_EQ(bpf_map__value_size(table), 16u);
  EXPECT_EQ(bpf_map__max_entries(table), 1024u);

  const btf* types = bpf_object__btf(loaded->object());
  ASSERT_NE(types, nullptr);
  EXPECT_EQ(typeName(types, bpf_map__btf_key_type_id(table)), "mac_key");
  EXPECT_EQ(memberNames(types, bpf_map__btf_key_type_id(table)),
            std::vector<std::string>{"dst_mac"});
  EXPECT_EQ(typeName(types, bpf_map__btf_value_type_id(table)), "mac_value");
  EXPECT_EQ(memberNames(types, bpf_map__btf_value_type_id(table)),
            (std::vector<std::string>{"action", "port", "hits"}));

  // The kernel kept the types (it would have refused a mismatch, and libbpf would then
  // have retried without BTF): what bpftool map dump uses.
  bpf_map_info info{};
  uint32_t length = sizeof info;
  ASSERT_EQ(bpf_obj_get_info_by_fd(bpf_map__fd(table), &info, &length), 0);
  EXPECT_NE(info.btf_id, 0u);
  EXPECT_EQ(info.btf_key_type_id, bpf_map__btf_key_type_id(table));
  EXPECT_EQ(info.btf_value_type_id, bpf_map__btf_value_type_id(table));
}

// What an operator sees: `bpftool map dump` prints the key and value with field names.
TEST(BtfTest, BpftoolDumpShowsFieldNames) {
  REQUIRE_BPF();
  if (std::system("command -v bpftool >/dev/null 2>&1") != 0) GTEST_SKIP() << "no bpftool";
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildMacTable(*target, ProgramKind::Xdp));
  ASSERT_TRUE(loaded);
  int table = loaded->mapFd("mac_table");
  uint8_t mac[6] = {2, 0, 0, 0, 0, 1};
  uint64_t value[2] = {1 | (uint64_t(7) << 32), 0};
  ASSERT_EQ(bpf_map_update_elem(table, mac, value, BPF_ANY), 0);
  bpf_map_info info{};
  uint32_t length = sizeof info;
  ASSERT_EQ(bpf_obj_get_info_by_fd(table, &info, &length), 0);

  std::string command = "bpftool map dump id " + std::to_string(info.id) + " 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    pclose(pipe);
  }
  for (const char* expected : {"\"dst_mac\"", "\"action\": 1", "\"port\": 7", "\"hits\": 0"})
    EXPECT_NE(output.find(expected), std::string::npos) << expected << " in\n" << output;
}

TEST(BtfTest, EveryTypedMapKindKeepsItsBtfInTheKernel) {
  REQUIRE_BPF();
  auto target = makeTarget();
  struct Case {
    std::unique_ptr<BpfModule> object;
    const char* map;
    bool expectBtfTypes;
  };
  Case cases[] = {
      {buildLpmRouter(*target), "routes", true},
      {buildPacketCounter(*target), "stats", true},
      {buildMacLearning(*target), "learned", true},
      {buildDevmapForwarder(*target), "tx_ports", false},
      {buildTailCallChain(*target), "chain", false},
      {buildDigest(*target), "digests", false},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.map);
    auto loaded = compileAndLoad(*c.object);
    ASSERT_TRUE(loaded);
    bpf_map_info info{};
    uint32_t length = sizeof info;
    ASSERT_EQ(bpf_obj_get_info_by_fd(loaded->mapFd(c.map), &info, &length), 0);
    EXPECT_EQ(info.btf_value_type_id != 0, c.expectBtfTypes);
  }
}

TEST(BtfTest, SubprogramsHaveFuncInfoAndLineInfo) {
  REQUIRE_BPF();
  auto target = makeTarget();
  auto loaded = compileAndLoad(*buildPacketCounter(*target));
  ASSERT_TRUE(loaded);
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  ASSERT_EQ(bpf_obj_get_info_by_fd(loaded->programFd("counter"), &info, &length), 0);
  EXPECT_EQ(info.nr_func_info, 2u) << "counter + count_packet";
  EXPECT_GT(info.nr_line_info, 0u);
}

// A program that reads the packet without a bounds check: the verifier must refuse it,
// and its log must quote the source line (BTF line info embeds the file's lines).
TEST(BtfTest, VerifierLogQuotesTheSourceLine) {
  REQUIRE_BPF();
  std::string source = ::testing::TempDir() + "/p4nfc_unchecked.p4";
  std::ofstream(source) << "// line 1\n"
                           "control ingress() { apply { /* line 2 */ } }\n"
                           "hdr.ethernet.dstAddr; // line 3: read without extract\n";
  auto target = makeTarget();
  BpfModule object(*target, "unchecked", source);
  bpf::ProgramFunction program = object.defineProgram("unchecked", ProgramKind::Xdp, 2);
  llvm::IRBuilder<> b(program.entry);
  b.SetCurrentDebugLocation(object.debugInfo().location(program.subprogram, 3));
  bpf::PacketPointers packet = bpf::loadPacketPointers(b, program.ctx, ProgramKind::Xdp);
  b.CreateRet(b.CreateZExt(b.CreateLoad(b.getInt8Ty(), packet.data), b.getInt32Ty()));
  std::string elf = emitTestObject(object);
  ASSERT_FALSE(elf.empty());
  std::remove(source.c_str());

  std::string log;
  auto loaded = RawObject::load(elf, log);
  EXPECT_FALSE(loaded);
  EXPECT_NE(log.find("invalid access to packet"), std::string::npos) << log;
  EXPECT_NE(log.find("line 3: read without extract"), std::string::npos) << log;
}

}  // namespace
}  // namespace p4nfc::testing
