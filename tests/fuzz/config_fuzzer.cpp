// libFuzzer target over the deployment config: the parser (loader/config/parse.h) and,
// for inputs that parse, the validator (loader/config/validate.h), which also drives the
// value codec (numbers, MACs, IPv4/IPv6 addresses, prefixes, ranges, value&&&mask).
//
// Each input is the text of a config file. Files are not checked (no `p4:` file exists),
// and every module resolves to one fixed manifest (config_fuzz_manifest.json) whose
// tables cover each match kind and each table kind, const entries, a const default,
// scoped actions and a keyless table, with the names the seed configs use.
//
// What must hold, beyond "no crash, no hang, no leak, no sanitizer report":
//   - every input ends in a Config or a ConfigError; any other exception is a finding;
//   - every diagnostic says where: the input's file name, a line and a column >= 1;
//   - what validates is encodable: every key and argument fits its field's width.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "loader/config/parse.h"
#include "loader/config/validate.h"
#include "manifest/manifest.h"

namespace {

const char* kFileName = "fuzz.yaml";

std::shared_ptr<const p4nf::Manifest> manifest;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "config_fuzzer: %s\n", what.c_str());
  std::abort();
}

// P4NF_CONFIG_FUZZ_VERBOSE=1: print what each input ends in (for triage and for seeds).
const bool verbose = std::getenv("P4NF_CONFIG_FUZZ_VERBOSE") != nullptr;

void checkDiagnostics(const p4nf::config::ConfigError& error) {
  if (verbose) std::fprintf(stderr, "%s\n", error.what());
  if (error.diagnostics().empty()) finding("a ConfigError without diagnostics");
  for (const p4nf::config::Diagnostic& d : error.diagnostics())
    if (d.at.file != kFileName || d.at.line < 1 || d.at.column < 1)
      finding("a diagnostic without a position: " + d.render());
}

void checkEncodable(const p4nf::config::ValidatedConfig& validated) {
  for (const p4nf::config::ValidatedModule& module : validated.modules)
    for (const p4nf::config::ModuleObject& object : module.objects)
      for (const p4nf::config::TableEntries& entries : object.tables) {
        const p4nf::ManifestTable& table = object.manifest->table(entries.table);
        for (const p4nf::Entry& entry : entries.entries) {
          if (entry.keys.size() != table.keys.size() || !entry.action ||
              entry.args.size() != entry.action->params.size())
            finding("an entry of " + table.name + " does not match its table's shape");
          for (size_t i = 0; i < entry.keys.size(); ++i) {
            uint32_t width = table.keys[i].width;
            const p4nf::KeyMatch& k = entry.keys[i];
            for (const mpz_class* v : {&k.value, &k.mask, &k.low, &k.high})
              if (*v < 0 || *v > p4nf::allOnes(width))
                finding("a key of " + table.name + " does not fit bit<" + std::to_string(width) +
                        ">");
            if (k.low > k.high) finding("an empty range in " + table.name);
          }
          for (size_t i = 0; i < entry.args.size(); ++i)
            if (entry.args[i] < 0 || entry.args[i] > p4nf::allOnes(entry.action->params[i].width))
              finding("an argument of " + entry.action->name + " does not fit its parameter");
        }
      }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream in(P4NF_CONFIG_FUZZ_MANIFEST);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    manifest = std::make_shared<const p4nf::Manifest>(p4nf::parseManifest(text.str()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "config_fuzzer: %s: %s\n", P4NF_CONFIG_FUZZ_MANIFEST, e.what());
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  p4nf::config::ParseOptions options;
  options.checkFiles = false;
  options.baseDir = "/nonexistent";
  // The source tree's nf/: `nf: router` is known, so its section reaches the validator.
  options.nfSearchPath = {P4NF_CONFIG_FUZZ_NF_DIR};
  auto resolver = [](const p4nf::config::ModuleSpec&, const std::string&) {
    return p4nf::config::ResolvedObject{"", manifest};
  };
  try {
    p4nf::config::Config config = p4nf::config::parseConfigText(text, kFileName, options);
    checkEncodable(p4nf::config::validateConfig(config, resolver));
    if (verbose) std::fprintf(stderr, "config_fuzzer: valid\n");
  } catch (const p4nf::config::ConfigError& error) {
    checkDiagnostics(error);
  } catch (const std::exception& error) {
    finding(std::string("an exception that is not a ConfigError: ") + error.what());
  } catch (...) {
    finding("an exception that is not a std::exception");
  }
  return 0;
}
