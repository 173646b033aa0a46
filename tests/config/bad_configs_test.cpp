// Every file in tests/config/bad/ must fail with the error its `# expect: L:C: text`
// lines name (at that line and column, the text inside the message), and every example
// in config/ must be valid. Modules compile through the module cache (build folder).
// A config that parses and validates is also resolved as `p4nf up` does before touching
// the kernel (deploy::buildDesired), with a machine that has the interfaces cfg-a and
// cfg-b only, so that a missing interface is a bad config too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "config_test_support.h"
#include "loader/config/parse.h"
#include "loader/config/translator.h"
#include "loader/nf_module.h"
#include "loader/config/validate.h"
#include "loader/deploy/desired.h"
#ifdef P4NF_HAVE_NF_ROUTER
#endif

namespace p4nf::config {
namespace {


using test::yamlFilesIn;

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  return test::fileTestName(info.param);
}

class BadConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(BadConfig, FailsWithItsExpectedError) {
  const std::string& path = GetParam();
  auto expectations = test::readExpectations(path);
  ASSERT_FALSE(expectations.empty()) << path << " has no `# expect: line:col: text` line";
  std::vector<Diagnostic> diagnostics;
  try {
    Config config = parseConfigFile(path);
    ValidatedConfig validated = validateConfig(config, test::compilingResolver());
    deploy::buildDesired(validated, [](const std::string& interface) -> uint32_t {
      return interface == "cfg-a" ? 1 : interface == "cfg-b" ? 2 : 0;
    });
  } catch (const ConfigError& error) {
    diagnostics = error.diagnostics();
  } catch (const LoaderError& error) {
    // buildDesired's errors read "<file>:<line>:<col>: <message>".
    std::smatch where;
    std::string text = error.what();
    if (std::regex_search(text, where, std::regex("^(.*):(\\d+):(\\d+): (.*)$")))
      diagnostics.push_back(
          {Mark{where[1], std::stoi(where[2]), std::stoi(where[3])}, where[4], ""});
    else
      ADD_FAILURE() << path << ": an error without a position: " << text;
  }
  ASSERT_FALSE(diagnostics.empty()) << path << " was accepted";
  std::string all;
  for (const Diagnostic& d : diagnostics) all += d.render() + "\n";
  for (const auto& expected : expectations) {
    bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
      return d.at.file == path && d.at.line == expected.line && d.at.column == expected.column &&
             d.render().find(expected.text) != std::string::npos;
    });
    EXPECT_TRUE(found) << "expected " << expected.line << ":" << expected.column << ": "
                       << expected.text << "\ngot:\n" << all;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, BadConfig, ::testing::ValuesIn(yamlFilesIn(test::testsDir() + "/bad")),
                         testName);

TEST(BadConfigs, ThereAreAtLeastThirty) {
  EXPECT_GE(yamlFilesIn(test::testsDir() + "/bad").size(), 30u);
}

class ExampleConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleConfig, IsValid) {
  try {
    Config config = parseConfigFile(GetParam());
    for (const ModuleSpec& module : config.modules)
      if (!module.sectionKey.empty() && !findTranslator(module.nf))
        GTEST_SKIP() << "the translator of nf " << module.nf << " is not linked into this test";
    ValidatedConfig validated = validateConfig(config, test::compilingResolver());
    for (const ValidatedModule& module : validated.modules)
      EXPECT_FALSE(module.objects.empty()) << module.name;
  } catch (const LoaderError& error) {
    FAIL() << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ExampleConfig,
                         ::testing::ValuesIn(yamlFilesIn(test::sourceRoot() + "/config")), testName);

}  // namespace
}  // namespace p4nf::config
