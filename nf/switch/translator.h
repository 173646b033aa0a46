// The switch's control-plane translator: `nf: switch` modules' `switch:` section -> entries
// of switch.p4's tables (loader/config/translator.h): `ports` (each port's PVID and control
// frame policy), `vlans` (each VLAN's member ports and which of them send it untagged) and
// the static entries of `fdb`. nf/switch/README.md describes the section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/config/translator.h"

namespace p4nf::sw {

enum class PortMode { Access, Trunk };

struct SwitchPort {
  config::Mark at;
  uint32_t port = 0;            // PNA port id, 0..63
  PortMode mode = PortMode::Access;
  std::vector<uint16_t> vlans;  // access: its one VLAN; trunk: the allowed VLANs
  uint16_t native = 0;          // trunk: the VLAN sent untagged (0: none)
};

struct StaticEntry {
  config::Mark at;
  std::string mac;  // as written (checked by the validator's MAC form)
  uint64_t macValue = 0;
  uint16_t vlan = 0;
  uint32_t port = 0;
};

struct SwitchSection {
  bool controlToHost = false;  // control_frames: host (else drop)
  std::vector<SwitchPort> ports;
  std::vector<StaticEntry> statics;
};

// The section, or nullopt after reporting every mistake through `walk`.
std::optional<SwitchSection> parseSwitchSection(const YAML::Node& node, const config::Mark& at,
                                                const config::Config& config, config::YamlWalker& walk);

// The VLANs' member sets: bit p of members is port p; of untagged, that p sends it untagged.
struct VlanSets {
  uint64_t members = 0;
  uint64_t untagged = 0;
};
// vid -> sets, for the VLANs some port carries.
std::vector<std::pair<uint16_t, VlanSets>> vlanSets(const SwitchSection& section);

// The `switch:` section's translator (registered in registration.cpp).
void translateSwitchSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                            std::vector<config::TableSpec>& tables);

// The names of the `reasons` counter's cells and their verdicts (README, "Counters").
const std::vector<std::string>& reasonNames();
const std::vector<std::string>& reasonVerdicts();

}  // namespace p4nf::sw
