// config_check <config.yaml>...: parses and validates configs the way the tests do and
// prints every diagnostic; exit 0 when all are valid. A developer's tool for writing bad
// configs and their `# expect:` lines (and for helpers that need a quick check).
#include <iostream>

#include "config_test_support.h"
#include "loader/config/parse.h"
#include "loader/config/validate.h"

int main(int argc, char** argv) {
  int status = 0;
  auto resolver = p4nf::config::test::compilingResolver();
  for (int i = 1; i < argc; ++i) {
    try {
      p4nf::config::Config config = p4nf::config::parseConfigFile(argv[i]);
      p4nf::config::validateConfig(config, resolver);
      std::cout << argv[i] << ": ok\n";
    } catch (const p4nf::LoaderError& error) {
      std::cout << error.what() << "\n";
      status = 1;
    }
  }
  return status;
}
