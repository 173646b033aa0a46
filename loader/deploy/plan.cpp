#include "loader/deploy/plan.h"

#include <map>
#include <set>

#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

std::string attachKey(const std::string& chain, const std::string& interface, config::Hook hook) {
  return chain + "|" + interface + "|" + config::hookName(hook);
}

const ConfiguredTable* findTable(const std::vector<ConfiguredTable>& tables,
                                 const std::string& name) {
  for (const ConfiguredTable& t : tables)
    if (t.table == name) return &t;
  return nullptr;
}

// The map keys of the tables whose entries change hands in this apply, from the config
// to the module's agent task or back (a router switching between fib: static and fib:
// kernel): they get fresh maps, so that no entry of the former owner stays behind and
// the module's program moves to the new maps in one swap.
std::set<std::string> mapsChangingOwner(const Desired& desired, const DeploymentState* current) {
  std::set<std::string> keys;
  if (!current) return keys;
  for (const DesiredModule& module : desired.modules) {
    const ModuleRecord* previous = current->module(module.instance);
    if (!previous) continue;
    for (const ManifestTable& table : module.objects.front().manifest.tables) {
      const ConfiguredTable* wanted = findTable(module.tables, table.name);
      const ConfiguredTable* had = findTable(previous->tables, table.name);
      if ((wanted && wanted->agentOwned) == (had && had->agentOwned)) continue;
      std::vector<std::string> maps = {table.map, table.defaultMap, table.masksMap};
      if (table.dir24) maps.insert(maps.end(), {table.dir24->dirMap, table.dir24->valuesMap,
                                                table.dir24->indexMap});
      for (const std::string& map : maps)
        if (!map.empty()) keys.insert("module." + module.instance + "." + map);
    }
  }
  return keys;
}

void planMaps(const Desired& desired, const DeploymentState* current, Plan& plan) {
  const std::set<std::string> changingOwner = mapsChangingOwner(desired, current);
  std::map<std::string, MapSchema> wanted;
  std::vector<std::string> order;
  for (const DesiredChain& chain : desired.chains)
    for (const std::string& target : chain.targets())
      for (const std::string& instance : chain.modules) {
        const DesiredModule* module = desired.module(instance);
        const DesiredObject* object = module ? module->object(target) : nullptr;
        if (!object) throw LoaderError("module " + instance + " has no " + target + " object");
        for (const MapSchema& schema : object->maps) {
          std::string key = mapKeyFor(*object, schema.name, instance, chain.name);
          auto [it, inserted] = wanted.emplace(key, schema);
          if (inserted)
            order.push_back(key);
          else if (!(it->second == schema))
            throw LoaderError("module " + instance + ": map " + schema.name +
                              " has a different shape in its objects for different hooks; "
                              "one instance shares its maps, so the shapes must agree");
        }
      }
  for (const std::string& key : order) {
    MapStep step{key, wanted[key], false, ""};
    if (current)
      if (const MapRecord* existing = current->map(key);
          existing && existing->schema == step.schema && !changingOwner.count(key)) {
        step.reuse = true;
        step.pin = existing->pin;
      }
    plan.maps.push_back(step);
  }
  if (current)
    for (const MapRecord& existing : current->maps) {
      const MapStep* step = plan.map(existing.key);
      if (!step || !step->reuse) plan.dropMaps.push_back(existing);
    }
}

