#include "xdp_object.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "backend/elf_object.h"

namespace p4nf::bench {
namespace {

// libbpf reports through one process-wide callback; we load one object at a time.
std::string* libbpfLog = nullptr;

int captureLibbpf(enum libbpf_print_level level, const char* format, va_list args) {
  if (!libbpfLog || level == LIBBPF_DEBUG) return 0;
  char line[4096];
  int n = vsnprintf(line, sizeof line, format, args);
  if (n > 0) libbpfLog->append(line, std::min<size_t>(n, sizeof line - 1));
  return n;
}

std::string errnoText(int error) { return strerror(error < 0 ? -error : error); }

bpf_program* entryPoint(bpf_object* object, const std::string& function) {
  if (!function.empty()) return bpf_object__find_program_by_name(object, function.c_str());
  return bpf_object__next_program(object, nullptr);
}

}  // namespace

std::unique_ptr<XdpObject> XdpObject::load(const std::string& path) {
  std::string error;
  auto bytes = p4nfc::backend::readBinaryFile(path, error);
  if (!bytes) throw std::runtime_error(path + ": " + error);
  auto manifestText = p4nfc::backend::readManifest(*bytes, error);
  if (!manifestText) throw std::runtime_error(path + ": no manifest: " + error);
  Manifest manifest = parseManifest(*manifestText);

  std::string log;
  libbpfLog = &log;
  libbpf_print_fn_t previous = libbpf_set_print(captureLibbpf);
  bpf_object* object = bpf_object__open_file(path.c_str(), nullptr);
  int loadError = object ? bpf_object__load(object) : -errno;
  libbpf_set_print(previous);
  libbpfLog = nullptr;
  if (loadError) {
    if (object) bpf_object__close(object);
    throw std::runtime_error(path + ": cannot load: " + errnoText(loadError) + "\n" + log);
  }
  bpf_program* program = entryPoint(object, manifest.function);
  if (!program) {
    bpf_object__close(object);
    throw std::runtime_error(path + ": no program " + manifest.function);
  }
  int fd = bpf_program__fd(program);
  return std::unique_ptr<XdpObject>(new XdpObject(object, std::move(manifest), fd));
}

XdpObject::~XdpObject() { bpf_object__close(object_); }

int XdpObject::mapFd(const std::string& name) const {
  bpf_map* map = bpf_object__find_map_by_name(object_, name.c_str());
  if (!map) throw std::runtime_error("the object has no map " + name);
  return bpf_map__fd(map);
}

ProgramStats XdpObject::stats() const {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(programFd_, &info, &length) != 0) return {};
  return {info.verified_insns, info.xlated_prog_len / 8, info.jited_prog_len};
}

void XdpObject::update(const std::string& map, const Bytes& key, const Bytes& value) {
  if (bpf_map_update_elem(mapFd(map), key.data(), value.data(), BPF_ANY) != 0)
    throw std::runtime_error("updating map " + map + ": " + errnoText(errno));
}

void XdpObject::fillPorts(uint32_t ports, uint32_t ifindex) {
  if (manifest_.portsMap.empty()) return;
  int fd = mapFd(manifest_.portsMap);
  for (uint32_t port = 0; port < ports; ++port)
    if (bpf_map_update_elem(fd, &port, &ifindex, BPF_ANY) != 0)
      throw std::runtime_error("filling the port devmap: " + errnoText(errno));
}

void XdpObject::installDefaultActions() {
  for (const TableLayout& table : manifest_.tables) {
    if (table.defaultMap.empty() || table.defaultAction.empty()) continue;
    uint32_t zero = 0;
    Bytes key(reinterpret_cast<uint8_t*>(&zero), reinterpret_cast<uint8_t*>(&zero) + 4);
    update(table.defaultMap, key, encodeDefaultValue(table));
  }
}

TestRun XdpObject::run(const Bytes& packet, uint32_t repeat) const {
  TestRun result;
  result.packet.resize(packet.size() + 256);  // room for programs that grow the packet
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = packet.data();
  options.data_size_in = static_cast<uint32_t>(packet.size());
  options.data_out = result.packet.data();
  options.data_size_out = static_cast<uint32_t>(result.packet.size());
  options.repeat = static_cast<int>(repeat);
  result.error = bpf_prog_test_run_opts(programFd_, &options) ? -errno : 0;
  result.verdict = options.retval;
  result.durationNs = options.duration;
  result.packet.resize(result.error == 0 ? options.data_size_out : 0);
  return result;
}

}  // namespace p4nf::bench
