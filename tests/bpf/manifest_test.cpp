// The manifest section: written by the back end, skipped by libbpf, read back with libelf.
#include <gtest/gtest.h>

#include <string>

#include "bpf/elf_object.h"
#include "bpf/object_sections.h"
#include "bpf_test_support.h"

namespace p4nfc::testing {
namespace {

const std::string kManifest =
    R"({"version":1,"tables":[{"name":"ingress.mac_table","map":"mac_table",)"
    R"("keys":[{"name":"hdr.ethernet.dst","width":48,"match":"exact","offset":0}]}]})";

std::string compileWithManifest(const BpfTarget& target, const std::string& manifest) {
  auto object = buildMacTable(target, ProgramKind::Xdp);
  object->setManifest(manifest);
  return emitTestObject(*object);
}

TEST(ManifestTest, RoundTripsThroughTheObject) {
  auto target = makeTarget();
  std::string elf = compileWithManifest(*target, kManifest);
  ASSERT_FALSE(elf.empty());
  std::string error;
  auto manifest = bpf::readManifest(elf, error);
  ASSERT_TRUE(manifest) << error;
  EXPECT_EQ(*manifest, kManifest);
}

TEST(ManifestTest, LargeManifestsSurviveOptimisation) {
  auto target = makeTarget();
  std::string big = "[" + std::string(200000, ' ') + "]";
  std::string elf = compileWithManifest(*target, big);
  std::string error;
  auto manifest = bpf::readManifest(elf, error);
  ASSERT_TRUE(manifest) << error;
  EXPECT_EQ(*manifest, big);
}

TEST(ManifestTest, LibbpfOpensAndLoadsObjectsWithAManifest) {
  auto target = makeTarget();
  std::string elf = compileWithManifest(*target, kManifest);
  std::string log;
  ASSERT_TRUE(RawObject::openOnly(elf, log)) << log;
  if (!canLoadBpf()) GTEST_SKIP() << "needs root to load";
  auto loaded = RawObject::load(elf, log);
  ASSERT_TRUE(loaded) << log;
  // libbpf saw the section and skipped it instead of failing.
  EXPECT_NE(log.find(bpf::kManifestSection), std::string::npos) << log;
}

TEST(ManifestTest, MissingManifestIsAnError) {
  auto target = makeTarget();
  auto object = buildDevmapForwarder(*target);
  std::string elf = emitTestObject(*object);
  std::string error;
  EXPECT_FALSE(bpf::readManifest(elf, error));
  EXPECT_EQ(error, "no section .p4nf.manifest");
}

TEST(ManifestTest, NonElfInputIsAnError) {
  std::string error;
  EXPECT_FALSE(bpf::readManifest("definitely not ELF", error));
  EXPECT_EQ(error, "not an ELF object");
  EXPECT_FALSE(bpf::readManifest("", error));
}

TEST(ManifestTest, MissingFileIsAnError) {
  std::string error;
  EXPECT_FALSE(bpf::readBinaryFile("/nonexistent/p4nf.o", error));
  EXPECT_EQ(error, "cannot open /nonexistent/p4nf.o");
}

}  // namespace
}  // namespace p4nfc::testing
