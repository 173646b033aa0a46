// What a deployment made in the kernel, written next to its pins (bpffs holds no files, so
// it lives in /run/p4nf/<deployment>/state.json). `down`, `status`, `table` and a
// restarted `up` read it to find every pin; the planner diffs the next config against it.
// Everything in it is either a pin path or a fact that can be checked against the kernel
// (map schema, program id), so a stale file is detected, never trusted blindly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/config/model.h"
#include "loader/entry.h"

namespace p4nf::deploy {

// The part of a map that decides whether a new object can reuse it (and its entries).
struct MapSchema {
  std::string name;
  uint32_t type = 0;
  uint32_t keySize = 0;
  uint32_t valueSize = 0;
  uint32_t maxEntries = 0;
  uint32_t flags = 0;
  bool operator==(const MapSchema&) const = default;
};

// Map keys name a map by what it is for, not by which object brought it:
//   module.<instance>.<map>   a module instance's own maps (tables, counters, ...)
//   chain.<chain>.<target>    a chain's prog array (one per hook type)
//   ports.<target>            the deployment's port map (devmap for xdp, hash for tc)
//   port_ids                  ifindex -> PNA port id
//   port_slots                its cache: slot ifindex % 256 -> {ifindex, port id}
struct MapRecord {
  std::string key;
  MapSchema schema;
  std::string pin;
  uint32_t id = 0;
};

// A table entry the config wrote, encoded (so that the next apply can delete it without
// the YAML it came from); `id` identifies its key, normalised (so "10.0.0.1" and
// "0x0a000001" are one key), `valueId` its action, arguments and priority.
struct ConfiguredEntry {
  std::string id;
  std::string valueId;
  std::vector<KeyMatch> keys;
  std::optional<uint32_t> priority;
  std::string action;  // the manifest's full action name
  std::vector<mpz_class> args;
};

struct ConfiguredDefault {
  std::string action;
  std::vector<mpz_class> args;
  bool operator==(const ConfiguredDefault& other) const {
    return action == other.action && args == other.args;
  }
};

// The entries the config put into one table (runtime and data-plane entries are not here:
// applying a config never touches them).
struct ConfiguredTable {
  std::string table;  // full manifest name
  std::vector<ConfiguredEntry> entries;
  std::optional<ConfiguredDefault> defaultAction;
  // Its entries are the module's agent task's, not the config's: when this changes
  // between applies, the table gets fresh maps (the entries of the other owner go).
  bool agentOwned = false;
};

struct ModuleObjectRecord {
  std::string target;    // "xdp" or "tc"
  std::string digest;    // SHA-256 of the ELF
  std::string manifest;  // the manifest JSON, so the CLI can read tables without the object
};

struct ModuleRecord {
  std::string instance;
  std::string source;  // the .p4 (or .o) it was built from
  std::vector<ModuleObjectRecord> objects;
  std::vector<ConfiguredTable> tables;
  // `nf: <name>` modules: the prebuilt module's name; empty for `p4:`. Last and with an
  // initialiser, so that aggregate initialisations without it stay complete.
  std::string nf = {};
  const ModuleObjectRecord* object(const std::string& target) const;
};

// One loaded program: a module at one position of one chain.
struct ProgramRecord {
  std::string chain;
  std::string target;
  uint32_t position = 0;
  std::string instance;
  std::string digest;
  std::string pin;
  uint32_t id = 0;
  std::vector<std::string> mapKeys;
};

struct AttachRecord {
  std::string chain;
  std::string interface;
  uint32_t ifindex = 0;
  config::Hook hook = config::Hook::Xdp;
  config::XdpMode mode = config::XdpMode::Native;
  std::string linkPin;                    // xdp: the bpf_link
  uint32_t tcHandle = 0, tcPriority = 0;  // tc: the filter
  bool createdClsact = false;
  uint32_t programId = 0;
};

struct PortRecord {
  uint32_t id = 0;
  std::string interface;
  uint32_t ifindex = 0;
  bool operator==(const PortRecord&) const = default;
};

struct ChainRecord {
  std::string name;
  std::vector<std::string> modules;
};

struct DeploymentState {
  std::string deployment;
  uint64_t generation = 0;  // bumped by every apply; new pins carry it in their names
  std::string configFile;
  std::vector<PortRecord> ports;
  std::vector<MapRecord> maps;
  std::vector<ModuleRecord> modules;
  std::vector<ChainRecord> chains;
  std::vector<ProgramRecord> programs;
  std::vector<AttachRecord> attachments;

  const MapRecord* map(const std::string& key) const;
  const ModuleRecord* module(const std::string& instance) const;
  const ProgramRecord* program(const std::string& chain, const std::string& target,
                               uint32_t position) const;
};

std::string toJson(const DeploymentState& state);
// Throws LoaderError naming the file when it is not a state file of this version.
DeploymentState stateFromJson(const std::string& json, const std::string& file);

// std::nullopt when the deployment has no state file (nothing deployed).
std::optional<DeploymentState> readState(const std::string& deployment);
// Atomically (write + rename), so a crash leaves the old or the new file, never half.
void writeState(const DeploymentState& state);
void removeState(const std::string& deployment);
// Every deployment with a state file.
std::vector<std::string> listDeployments();

}  // namespace p4nf::deploy
