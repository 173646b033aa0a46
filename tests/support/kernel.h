// What the tests that touch the kernel share: whether this process may load BPF, loading
// an object for a test, and what the verifier made of a program. Packets go through
// libp4nf's runner (loader/packet_runner.h): runPacket/runRaw for programs that keep the
// chain record, runTimed for the others.
#pragma once

#include <bpf/libbpf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "loader/object_loader.h"

namespace p4nf::testing {

// True when this process may load BPF programs (root); kernel tests GTEST_SKIP otherwise.
bool canLoadBpf();

// An object with a manifest (p4nfc's, or a fixture's), loaded through libp4nf as `p4nf`
// loads it; nullptr when the loader, libbpf or the verifier refuses it, `log` saying why.
std::unique_ptr<LoadedObject> loadObject(const std::string& elf, std::string& log);

// An object without a manifest, opened and loaded with libbpf as it is: the back end's
// test modules, which hold several programs (libp4nf's LoadedObject needs a manifest and
// runs one program). Closes everything on destruction.
class RawObject {
 public:
  // nullptr on failure; `log` then holds libbpf's output, the verifier's log included.
  static std::unique_ptr<RawObject> load(std::string_view elf, std::string& log);
  // Opens without loading (does libbpf accept the object's layout?).
  static bool openOnly(std::string_view elf, std::string& log);
  ~RawObject();
  RawObject(const RawObject&) = delete;
  RawObject& operator=(const RawObject&) = delete;

  bpf_object* object() { return object_; }
  bpf_program* program(const char* name);
  bpf_map* map(const char* name);
  int programFd(const char* name);  // -1 when the object has no such program
  int mapFd(const char* name);      // -1 when the object has no such map

 private:
  explicit RawObject(bpf_object* object) : object_(object) {}
  bpf_object* object_;
};

// The instructions the verifier processed (bpf_prog_info.verified_insns), and the
// program's length in instructions after the verifier's rewrites.
uint32_t verifiedInstructions(int programFd);
uint32_t loadedInstructions(int programFd);

}  // namespace p4nf::testing
