#include "loader/deploy/desired.h"

#include <bpf/libbpf.h>
#include <net/if.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "bpf/elf_object.h"
#include "loader/loader_error.h"
#include "loader/quiet_libbpf.h"

namespace p4nf::deploy {
namespace {

std::string where(const config::Mark& at) {
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

std::string hexOf(const mpz_class& value) { return value.get_str(16); }

std::string valueId(const ManifestAction& action, const std::vector<mpz_class>& args) {
  std::string id = action.name + "(";
  for (size_t i = 0; i < args.size(); ++i) id += (i ? "," : "") + hexOf(args[i]);
  return id + ")";
}

}  // namespace

const DesiredObject* DesiredModule::object(const std::string& target) const {
  for (const DesiredObject& o : objects)
    if (o.target == target) return &o;
  return nullptr;
}

std::vector<std::string> DesiredChain::targets() const {
  std::vector<std::string> out;
  for (const DesiredAttach& a : attach) out.push_back(config::targetOf(a.hook));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const DesiredModule* Desired::module(const std::string& instance) const {
  for (const DesiredModule& m : modules)
    if (m.instance == instance) return &m;
  return nullptr;
}

uint32_t interfaceIndex(const std::string& interface) { return if_nametoindex(interface.c_str()); }

std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr))
    throw LoaderError("SHA-256 failed (libcrypto)");
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 15];
  }
  return out;
}

DesiredObject describeObject(std::string elf, const std::string& target, const std::string& name) {
  DesiredObject object;
  object.target = target;
  std::string error;
  auto manifest = p4nfc::bpf::readManifest(elf, error);
  if (!manifest) throw LoaderError(name + ": " + error + " (is it an object built by p4nfc?)");
  object.manifestJson = *manifest;
  try {
    object.manifest = parseManifest(*manifest);
  } catch (const LoaderError& e) {
    throw LoaderError(name + ": " + e.what());
  }
  if (object.manifest.program.target != target)
    throw LoaderError(name + ": built for " + object.manifest.program.target +
                      ", but its chain needs " + target + " (rebuild with p4nfc --target " +
                      target + ")");
  // Open (not load) with libbpf: the map definitions as the kernel will see them.
  bpf_object_open_opts options{};
  options.sz = sizeof options;
  bpf_object* opened = nullptr;
  {
    QuietLibbpf quiet;
    opened = bpf_object__open_mem(elf.data(), elf.size(), &options);
  }
  if (!opened) throw LoaderError(name + ": libbpf cannot open the object: " + std::strerror(errno));
  bpf_map* map = nullptr;
  bpf_object__for_each_map(map, opened) {
    if (bpf_map__is_internal(map)) continue;
    object.maps.push_back({bpf_map__name(map), static_cast<uint32_t>(bpf_map__type(map)),
                           bpf_map__key_size(map), bpf_map__value_size(map),
                           bpf_map__max_entries(map), bpf_map__map_flags(map)});
  }
  bpf_object__close(opened);
  object.digest = sha256Hex(elf);
  object.elf = std::move(elf);
  for (const char* role : {"chain", "chain_position"})
    if (!object.manifest.maps.count(role))
      throw LoaderError(name + ": the manifest has no maps." + role +
                        ": the object predates chains; rebuild it with this p4nfc");
  return object;
}

std::string entryKeyId(const ManifestTable& table, const std::vector<KeyMatch>& keys) {
  std::string id;
  for (size_t i = 0; i < keys.size(); ++i) {
    const KeyMatch& k = keys[i];
    id += table.keys[i].name + "=";
    switch (k.match) {
      case MatchKind::Exact:
        id += hexOf(k.value);
        break;
      case MatchKind::Lpm:
        id += hexOf(k.value) + "/" + std::to_string(k.prefixLen);
        break;
      case MatchKind::Ternary:
      case MatchKind::Optional:
        id += hexOf(k.value) + "&" + hexOf(k.mask);
        break;
      case MatchKind::Range:
        id += hexOf(k.low) + ".." + hexOf(k.high);
        break;
    }
    id += ";";
  }
  return id;
}

