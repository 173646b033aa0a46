#include "loader/chain_loader.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

std::string manifestMap(const Manifest& manifest, const std::string& role) {
  auto it = manifest.maps.find(role);
  if (it == manifest.maps.end())
    throw LoaderError("the object's manifest has no maps." + role +
                      ": it was built before chains existed; rebuild it with p4nfc");
  return it->second;
}

// The .rodata map: libbpf names internal maps "<object prefix>.rodata".
bpf_map* rodataMap(bpf_object* object) {
  bpf_map* map = nullptr;
  bpf_object__for_each_map(map, object) {
    std::string name = bpf_map__name(map);
    if (bpf_map__is_internal(map) && name.size() >= 7 && name.compare(name.size() - 7, 7, ".rodata") == 0)
      return map;
  }
  return nullptr;
}

// Where `variable` sits in the .rodata section, from the object's BTF (DATASEC .rodata).
uint32_t rodataOffset(bpf_object* object, const std::string& variable) {
  const btf* types = bpf_object__btf(object);
  if (!types) throw LoaderError("the object has no BTF, so " + variable + " cannot be found");
  int id = btf__find_by_name_kind(types, ".rodata", BTF_KIND_DATASEC);
  if (id < 0) throw LoaderError("the object's BTF has no .rodata section (needed for " + variable + ")");
  const btf_type* section = btf__type_by_id(types, id);
  const btf_var_secinfo* vars = btf_var_secinfos(section);
  for (uint16_t i = 0; i < btf_vlen(section); ++i) {
    const btf_type* var = btf__type_by_id(types, vars[i].type);
    if (var && variable == btf__name_by_offset(types, var->name_off)) return vars[i].offset;
  }
  throw LoaderError("the object's .rodata has no variable " + variable);
}

void setRodataU32(bpf_object* object, const std::string& variable, uint32_t value) {
  bpf_map* map = rodataMap(object);
  if (!map) throw LoaderError("the object has no .rodata map (needed for " + variable + ")");
  uint32_t offset = rodataOffset(object, variable);
  size_t size = 0;
  const void* initial = bpf_map__initial_value(map, &size);
  if (!initial || offset + sizeof value > size)
    throw LoaderError(variable + " lies outside the object's .rodata");
  std::vector<uint8_t> data(static_cast<const uint8_t*>(initial), static_cast<const uint8_t*>(initial) + size);
  std::memcpy(data.data() + offset, &value, sizeof value);
  if (int error = bpf_map__set_initial_value(map, data.data(), data.size()))
    throw LoaderError("cannot set " + variable + ": " + std::strerror(-error));
}

void reuse(bpf_object* object, const std::string& name, int fd) {
  bpf_map* map = bpf_object__find_map_by_name(object, name.c_str());
  if (!map) throw LoaderError("the object has no map \"" + name + "\" to reuse");
  if (int error = bpf_map__reuse_fd(map, fd))
    throw LoaderError("cannot reuse map fd " + std::to_string(fd) + " for \"" + name +
                      "\": " + std::strerror(-error));
}

}  // namespace

void prepareChainModule(bpf_object* object, const Manifest& manifest, const ChainModuleOptions& options) {
  if (options.position >= abi::kChainSlots)
    throw LoaderError("chain position " + std::to_string(options.position) + " is out of range (0.." +
                      std::to_string(abi::kChainSlots - 1) + ")");
  if (options.position != 0 || manifest.maps.count("chain_position"))
    setRodataU32(object, manifestMap(manifest, "chain_position"), options.position);
  // Objects from before p4nf_record_in have none: they read a record whenever one is there.
  if (auto recordIn = manifest.maps.find("record_in"); recordIn != manifest.maps.end())
    setRodataU32(object, recordIn->second, options.position > 0 || options.testRecords ? 1 : 0);
  if (options.chain.progArray >= 0) reuse(object, manifestMap(manifest, "chain"), options.chain.progArray);
  if (options.chain.record >= 0) reuse(object, manifestMap(manifest, "record"), options.chain.record);
  for (const auto& [name, fd] : options.reusedMaps) reuse(object, name, fd);
}

std::unique_ptr<LoadedObject> loadChainModule(std::string elf, const std::string& name,
                                              const ChainModuleOptions& options) {
  return LoadedObject::fromMemory(std::move(elf), name, [&](bpf_object* object, const Manifest& manifest) {
    try {
      prepareChainModule(object, manifest, options);
    } catch (const LoaderError& error) {
      throw LoaderError(name + ": " + error.what());
    }
  });
}

std::unique_ptr<LoadedObject> loadChainModuleFile(const std::string& path, const ChainModuleOptions& options) {
  return LoadedObject::fromFile(path, [&](bpf_object* object, const Manifest& manifest) {
    try {
      prepareChainModule(object, manifest, options);
    } catch (const LoaderError& error) {
      throw LoaderError(path + ": " + error.what());
    }
  });
}

ChainMaps chainMapsOf(const LoadedObject& module) {
  const Manifest& manifest = module.manifest();
  ChainMaps maps;
  maps.progArray = module.mapFd(manifestMap(manifest, "chain"));
  if (auto record = manifest.maps.find("record"); record != manifest.maps.end())
    maps.record = module.mapFd(record->second);
  return maps;
}

void putInChain(int chainFd, uint32_t position, int programFd) {
  if (bpf_map_update_elem(chainFd, &position, &programFd, BPF_ANY) != 0)
    throw LoaderError("cannot put program fd " + std::to_string(programFd) + " in chain slot " +
                      std::to_string(position) + ": " + std::strerror(errno) +
                      (errno == EINVAL ? " (all modules of a chain must be of one hook type, XDP or TC)" : ""));
}

void removeFromChain(int chainFd, uint32_t position) {
  if (bpf_map_delete_elem(chainFd, &position) != 0 && errno != ENOENT)
    throw LoaderError("cannot empty chain slot " + std::to_string(position) + ": " + std::strerror(errno));
}

}  // namespace p4nf
