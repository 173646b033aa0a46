// The deployment a config asks for, with everything the planner needs resolved: each module
// instance's object per hook type (ELF bytes, digest, manifest, map schemas), the config's
// table entries checked against the manifest and given stable ids, interfaces resolved to
// ifindexes. Building it touches no kernel state (it only asks the kernel for ifindexes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "loader/config/model.h"
#include "loader/config/validate.h"
#include "loader/deploy/deployment_state.h"
#include "manifest/manifest.h"

namespace p4nf::deploy {

struct DesiredObject {
  std::string target;
  std::string elf;
  std::string digest;
  std::string manifestJson;
  Manifest manifest;
  std::vector<MapSchema> maps;  // the object's own maps (not .rodata/.bss/.data)
};

struct DesiredModule {
  std::string instance;
  std::string source;
  std::vector<DesiredObject> objects;
  std::vector<ConfiguredTable> tables;  // only tables the config mentions
  std::string nf = {};                  // `nf: <name>` modules only
  const DesiredObject* object(const std::string& target) const;
};

struct DesiredAttach {
  std::string interface;
  uint32_t ifindex = 0;
  config::Hook hook = config::Hook::Xdp;
  config::XdpMode mode = config::XdpMode::Native;
};

struct DesiredChain {
  std::string name;
  std::vector<std::string> modules;
  std::vector<DesiredAttach> attach;
  // "xdp" and/or "tc": a chain attached to both kinds of hook gets one prog array each.
  std::vector<std::string> targets() const;
};

struct Desired {
  std::string deployment;
  std::string configFile;
  std::vector<PortRecord> ports;
  std::vector<DesiredModule> modules;
  std::vector<DesiredChain> chains;
  const DesiredModule* module(const std::string& instance) const;
};

// Resolves an interface name to its ifindex; 0 when it does not exist.
using InterfaceResolver = std::function<uint32_t(const std::string& interface)>;

uint32_t interfaceIndex(const std::string& interface);  // if_nametoindex

// Throws LoaderError with the config position of the first problem (a missing interface).
Desired buildDesired(const config::ValidatedConfig& config,
                     const InterfaceResolver& interfaces = interfaceIndex);

// The pieces of buildDesired, for tests and for `p4nf table`.
DesiredObject describeObject(std::string elf, const std::string& target, const std::string& name);
std::string sha256Hex(const std::string& bytes);
// A normalised key of an entry (the same for every way of writing the same values).
std::string entryKeyId(const ManifestTable& table, const std::vector<KeyMatch>& keys);
ConfiguredEntry configuredEntry(const ManifestTable& table, const Entry& entry);

// Map keys (see MapRecord) of the maps a module's program uses in a chain.
std::string mapKeyFor(const DesiredObject& object, const std::string& mapName,
                      const std::string& instance, const std::string& chain);

}  // namespace p4nf::deploy
