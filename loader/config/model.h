// The deployment config (docs/config.md) as typed structs: what `p4nf up/apply/down`
// read from YAML. parse.cpp builds it and checks everything that needs no object
// (syntax, unknown keys, types, ranges, duplicate and dangling names); validate.cpp then
// checks the table entries and module sections against each module's manifest. Every
// struct keeps the YAML position it came from, so a later stage can still say where.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loader/entry.h"

namespace p4nf::config {

// A position in the config file, 1-based, for messages "file:line:col: ...".
struct Mark {
  std::string file;
  int line = 0;
  int column = 0;
};

struct PortSpec {
  Mark at;
  uint32_t id = 0;        // the PNA port id the P4 program sees
  std::string interface;  // Linux interface name
};

// One raw table entry, by manifest names; values in the forms of loader/value_codec.h.
struct EntrySpec {
  Mark at;
  std::vector<NamedText> keys;  // key name -> value text
  std::optional<uint32_t> priority;
  std::string action;
  std::vector<NamedText> args;  // parameter name (or empty: positional) -> value text
  // Where each part was written, for precise errors: the key's (argument's) name, or the
  // value of a positional argument; parallel to keys and args.
  std::vector<Mark> keyMarks;
  std::vector<Mark> argMarks;
  Mark actionAt;
  Mark priorityAt;
};

struct ActionSpec {
  Mark at;
  std::string action;
  std::vector<NamedText> args;
  std::vector<Mark> argMarks;  // parallel to args
};

struct TableSpec {
  Mark at;
  std::string name;  // manifest table name, bare or control-qualified
  std::vector<EntrySpec> entries;
  std::optional<ActionSpec> defaultAction;
  // The module's agent task writes this table's entries (a translator says so: a router
  // with `fib: kernel`); an apply writes at most its default action.
  bool agentOwned = false;
};

enum class ModuleSource { Nf, P4 };

struct ModuleSpec {
  Mark at;
  std::string name;  // instance name, unique in the config
  ModuleSource source = ModuleSource::P4;
  std::string nf;    // ModuleSource::Nf: the prebuilt module's name ("router")
  std::string path;  // ModuleSource::P4: the .p4 file, resolved against the config's folder
                     // ModuleSource::Nf: the module's source, nf/<name>/<name>.p4 (nf_catalog.h)
  std::vector<TableSpec> tables;
  // The module's own section (e.g. `router:`), handed to its control-plane translator.
  std::string sectionKey;
  YAML::Node section;
  Mark sourceAt;   // the value of `p4:` or `nf:`
  Mark sectionAt;  // the section's key
};

enum class Hook { Xdp, TcIngress, TcEgress };
enum class XdpMode { Native, Generic };

// "xdp", "tc-ingress", "tc-egress" (as written in the config).
const char* hookName(Hook hook);
// The p4nfc target a hook needs: "xdp" or "tc".
const char* targetOf(Hook hook);
const char* xdpModeName(XdpMode mode);

struct AttachSpec {
  Mark at;
  std::string interface;
  Hook hook = Hook::Xdp;
  XdpMode mode = XdpMode::Native;  // XDP only
};

struct ChainSpec {
  Mark at;
  std::string name;
  std::vector<AttachSpec> attach;    // one chain can start on several interfaces
  std::vector<std::string> modules;  // instance names, in packet order
  std::vector<Mark> moduleMarks;     // where each name was written
};

// `sandbox:` per interface of `ports:`: the host at the far end of its veth pair.
struct SandboxHostSpec {
  Mark at;
  std::string interface;               // the port's interface (near end, in the root ns)
  std::vector<std::string> addresses;  // CIDR, v4 or v6, of the host end
  std::optional<std::string> gateway;  // default route of the host
  std::optional<std::string> mac;      // of the host end
};

// `agent:`: how the agent that `p4nf up` stays as serves its HTTP endpoint (metrics,
// liveness, readiness: docs/metrics.md). Read when the agent starts; a SIGHUP does not
// move the endpoint.
struct AgentSpec {
  Mark listenAt;
  // "127.0.0.1:9477", "[::1]:9477" (name_rules.h, ListenAddress), or "off"; nullopt: not
  // given, and `p4nf up` decides (on at kDefaultListen, off with --sandbox).
  std::optional<std::string> listen;
};
inline constexpr const char* kDefaultListen = "127.0.0.1:9477";

struct Config {
  std::string file;
  std::string directory;  // relative `p4:` paths resolve against it (the config file's folder)
  std::string deployment = "default";  // pins live under /sys/fs/bpf/p4nf/<deployment>/
  std::vector<PortSpec> ports;
  std::vector<ModuleSpec> modules;
  std::vector<ChainSpec> chains;
  std::vector<SandboxHostSpec> sandbox;
  AgentSpec agent;

  const ModuleSpec* findModule(const std::string& name) const;
  const ChainSpec* findChain(const std::string& name) const;
  const PortSpec* findPort(const std::string& interface) const;
  // The p4nfc targets ("xdp", "tc") a module instance is needed for, by the hooks of the
  // chains that use it; sorted, no duplicates, empty when no chain uses it.
  std::vector<std::string> targetsOf(const std::string& module) const;
};

}  // namespace p4nf::config
