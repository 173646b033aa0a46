// Compiling P4 programs with the code generator, loading them into the kernel with libbpf
// and running packets through them with BPF_PROG_TEST_RUN, for the code generator tests.
#pragma once

#include <bpf/libbpf.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace p4nfc::codegen_test {

using Bytes = std::vector<uint8_t>;

bool canLoadBpf();

struct Compiled {
  bool ok = false;
  std::string object;       // ELF bytes
  nlohmann::json manifest;
  std::string diagnostics;  // rendered, as p4nfc prints them
};
Compiled compileP4(const std::string& path, const std::string& target = "xdp", int optLevel = 2);
std::string programPath(const std::string& name);  // tests/codegen/programs/<name>

class Loaded {
 public:
  static std::unique_ptr<Loaded> load(const std::string& elf, std::string& log);
  ~Loaded();
  int programFd();
  int mapFd(const std::string& name);

 private:
  explicit Loaded(bpf_object* object) : object_(object) {}
  bpf_object* object_;
};

struct RunResult {
  int error = 0;
  uint32_t retval = 0;
  Bytes packet;          // the packet after the program, without the metadata
  uint32_t verdict = 0;  // from the chain metadata (0: none recorded)
  uint32_t port = 0;
};
RunResult runXdp(int programFd, const Bytes& packet);
RunResult runTc(int programFd, const Bytes& packet);

uint32_t verifiedInstructions(int programFd);

// Map contents, encoded from the manifest: the table named `table`, key values in P4 key
// order, and an action with its arguments (by name).
const nlohmann::json& tableOf(const nlohmann::json& manifest, const std::string& name);
Bytes encodeKey(const nlohmann::json& table, const std::vector<Bytes>& values, int lpmPrefixLen = -1);
Bytes encodeValue(const nlohmann::json& table, const std::string& action, const std::vector<Bytes>& args);
bool updateMap(int fd, const Bytes& key, const Bytes& value);

Bytes be(uint64_t value, size_t bytes);  // big-endian
Bytes concat(std::initializer_list<Bytes> parts);

}  // namespace p4nfc::codegen_test
