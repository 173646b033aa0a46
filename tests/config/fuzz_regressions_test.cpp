// The findings of tests/fuzz/config_fuzzer, kept: every input in tests/fuzz/config_regressions/
// goes through the parser and the validator as the fuzzer runs them (no files checked,
// every module resolved to tests/fuzz/config_fuzz_manifest.json) and must end in a valid
// config or a ConfigError whose diagnostics all have a position, including the errors its
// `# expect: L:C: text` lines name. The fuzz smoke run replays the same files as seeds,
// with the sanitizers; this test runs them in the regular build, with no fuzzer needed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "config_test_support.h"
#include "loader/config/parse.h"
#include "loader/config/validate.h"

namespace p4nf::config {
namespace {


std::string regressionsDir() { return test::sourceRoot() + "/tests/fuzz/config_regressions"; }

std::vector<std::string> regressionFiles() { return test::yamlFilesIn(regressionsDir()); }

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  return test::fileTestName(info.param);
}

// What the fuzzer does with one input; the diagnostics, empty when the config is valid.
std::vector<Diagnostic> runAsTheFuzzer(const std::string& text, const std::string& file) {
  static ModuleResolver resolver = test::fixedManifestResolver(
      test::readFile(test::sourceRoot() + "/tests/fuzz/config_fuzz_manifest.json"));
  ParseOptions options;
  options.checkFiles = false;
  options.baseDir = "/nonexistent";
  options.nfSearchPath = {test::sourceRoot() + "/nf"};
  try {
    validateConfig(parseConfigText(text, file, options), resolver);
  } catch (const ConfigError& error) {
    return error.diagnostics();
  }
  return {};
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, EndsInAConfigOrAPositionedError) {
  const std::string& path = GetParam();
  std::vector<Diagnostic> diagnostics;
  ASSERT_NO_THROW(diagnostics = runAsTheFuzzer(test::readFile(path), path));
  std::string all;
  for (const Diagnostic& d : diagnostics) {
    all += d.render() + "\n";
    EXPECT_TRUE(d.at.file == path && d.at.line >= 1 && d.at.column >= 1) << d.render();
  }
  for (const auto& expected : test::readExpectations(path)) {
    bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
      return d.at.line == expected.line && d.at.column == expected.column &&
             d.render().find(expected.text) != std::string::npos;
    });
    EXPECT_TRUE(found) << "expected " << expected.line << ":" << expected.column << ": "
                       << expected.text << "\ngot:\n" << all;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, FuzzRegression, ::testing::ValuesIn(regressionFiles()), testName);

}  // namespace
}  // namespace p4nf::config
