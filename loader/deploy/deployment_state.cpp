#include "loader/deploy/deployment_state.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "loader/deploy/bpffs.h"
#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

using nlohmann::json;
constexpr int kStateVersion = 1;

json numbers(const std::vector<mpz_class>& values) {
  json out = json::array();
  for (const mpz_class& v : values) out.push_back(v.get_str(16));
  return out;
}

std::vector<mpz_class> numbersFrom(const json& in) {
  std::vector<mpz_class> out;
  for (const json& v : in) out.emplace_back(v.get<std::string>(), 16);
  return out;
}

MatchKind matchFromName(const std::string& name) {
  for (MatchKind kind : {MatchKind::Exact, MatchKind::Lpm, MatchKind::Ternary, MatchKind::Range,
                         MatchKind::Optional})
    if (name == matchKindName(kind)) return kind;
  throw LoaderError("state file: unknown match kind " + name);
}

json keyMatches(const std::vector<KeyMatch>& keys) {
  json out = json::array();
  for (const KeyMatch& k : keys)
    out.push_back({{"match", matchKindName(k.match)},
                   {"value", k.value.get_str(16)},
                   {"mask", k.mask.get_str(16)},
                   {"prefix_len", k.prefixLen},
                   {"low", k.low.get_str(16)},
                   {"high", k.high.get_str(16)}});
  return out;
}

std::vector<KeyMatch> keyMatchesFrom(const json& in) {
  std::vector<KeyMatch> out;
  for (const json& k : in) {
    KeyMatch key;
    key.match = matchFromName(k.at("match"));
    key.value = mpz_class(k.at("value").get<std::string>(), 16);
    key.mask = mpz_class(k.at("mask").get<std::string>(), 16);
    key.prefixLen = k.at("prefix_len");
    key.low = mpz_class(k.at("low").get<std::string>(), 16);
    key.high = mpz_class(k.at("high").get<std::string>(), 16);
    out.push_back(key);
  }
  return out;
}

config::Hook hookFromName(const std::string& name) {
  if (name == "tc-ingress") return config::Hook::TcIngress;
  if (name == "tc-egress") return config::Hook::TcEgress;
  return config::Hook::Xdp;
}

}  // namespace

const ModuleObjectRecord* ModuleRecord::object(const std::string& target) const {
  for (const ModuleObjectRecord& o : objects)
    if (o.target == target) return &o;
  return nullptr;
}

const MapRecord* DeploymentState::map(const std::string& key) const {
  for (const MapRecord& m : maps)
    if (m.key == key) return &m;
  return nullptr;
}

const ModuleRecord* DeploymentState::module(const std::string& instance) const {
  for (const ModuleRecord& m : modules)
    if (m.instance == instance) return &m;
  return nullptr;
}

const ProgramRecord* DeploymentState::program(const std::string& chain, const std::string& target,
                                              uint32_t position) const {
  for (const ProgramRecord& p : programs)
    if (p.chain == chain && p.target == target && p.position == position) return &p;
  return nullptr;
}

std::string toJson(const DeploymentState& state) {
  json out;
  out["version"] = kStateVersion;
  out["deployment"] = state.deployment;
  out["generation"] = state.generation;
  out["config_file"] = state.configFile;
  out["ports"] = json::array();
  for (const PortRecord& p : state.ports)
    out["ports"].push_back({{"id", p.id}, {"interface", p.interface}, {"ifindex", p.ifindex}});
  out["maps"] = json::array();
  for (const MapRecord& m : state.maps)
    out["maps"].push_back({{"key", m.key},
                           {"name", m.schema.name},
                           {"type", m.schema.type},
                           {"key_size", m.schema.keySize},
                           {"value_size", m.schema.valueSize},
                           {"max_entries", m.schema.maxEntries},
                           {"flags", m.schema.flags},
                           {"pin", m.pin},
                           {"id", m.id}});
  out["modules"] = json::array();
  for (const ModuleRecord& m : state.modules) {
    json module = {{"instance", m.instance}, {"source", m.source}};
    if (!m.nf.empty()) module["nf"] = m.nf;
    module["objects"] = json::array();
    for (const ModuleObjectRecord& o : m.objects)
      module["objects"].push_back(
          {{"target", o.target}, {"digest", o.digest}, {"manifest", o.manifest}});
    module["tables"] = json::array();
    for (const ConfiguredTable& t : m.tables) {
      json table = {{"table", t.table}, {"entries", json::array()}};
      for (const ConfiguredEntry& e : t.entries) {
        json entry = {{"id", e.id},
                      {"value_id", e.valueId},
                      {"keys", keyMatches(e.keys)},
                      {"action", e.action},
                      {"args", numbers(e.args)}};
        if (e.priority) entry["priority"] = *e.priority;
        table["entries"].push_back(entry);
      }
      if (t.defaultAction)
        table["default"] = {{"action", t.defaultAction->action},
                            {"args", numbers(t.defaultAction->args)}};
      if (t.agentOwned) table["agent_owned"] = true;
      module["tables"].push_back(table);
    }
    out["modules"].push_back(module);
  }
  out["chains"] = json::array();
  for (const ChainRecord& c : state.chains)
    out["chains"].push_back({{"name", c.name}, {"modules", c.modules}});
  out["programs"] = json::array();
  for (const ProgramRecord& p : state.programs)
    out["programs"].push_back({{"chain", p.chain},
                               {"target", p.target},
                               {"position", p.position},
                               {"instance", p.instance},
                               {"digest", p.digest},
                               {"pin", p.pin},
                               {"id", p.id},
                               {"map_keys", p.mapKeys}});
  out["attachments"] = json::array();
  for (const AttachRecord& a : state.attachments)
    out["attachments"].push_back({{"chain", a.chain},
                                  {"interface", a.interface},
                                  {"ifindex", a.ifindex},
                                  {"hook", config::hookName(a.hook)},
                                  {"mode", config::xdpModeName(a.mode)},
                                  {"link_pin", a.linkPin},
                                  {"tc_handle", a.tcHandle},
                                  {"tc_priority", a.tcPriority},
                                  {"created_clsact", a.createdClsact},
                                  {"program_id", a.programId}});
  return out.dump(2) + "\n";
}

