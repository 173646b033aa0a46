#include "loader/agent/module_tables.h"

#include <memory>
#include <set>

#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/desired.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/deploy/table_reader.h"
#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/table_writer.h"

namespace p4nf::agent {
namespace {

using deploy::ConfiguredEntry;

std::vector<NamedText> namedTexts(const std::vector<deploy::DumpedKey>& dumped) {
  std::vector<NamedText> texts;
  for (const deploy::DumpedKey& k : dumped) texts.push_back({k.name, k.text});
  return texts;
}

// An action and its arguments as one comparable text (what ConfiguredEntry::valueId holds
// without the priority).
std::string actionValue(const ManifestAction& action, const std::vector<mpz_class>& args) {
  std::string text = action.name + "(";
  for (size_t i = 0; i < args.size(); ++i) text += (i ? "," : "") + args[i].get_str(16);
  return text + ")";
}

// A desired entry equals what the table holds when the action and arguments are the same,
// and the priority too when the task gives one (without, TableWriter picks it).
bool sameValue(const ConfiguredEntry& held, const ConfiguredEntry& wanted) {
  return held.action == wanted.action && held.args == wanted.args &&
         (!wanted.priority || held.priority == wanted.priority);
}

}  // namespace

std::string SyncResult::summary() const {
  if (!changedAnything()) return "no change";
  std::string text =
      "+" + std::to_string(added) + " -" + std::to_string(removed) + " ~" + std::to_string(changed);
  if (defaults) text += ", " + std::to_string(defaults) + " default(s)";
  std::string tables;
  for (const std::string& t : perTable) tables += (tables.empty() ? "" : ", ") + t;
  return text + " (" + tables + ")";
}

ModuleTables::ModuleTables(std::string deployment, std::string instance)
    : deployment_(std::move(deployment)), instance_(std::move(instance)) {}

SyncResult ModuleTables::sync(const Contents& contents) {
  SyncResult result;
  // Not up: say so without taking the lock, whose file would bring the deployment's run
  // folder back after `p4nf down` removed it.
  if (!deploy::readState(deployment_)) {
    known_.clear();
    generation_.reset();
    result.deploymentUp = false;
    return result;
  }
  deploy::DeploymentLock lock(deployment_);
  std::optional<deploy::DeploymentState> state = deploy::readState(deployment_);
  if (!state) {
    known_.clear();
    generation_.reset();
    result.deploymentUp = false;
    return result;
  }
  result.generation = state->generation;
  const deploy::ModuleRecord* module = state->module(instance_);
  if (!module || module->objects.empty())
    throw LoaderError("deployment " + deployment_ + " has no module " + instance_ +
                      " (was it removed from the config?)");
  if (generation_ != state->generation) known_.clear();  // an apply ran since the last sync
  generation_.reset();                                   // set again only when this sync completes

  Manifest manifest = parseManifest(module->objects.front().manifest);
  std::vector<config::TableSpec> specs = contents(manifest);
  deploy::PinnedMaps maps(*state, instance_);

  struct TableWork {
    const ManifestTable* table = nullptr;
    std::unique_ptr<TableWriter> writer;
    std::set<std::string> wanted;  // ids of the desired entries
    size_t added = 0, removed = 0, changed = 0;
  };
  std::vector<TableWork> work;
  try {
    // Adds, changes and defaults, table by table in the order given.
    for (const config::TableSpec& spec : specs) {
      TableWork w;
      w.table = &manifest.table(spec.name);
      const ManifestTable& table = *w.table;
      w.writer = std::make_unique<TableWriter>(table, maps.lookup());
      for (const TableWork& other : work)
        if (other.table == w.table)
          throw LoaderError("table " + table.name + " is listed twice in one sync");
      if (!known_.count(table.name)) {
        KnownTable held;
        deploy::DumpedTable dumped = deploy::readTable(table, maps.lookup());
        for (const deploy::DumpedEntry& d : dumped.entries) {
          ConfiguredEntry entry;
          try {
            entry = deploy::configuredEntry(table, makeEntry(table, namedTexts(d.keys), d.priority,
                                                             d.action, namedTexts(d.args)));
          } catch (const LoaderError&) {  // an action the manifest does not know: replace it
            entry.keys = bindKeys(table, namedTexts(d.keys));
            entry.id = deploy::entryKeyId(table, entry.keys);
            entry.action = "?";
          }
          held.entries[entry.id] = std::move(entry);
        }
        if (dumped.defaultAction) {
          try {
            auto [action, args] = bindAction(table, dumped.defaultAction->action,
                                             namedTexts(dumped.defaultAction->args));
            held.defaultValueId = actionValue(*action, args);
          } catch (const LoaderError&) {
            held.defaultValueId = "?";
          }
        }
        known_[table.name] = std::move(held);
        result.readBack = true;
      }
      KnownTable& held = known_[table.name];
      for (const config::EntrySpec& e : spec.entries) {
        Entry entry = makeEntry(table, e.keys, e.priority, e.action, e.args);
        ConfiguredEntry wanted = deploy::configuredEntry(table, entry);
        if (!w.wanted.insert(wanted.id).second)
          throw LoaderError("table " + table.name + ": two desired entries have the key " +
                            wanted.id);
        auto it = held.entries.find(wanted.id);
        if (it == held.entries.end()) {
          w.writer->add(entry);
          held.entries.emplace(wanted.id, std::move(wanted));
          ++w.added;
        } else if (!sameValue(it->second, wanted)) {
          w.writer->modify(entry);
          it->second = std::move(wanted);
          ++w.changed;
        }
      }
      if (spec.defaultAction) {
        auto [action, args] =
            bindAction(table, spec.defaultAction->action, spec.defaultAction->args);
        std::string value = actionValue(*action, args);
        if (held.defaultValueId != value) {
          w.writer->setDefault(*action, args);
          held.defaultValueId = value;
          ++result.defaults;
        }
      }
      work.push_back(std::move(w));
    }
    // Deletes, in reverse order: nothing points at an entry any more when it goes.
    for (auto w = work.rbegin(); w != work.rend(); ++w) {
      KnownTable& held = known_[w->table->name];
      for (auto it = held.entries.begin(); it != held.entries.end();) {
        if (w->wanted.count(it->first)) {
          ++it;
          continue;
        }
        w->writer->remove(it->second.keys);
        it = held.entries.erase(it);
        ++w->removed;
      }
    }
  } catch (const std::exception& error) {
    known_.clear();  // the next sync reads back what this one left
    throw LoaderError("module " + instance_ + ": " + error.what());
  }
  for (const TableWork& w : work) {
    result.added += w.added;
    result.removed += w.removed;
    result.changed += w.changed;
    if (w.added + w.removed + w.changed)
      result.perTable.push_back(w.table->name + " +" + std::to_string(w.added) + " -" +
                                std::to_string(w.removed) + " ~" + std::to_string(w.changed));
  }
  generation_ = state->generation;
  return result;
}

}  // namespace p4nf::agent
