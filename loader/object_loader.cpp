#include "loader/object_loader.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>

#include "bpf/elf_object.h"
#include "loader/libbpf_log.h"
#include "loader/loader_error.h"

namespace p4nf {

std::unique_ptr<LoadedObject> LoadedObject::fromFile(const std::string& path, const BeforeLoad& beforeLoad) {
  std::string error;
  auto bytes = p4nfc::bpf::readBinaryFile(path, error);
  if (!bytes) throw LoaderError(path + ": " + error);
  std::string name = path.substr(path.find_last_of('/') + 1);
  return fromMemory(std::move(*bytes), name, beforeLoad);
}

std::unique_ptr<LoadedObject> LoadedObject::fromMemory(std::string elf, const std::string& name,
                                                      const BeforeLoad& beforeLoad) {
  std::unique_ptr<LoadedObject> loaded(new LoadedObject());
  loaded->elf_ = std::move(elf);
  std::string error;
  auto manifest = p4nfc::bpf::readManifest(loaded->elf_, error);
  if (!manifest) throw LoaderError(name + ": " + error + " (is it an object built by p4nfc?)");
  try {
    loaded->manifest_ = parseManifest(*manifest);
  } catch (const LoaderError& e) {
    throw LoaderError(name + ": " + e.what());
  }
  loaded->open(name);
  if (beforeLoad) beforeLoad(loaded->object_, loaded->manifest_);
  loaded->load();
  return loaded;
}

void LoadedObject::open(const std::string& name) {
  LibbpfLogCapture capture(log_);
  bpf_object_open_opts options{};
  options.sz = sizeof options;
  std::string objectName = manifest_.program.name.empty() ? "p4nf" : manifest_.program.name;
  options.object_name = objectName.c_str();
  object_ = bpf_object__open_mem(elf_.data(), elf_.size(), &options);
  if (!object_) {
    int error = errno;
    object_ = nullptr;
    throw LoaderError(name + ": libbpf cannot open the object: " + std::strerror(error) + "\n" + log_);
  }
}

void LoadedObject::load() {
  {
    LibbpfLogCapture capture(log_);
    if (int error = bpf_object__load(object_))
      throw LoaderError("the kernel refused the program (" + std::string(std::strerror(-error)) +
                        "); libbpf and the verifier said:\n" + log_);
  }
  bpf_program* program = nullptr;
  if (!manifest_.program.function.empty()) {
    program = bpf_object__find_program_by_name(object_, manifest_.program.function.c_str());
    if (!program)
      throw LoaderError("the object has no program \"" + manifest_.program.function +
                        "\" (manifest program.function)");
  } else {
    bpf_program* p = nullptr;
    int count = 0;
    while ((p = bpf_object__next_program(object_, p))) {
      program = p;
      ++count;
    }
    if (count != 1)
      throw LoaderError("the object has " + std::to_string(count) +
                        " programs and the manifest names none (program.function)");
  }
  programName_ = bpf_program__name(program);
  programFd_ = bpf_program__fd(program);
  switch (bpf_program__type(program)) {
    case BPF_PROG_TYPE_XDP: programType_ = ProgramType::Xdp; break;
    case BPF_PROG_TYPE_SCHED_CLS:
    case BPF_PROG_TYPE_SCHED_ACT: programType_ = ProgramType::Tc; break;
    default:
      throw LoaderError("program " + programName_ + " is neither XDP nor TC");
  }
}

LoadedObject::~LoadedObject() {
  if (object_) bpf_object__close(object_);
}

int LoadedObject::mapFd(const std::string& mapName) const {
  bpf_map* map = bpf_object__find_map_by_name(object_, mapName.c_str());
  if (!map) throw LoaderError("the object has no map \"" + mapName + "\" (named by its manifest)");
  return bpf_map__fd(map);
}

int LoadedObject::otherProgramFd(const std::string& name) const {
  bpf_program* program = bpf_object__find_program_by_name(object_, name.c_str());
  return program ? bpf_program__fd(program) : -1;
}

ProgramStats LoadedObject::stats() const { return programStats(programFd_); }

ProgramStats programStats(int programFd) {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  ProgramStats stats;
  if (bpf_obj_get_info_by_fd(programFd, &info, &length) != 0) return stats;
  stats.verifiedInstructions = info.verified_insns;
  stats.xlatedBytes = info.xlated_prog_len;
  stats.jitedBytes = info.jited_prog_len;
  return stats;
}

}  // namespace p4nf
