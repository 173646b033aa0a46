// Opens one p4nfc object with libbpf (from a file or from memory), reads its manifest,
// loads it into the kernel and hands out the program fd and the maps by manifest map
// name. When the kernel refuses the object, the error carries libbpf's output, the
// verifier log included, so the user sees which P4 line the verifier stopped at.
#pragma once

#include <bpf/libbpf.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "manifest/manifest.h"

namespace p4nf {

enum class ProgramType { Xdp, Tc };

struct ProgramStats {
  uint32_t verifiedInstructions = 0;  // bpf_prog_info.verified_insns
  uint32_t xlatedBytes = 0;           // after the verifier's rewrites
  uint32_t jitedBytes = 0;            // native code (0 when the JIT is off)
};
// Of any loaded program; zeros when the kernel does not say.
ProgramStats programStats(int programFd);

class LoadedObject {
 public:
  // Runs between libbpf's open and load: the place to set .rodata values and to reuse
  // existing maps (loader/chain_loader.h). Throws LoaderError to refuse.
  using BeforeLoad = std::function<void(bpf_object*, const Manifest&)>;

  // Throws LoaderError: not ELF, no manifest, bad manifest, libbpf or verifier refusal.
  static std::unique_ptr<LoadedObject> fromFile(const std::string& path, const BeforeLoad& beforeLoad = {});
  static std::unique_ptr<LoadedObject> fromMemory(std::string elf, const std::string& name,
                                                  const BeforeLoad& beforeLoad = {});
  ~LoadedObject();
  LoadedObject(const LoadedObject&) = delete;
  LoadedObject& operator=(const LoadedObject&) = delete;

  const Manifest& manifest() const { return manifest_; }
  bpf_object* object() { return object_; }

  // The manifest's program.function, or the object's only program.
  int programFd() const { return programFd_; }
  ProgramType programType() const { return programType_; }
  const std::string& programName() const { return programName_; }
  ProgramStats stats() const;

  // By map name (as in the manifest); throws LoaderError when the object has no such map.
  int mapFd(const std::string& mapName) const;
  // The fd of the object's program `name` (e.g. abi::kFloodEgressProgram), -1 without one.
  int otherProgramFd(const std::string& name) const;
  // What libbpf said while loading (warnings included).
  const std::string& log() const { return log_; }

 private:
  LoadedObject() = default;
  void open(const std::string& name);
  void load();

  std::string elf_;  // libbpf keeps pointers into it until close
  Manifest manifest_;
  bpf_object* object_ = nullptr;
  int programFd_ = -1;
  ProgramType programType_ = ProgramType::Xdp;
  std::string programName_;
  std::string log_;
};

}  // namespace p4nf
