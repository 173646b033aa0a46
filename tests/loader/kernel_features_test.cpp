// The kernel probes (loader/kernel_features.h) against the running kernel: what every
// deployment needs is there on a kernel p4nf supports, a denied feature is reported
// missing with the reason, and an object's needs (program type, maps, helper calls) are
// read from its code and named when missing.
#include "loader/kernel_features.h"

#include <gtest/gtest.h>

#include "fixture_program.h"
#include "tests/support/kernel.h"

namespace p4nf {
namespace {

using p4nfc::bpf::ProgramKind;

class KernelFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::canLoadBpf()) GTEST_SKIP() << "needs root";
  }
};

TEST(HelperNames, ComeFromTheKernelHeaders) {
  EXPECT_EQ(helperName(BPF_FUNC_map_lookup_elem), "bpf_map_lookup_elem");
  EXPECT_EQ(helperName(BPF_FUNC_redirect_map), "bpf_redirect_map");
  EXPECT_EQ(helperName(BPF_FUNC_xdp_adjust_meta), "bpf_xdp_adjust_meta");
  EXPECT_EQ(helperName(100000), "helper #100000");
}

TEST_F(KernelFeaturesTest, EverythingADeploymentNeedsIsHere) {
  KernelFeatures kernel({});
  for (const FeatureStatus& feature : kernel.report()) {
    if (feature.required) EXPECT_TRUE(feature.available) << feature.key << ": " << feature.detail;
    EXPECT_FALSE(feature.denied) << feature.key;
  }
  EXPECT_TRUE(kernel.hasProgramType(BPF_PROG_TYPE_XDP));
  EXPECT_TRUE(kernel.hasHelper(BPF_PROG_TYPE_XDP, BPF_FUNC_redirect_map));
  // A helper that TC programs cannot call: the probe asks the verifier, not a table.
  EXPECT_FALSE(kernel.hasHelper(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_xdp_adjust_head));
  EXPECT_FALSE(kernel.release().empty());
}

TEST_F(KernelFeaturesTest, ADeniedFeatureIsMissingWithTheReason) {
  KernelFeatures kernel({"helper:bpf_redirect_map", "test_run:xdp_live_frames"});
  FeatureStatus redirect = kernel.status("helper:bpf_redirect_map@xdp");
  EXPECT_FALSE(redirect.available);
  EXPECT_TRUE(redirect.denied);
  EXPECT_NE(redirect.detail.find("P4NF_KERNEL_DENY"), std::string::npos) << redirect.detail;
  EXPECT_FALSE(kernel.status("test_run:xdp_live_frames").available);
  EXPECT_TRUE(kernel.status("test_run:xdp").available) << "only what is named is denied";
}

TEST_F(KernelFeaturesTest, AnObjectsNeedsAreReadFromItsCode) {
  std::string xdp = testing::buildForwarderObject(ProgramKind::Xdp);
  ASSERT_FALSE(xdp.empty());
  KernelFeatures everything({});
  EXPECT_TRUE(missingObjectFeatures(xdp, "fixture", everything).empty());

  // The fixture looks its table up, keeps its record in a per-CPU array, and never calls
  // bpf_redirect_map: only what it uses is reported.
  KernelFeatures without({"helper:bpf_map_lookup_elem", "map:percpu_array", "helper:bpf_redirect_map"});
  std::vector<MissingFeature> missing = missingObjectFeatures(xdp, "fixture", without);
  ASSERT_EQ(missing.size(), 2u);
  std::string all = missing[0].sentence + "\n" + missing[1].sentence;
  EXPECT_NE(all.find("fixture: the kernel lacks the helper bpf_map_lookup_elem for xdp programs"), std::string::npos)
      << all;
  EXPECT_NE(all.find("percpu_array maps (p4nf_record)"), std::string::npos) << all;
  EXPECT_TRUE(missing[0].denied && missing[1].denied);

  try {
    throwIfMissing(missing);
    FAIL() << "no error";
  } catch (const KernelFeatureError& error) {
    EXPECT_TRUE(error.denied());
    EXPECT_NE(std::string(error.what()).find("nothing was changed"), std::string::npos);
  }
}

TEST_F(KernelFeaturesTest, AMissingFeatureThatIsNotDeniedIsTheKernelsShortcoming) {
  try {
    throwIfMissing({{"x: the kernel lacks something", false}});
    FAIL() << "no error";
  } catch (const KernelFeatureError& error) {
    EXPECT_FALSE(error.denied());
    EXPECT_NE(std::string(error.what()).find("p4nf doctor"), std::string::npos);
  }
}

}  // namespace
}  // namespace p4nf
