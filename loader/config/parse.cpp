#include "loader/config/parse.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "loader/config/name_rules.h"
#include "loader/config/nf_catalog.h"
#include "loader/config/suggest.h"
#include "loader/config/yaml_document.h"
#include "loader/config/yaml_walk.h"

namespace p4nf::config {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {"deployment", "ports", "modules", "chains", "sandbox",
                                           "agent"};
const std::vector<std::string> kAgentKeys = {"listen"};
const std::vector<std::string> kTableKeys = {"default", "entries"};
const std::vector<std::string> kEntryKeys = {"key", "action", "args", "priority"};
const std::vector<std::string> kActionKeys = {"action", "args"};
const std::vector<std::string> kChainKeys = {"attach", "modules"};
const std::vector<std::string> kAttachKeys = {"interface", "hook", "mode"};
const std::vector<std::string> kSandboxKeys = {"addresses", "gateway", "mac"};
const std::vector<std::string> kHooks = {"xdp", "tc-ingress", "tc-egress"};
const std::vector<std::string> kModes = {"native", "generic"};

const char* kValueForms = "a value: a number, an IPv4/IPv6 address, a MAC address";

std::string inQuotes(const std::string& text) { return "\"" + text + "\""; }
std::string lineOf(const Mark& at) {
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

class Parser {
 public:
  Parser(const std::string& fileName, const ParseOptions& options, Diagnostics& diagnostics)
      : walk_(fileName, diagnostics), options_(options) {
    config_.file = fileName;
    std::error_code error;
    fs::path directory = options.baseDir.empty() ? fs::path(fileName).parent_path()
                                                 : fs::path(options.baseDir);
    if (directory.empty()) directory = ".";
    fs::path absolute = fs::absolute(directory, error);
    config_.directory = (error ? directory : absolute).lexically_normal().string();
    if (options_.nfSearchPath.empty()) options_.nfSearchPath = defaultNfSearchPath();
  }

  Config run(const std::string& text);

 private:
  Mark start() const { return Mark{walk_.file(), 1, 1}; }
  void error(const Mark& at, const std::string& message, const std::string& expected = {}) {
    walk_.error(at, message, expected);
  }

  void parseDeployment(const MapField& field);
  void parsePorts(const MapField& field);
  void parseModules(const MapField& field);
  void parseModule(const MapField& field);
  void parseTables(const MapField& field, ModuleSpec& module);
  std::optional<ActionSpec> parseDefault(const MapField& field, const std::string& table);
  void parseArgs(const MapField& field, const std::string& what, std::vector<NamedText>& args,
                 std::vector<Mark>& marks);
  std::optional<EntrySpec> parseEntry(const YAML::Node& node, const Mark& at,
                                      const std::string& what);
  void parseChains(const MapField& field);
  std::optional<AttachSpec> parseAttach(const YAML::Node& node, const Mark& at,
                                        const std::string& what);
  void parseSandbox(const MapField& field);
  void parseAgent(const MapField& field);
  void checkReferences();

  YamlWalker walk_;
  ParseOptions options_;
  Config config_;
  // A section that could not be read at all: references into it are not checked, so
  // that one mistake does not cascade into an error at every use.
  bool portsRead_ = true, modulesRead_ = true, chainsRead_ = true;
};

Config Parser::run(const std::string& text) {
  YamlDocument document;
  auto markOf = [&](const YAML::Mark& m) {
    return m.is_null() || m.line < 0 ? start() : Mark{walk_.file(), m.line + 1, m.column + 1};
  };
  try {
    document = loadYamlDocument(text);
  } catch (const YAML::Exception& e) {
    error(markOf(e.mark), "YAML syntax: " + e.msg, "valid YAML (docs/config.md has examples)");
    return config_;
  }
  const char* shape = "a mapping with ports:, modules: and chains:";
  if (!document.root.IsDefined() || document.root.IsNull()) {
    error(start(), "the config is empty", shape);
    return config_;
  }
  if (document.second)
    error(markOf(*document.second), "a second YAML document in the file",
          "one document per config file");
  auto fields = walk_.mapping(document.root, start(), "the config", &kTopKeys, shape);
  if (!fields) return config_;
  auto find = [&](const std::string& key) -> const MapField* {
    for (const MapField& f : *fields)
      if (f.key == key) return &f;
    return nullptr;
  };
  if (const MapField* f = find("deployment")) parseDeployment(*f);
  if (const MapField* f = find("ports")) {
    parsePorts(*f);
  } else {
    portsRead_ = false;
    error(start(), "the config has no ports:", "a mapping of PNA port ids to interface names");
  }
  if (const MapField* f = find("modules")) {
    parseModules(*f);
  } else {
    modulesRead_ = false;
    error(start(), "the config has no modules:", "a mapping of module instance names to modules");
  }
  if (const MapField* f = find("chains")) {
    parseChains(*f);
  } else {
    chainsRead_ = false;
    error(start(), "the config has no chains:", "a mapping of chain names to chains");
  }
  if (const MapField* f = find("sandbox")) parseSandbox(*f);
  if (const MapField* f = find("agent")) parseAgent(*f);
  checkReferences();
  return config_;
}

void Parser::parseDeployment(const MapField& field) {
  auto name = walk_.scalar(field.value, field.valueAt, "deployment", "a name");
  if (!name) return;
  if (std::string problem = checkObjectName(*name, kMaxDeploymentName); !problem.empty()) {
    error(field.valueAt, "deployment: " + problem, "a name of letters, digits, '_' and '-'");
    return;
  }
  config_.deployment = *name;
}

void Parser::parsePorts(const MapField& field) {
  const char* expected = "a mapping of PNA port ids to interface names, e.g. \"1: eth0\"";
  auto ports = walk_.mapping(field.value, field.valueAt, "ports:", nullptr, expected);
  if (!ports) {
    portsRead_ = false;
    return;
  }
  if (ports->empty()) error(field.keyAt, "ports: is empty", expected);
  for (const MapField& p : *ports) {
    auto id = walk_.numberFromText(p.key, p.keyAt, "port id", 0, kMaxPortId);
    auto interface = walk_.scalar(p.value, p.valueAt, "the interface of port " + p.key,
                                  "an interface name");
    if (!id || !interface) continue;
    if (std::string problem = checkInterfaceName(*interface); !problem.empty()) {
      error(p.valueAt, problem, "a Linux interface name of 1 to 15 characters");
      continue;
    }
    bool clash = false;
    for (const PortSpec& other : config_.ports) {
      if (other.id == *id) {
        error(p.keyAt, "port " + std::to_string(*id) + " is listed twice (first at " + lineOf(other.at) + ")",
              "each port id once");
        clash = true;
      } else if (other.interface == *interface) {
        error(p.valueAt,
              "interface " + *interface + " is already port " + std::to_string(other.id) + " (" +
                  lineOf(other.at) + ")",
              "one port id per interface");
        clash = true;
      }
    }
    if (!clash) config_.ports.push_back(PortSpec{p.keyAt, static_cast<uint32_t>(*id), *interface});
  }
}

void Parser::parseModules(const MapField& field) {
  const char* expected = "a mapping of module instance names to modules (p4: or nf:)";
  auto modules = walk_.mapping(field.value, field.valueAt, "modules:", nullptr, expected);
  if (!modules) {
    modulesRead_ = false;
    return;
  }
  if (modules->empty()) error(field.keyAt, "modules: is empty", expected);
  for (const MapField& m : *modules) parseModule(m);
}

void Parser::parseModule(const MapField& field) {
  if (std::string problem = checkObjectName(field.key, kMaxInstanceName); !problem.empty()) {
    error(field.keyAt, "module " + problem, "a name of letters, digits, '_' and '-'");
    return;
  }
  std::string what = "module " + inQuotes(field.key);
  auto fields = walk_.mapping(field.value, field.valueAt, what, nullptr,
                              "a mapping with p4: or nf:, and optionally tables:");
  if (!fields) return;
  ModuleSpec module;
  module.at = field.keyAt;
  module.name = field.key;
  const MapField* p4 = nullptr;
  const MapField* nf = nullptr;
  for (const MapField& f : *fields) {
    if (f.key == "p4") p4 = &f;
    if (f.key == "nf") nf = &f;
  }
  bool ok = true;
  if (p4 && nf) {
    error(nf->keyAt, what + " has both p4: and nf:", "exactly one of them");
    ok = false;
  } else if (!p4 && !nf) {
    error(field.keyAt, what + " has neither p4: nor nf:",
          "p4: <path to a .p4 file> or nf: <prebuilt module name>");
    ok = false;
  }
  if (p4) {
    module.source = ModuleSource::P4;
    module.sourceAt = p4->valueAt;
    auto path = walk_.scalar(p4->value, p4->valueAt, "p4", "a path to a .p4 file");
    if (path && path->empty()) {
      error(p4->valueAt, "p4: is empty", "a path to a .p4 file");
      path.reset();
    }
    if (path) {
      fs::path resolved = fs::path(*path);
      if (resolved.is_relative()) resolved = fs::path(config_.directory) / resolved;
      module.path = resolved.lexically_normal().string();
      std::error_code e;
      if (options_.checkFiles && !fs::is_regular_file(module.path, e))
        error(p4->valueAt, "P4 file " + *path + " not found (looked for " + module.path + ")",
              "a path to a .p4 file, relative to the config's folder");
    } else {
      ok = false;
    }
  } else if (nf) {
    module.source = ModuleSource::Nf;
    module.sourceAt = nf->valueAt;
    auto name = walk_.scalar(nf->value, nf->valueAt, "nf", "the name of a prebuilt module");
    if (name) {
      module.nf = *name;
      if (auto source = findNfSource(*name, options_.nfSearchPath)) {
        module.path = *source;
      } else {
        std::vector<std::string> known = availableNfs(options_.nfSearchPath);
        error(nf->valueAt, "unknown nf " + inQuotes(*name) + didYouMean(*name, known),
              "one of the prebuilt modules: " +
                  joinNames(known, "none (no <name>/<name>.p4 in " +
                                       joinNames(options_.nfSearchPath, "no nf/ folder") + ")"));
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  std::vector<std::string> allowed = {"p4", "nf", "tables"};
  if (module.source == ModuleSource::Nf && !module.nf.empty()) allowed.push_back(module.nf);
  for (const MapField& f : *fields) {
    if (f.key == "p4" || f.key == "nf") continue;
    if (f.key == "tables") {
      parseTables(f, module);
    } else if (module.source == ModuleSource::Nf && !module.nf.empty() && f.key == module.nf) {
      module.sectionKey = f.key;
      module.section = f.value;
      module.sectionAt = f.keyAt;
    } else if (nf && module.nf.empty()) {
      // The nf name is unknown or malformed: the section key cannot be judged.
    } else {
      walk_.unknownKey(f, what, allowed);
    }
  }
  // Kept even when broken, so that chains naming it do not report it as unknown too
  // (nothing after parsing runs while there are errors).
  (void)ok;
  config_.modules.push_back(std::move(module));
}

void Parser::parseTables(const MapField& field, ModuleSpec& module) {
  const char* expected = "a mapping of table names to {default:, entries:}";
  auto tables = walk_.mapping(field.value, field.valueAt, "tables: of module " + inQuotes(module.name),
                              nullptr, expected);
  if (!tables) return;
  for (const MapField& t : *tables) {
    std::string what = "table " + inQuotes(t.key);
    if (t.key.empty()) {
      error(t.keyAt, "a table name is empty", "a table name of the module's manifest");
      continue;
    }
    auto fields = walk_.mapping(t.value, t.valueAt, what, &kTableKeys,
                                "a mapping with default: and/or entries:");
    if (!fields) continue;
    TableSpec table;
    table.at = t.keyAt;
    table.name = t.key;
    for (const MapField& f : *fields) {
      if (f.key == "default") {
        table.defaultAction = parseDefault(f, t.key);
        continue;
      }
      auto items = walk_.sequence(f.value, f.valueAt, "entries: of " + what,
                                  "a list of entries ({key:, action:, args:})");
      if (!items) continue;
      for (size_t i = 0; i < items->size(); ++i) {
        auto entry = parseEntry((*items)[i], f.valueAt,
                                "entry " + std::to_string(i + 1) + " of " + what);
        if (entry) table.entries.push_back(std::move(*entry));
      }
    }
    module.tables.push_back(std::move(table));
  }
}

std::optional<ActionSpec> Parser::parseDefault(const MapField& field, const std::string& table) {
  std::string what = "the default action of table " + inQuotes(table);
  const char* expected = "an action name, or {action: <name>, args: {...}}";
  ActionSpec spec;
  spec.at = field.valueAt;
  if (field.value.IsScalar()) {
    spec.action = field.value.Scalar();
    if (spec.action.empty()) {
      error(field.valueAt, what + " is empty", expected);
      return std::nullopt;
    }
    return spec;
  }
  auto fields = walk_.mapping(field.value, field.valueAt, what, &kActionKeys, expected);
  if (!fields) return std::nullopt;
  bool haveAction = false;
  for (const MapField& f : *fields) {
    if (f.key == "action") {
      auto name = walk_.scalar(f.value, f.valueAt, "action", "an action name");
      if (!name) return std::nullopt;
      spec.action = *name;
      spec.at = f.valueAt;
      haveAction = true;
    } else {
      parseArgs(f, "args of " + what, spec.args, spec.argMarks);
    }
  }
  if (!haveAction) {
    error(field.valueAt, what + " has no action:", expected);
    return std::nullopt;
  }
  return spec;
}

void Parser::parseArgs(const MapField& field, const std::string& what,
                       std::vector<NamedText>& args, std::vector<Mark>& marks) {
  const char* expected = "a mapping of parameter names to values, or a list of values";
  if (field.value.IsNull()) return;
  if (field.value.IsSequence()) {
    for (const YAML::Node& item : field.value) {
      Mark at = walk_.mark(item, field.valueAt);
      auto value = walk_.scalar(item, at, "an argument", kValueForms);
      if (!value) continue;
      args.emplace_back("", *value);
      marks.push_back(at);
    }
    return;
  }
  auto fields = walk_.mapping(field.value, field.valueAt, what, nullptr, expected);
  if (!fields) return;
  for (const MapField& f : *fields) {
    auto value = walk_.scalar(f.value, f.valueAt, "argument " + inQuotes(f.key), kValueForms);
    if (!value) continue;
    args.emplace_back(f.key, *value);
    marks.push_back(f.keyAt);
  }
}

std::optional<EntrySpec> Parser::parseEntry(const YAML::Node& node, const Mark& fallback,
                                            const std::string& what) {
  Mark at = walk_.mark(node, fallback);
  auto fields = walk_.mapping(node, at, what, &kEntryKeys,
                              "a mapping {key: {...}, action: <name>, args: {...}}");
  if (!fields) return std::nullopt;
  EntrySpec entry;
  entry.at = at;
  bool ok = true;
  bool haveAction = false;
  for (const MapField& f : *fields) {
    if (f.key == "key") {
      if (f.value.IsNull()) continue;  // a keyless table; validate.cpp judges
      auto keys = walk_.mapping(f.value, f.valueAt, "key of " + what, nullptr,
                                "a mapping of key names to values");
      if (!keys) {
        ok = false;
        continue;
      }
      for (const MapField& k : *keys) {
        auto value = walk_.scalar(k.value, k.valueAt, "key " + inQuotes(k.key), kValueForms);
        if (!value) {
          ok = false;
          continue;
        }
        entry.keys.emplace_back(k.key, *value);
        entry.keyMarks.push_back(k.keyAt);
      }
    } else if (f.key == "action") {
      auto name = walk_.scalar(f.value, f.valueAt, "action", "an action name");
      if (!name || name->empty()) {
        if (name) error(f.valueAt, "action is empty", "an action name");
        ok = false;
        continue;
      }
      entry.action = *name;
      entry.actionAt = f.valueAt;
      haveAction = true;
    } else if (f.key == "args") {
      size_t before = walk_.diagnostics().size();
      parseArgs(f, "args of " + what, entry.args, entry.argMarks);
      if (walk_.diagnostics().size() != before) ok = false;
    } else {
      auto priority = walk_.number(f.value, f.valueAt, "priority", 1, UINT32_MAX);
      if (!priority) {
        ok = false;
        continue;
      }
      entry.priority = static_cast<uint32_t>(*priority);
      entry.priorityAt = f.valueAt;
    }
  }
  if (!haveAction) {
    if (ok) error(at, what + " has no action:", "action: <name> in every entry");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return entry;
}

void Parser::parseChains(const MapField& field) {
  const char* expected = "a mapping of chain names to {attach:, modules:}";
  auto chains = walk_.mapping(field.value, field.valueAt, "chains:", nullptr, expected);
  if (!chains) {
    chainsRead_ = false;
    return;
  }
  if (chains->empty()) error(field.keyAt, "chains: is empty", expected);
  for (const MapField& c : *chains) {
    if (std::string problem = checkObjectName(c.key, kMaxInstanceName); !problem.empty()) {
      error(c.keyAt, "chain " + problem, "a name of letters, digits, '_' and '-'");
      continue;
    }
    std::string what = "chain " + inQuotes(c.key);
    auto fields = walk_.mapping(c.value, c.valueAt, what, &kChainKeys,
                                "a mapping with attach: and modules:");
    if (!fields) continue;
    ChainSpec chain;
    chain.at = c.keyAt;
    chain.name = c.key;
    bool haveAttach = false, haveModules = false;
    for (const MapField& f : *fields) {
      if (f.key == "attach") {
        haveAttach = true;
        auto items = walk_.sequence(f.value, f.valueAt, "attach: of " + what,
                                    "a list of {interface:, hook:, mode:}");
        if (!items) continue;
        if (items->empty())
          error(f.valueAt, "attach: of " + what + " is empty", "at least one attach point");
        for (const YAML::Node& item : *items)
          if (auto attach = parseAttach(item, f.valueAt, "an attach point of " + what))
            chain.attach.push_back(*attach);
      } else {
        haveModules = true;
        auto items = walk_.sequence(f.value, f.valueAt, "modules: of " + what,
                                    "a list of module instance names, in packet order");
        if (!items) continue;
        if (items->empty())
          error(f.valueAt, "modules: of " + what + " is empty", "at least one module");
        for (const YAML::Node& item : *items) {
          Mark at = walk_.mark(item, f.valueAt);
          auto name = walk_.scalar(item, at, "a module of " + what, "a module instance name");
          if (!name) continue;
          chain.modules.push_back(*name);
          chain.moduleMarks.push_back(at);
        }
      }
    }
    if (!haveAttach)
      error(c.keyAt, what + " has no attach:", "attach: [{interface: <port interface>, hook: xdp}]");
    if (!haveModules) error(c.keyAt, what + " has no modules:", "modules: [<module instance>, ...]");
    config_.chains.push_back(std::move(chain));
  }
}

std::optional<AttachSpec> Parser::parseAttach(const YAML::Node& node, const Mark& fallback,
                                              const std::string& what) {
  Mark at = walk_.mark(node, fallback);
  auto fields = walk_.mapping(node, at, what, &kAttachKeys,
                              "a mapping {interface: <name>, hook: xdp|tc-ingress|tc-egress}");
  if (!fields) return std::nullopt;
  AttachSpec attach;
  attach.at = at;
  bool ok = true, haveInterface = false;
  const MapField* mode = nullptr;
  for (const MapField& f : *fields) {
    if (f.key == "interface") {
      auto name = walk_.scalar(f.value, f.valueAt, "interface", "an interface name");
      if (!name) {
        ok = false;
        continue;
      }
      if (std::string problem = checkInterfaceName(*name); !problem.empty()) {
        error(f.valueAt, problem, "a Linux interface name of 1 to 15 characters");
        ok = false;
        continue;
      }
      attach.interface = *name;
      attach.at = f.valueAt;
      haveInterface = true;
    } else if (f.key == "hook") {
      auto hook = walk_.scalar(f.value, f.valueAt, "hook", "xdp, tc-ingress or tc-egress");
      if (!hook) {
        ok = false;
      } else if (*hook == "xdp") {
        attach.hook = Hook::Xdp;
      } else if (*hook == "tc-ingress") {
        attach.hook = Hook::TcIngress;
      } else if (*hook == "tc-egress") {
        attach.hook = Hook::TcEgress;
      } else {
        error(f.valueAt, "unknown hook " + inQuotes(*hook) + didYouMean(*hook, kHooks),
              "one of " + joinNames(kHooks));
        ok = false;
      }
    } else {
      mode = &f;
    }
  }
  if (mode) {
    auto text = walk_.scalar(mode->value, mode->valueAt, "mode", "native or generic");
    if (!text) {
      ok = false;
    } else if (attach.hook != Hook::Xdp) {
      error(mode->keyAt, "mode: is for xdp hooks only; this attach point's hook is " +
                             std::string(hookName(attach.hook)),
            "no mode: on tc hooks");
      ok = false;
    } else if (*text == "native") {
      attach.mode = XdpMode::Native;
    } else if (*text == "generic") {
      attach.mode = XdpMode::Generic;
    } else {
      error(mode->valueAt, "unknown xdp mode " + inQuotes(*text) + didYouMean(*text, kModes),
            "native or generic");
      ok = false;
    }
  }
  if (!haveInterface && ok) error(at, what + " has no interface:", "interface: <a port's interface>");
  if (!haveInterface || !ok) return std::nullopt;
  return attach;
}

void Parser::parseSandbox(const MapField& field) {
  const char* expected = "a mapping of port interfaces to {addresses:, gateway:, mac:}";
  auto hosts = walk_.mapping(field.value, field.valueAt, "sandbox:", nullptr, expected);
  if (!hosts) return;
  for (const MapField& h : *hosts) {
    std::string what = "sandbox host of " + h.key;
    auto fields = walk_.mapping(h.value, h.valueAt, what, &kSandboxKeys,
                                "a mapping with addresses:, gateway: and mac:");
    if (!fields) continue;
    SandboxHostSpec host;
    host.at = h.keyAt;
    host.interface = h.key;
    Mark gatewayAt;
    for (const MapField& f : *fields) {
      if (f.key == "addresses") {
        auto items = walk_.sequence(f.value, f.valueAt, "addresses: of " + what,
                                    "a list of addresses with prefix length, e.g. [10.0.1.2/24]");
        if (!items) continue;
        for (const YAML::Node& item : *items) {
          Mark at = walk_.mark(item, f.valueAt);
          auto cidr = walk_.scalar(item, at, "an address", "address/length, e.g. 10.0.1.2/24");
          if (!cidr) continue;
          if (std::string problem = checkCidr(*cidr); !problem.empty()) {
            error(at, problem, "address/length, e.g. 10.0.1.2/24 or fd00:1::2/64");
            continue;
          }
          host.addresses.push_back(*cidr);
        }
      } else if (f.key == "gateway") {
        auto gateway = walk_.scalar(f.value, f.valueAt, "gateway", "an IPv4 or IPv6 address");
        if (!gateway) continue;
        if (std::string problem = checkIpAddress(*gateway); !problem.empty()) {
          error(f.valueAt, problem, "an IPv4 or IPv6 address");
          continue;
        }
        host.gateway = *gateway;
        gatewayAt = f.valueAt;
      } else {
        auto mac = walk_.scalar(f.value, f.valueAt, "mac", "a MAC address");
        if (!mac) continue;
        if (std::string problem = checkMacAddress(*mac); !problem.empty()) {
          error(f.valueAt, problem, "a unicast MAC address, e.g. 02:00:00:00:01:02");
          continue;
        }
        host.mac = *mac;
      }
    }
    if (host.gateway) {
      int family = addressFamily(*host.gateway);
      bool reachable = std::any_of(host.addresses.begin(), host.addresses.end(),
                                   [&](const std::string& a) { return addressFamily(a) == family; });
      if (!reachable)
        error(gatewayAt, "gateway " + *host.gateway + " has no IPv" + std::to_string(family) +
                             " address of the host to be reached from",
              "an address of the same family in addresses:");
    }
    config_.sandbox.push_back(std::move(host));
  }
}

void Parser::parseAgent(const MapField& field) {
  auto fields = walk_.mapping(field.value, field.valueAt, "agent:", &kAgentKeys,
                              "a mapping with listen:");
  if (!fields) return;
  for (const MapField& f : *fields) {
    const char* expected = "address:port (e.g. 127.0.0.1:9477 or [::1]:9477), or off";
    auto text = walk_.scalar(f.value, f.valueAt, "listen:", expected);
    if (!text) continue;
    ListenAddress address;
    if (*text != "off") {
      if (std::string problem = parseListenAddress(*text, address); !problem.empty()) {
        error(f.valueAt, problem, expected);
        continue;
      }
    }
    config_.agent.listen = *text == "off" ? *text : address.text();
    config_.agent.listenAt = f.valueAt;
  }
}

void Parser::checkReferences() {
  std::vector<std::string> moduleNames, interfaces;
  for (const ModuleSpec& m : config_.modules) moduleNames.push_back(m.name);
  for (const PortSpec& p : config_.ports) interfaces.push_back(p.interface);
  std::string portList = "one of the interfaces of ports: " + joinNames(interfaces);

  struct Hooked {
    std::string chain;
    Mark at;
  };
  std::map<std::pair<std::string, Hook>, Hooked> hooked;
  std::map<std::string, bool> used;
  for (const ChainSpec& chain : config_.chains) {
    std::string what = "chain \"" + chain.name + "\"";
    if (chain.modules.size() > kMaxChainLength)
      error(chain.at, what + " has " + std::to_string(chain.modules.size()) + " modules",
            "at most " + std::to_string(kMaxChainLength) + " (the size of the chain's prog array)");
    for (size_t i = 0; i < chain.modules.size(); ++i) {
      const std::string& name = chain.modules[i];
      if (!config_.findModule(name)) {
        if (!modulesRead_) continue;
        error(chain.moduleMarks[i], "unknown module " + inQuotes(name) + " in " + what + didYouMean(name, moduleNames),
              "one of the modules: " + joinNames(moduleNames));
        continue;
      }
      used[name] = true;
      for (size_t j = 0; j < i; ++j)
        if (chain.modules[j] == name) {
          error(chain.moduleMarks[i],
                "module " + inQuotes(name) + " appears twice in " + what + " (first at " +
                    lineOf(chain.moduleMarks[j]) + ")",
                "each module at most once per chain (declare a second instance under modules:)");
          break;
        }
    }
    for (const AttachSpec& attach : chain.attach) {
      if (!config_.findPort(attach.interface)) {
        if (!portsRead_) continue;
        error(attach.at,
              "interface " + attach.interface + " of " + what + " is not a port" +
                  didYouMean(attach.interface, interfaces),
              portList);
        continue;
      }
      auto key = std::make_pair(attach.interface, attach.hook);
      auto [it, inserted] = hooked.emplace(key, Hooked{chain.name, attach.at});
      if (!inserted)
        error(attach.at,
              "interface " + attach.interface + " already has chain \"" + it->second.chain +
                  "\" on hook " + hookName(attach.hook) + " (at " + lineOf(it->second.at) + ")",
              "one chain per interface and hook");
    }
  }
  for (const ModuleSpec& module : config_.modules)
    if (chainsRead_ && !used.count(module.name))
      error(module.at, "module " + inQuotes(module.name) + " is not used by any chain",
            "every module in the modules: list of some chain (or remove it)");
  for (const SandboxHostSpec& host : config_.sandbox)
    if (portsRead_ && !config_.findPort(host.interface))
      error(host.at, "sandbox host " + host.interface + " is not a port" + didYouMean(host.interface, interfaces),
            portList);
}

}  // namespace

Config parseConfigText(const std::string& text, const std::string& fileName,
                       const ParseOptions& options) {
  Diagnostics diagnostics;
  Parser parser(fileName, options, diagnostics);
  Config config = parser.run(text);
  diagnostics.throwIfAny();
  return config;
}

Config parseConfigFile(const std::string& path, const ParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoaderError(path + ": cannot read the config file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parseConfigText(text.str(), path, options);
}

}  // namespace p4nf::config
