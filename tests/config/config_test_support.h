// Shared by the config tests: paths, a resolver that compiles modules with the code
// generator (through the module cache), and reading a file's `# expect:` lines.
#pragma once

#include <string>
#include <vector>

#include "loader/config/validate.h"

namespace p4nf::config::test {

std::string testsDir();   // tests/config
std::string sourceRoot(); // the repository

// Compiles `p4:` modules (and nf/ sources) with p4nfc's code generator, caching objects
// in the build folder.
ModuleResolver compilingResolver();

// A resolver that hands out `manifestJson` (parsed) for every module and target.
ModuleResolver fixedManifestResolver(const std::string& manifestJson);

struct Expectation {
  int line = 0;
  int column = 0;
  std::string text;  // must occur in the diagnostic's message
};
// "# expect: 7:5: unknown key \"prots\"" lines, anywhere in the file.
std::vector<Expectation> readExpectations(const std::string& path);

std::string readFile(const std::string& path);

// The .yaml files of `dir`, sorted: the parameters of file-driven tests.
std::vector<std::string> yamlFilesIn(const std::string& dir);
// A file parameter as a test name: its stem, with every non-alphanumeric made '_'.
std::string fileTestName(const std::string& path);

}  // namespace p4nf::config::test
