#include "xdp_object.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "bpf/elf_object.h"
#include "common/dataplane_abi.h"
#include "loader/chain_loader.h"
#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/value_codec.h"

namespace p4nf::bench {
namespace {

std::string errnoText(int error) { return strerror(error < 0 ? -error : error); }

}  // namespace

std::unique_ptr<XdpObject> XdpObject::load(const std::string& path, uint32_t modules) {
  std::string error;
  auto bytes = p4nfc::bpf::readBinaryFile(path, error);
  if (!bytes) throw std::runtime_error(path + ": " + error);
  try {
    std::string name = path.substr(path.find_last_of('/') + 1);
    // As a deployment loads it (position 0 of a chain on a hook): what production runs.
    auto object = p4nf::loadChainModule(*bytes, name, {});
    std::unique_ptr<XdpObject> loaded(new XdpObject(std::move(object)));
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

p4nf::TableWriter& XdpObject::writer(const p4nf::ManifestTable& table) {
  std::unique_ptr<p4nf::TableWriter>& writer = writers_[table.name];
  if (!writer) writer = std::make_unique<p4nf::TableWriter>(table, [this](const std::string& map) { return mapFd(map); });
  return *writer;
}

void XdpObject::addEntry(const std::string& tableName, const std::vector<KeyField>& keys,
                         const std::string& actionName, const std::vector<uint64_t>& args) {
  const p4nf::ManifestTable& table = manifest().table(tableName);
  if (keys.size() != table.keys.size())
    throw std::runtime_error("table " + table.name + " takes " + std::to_string(table.keys.size()) + " key fields");
  p4nf::Entry entry;
  for (size_t i = 0; i < keys.size(); ++i) {
    // The value codec checks the number against the key (its width, its match kind).
    p4nf::UserValue value;
    value.form = keys[i].prefixLength < 0 ? p4nf::UserValue::Form::Plain : p4nf::UserValue::Form::Prefix;
    value.value = mpz_class(static_cast<unsigned long>(keys[i].value));
    value.prefixLen = static_cast<uint32_t>(std::max(keys[i].prefixLength, 0));
    value.text = std::to_string(keys[i].value) +
                 (keys[i].prefixLength < 0 ? "" : "/" + std::to_string(keys[i].prefixLength));
    entry.keys.push_back(p4nf::matchForKey(value, table.keys[i]));
  }
  entry.action = table.findAction(actionName);
  if (!entry.action) throw std::runtime_error("table " + table.name + " has no action " + actionName);
  if (args.size() != entry.action->params.size())
    throw std::runtime_error("action " + entry.action->name + " takes " +
                             std::to_string(entry.action->params.size()) + " arguments");
  for (uint64_t arg : args) entry.args.push_back(mpz_class(static_cast<unsigned long>(arg)));
  writer(table).add(entry);
}

void XdpObject::fillPorts(uint32_t ports, uint32_t ifindex) {
  auto map = manifest().maps.find("ports");
  if (map == manifest().maps.end()) return;
  int fd = mapFd(map->second);
  for (uint32_t port = 0; port < ports; ++port)
    if (bpf_map_update_elem(fd, &port, &ifindex, BPF_ANY) != 0)
      throw std::runtime_error("filling the port devmap: " + errnoText(errno));
}

void XdpObject::setPortId(uint32_t ifindex, uint32_t port) {
  auto map = manifest().maps.find("port_ids");
  if (map == manifest().maps.end()) throw std::runtime_error("the manifest names no port_ids map");
  if (bpf_map_update_elem(mapFd(map->second), &ifindex, &port, BPF_ANY) != 0)
    throw std::runtime_error("updating map " + map->second + ": " + errnoText(errno));
  // Its slot of the inlined cache in front of port_ids, as the loader writes it.
  auto slots = manifest().maps.find("port_slots");
  if (slots == manifest().maps.end()) return;
  uint32_t index = p4nf::abi::portSlotOf(ifindex);
  uint32_t slot[2] = {ifindex, port};
  if (bpf_map_update_elem(mapFd(slots->second), &index, slot, BPF_ANY) != 0)
    throw std::runtime_error("updating map " + slots->second + ": " + errnoText(errno));
}

void XdpObject::installDefaultActions() {
  for (const p4nf::ManifestTable& table : manifest().tables) writer(table).installInitial();
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