ConfiguredEntry configuredEntry(const ManifestTable& table, const Entry& entry) {
  ConfiguredEntry configured;
  configured.id = entryKeyId(table, entry.keys);
  configured.valueId = valueId(*entry.action, entry.args) +
                       (entry.priority ? " prio " + std::to_string(*entry.priority) : "");
  configured.keys = entry.keys;
  configured.priority = entry.priority;
  configured.action = entry.action->name;
  configured.args = entry.args;
  return configured;
}

std::string mapKeyFor(const DesiredObject& object, const std::string& mapName,
                      const std::string& instance, const std::string& chain) {
  const auto& roles = object.manifest.maps;
  auto is = [&](const char* role) {
    auto it = roles.find(role);
    return it != roles.end() && it->second == mapName;
  };
  if (is("chain")) return "chain." + chain + "." + object.target;
  if (is("ports")) return "ports." + object.target;
  // send_to_ports on XDP: every port with the flood egress program (docs/manifest.md).
  if (is("flood_ports")) return "flood_ports." + object.target;
  if (is("port_ids")) return "port_ids";
  if (is("port_slots")) return "port_slots";
  // One scratch record per deployment serves every XDP chain: a chain runs to completion
  // on one CPU before another packet's chain starts there.
  if (is("record")) return "record";
  return "module." + instance + "." + mapName;
}

Desired buildDesired(const config::ValidatedConfig& validated,
                     const InterfaceResolver& interfaces) {
  const config::Config& config = validated.config;
  Desired desired;
  desired.deployment = config.deployment;
  desired.configFile = config.file;
  for (const config::PortSpec& port : config.ports) {
    uint32_t ifindex = interfaces(port.interface);
    if (ifindex == 0)
      throw LoaderError(where(port.at) + "interface " + port.interface +
                        " does not exist (create it, or use --sandbox to make veth pairs)");
    desired.ports.push_back({port.id, port.interface, ifindex});
  }
  for (const config::ValidatedModule& validatedModule : validated.modules) {
    if (validatedModule.objects.empty()) continue;  // in no chain: nothing to load
    const config::ModuleSpec* spec = config.findModule(validatedModule.name);
    DesiredModule module;
    module.instance = validatedModule.name;
    module.source = spec ? spec->path : "";
    if (spec && spec->source == config::ModuleSource::Nf) module.nf = spec->nf;
    for (const config::ModuleObject& object : validatedModule.objects)
      module.objects.push_back(describeObject(object.elf, object.target, module.source));
    // The tables and their entries of the first object (the objects of one instance
    // differ only in their hook; they share the instance's maps).
    const config::ModuleObject& first = validatedModule.objects.front();
    const Manifest& manifest = module.objects.front().manifest;
    for (const config::TableEntries& tableEntries : first.tables) {
      const ManifestTable* table = manifest.findTable(tableEntries.table);
      if (!table) throw LoaderError(where(tableEntries.at) + "no table " + tableEntries.table);
      ConfiguredTable configured{table->name, {}, std::nullopt, tableEntries.agentOwned};
      std::set<std::string> seen;
      for (size_t i = 0; i < tableEntries.entries.size(); ++i) {
        ConfiguredEntry entry = configuredEntry(*table, tableEntries.entries[i]);
        if (!seen.insert(entry.id).second)
          throw LoaderError(where(i < tableEntries.entryMarks.size() ? tableEntries.entryMarks[i]
                                                                     : tableEntries.at) +
                            "table " + table->name +
                            ": this key is already listed above (one entry per key)");
        configured.entries.push_back(std::move(entry));
      }
      if (tableEntries.defaultAction)
        configured.defaultAction = ConfiguredDefault{tableEntries.defaultAction->action->name,
                                                     tableEntries.defaultAction->args};
      module.tables.push_back(std::move(configured));
    }
    desired.modules.push_back(std::move(module));
  }
  for (const config::ChainSpec& spec : config.chains) {
    DesiredChain chain{spec.name, spec.modules, {}};
    for (const config::AttachSpec& attach : spec.attach) {
      uint32_t ifindex = interfaces(attach.interface);
      if (ifindex == 0)
        throw LoaderError(where(attach.at) + "interface " + attach.interface +
                          " does not exist (create it, or use --sandbox to make veth pairs)");
      chain.attach.push_back({attach.interface, ifindex, attach.hook, attach.mode});
    }
    desired.chains.push_back(std::move(chain));
  }
  return desired;
}

}  // namespace p4nf::deploy
