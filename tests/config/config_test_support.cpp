#include "config_test_support.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/compile_p4.h"
#include "loader/config/module_cache.h"

namespace p4nf::config::test {

std::string testsDir() { return P4NF_CONFIG_TESTS; }
std::string sourceRoot() { return P4NF_SOURCE_ROOT; }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> yamlFilesIn(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string fileTestName(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

ModuleResolver compilingResolver() {
  ResolverOptions options;
  options.cacheDir = P4NF_TEST_CACHE;
  options.compilerId = executableFingerprint("config_tests");
  return makeCompilingResolver(
      [](const std::string& source, const std::string& target) {
        return cli::compileP4({source, target, ""});
      },
      options);
}

ModuleResolver fixedManifestResolver(const std::string& manifestJson) {
  auto manifest = std::make_shared<const Manifest>(parseManifest(manifestJson));
  return [manifest](const ModuleSpec&, const std::string&) {
    return ResolvedObject{"", manifest};
  };
}

std::vector<Expectation> readExpectations(const std::string& path) {
  static const std::regex expectLine(R"(#\s*expect:\s*(\d+):(\d+):\s*(.*\S)\s*$)");
  std::vector<Expectation> expectations;
  std::istringstream lines(readFile(path));
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_search(line, match, expectLine))
      expectations.push_back({std::stoi(match[1]), std::stoi(match[2]), match[3]});
  }
  return expectations;
}

}  // namespace p4nf::config::test
