#include "cli/config_loading.h"

#include "common/version.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/compile_p4.h"
#include "cli/exit_codes.h"
#include "loader/config/module_cache.h"
#include "loader/config/parse.h"
#include "loader/loader_error.h"

namespace p4nf::cli {
namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string readObject(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoaderError("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

config::ValidatedConfig loadDeploymentConfig(const std::string& path) {
  config::Config parsed = config::parseConfigFile(path);
  config::ResolverOptions options;
  options.compilerId = config::executableFingerprint(std::string("p4nf ") + kVersion);
  config::ModuleResolver compiling = config::makeCompilingResolver(
      [](const std::string& source, const std::string& target) {
        return compileP4({source, target, ""});
      },
      options);
  return config::validateConfig(
      parsed, [&](const config::ModuleSpec& module, const std::string& target) {
        if (module.source == config::ModuleSource::P4 && endsWith(module.path, ".o"))
          return config::ResolvedObject{readObject(module.path), nullptr};
        if (!haveCompiler() && module.source == config::ModuleSource::P4)
          throw LoaderError(
              "this p4nf was built without the compiler: give p4: an object built by p4nfc (.o)");
        return compiling(module, target);
      });
}

int reportLoadError(const std::exception& error) {
  if (auto* configError = dynamic_cast<const config::ConfigError*>(&error)) {
    for (const config::Diagnostic& d : configError->diagnostics()) std::cerr << d.render() << "\n";
    std::cerr << "p4nf: the config has " << configError->diagnostics().size()
              << " error(s); nothing was changed\n";
    return kExitConfig;
  }
  std::cerr << "p4nf: " << error.what() << "\n";
  return kExitError;
}

}  // namespace p4nf::cli
