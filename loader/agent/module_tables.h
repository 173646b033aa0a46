// How an agent task writes a module instance's tables in a running deployment: the task
// says what the tables it owns should hold (config::TableSpec: entries by manifest names,
// values as text in the forms of value_codec.h, exactly what a translator returns), and
// sync() writes the difference to what they hold now, as adds, deletes and in-place
// changes (TableWriter::modify: the data path sees the old or the new action, never a
// miss). Every write goes through TableWriter and the pins of the state file, under the
// deployment's lock (deployment_lock.h), so it never interleaves with an apply, a `p4nf
// table` command or `p4nf down`, and never writes bytes of its own.
//
// What "hold now" means: the entries the last sync wrote. On the first sync, after a sync
// that failed half-way, and whenever the state's generation changed (an apply ran: it may
// have made new, empty maps, or deleted the config's entries), the tables are read back
// from the kernel first (table_reader.h). So a sync always ends with the tables holding
// exactly the desired entries, whoever wrote them before: a task owns its tables.
//
// Write order keeps references valid while a sync runs: the tables are visited in the
// order given, adds and changes first; then, in reverse order, the deletes. A task lists
// the tables that others point into (next hops) before the ones that point (routes).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loader/config/model.h"
#include "loader/deploy/deployment_state.h"
#include "manifest/manifest.h"

namespace p4nf::agent {

struct SyncResult {
  bool deploymentUp = true;  // false: no state file (never applied, or `p4nf down`)
  bool readBack = false;     // the tables were read from the kernel before the diff
  uint64_t generation = 0;   // of the deployment written to
  size_t added = 0, removed = 0, changed = 0, defaults = 0;
  std::vector<std::string> perTable;  // "ipv4_routes +1 -0 ~2", tables that changed only

  bool changedAnything() const { return added + removed + changed + defaults > 0; }
  // "+1 -0 ~2 (ipv4_routes +1, nexthops ~2)", or "no change".
  std::string summary() const;
};

class ModuleTables {
 public:
  ModuleTables(std::string deployment, std::string instance);

  // The desired contents, built against the running object's manifest (table, key and
  // action names as it spells them). Tables it does not list are left alone; a listed
  // table's default action is written only when the spec sets one.
  using Contents = std::function<std::vector<config::TableSpec>(const Manifest& manifest)>;

  // Throws LoaderError when an entry does not bind (a name or value the manifest does
  // not know) or a write fails (a full table, a pin gone); the tables may then hold part
  // of the change, and the next sync reads them back and finishes it.
  SyncResult sync(const Contents& contents);

  // Makes the next sync read the tables back from the kernel.
  void forget() { known_.clear(); }

  const std::string& deployment() const { return deployment_; }
  const std::string& instance() const { return instance_; }

 private:
  struct KnownTable {
    std::map<std::string, deploy::ConfiguredEntry> entries;  // by ConfiguredEntry::id
    std::optional<std::string> defaultValueId;
  };

  std::string deployment_;
  std::string instance_;
  std::optional<uint64_t> generation_;       // of the last sync, when it succeeded
  std::map<std::string, KnownTable> known_;  // by full table name
};

}  // namespace p4nf::agent