void planPrograms(const Desired& desired, const DeploymentState* current, Plan& plan) {
  for (const DesiredChain& chain : desired.chains)
    for (const std::string& target : chain.targets())
      for (uint32_t position = 0; position < chain.modules.size(); ++position) {
        const std::string& instance = chain.modules[position];
        const DesiredObject* object = desired.module(instance)->object(target);
        ProgramStep step{chain.name, target, position, instance, true, {}};
        for (const MapSchema& schema : object->maps)
          step.mapKeys.push_back(mapKeyFor(*object, schema.name, instance, chain.name));
        const ProgramRecord* existing =
            current ? current->program(chain.name, target, position) : nullptr;
        if (existing && existing->instance == instance && existing->digest == object->digest &&
            existing->mapKeys == step.mapKeys) {
          bool allReused = true;
          for (const std::string& key : step.mapKeys) allReused = allReused && plan.map(key)->reuse;
          step.load = !allReused;
        }
        plan.programs.push_back(step);
        if (step.load && position > 0) plan.slots.push_back({chain.name, target, position, false});
      }
  if (!current) return;
  for (const ProgramRecord& existing : current->programs) {
    const ProgramStep* step = plan.program(existing.chain, existing.target, existing.position);
    if (step && !step->load) continue;
    plan.dropPrograms.push_back(existing);
    // A slot beyond the new end of a chain whose prog array stays: empty it.
    const MapStep* chainMap = plan.map("chain." + existing.chain + "." + existing.target);
    if (!step && existing.position > 0 && chainMap && chainMap->reuse)
      plan.slots.push_back({existing.chain, existing.target, existing.position, true});
  }
}

void planAttachments(const Desired& desired, const DeploymentState* current, Plan& plan) {
  std::map<std::string, const AttachRecord*> existing;
  if (current)
    for (const AttachRecord& record : current->attachments)
      existing[attachKey(record.chain, record.interface, record.hook)] = &record;
  std::set<std::string> wanted;
  std::vector<AttachStep> creates;
  for (const DesiredChain& chain : desired.chains)
    for (const DesiredAttach& attach : chain.attach) {
      std::string key = attachKey(chain.name, attach.interface, attach.hook);
      wanted.insert(key);
      const ProgramStep* first = plan.program(chain.name, config::targetOf(attach.hook), 0);
      auto it = existing.find(key);
      if (it == existing.end()) {
        creates.push_back({AttachAction::Create, chain.name, attach, std::nullopt});
        continue;
      }
      const AttachRecord& record = *it->second;
      bool sameHook = record.ifindex == attach.ifindex &&
                      (attach.hook != config::Hook::Xdp || record.mode == attach.mode);
      if (!sameHook) {
        // A different mode or a re-created interface: the old attachment goes first, so
        // that the kernel accepts the new one on the same device.
        plan.attachments.push_back({AttachAction::Remove, chain.name, {}, record});
        creates.push_back({AttachAction::Create, chain.name, attach, std::nullopt});
      } else {
        plan.attachments.push_back(
            {first->load ? AttachAction::Replace : AttachAction::Keep, chain.name, attach, record});
      }
    }
  for (const auto& [key, record] : existing)
    if (!wanted.count(key))
      plan.attachments.insert(plan.attachments.begin(),
                              {AttachAction::Remove, record->chain, {}, *record});
  plan.attachments.insert(plan.attachments.end(), creates.begin(), creates.end());
}

void planTables(const Desired& desired, const DeploymentState* current, Plan& plan) {
  for (const DesiredModule& module : desired.modules) {
    const ModuleRecord* previous = current ? current->module(module.instance) : nullptr;
    for (const ManifestTable& table : module.objects.front().manifest.tables) {
      std::string mapName = !table.map.empty() ? table.map : table.defaultMap;
      if (mapName.empty()) continue;  // keyless table with a const default: nothing to write
      const MapStep* map = plan.map("module." + module.instance + "." + mapName);
      if (!map) continue;
      TableStep step{module.instance, table.name, !map->reuse};
      step.dropsLearned = step.fresh && table.addOnMiss && current &&
                          current->map("module." + module.instance + "." + mapName);
      const ConfiguredTable* wanted = findTable(module.tables, table.name);
      const ConfiguredTable* had =
          (previous && map->reuse) ? findTable(previous->tables, table.name) : nullptr;
      std::map<std::string, const ConfiguredEntry*> before;
      if (had)
        for (const ConfiguredEntry& e : had->entries) before[e.id] = &e;
      std::set<std::string> after;
      if (wanted)
        for (const ConfiguredEntry& e : wanted->entries) {
          after.insert(e.id);
          auto it = before.find(e.id);
          if (it == before.end()) {
            step.add.push_back(e);
          } else if (it->second->valueId != e.valueId) {
            step.remove.push_back(*it->second);
            step.add.push_back(e);
          }
        }
      for (const auto& [id, e] : before)
        if (!after.count(id)) step.remove.push_back(*e);
      std::optional<ConfiguredDefault> newDefault = wanted ? wanted->defaultAction : std::nullopt;
      std::optional<ConfiguredDefault> oldDefault = had ? had->defaultAction : std::nullopt;
      if (newDefault != oldDefault) {
        if (newDefault)
          step.setDefault = newDefault;
        else
          step.clearDefault = true;
      }
      if (step.fresh || !step.add.empty() || !step.remove.empty() || step.setDefault ||
          step.clearDefault)
        plan.tables.push_back(std::move(step));
    }
  }
}

}  // namespace