DeploymentState stateFromJson(const std::string& text, const std::string& file) {
  DeploymentState state;
  try {
    json in = json::parse(text);
    if (in.at("version").get<int>() != kStateVersion)
      throw LoaderError(file + ": state file version " + in.at("version").dump() +
                        ", this p4nf reads " + std::to_string(kStateVersion));
    state.deployment = in.at("deployment");
    state.generation = in.at("generation");
    state.configFile = in.value("config_file", "");
    for (const json& p : in.at("ports"))
      state.ports.push_back({p.at("id"), p.at("interface"), p.at("ifindex")});
    for (const json& m : in.at("maps"))
      state.maps.push_back({m.at("key"),
                            {m.at("name"), m.at("type"), m.at("key_size"), m.at("value_size"),
                             m.at("max_entries"), m.at("flags")},
                            m.at("pin"),
                            m.at("id")});
    for (const json& m : in.at("modules")) {
      ModuleRecord module{m.at("instance"), m.at("source"), {}, {}};
      module.nf = m.value("nf", "");
      for (const json& o : m.at("objects"))
        module.objects.push_back({o.at("target"), o.at("digest"), o.at("manifest")});
      for (const json& t : m.at("tables")) {
        ConfiguredTable table{t.at("table"), {}, std::nullopt, t.value("agent_owned", false)};
        for (const json& e : t.at("entries")) {
          ConfiguredEntry entry{e.at("id"),   e.at("value_id"), keyMatchesFrom(e.at("keys")),
                                std::nullopt, e.at("action"),   numbersFrom(e.at("args"))};
          if (e.contains("priority")) entry.priority = e.at("priority").get<uint32_t>();
          table.entries.push_back(std::move(entry));
        }
        if (t.contains("default"))
          table.defaultAction =
              ConfiguredDefault{t["default"].at("action"), numbersFrom(t["default"].at("args"))};
        module.tables.push_back(std::move(table));
      }
      state.modules.push_back(std::move(module));
    }
    for (const json& c : in.at("chains")) state.chains.push_back({c.at("name"), c.at("modules")});
    for (const json& p : in.at("programs"))
      state.programs.push_back({p.at("chain"), p.at("target"), p.at("position"), p.at("instance"),
                                p.at("digest"), p.at("pin"), p.at("id"), p.at("map_keys")});
    for (const json& a : in.at("attachments"))
      state.attachments.push_back(
          {a.at("chain"), a.at("interface"), a.at("ifindex"), hookFromName(a.at("hook")),
           a.at("mode") == "generic" ? config::XdpMode::Generic : config::XdpMode::Native,
           a.at("link_pin"), a.at("tc_handle"), a.at("tc_priority"), a.at("created_clsact"),
           a.at("program_id")});
  } catch (const json::exception& error) {
    throw LoaderError(file + ": not a p4nf state file (" + error.what() +
                      "); if no deployment runs, remove it and the pins under " + pinRoot());
  }
  return state;
}

std::optional<DeploymentState> readState(const std::string& deployment) {
  std::string file = stateFile(deployment);
  std::ifstream in(file);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw LoaderError("cannot read " + file + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return stateFromJson(text.str(), file);
}

void writeState(const DeploymentState& state) {
  std::string file = stateFile(state.deployment);
  makeDirectories(file.substr(0, file.find_last_of('/')));
  std::string temporary = file + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << toJson(state);
    out.flush();
    if (!out) throw LoaderError("cannot write " + temporary + ": " + std::strerror(errno));
  }
  if (rename(temporary.c_str(), file.c_str()) != 0)
    throw LoaderError("cannot replace " + file + ": " + std::strerror(errno));
}

void removeState(const std::string& deployment) {
  std::string file = stateFile(deployment);
  if (unlink(file.c_str()) != 0 && errno != ENOENT)
    throw LoaderError("cannot remove " + file + ": " + std::strerror(errno));
  std::string folder = file.substr(0, file.find_last_of('/'));
  unlink((folder + "/lock").c_str());
  removeEmptyDirectories(folder, runRoot());
}

std::vector<std::string> listDeployments() {
  std::vector<std::string> names;
  DIR* folder = opendir(runRoot().c_str());
  if (!folder) return names;
  while (dirent* item = readdir(folder)) {
    std::string name = item->d_name;
    if (name == "." || name == "..") continue;
    if (access(stateFile(name).c_str(), F_OK) == 0) names.push_back(name);
  }
  closedir(folder);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace p4nf::deploy
