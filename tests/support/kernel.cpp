#include "tests/support/kernel.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loader/libbpf_log.h"
#include "loader/loader_error.h"

namespace p4nf::testing {
namespace {

bpf_object* open(std::string_view elf, std::string& log) {
  // Options are filled by hand: LIBBPF_OPTS's designated initialisers trip clang 19's
  // -Wmissing-designated-field-initializers.
  bpf_object_open_opts options{};
  options.sz = sizeof options;
  options.object_name = "p4nfc_test";
  bpf_object* object = bpf_object__open_mem(elf.data(), elf.size(), &options);
  if (!object) log += "bpf_object__open_mem: " + std::string(std::strerror(errno)) + "\n";
  return object;
}

}  // namespace

bool canLoadBpf() { return geteuid() == 0; }

std::unique_ptr<LoadedObject> loadObject(const std::string& elf, std::string& log) {
  try {
    auto object = LoadedObject::fromMemory(elf, "p4nf_test");
    log = object->log();
    return object;
  } catch (const LoaderError& e) {
    log = e.what();
    return nullptr;
  }
}

std::unique_ptr<RawObject> RawObject::load(std::string_view elf, std::string& log) {
  LibbpfLogCapture capture(log);
  bpf_object* object = open(elf, log);
  if (!object) return nullptr;
  if (int error = bpf_object__load(object)) {
    log += "bpf_object__load: " + std::string(std::strerror(-error)) + "\n";
    bpf_object__close(object);
    return nullptr;
  }
  return std::unique_ptr<RawObject>(new RawObject(object));
}

bool RawObject::openOnly(std::string_view elf, std::string& log) {
  LibbpfLogCapture capture(log);
  bpf_object* object = open(elf, log);
  if (!object) return false;
  bpf_object__close(object);
  return true;
}

RawObject::~RawObject() { bpf_object__close(object_); }

bpf_program* RawObject::program(const char* name) { return bpf_object__find_program_by_name(object_, name); }

bpf_map* RawObject::map(const char* name) { return bpf_object__find_map_by_name(object_, name); }

int RawObject::programFd(const char* name) {
  bpf_program* p = program(name);
  return p ? bpf_program__fd(p) : -1;
}

int RawObject::mapFd(const char* name) {
  bpf_map* m = map(name);
  return m ? bpf_map__fd(m) : -1;
}

uint32_t verifiedInstructions(int programFd) { return programStats(programFd).verifiedInstructions; }

uint32_t loadedInstructions(int programFd) { return programStats(programFd).xlatedBytes / 8; }

}  // namespace p4nf::testing
