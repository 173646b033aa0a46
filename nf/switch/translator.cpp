#include "nf/switch/translator.h"

#include <cstdio>
#include <map>
#include <set>

namespace p4nf::sw {
namespace {

using config::MapField;
using config::Mark;

constexpr uint32_t kMaxPort = 63;  // the VLAN member sets of switch.p4 are 64-bit

std::string hex64(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::optional<uint64_t> parseMac(const std::string& text) {
  uint64_t value = 0;
  int bytes = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t colon = text.find(':', at);
    std::string part = text.substr(at, colon == std::string::npos ? std::string::npos : colon - at);
    if (part.empty() || part.size() > 2 || part.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      return std::nullopt;
    value = value << 8 | std::stoul(part, nullptr, 16);
    ++bytes;
    if (colon == std::string::npos) break;
    at = colon + 1;
    if (at == text.size()) return std::nullopt;
  }
  if (bytes != 6) return std::nullopt;
  return value;
}

class SectionReader {
 public:
  SectionReader(const config::Config& config, config::YamlWalker& walk) : config_(config), walk_(walk) {}

  std::optional<SwitchSection> read(const YAML::Node& node, const Mark& at) {
    size_t errorsBefore = walk_.diagnostics().size();
    static const std::vector<std::string> allowed = {"ports", "static", "control_frames"};
    auto fields = walk_.mapping(node, at, "switch:", &allowed, "a mapping with ports:, static:, control_frames:");
    if (!fields) return std::nullopt;
    for (const MapField& f : *fields) {
      if (f.key == "ports") {
        forEachItem(f, [&](const YAML::Node& item, const Mark& itemAt) { port(item, itemAt); });
      } else if (f.key == "static") {
        forEachItem(f, [&](const YAML::Node& item, const Mark& itemAt) { staticEntry(item, itemAt); });
      } else if (f.key == "control_frames") {
        auto text = walk_.scalar(f.value, f.valueAt, "control_frames", "drop or host");
        if (text && *text != "drop" && *text != "host")
          walk_.error(f.valueAt, "control_frames: \"" + *text + "\" is not a choice", "drop or host");
        else if (text)
          section_.controlToHost = *text == "host";
      }
    }
    checkStatics();
    if (walk_.diagnostics().size() != errorsBefore) return std::nullopt;
    return std::move(section_);
  }

 private:
  template <typename F>
  void forEachItem(const MapField& f, F&& each) {
    auto items = walk_.sequence(f.value, f.valueAt, f.key + ":");
    if (!items) return;
    for (const YAML::Node& item : *items) each(item, walk_.mark(item, f.valueAt));
  }

  std::optional<uint16_t> vlanId(const YAML::Node& node, const Mark& at, const std::string& what) {
    auto n = walk_.number(node, at, what, 1, 4094);
    if (!n) return std::nullopt;
    return static_cast<uint16_t>(*n);
  }

  // `port: N` (an id of ports:) or `interface: name` (an interface of ports:).
  std::optional<uint32_t> portValue(const MapField& f) {
    if (f.key == "port") {
      auto n = walk_.number(f.value, f.valueAt, "port", 0, kMaxPort);
      if (!n) return std::nullopt;
      bool known = config_.ports.empty();
      for (const config::PortSpec& p : config_.ports) known = known || p.id == *n;
      if (!known) {
        walk_.error(f.valueAt, "port " + std::to_string(*n) + " is not in ports:", "the id of a port listed under ports:");
        return std::nullopt;
      }
      return static_cast<uint32_t>(*n);
    }
    auto name = walk_.scalar(f.value, f.valueAt, "interface", "an interface name of ports:");
    if (!name) return std::nullopt;
    const config::PortSpec* p = config_.findPort(*name);
    if (!p) {
      walk_.error(f.valueAt, "interface \"" + *name + "\" is not in ports:", "an interface listed under ports: (or port: <id>)");
      return std::nullopt;
    }
    if (p->id > kMaxPort) {
      walk_.error(f.valueAt, "interface \"" + *name + "\" is port " + std::to_string(p->id) + "; the switch takes ports 0..63",
                  "a port id of at most 63 under ports:");
      return std::nullopt;
    }
    return p->id;
  }

  std::optional<uint32_t> portOf(const std::vector<MapField>& fields, const Mark& at) {
    std::optional<uint32_t> port;
    const MapField* first = nullptr;
    for (const MapField& f : fields) {
      if (f.key != "port" && f.key != "interface") continue;
      if (first) {
        walk_.error(f.keyAt, "both " + first->key + ": and " + f.key + ": are given", "one of port: or interface:");
        return std::nullopt;
      }
      first = &f;
      port = portValue(f);
      if (!port) return std::nullopt;
    }
    if (!first) walk_.error(at, "no port: or interface: is given", "port: <id> or interface: <name>");
    return port;
  }

  void port(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {"port", "interface", "mode", "vlan", "vlans", "native"};
    auto fields = walk_.mapping(node, at, "switch port", &allowed, "a mapping with interface:, mode:, vlan: or vlans:");
    if (!fields) return;
    SwitchPort p;
    p.at = at;
    auto id = portOf(*fields, at);
    const MapField* modeField = nullptr;
    const MapField* vlanField = nullptr;
    const MapField* vlansField = nullptr;
    const MapField* nativeField = nullptr;
    for (const MapField& f : *fields) {
      if (f.key == "mode") modeField = &f;
      if (f.key == "vlan") vlanField = &f;
      if (f.key == "vlans") vlansField = &f;
      if (f.key == "native") nativeField = &f;
    }
    if (!modeField) {
      walk_.error(at, "the port has no mode:", "mode: access or mode: trunk");
      return;
    }
    auto mode = walk_.scalar(modeField->value, modeField->valueAt, "mode", "access or trunk");
    if (!mode) return;
    if (*mode == "access") {
      p.mode = PortMode::Access;
      if (vlansField || nativeField) {
        const MapField* wrong = vlansField ? vlansField : nativeField;
        walk_.error(wrong->keyAt, wrong->key + ": is for trunk ports; an access port carries one vlan:", "vlan: <1-4094>");
        return;
      }
      if (!vlanField) {
        walk_.error(at, "the access port has no vlan:", "vlan: <1-4094>");
        return;
      }
      auto vid = vlanId(vlanField->value, vlanField->valueAt, "vlan");
      if (!vid) return;
      p.vlans = {*vid};
    } else if (*mode == "trunk") {
      p.mode = PortMode::Trunk;
      if (vlanField) {
        walk_.error(vlanField->keyAt, "vlan: is for access ports; a trunk port carries vlans:", "vlans: [<1-4094>, ...]");
        return;
      }
      if (!vlansField) {
        walk_.error(at, "the trunk port has no vlans:", "vlans: [<1-4094>, ...]");
        return;
      }
      auto items = walk_.sequence(vlansField->value, vlansField->valueAt, "vlans:");
      if (!items) return;
      std::set<uint16_t> seen;
      for (const YAML::Node& item : *items) {
        Mark itemAt = walk_.mark(item, vlansField->valueAt);
        auto vid = vlanId(item, itemAt, "vlan");
        if (!vid) continue;
        if (!seen.insert(*vid).second) {
          walk_.error(itemAt, "vlan " + std::to_string(*vid) + " is listed twice", "each VLAN once");
          continue;
        }
        p.vlans.push_back(*vid);
      }
      if (nativeField) {
        auto vid = vlanId(nativeField->value, nativeField->valueAt, "native");
        if (!vid) return;
        p.native = *vid;
        if (!seen.count(*vid)) p.vlans.push_back(*vid);  // the native VLAN is carried too
      }
    } else {
      walk_.error(modeField->valueAt, "mode: \"" + *mode + "\" is not a choice", "access or trunk");
      return;
    }
    if (!id) return;
    p.port = *id;
    for (const SwitchPort& other : section_.ports)
      if (other.port == p.port) {
        walk_.error(at,
                    "port " + std::to_string(p.port) + " is already a switch port (line " +
                        std::to_string(other.at.line) + "); a port has one mode",
                    "each port once under ports:");
        return;
      }
    section_.ports.push_back(std::move(p));
  }

  void staticEntry(const YAML::Node& node, const Mark& at) {
    static const std::vector<std::string> allowed = {"mac", "vlan", "port", "interface"};
    auto fields = walk_.mapping(node, at, "static entry", &allowed, "a mapping with mac:, vlan:, interface:");
    if (!fields) return;
    StaticEntry e;
    e.at = at;
    bool ok = true;
    bool haveMac = false, haveVlan = false;
    for (const MapField& f : *fields) {
      if (f.key == "mac") {
        auto text = walk_.scalar(f.value, f.valueAt, "mac", "a MAC address");
        auto value = text ? parseMac(*text) : std::nullopt;
        if (text && !value) walk_.error(f.valueAt, "mac \"" + *text + "\" is not a MAC address", "six hex bytes separated by colons, 02:00:00:00:00:01");
        if (value && (*value >> 40 & 1)) {
          walk_.error(f.valueAt, "mac \"" + *text + "\" is a group address; a station has a unicast one", "a unicast MAC address (first byte even)");
          value.reset();
        }
        if (!value) ok = false;
        else {
          e.mac = *text;
          e.macValue = *value;
          haveMac = true;
        }
      } else if (f.key == "vlan") {
        auto vid = vlanId(f.value, f.valueAt, "vlan");
        if (!vid) ok = false;
        else {
          e.vlan = *vid;
          haveVlan = true;
        }
      }
    }
    auto port = portOf(*fields, at);
    if (!ok || !port) return;
    if (!haveMac || !haveVlan) {
      walk_.error(at, std::string("the static entry has no ") + (haveMac ? "vlan:" : "mac:"), "mac:, vlan: and interface: (or port:)");
      return;
    }
    e.port = *port;
    section_.statics.push_back(std::move(e));
  }

  // Each static entry's port carries its VLAN, and no (VLAN, MAC) is given twice.
  void checkStatics() {
    std::map<std::pair<uint16_t, uint64_t>, const StaticEntry*> seen;
    for (const StaticEntry& e : section_.statics) {
      const SwitchPort* port = nullptr;
      for (const SwitchPort& p : section_.ports)
        if (p.port == e.port) port = &p;
      bool carries = false;
      if (port)
        for (uint16_t v : port->vlans) carries = carries || v == e.vlan;
      if (!carries) {
        walk_.error(e.at,
                    "static entry " + e.mac + " on port " + std::to_string(e.port) +
                        (port ? " in vlan " + std::to_string(e.vlan) + ", which that port does not carry"
                              : ", which is not a switch port"),
                    "a port of switch: ports: that carries the entry's vlan");
        continue;
      }
      auto [it, inserted] = seen.emplace(std::make_pair(e.vlan, e.macValue), &e);
      if (!inserted)
        walk_.error(e.at,
                    "static entry " + e.mac + " in vlan " + std::to_string(e.vlan) + " is already given (line " +
                        std::to_string(it->second->at.line) + ")",
                    "each MAC once per VLAN");
    }
  }

  const config::Config& config_;
  config::YamlWalker& walk_;
  SwitchSection section_;
};

config::EntrySpec entry(const Mark& at, std::vector<NamedText> keys, const std::string& action,
                        std::vector<NamedText> args) {
  config::EntrySpec e;
  e.at = at;
  e.keyMarks.assign(keys.size(), at);
  e.keys = std::move(keys);
  e.action = action;
  e.actionAt = at;
  e.argMarks.assign(args.size(), at);
  e.args = std::move(args);
  e.priorityAt = at;
  return e;
}

// The manifest's name of the table `bare` (switch.p4's tables are control-qualified).
std::string tableName(const Manifest& manifest, const std::string& bare) {
  const ManifestTable* table = manifest.findTable(bare);
  return table ? table->name : bare;
}

}  // namespace

std::optional<SwitchSection> parseSwitchSection(const YAML::Node& node, const Mark& at,
                                                const config::Config& config, config::YamlWalker& walk) {
  SectionReader reader(config, walk);
  return reader.read(node, at);
}

std::vector<std::pair<uint16_t, VlanSets>> vlanSets(const SwitchSection& section) {
  std::map<uint16_t, VlanSets> sets;
  for (const SwitchPort& p : section.ports)
    for (uint16_t vid : p.vlans) {
      VlanSets& s = sets[vid];
      s.members |= uint64_t{1} << p.port;
      if (p.mode == PortMode::Access || p.native == vid) s.untagged |= uint64_t{1} << p.port;
    }
  return {sets.begin(), sets.end()};
}

void translateSwitchSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables) {
  const config::ModuleSpec& module = input.module;
  std::optional<SwitchSection> section = parseSwitchSection(module.section, module.sectionAt, input.config, walk);
  if (!section) return;
  Mark at = walk.mark(module.section, module.sectionAt);

  config::TableSpec ports;
  ports.at = at;
  ports.name = tableName(input.manifest, "ports");
  for (const SwitchPort& p : section->ports) {
    uint16_t pvid = p.mode == PortMode::Access ? p.vlans.front() : p.native;
    ports.entries.push_back(entry(p.at, {{"port", std::to_string(p.port)}}, "switch_port",
                                  {{"pvid", std::to_string(pvid)},
                                   {"control_to_host", section->controlToHost ? "1" : "0"}}));
  }
  tables.push_back(std::move(ports));

  config::TableSpec vlans;
  vlans.at = at;
  vlans.name = tableName(input.manifest, "vlans");
  for (const auto& [vid, sets] : vlanSets(*section))
    vlans.entries.push_back(entry(at, {{"vid", std::to_string(vid)}}, "vlan",
                                  {{"members", hex64(sets.members)}, {"untagged", hex64(sets.untagged)}}));
  tables.push_back(std::move(vlans));

  if (!section->statics.empty()) {
    config::TableSpec fdb;
    fdb.at = at;
    fdb.name = tableName(input.manifest, "fdb");
    for (const StaticEntry& e : section->statics)
      fdb.entries.push_back(entry(e.at, {{"vid", std::to_string(e.vlan)}, {"mac", e.mac}}, "static_station",
                                  {{"port", std::to_string(e.port)}}));
    tables.push_back(std::move(fdb));
  }
}

const std::vector<std::string>& reasonNames() {
  static const std::vector<std::string> names = {
      "forward",           "flood",          "host_control",     "drop_control",
      "drop_not_a_port",   "drop_no_pvid",   "drop_vlan",        "drop_bad_source",
      "drop_same_port",    "drop_egress_vlan", "drop_truncated"};
  return names;
}

const std::vector<std::string>& reasonVerdicts() {
  static const std::vector<std::string> verdicts = {"forward", "forward", "host", "drop", "drop", "drop",
                                                    "drop",    "drop",    "drop", "drop", "drop"};
  return verdicts;
}

}  // namespace p4nf::sw
