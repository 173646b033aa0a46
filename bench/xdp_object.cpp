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

std::unique_ptr<XdpObject> XdpObject::load(const std::string& path, uint32_t modules) {
  std::string error;
  auto bytes = p4nfc::backend::readBinaryFile(path, error);
  if (!bytes) throw std::runtime_error(path + ": " + error);
  auto manifestText = p4nfc::backend::readManifest(*bytes, error);
  if (!manifestText) throw std::runtime_error(path + ": no manifest: " + error);
  Manifest manifest = parseManifest(*manifestText);
  try {
    std::string name = path.substr(path.find_last_of('/') + 1);
    // As a deployment loads it (position 0 of a chain on a hook): what production runs.
    auto object = p4nf::loadChainModule(*bytes, name, {});
    std::unique_ptr<XdpObject> loaded(new XdpObject(std::move(object), std::move(manifest)));
    // Only chains need the chain maps: the other baselines have none.
    p4nf::ChainMaps chain = modules > 1 ? p4nf::chainMapsOf(*loaded->object_) : p4nf::ChainMaps{};
    for (uint32_t position = 1; position < modules; ++position) {
      p4nf::ChainModuleOptions options;
      options.position = position;
      options.chain = chain;
      auto module = p4nf::loadChainModule(*bytes, name, options);
      p4nf::putInChain(chain.progArray, position, module->programFd());
      loaded->laterModules_.push_back(std::move(module));
    }
    return loaded;
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
  ProgramStats sum;
  auto add = [&sum](const p4nf::LoadedObject& module) {
    p4nf::ProgramStats stats = module.stats();
    sum.verifiedInstructions += stats.verifiedInstructions;
    sum.loadedInstructions += stats.xlatedBytes / 8;
    sum.jitedBytes += stats.jitedBytes;
  };
  add(*object_);
  for (const auto& module : laterModules_) add(*module);
  return sum;
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
    update(table.defaultMap, hostOrderU32(0), encodeDefaultValue(table));
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

TestRun XdpObject::runOnce(const Bytes& packet) const {
  // p4nf::runRaw's record storage and read-back are p4nf test's; its LoaderError is a
  // std::runtime_error, which the caller reports.
  p4nf::RawRun run = p4nf::runRaw(programFd(), p4nf::ProgramType::Xdp, std::nullopt, packet);
  TestRun result;
  result.verdict = static_cast<uint32_t>(run.returnCode);
  result.packet = std::move(run.packet);
  result.record = run.record;
  result.modules = 1 + static_cast<uint32_t>(laterModules_.size());
  return result;
}

}  // namespace p4nf::bench
