#include "xdp_object.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "backend/elf_object.h"
#include "loader/chain_loader.h"
#include "loader/loader_error.h"

namespace p4nf::bench {
namespace {

std::string errnoText(int error) { return strerror(error < 0 ? -error : error); }

}  // namespace

std::unique_ptr<XdpObject> XdpObject::load(const std::string& path) {
  std::string error;
  auto bytes = p4nfc::backend::readBinaryFile(path, error);
  if (!bytes) throw std::runtime_error(path + ": " + error);
  auto manifestText = p4nfc::backend::readManifest(*bytes, error);
  if (!manifestText) throw std::runtime_error(path + ": no manifest: " + error);
  Manifest manifest = parseManifest(*manifestText);
  try {
    std::string name = path.substr(path.find_last_of('/') + 1);
    // As a deployment loads it (position 0 of a chain on a hook): what production runs.
    auto object = p4nf::loadChainModule(std::move(*bytes), name, {});
    return std::unique_ptr<XdpObject>(new XdpObject(std::move(object), std::move(manifest)));
  } catch (const p4nf::LoaderError& e) {
    throw std::runtime_error(path + ": cannot load: " + e.what());
  }
}

int XdpObject::mapFd(const std::string& name) const {
  try {
    return object_->mapFd(name);
  } catch (const p4nf::LoaderError& e) {
    throw std::runtime_error(e.what());
  }
}

ProgramStats XdpObject::stats() const {
  p4nf::ProgramStats stats = object_->stats();
  return {stats.verifiedInstructions, stats.xlatedBytes / 8, stats.jitedBytes};
}

void XdpObject::update(const std::string& map, const Bytes& key, const Bytes& value) {
  if (bpf_map_update_elem(mapFd(map), key.data(), value.data(), BPF_ANY) != 0)
    throw std::runtime_error("updating map " + map + ": " + errnoText(errno));
}

void XdpObject::addEntry(const TableLayout& table, const Bytes& key, const Bytes& value) {
  update(table.map, key, value);
  const p4nf::ManifestTable* loaderTable = object_->manifest().findTable(table.name);
  if (!loaderTable || !loaderTable->dir24) return;
  auto& index = dir24_[table.name];
  try {
    if (!index)
      index = std::make_unique<p4nf::Dir24Index>(*loaderTable, [&](const std::string& map) { return mapFd(map); });
    // The lpm key: u32 prefix length (host order), then the address in network order.
    uint32_t length;
    std::memcpy(&length, key.data(), 4);
    uint32_t prefix = uint32_t{key[4]} << 24 | uint32_t{key[5]} << 16 | uint32_t{key[6]} << 8 | key[7];
    index->added(prefix, length, value);
  } catch (const p4nf::LoaderError& e) {
    throw std::runtime_error(e.what());
  }
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
  result.error = bpf_prog_test_run_opts(programFd(), &options) ? -errno : 0;
  result.verdict = options.retval;
  result.durationNs = options.duration;
  result.packet.resize(result.error == 0 ? options.data_size_out : 0);
  return result;
}

}  // namespace p4nf::bench
