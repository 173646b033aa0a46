// The plan: what it takes to go from the deployment in the kernel (DeploymentState, read
// from the pins' state file) to the one a config asks for (Desired). Computing it touches
// nothing, so `p4nf apply` can print it and tests can check it without a kernel.
//
// Rules (docs/loader.md, "Plan"):
//  - a map is reused when a map with the same key (what it is for) exists and its name,
//    type, key size, value size, max_entries and flags are unchanged: its entries survive;
//  - a program is kept when the same object (SHA-256) sits at the same chain position and
//    every map it uses is reused; otherwise it is loaded anew;
//  - a new program at position > 0 goes into its chain's prog-array slot; at position 0
//    it replaces the program of each attach point (bpf_link_update, or tc BPF_TC_F_REPLACE);
//  - table entries from the config are diffed against the entries the last apply wrote
//    (by normalised key, then by action and arguments); entries added at run time are left
//    alone; a table whose maps are new is filled from scratch.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loader/deploy/deployment_state.h"
#include "loader/deploy/desired.h"

namespace p4nf::deploy {

struct MapStep {
  std::string key;
  MapSchema schema;
  bool reuse = false;
  std::string pin;  // reuse: the existing pin
};

struct ProgramStep {
  std::string chain;
  std::string target;
  uint32_t position = 0;
  std::string instance;
  bool load = false;  // false: keep the program that is there
  std::vector<std::string> mapKeys;
};

struct SlotStep {
  std::string chain;
  std::string target;
  uint32_t position = 0;
  bool clear = false;  // true: empty the slot (the chain got shorter)
};

enum class AttachAction { Create, Replace, Keep, Remove };
const char* attachActionName(AttachAction action);

struct AttachStep {
  AttachAction action = AttachAction::Keep;
  std::string chain;
  DesiredAttach desired;                // Create, Replace, Keep
  std::optional<AttachRecord> current;  // Replace, Keep, Remove
};

struct TableStep {
  std::string instance;
  std::string table;
  bool fresh = false;  // new maps: install the program's own entries, then everything below
  // fresh, of an add_on_miss table that had maps: what the data plane added to it (learnt
  // MACs, tracked connections) is dropped with the old maps, which the plan says.
  bool dropsLearned = false;
  std::vector<ConfiguredEntry> add;
  std::vector<ConfiguredEntry> remove;
  std::optional<ConfiguredDefault> setDefault;
  bool clearDefault = false;  // back to the default action compiled into the program
};

struct Plan {
  std::vector<MapStep> maps;  // every map of the new deployment
  std::vector<MapRecord> dropMaps;
  std::vector<ProgramStep> programs;  // every program of the new deployment
  std::vector<ProgramRecord> dropPrograms;
  std::vector<SlotStep> slots;
  std::vector<AttachStep> attachments;
  std::vector<TableStep> tables;
  bool syncPorts = false;

  const MapStep* map(const std::string& key) const;
  const ProgramStep* program(const std::string& chain, const std::string& target,
                             uint32_t position) const;
  // False when the kernel already runs exactly this deployment.
  bool changesAnything() const;
  // One line per action, for `p4nf apply --dry-run` and logs.
  std::string describe() const;
};

// Throws LoaderError when the desired deployment is inconsistent (a module's map differs
// between its xdp and tc objects).
Plan computePlan(const Desired& desired, const DeploymentState* current);

}  // namespace p4nf::deploy