const char* attachActionName(AttachAction action) {
  switch (action) {
    case AttachAction::Create:
      return "attach";
    case AttachAction::Replace:
      return "replace";
    case AttachAction::Keep:
      return "keep";
    case AttachAction::Remove:
      return "detach";
  }
  return "?";
}

const MapStep* Plan::map(const std::string& key) const {
  for (const MapStep& m : maps)
    if (m.key == key) return &m;
  return nullptr;
}

const ProgramStep* Plan::program(const std::string& chain, const std::string& target,
                                 uint32_t position) const {
  for (const ProgramStep& p : programs)
    if (p.chain == chain && p.target == target && p.position == position) return &p;
  return nullptr;
}

bool Plan::changesAnything() const {
  for (const MapStep& m : maps)
    if (!m.reuse) return true;
  for (const ProgramStep& p : programs)
    if (p.load) return true;
  for (const AttachStep& a : attachments)
    if (a.action != AttachAction::Keep) return true;
  return !dropMaps.empty() || !dropPrograms.empty() || !slots.empty() || !tables.empty() ||
         syncPorts;
}

std::string Plan::describe() const {
  std::string out;
  for (const MapStep& m : maps)
    if (!m.reuse) out += "create map " + m.key + "\n";
  for (const MapRecord& m : dropMaps) out += "drop map " + m.key + "\n";
  for (const ProgramStep& p : programs)
    if (p.load)
      out += "load " + p.instance + " at " + p.chain + "[" + std::to_string(p.position) + "] (" +
             p.target + ")\n";
  for (const SlotStep& s : slots)
    out += std::string(s.clear ? "empty" : "set") + " slot " + s.chain + "[" +
           std::to_string(s.position) + "] (" + s.target + ")\n";
  for (const AttachStep& a : attachments) {
    if (a.action == AttachAction::Keep) continue;
    const std::string& interface =
        a.current && a.action == AttachAction::Remove ? a.current->interface : a.desired.interface;
    config::Hook hook = a.action == AttachAction::Remove ? a.current->hook : a.desired.hook;
    out += std::string(attachActionName(a.action)) + " " + a.chain + " on " + interface + " " +
           config::hookName(hook) + "\n";
  }
  for (const TableStep& t : tables) {
    out += "table " + t.instance + "." + t.table + ":";
    if (t.fresh)
      out += t.dropsLearned ? " new maps (its layout changed: the entries the data plane added are dropped),"
                            : " new maps,";
    out += " +" + std::to_string(t.add.size()) + " -" + std::to_string(t.remove.size());
    if (t.setDefault) out += ", default " + t.setDefault->action;
    if (t.clearDefault) out += ", default back to the program's";
    out += "\n";
  }
  if (syncPorts) out += "update ports\n";
  return out;
}

Plan computePlan(const Desired& desired, const DeploymentState* current) {
  Plan plan;
  planMaps(desired, current, plan);
  planPrograms(desired, current, plan);
  planAttachments(desired, current, plan);
  planTables(desired, current, plan);
  bool portMapsNew = false;
  for (const MapStep& m : plan.maps)
    if (!m.reuse && (m.key.rfind("ports.", 0) == 0 || m.key.rfind("flood_ports.", 0) == 0 ||
                      m.key == "port_ids" || m.key == "port_slots"))
      portMapsNew = true;
  plan.syncPorts = portMapsNew || !current || current->ports != desired.ports;
  return plan;
}

}  // namespace p4nf::deploy
