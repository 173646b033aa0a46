#include "loader/deploy/apply.h"

#include "common/dataplane_abi.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "common/dataplane_abi.h"
#include "loader/chain_loader.h"
#include "loader/deploy/attach_point.h"
#include "loader/deploy/bpffs.h"
#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/kernel_support.h"
#include "loader/deploy/map_snapshot.h"
#include "loader/deploy/undo_log.h"
#include "loader/fd.h"
#include "loader/loader_error.h"
#include "loader/table_writer.h"

namespace p4nf::deploy {
namespace {

using ProgramKey = std::tuple<std::string, std::string, uint32_t>;  // chain, target, position

Fd openPin(const std::string& path, const std::string& what) {
  int fd = bpf_obj_get(path.c_str());
  if (fd < 0)
    throw LoaderError("the pinned " + what + " " + path + " is missing (" + std::strerror(errno) +
                      "): the deployment's pins were changed behind p4nf's back; `p4nf down` and "
                      "`p4nf up` rebuild it");
  return Fd(fd);
}

void pin(int fd, const std::string& path) {
  unlink(path.c_str());  // a leftover of an apply that crashed before its commit point
  if (bpf_obj_pin(fd, path.c_str()) != 0)
    throw LoaderError("cannot pin " + path + ": " + std::strerror(errno));
}

// bpffs refuses names with dots (reserved for its own files): "module.fw.t_acl" is pinned
// as "module-fw-t_acl". The state file records every path, so the mapping is one-way.
std::string pinName(std::string name) {
  for (char& c : name)
    if (c == '.' || c == '/') c = '-';
  return name;
}

uint32_t objectId(int fd) {
  // bpf_prog_info, bpf_map_info and bpf_link_info all start with {type, id}.
  struct {
    uint32_t type, id;
    uint8_t rest[256];
  } info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0) return 0;
  return info.id;
}

MapSchema kernelSchema(int fd) {
  bpf_map_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0)
    throw LoaderError(std::string("cannot read map info: ") + std::strerror(errno));
  return {info.name, info.type, info.key_size, info.value_size, info.max_entries, info.map_flags};
}

class Applier {
 public:
  Applier(const Desired& desired, const Plan& plan, const DeploymentState* current,
          const ApplyHooks& hooks)
      : desired_(desired), plan_(plan), current_(current), hooks_(hooks) {
    directory_ = pinDirectory(desired.deployment);
    next_.deployment = desired.deployment;
    next_.generation = current ? current->generation + 1 : 1;
    next_.configFile = desired.configFile;
  }

  DeploymentState run() {
    try {
      ensurePinDirectory(directory_);
      sweepLeftovers();
      openKept();
      loadPrograms();
      pinNewMaps();
      if (plan_.syncPorts) syncPorts();
      for (const TableStep& step : plan_.tables) applyTable(step);
      if (hooks_.beforeCommit) hooks_.beforeCommit();
      for (const SlotStep& step : plan_.slots) applySlot(step);
      for (const AttachStep& step : plan_.attachments) applyAttach(step);
      recordState();
      writeState(next_);
    } catch (const std::exception& error) {
      std::vector<std::string> failures = undo_.rollBack();
      if (current_ == nullptr) removeEmptyDirectories(directory_, pinRoot());
      std::string message = error.what();
      if (failures.empty()) {
        message += current_ ? "\nnothing was changed: the previous deployment runs as before"
                            : "\nnothing was changed";
      } else {
        message += "\nrolling back failed too; left behind:";
        for (const std::string& f : failures) message += "\n  " + f;
      }
      throw LoaderError(message);
    }
    undo_.forget();
    cleanUp();
    return next_;
  }

 private:
  void log(const std::string& line) {
    if (hooks_.log) hooks_.log(line);
  }

  std::string generationSuffix() const { return "-g" + std::to_string(next_.generation); }

  // Pins in the deployment's folder that the state file does not list were made by an
  // apply that died before its commit point (kill -9, power loss). The folder is p4nf's
  // own, so they are removed; a leftover XDP link detaches as its last reference goes.
  void sweepLeftovers() {
    std::set<std::string> listed;
    if (current_) {
      for (const MapRecord& m : current_->maps) listed.insert(m.pin);
      for (const ProgramRecord& p : current_->programs) listed.insert(p.pin);
      for (const AttachRecord& a : current_->attachments) listed.insert(a.linkPin);
    }
    DIR* folder = opendir(directory_.c_str());
    if (!folder) return;
    std::vector<std::string> stray;
    while (dirent* item = readdir(folder)) {
      std::string name = item->d_name;
      if (name == "." || name == "..") continue;
      if (!listed.count(directory_ + "/" + name)) stray.push_back(directory_ + "/" + name);
    }
    closedir(folder);
    for (const std::string& path : stray) {
      log("removing " + path + ", left by an apply that did not finish");
      unlinkQuietly(path);
    }
  }

  void openKept() {
    for (const MapStep& step : plan_.maps) {
      if (!step.reuse) continue;
      Fd fd = openPin(step.pin, "map");
      MapSchema schema = kernelSchema(fd.get());
      // The kernel keeps 15 characters of the name and adds flags of its own (a devmap
      // becomes BPF_F_RDONLY_PROG); the state file holds what the object asked for.
      schema.name = step.schema.name;
      schema.flags = step.schema.flags;
      if (!(schema == step.schema))
        throw LoaderError("the pinned map " + step.pin +
                          " no longer has the shape its state file says");
      mapFds_[step.key] = fd.get();
      ownedFds_.push_back(std::move(fd));
    }
    if (current_)
      for (const ProgramRecord& program : current_->programs) {
        Fd fd = openPin(program.pin, "program");
        oldPrograms_[{program.chain, program.target, program.position}] = fd.get();
        ownedFds_.push_back(std::move(fd));
      }
  }

  void loadPrograms() {
    for (const ProgramStep& step : plan_.programs) {
      ProgramKey key{step.chain, step.target, step.position};
      if (!step.load) {
        newPrograms_[key] = oldPrograms_.at(key);
        next_.programs.push_back(*current_->program(step.chain, step.target, step.position));
        continue;
      }
      const DesiredObject& object = *desired_.module(step.instance)->object(step.target);
      ChainModuleOptions options;
      options.position = step.position;
      std::vector<std::string> created;
      for (const MapSchema& schema : object.maps) {
        std::string mapKey = mapKeyFor(object, schema.name, step.instance, step.chain);
        auto it = mapFds_.find(mapKey);
        if (it == mapFds_.end()) {
          created.push_back(schema.name);
        } else if (schema.name == object.manifest.maps.at("chain")) {
          options.chain.progArray = it->second;
        } else {
          options.reusedMaps[schema.name] = it->second;
        }
      }
      std::string where = "module " + step.instance + " at " + step.chain + "[" +
                          std::to_string(step.position) + "] (" + step.target + ", " +
                          desired_.module(step.instance)->source + ")";
      std::unique_ptr<LoadedObject> loaded;
      try {
        loaded = loadChainModule(object.elf, where, options);
      } catch (const LoaderError& error) {
        throw LoaderError(std::string(error.what()).rfind(where, 0) == 0
                              ? error.what()
                              : where + ": " + error.what());
      }
      for (const std::string& name : created) {
        std::string mapKey = mapKeyFor(object, name, step.instance, step.chain);
        mapFds_[mapKey] = loaded->mapFd(name);
        createdMaps_.insert(mapKey);
      }
      std::string path =
          directory_ + "/" +
          pinName("prog." + step.chain + "." + step.target + "." + std::to_string(step.position)) +
          generationSuffix();
      pin(loaded->programFd(), path);
      undo_.push("pin " + path, [path] { unlink(path.c_str()); });
      newPrograms_[key] = loaded->programFd();
      next_.programs.push_back({step.chain, step.target, step.position, step.instance,
                                object.digest, path, objectId(loaded->programFd()), step.mapKeys});
      log("loaded " + where + ", program id " + std::to_string(next_.programs.back().id));
      objects_.push_back(std::move(loaded));
    }
  }

  void pinNewMaps() {
    for (const MapStep& step : plan_.maps) {
      if (step.reuse) {
        next_.maps.push_back({step.key, step.schema, step.pin, objectId(mapFds_.at(step.key))});
        continue;
      }
      std::string path = directory_ + "/" + pinName("map." + step.key) + generationSuffix();
      pin(mapFds_.at(step.key), path);
      undo_.push("pin " + path, [path] { unlink(path.c_str()); });
      next_.maps.push_back({step.key, step.schema, path, objectId(mapFds_.at(step.key))});
    }
  }

  // Before changing a map the previous deployment keeps using, remember it byte for byte.
  void protect(const std::string& mapKey) {
    if (createdMaps_.count(mapKey) || !protected_.insert(mapKey).second) return;
    int fd = mapFds_.at(mapKey);
    auto snapshot = std::make_shared<MapSnapshot>(snapshotMap(fd));
    undo_.push("entries of map " + mapKey, [fd, snapshot] { restoreMap(fd, *snapshot); });
  }

  // Writes one entry per port into the u32-keyed map `mapKey` (if the deployment has it),
  // entryOf(port) giving its key and value, and deletes every other key.
  template <typename EntryOf>
  void writePortEntries(const std::string& mapKey, EntryOf entryOf) {
    auto it = mapFds_.find(mapKey);
    if (it == mapFds_.end()) return;
    protect(mapKey);
    int fd = it->second;
    std::set<uint32_t> wanted;
    for (const PortRecord& port : desired_.ports) {
      auto [key, value] = entryOf(port);
      wanted.insert(key);
      if (bpf_map_update_elem(fd, &key, &value, BPF_ANY) != 0)
        throw LoaderError("cannot write port " + std::to_string(port.id) + " (" + port.interface +
                          ") into map " + mapKey + ": " + std::strerror(errno));
    }
    uint32_t key = 0, nextKey = 0;
    std::vector<uint32_t> stale;
    const void* previous = nullptr;
    while (bpf_map_get_next_key(fd, previous, &nextKey) == 0) {
      if (!wanted.count(nextKey)) stale.push_back(nextKey);
      key = nextKey;
      previous = &key;
    }
    for (uint32_t k : stale) bpf_map_delete_elem(fd, &k);
  }

  // ports.<target>: port id -> ifindex; port_ids: ifindex -> port id.
  void writePortMap(const std::string& mapKey, bool byPortId) {
    writePortEntries(mapKey, [byPortId](const PortRecord& port) {
      return byPortId ? std::pair{port.id, port.ifindex} : std::pair{port.ifindex, port.id};
    });
  }

  // p4nf_flood_ports (XDP send_to_ports): port id -> struct bpf_devmap_val {ifindex, the
  // flood egress program}. The program is the same code in every object that has it; the
  // first loaded one serves (the map holds its own reference to it).
  void writeFloodPortMap(const std::string& mapKey) {
    auto it = mapFds_.find(mapKey);
    if (it == mapFds_.end()) return;
    int egress = -1;
    for (const auto& object : objects_)
      if (egress < 0) egress = object->otherProgramFd(abi::kFloodEgressProgram);
    if (egress < 0) throw LoaderError("map " + mapKey + " without a loaded " + abi::kFloodEgressProgram + " program");
    struct DevmapValue {
      uint32_t ifindex;
      int32_t prog;
    };
    writePortEntries(mapKey, [egress](const PortRecord& port) {
      return std::pair{port.id, DevmapValue{port.ifindex, egress}};
    });
  }

  // p4nf_port_slots (common/dataplane_abi.h): every slot written, each holding the first
  // port (by id) whose ifindex falls in it; a later one in the same slot is found through
  // p4nf_port_ids by the data path.
  void writePortSlots(const std::string& mapKey) {
    auto it = mapFds_.find(mapKey);
    if (it == mapFds_.end()) return;
    protect(mapKey);
    std::vector<std::array<uint32_t, 2>> slots(abi::kPortSlots, {0, 0});
    for (const PortRecord& port : desired_.ports) {
      auto& slot = slots[abi::portSlotOf(port.ifindex)];
      if (slot[0] == 0) slot = {port.ifindex, port.id};
    }
    for (uint32_t index = 0; index < abi::kPortSlots; ++index)
      if (bpf_map_update_elem(it->second, &index, slots[index].data(), BPF_ANY) != 0)
        throw LoaderError("cannot write slot " + std::to_string(index) + " of map " + mapKey + ": " +
                          std::strerror(errno));
  }

  void syncPorts() {
    writeFloodPortMap("flood_ports.xdp");
    writePortMap("ports.xdp", true);
    writePortMap("ports.tc", true);
    writePortMap("port_ids", false);
    writePortSlots("port_slots");
    log("ports written");
  }

  void applyTable(const TableStep& step) {
    const DesiredModule& module = *desired_.module(step.instance);
    const ManifestTable& table = module.objects.front().manifest.table(step.table);
    auto keyOf = [&](const std::string& mapName) {
      return "module." + step.instance + "." + mapName;
    };
    // A dir24 table's arrays are derived from its trie: a snapshot of the trie alone
    // would not undo them, and one of the arrays is far too big to copy. Its entries are
    // undone one by one instead, each by its inverse, through the table writer.
    bool undoByInverse = table.dir24 && !step.fresh;
    for (const std::string* name : {&table.map, &table.defaultMap, &table.masksMap})
      if (!name->empty() && mapFds_.count(keyOf(*name)) && !(undoByInverse && name == &table.map))
        protect(keyOf(*name));
    std::map<std::string, int> fds;  // the table's maps by name (a copy: the undo needs it)
    for (const auto& [key, fd] : mapFds_)
      if (key.rfind(keyOf(""), 0) == 0) fds[key.substr(keyOf("").size())] = fd;
    auto fdOf = [fds, instance = step.instance](const std::string& mapName) {
      auto it = fds.find(mapName);
      if (it == fds.end()) throw LoaderError("module " + instance + " has no map " + mapName);
      return it->second;
    };
    TableWriter writer(table, fdOf);
    auto toEntry = [&](const ConfiguredEntry& configured) {
      Entry entry;
      entry.keys = configured.keys;
      entry.priority = configured.priority;
      entry.action = table.findAction(configured.action);
      if (!entry.action) throw LoaderError("no action " + configured.action);
      entry.args = configured.args;
      return entry;
    };
    std::string what = "table " + step.instance + "." + table.name + ": ";
    using Inverse = std::function<void(TableWriter&)>;
    auto inverses = std::make_shared<std::vector<Inverse>>();  // grows as entries are written
    if (undoByInverse)
      undo_.push(what + "entries", [table = std::make_shared<ManifestTable>(table), fdOf, inverses] {
        TableWriter undoWriter(*table, fdOf);
        std::string failed;
        for (auto it = inverses->rbegin(); it != inverses->rend(); ++it) try {
            (*it)(undoWriter);
          } catch (const LoaderError& error) {
            failed += (failed.empty() ? "" : "; ") + std::string(error.what());
          }
        if (!failed.empty()) throw LoaderError(failed);
      });
    try {
      if (step.fresh) writer.installInitial();
      for (const ConfiguredEntry& entry : step.remove) {
        Entry removed = toEntry(entry);
        writer.remove(entry.keys);
        if (undoByInverse) inverses->push_back([removed](TableWriter& w) { w.add(removed); });
      }
      for (const ConfiguredEntry& configured : step.add) {
        Entry entry = toEntry(configured);
        writer.add(entry);
        if (undoByInverse) inverses->push_back([keys = entry.keys](TableWriter& w) { w.remove(keys); });
      }
      if (step.setDefault) {
        const ManifestAction* action = table.findAction(step.setDefault->action);
        if (!action) throw LoaderError("no action " + step.setDefault->action);
        writer.setDefault(*action, step.setDefault->args);
      }
      if (step.clearDefault && !table.defaultMap.empty()) {
        int fd = mapFds_.at(keyOf(table.defaultMap));
        uint32_t zeroKey = 0;
        std::vector<uint8_t> zero(table.valueSize, 0);
        if (bpf_map_update_elem(fd, &zeroKey, zero.data(), BPF_ANY) != 0)
          throw LoaderError("cannot reset the default action: " +
                            std::string(std::strerror(errno)));
      }
    } catch (const LoaderError& error) {
      throw LoaderError(what + error.what());
    }
    log(what + "+" + std::to_string(step.add.size()) + " -" + std::to_string(step.remove.size()));
  }

  void applySlot(const SlotStep& step) {
    int chainFd = mapFds_.at("chain." + step.chain + "." + step.target);
    ProgramKey key{step.chain, step.target, step.position};
    auto old = oldPrograms_.find(key);
    int oldFd = old != oldPrograms_.end() ? old->second : -1;
    std::string what = "slot " + step.chain + "[" + std::to_string(step.position) + "]";
    if (step.clear) {
      removeFromChain(chainFd, step.position);
    } else {
      putInChain(chainFd, step.position, newPrograms_.at(key));
    }
    undo_.push(what, [chainFd, position = step.position, oldFd] {
      if (oldFd >= 0)
        putInChain(chainFd, position, oldFd);
      else
        removeFromChain(chainFd, position);
    });
    log(std::string(step.clear ? "emptied " : "set ") + what);
  }

  void applyAttach(const AttachStep& step) {
    switch (step.action) {
      case AttachAction::Create:
        return createAttach(step.chain, step.desired);
      case AttachAction::Replace:
        return replaceAttach(step);
      case AttachAction::Remove:
        return removeAttach(*step.current);
      case AttachAction::Keep: {
        AttachRecord record = *step.current;
        record.programId = next_.program(step.chain, config::targetOf(record.hook), 0)->id;
        next_.attachments.push_back(record);
        return;
      }
    }
  }

  void createAttach(const std::string& chain, const DesiredAttach& attach) {
    int programFd = newPrograms_.at({chain, config::targetOf(attach.hook), 0});
    AttachRecord record{
        chain, attach.interface, attach.ifindex, attach.hook, attach.mode, "", 0, 0, false, 0};
    std::string where = chain + " on " + attach.interface + " " + config::hookName(attach.hook);
    if (attach.hook == config::Hook::Xdp) {
      auto link = std::make_shared<Fd>(
          createXdpLink(programFd, attach.ifindex, attach.mode, attach.interface));
      std::string path =
          directory_ + "/" +
          pinName("link." + chain + "." + attach.interface + "." + config::hookName(attach.hook)) +
          generationSuffix();
      undo_.push("attach " + where,
                 [link, interface = attach.interface] { detachXdpLink(link->get(), interface); });
      pin(link->get(), path);
      undo_.push("pin " + path, [path] { unlink(path.c_str()); });
      record.linkPin = path;
      links_.push_back(link);
    } else {
      record.createdClsact = ensureClsact(attach.ifindex, attach.interface);
      if (record.createdClsact)
        undo_.push("clsact on " + attach.interface,
                   [ifindex = attach.ifindex] { destroyClsact(ifindex); });
      attachTc(programFd, attach.ifindex, attach.hook, false, attach.interface);
      undo_.push("attach " + where,
                 [attach] { detachTc(attach.ifindex, attach.hook, attach.interface); });
      record.tcHandle = kTcHandle;
      record.tcPriority = kTcPriority;
    }
    record.programId = objectId(programFd);
    next_.attachments.push_back(record);
    log("attached " + where + " (" +
        (attach.hook == config::Hook::Xdp ? config::xdpModeName(attach.mode) : "tc") + ")");
  }

  void replaceAttach(const AttachStep& step) {
    const AttachRecord& record = *step.current;
    std::string target = config::targetOf(record.hook);
    int programFd = newPrograms_.at({step.chain, target, 0});
    int oldFd = oldPrograms_.at({step.chain, target, 0});
    std::string where =
        step.chain + " on " + record.interface + " " + config::hookName(record.hook);
    if (record.hook == config::Hook::Xdp) {
      auto link = std::make_shared<Fd>(openPin(record.linkPin, "link"));
      updateXdpLink(link->get(), programFd, record.interface);
      undo_.push("swap " + where, [link, oldFd, interface = record.interface] {
        updateXdpLink(link->get(), oldFd, interface);
      });
      links_.push_back(link);
    } else {
      attachTc(programFd, record.ifindex, record.hook, true, record.interface);
      undo_.push("swap " + where, [record, oldFd] {
        attachTc(oldFd, record.ifindex, record.hook, true, record.interface);
      });
    }
    AttachRecord updated = record;
    updated.programId = objectId(programFd);
    next_.attachments.push_back(updated);
    log("swapped the program of " + where);
  }

  void removeAttach(const AttachRecord& record) {
    std::string target = config::targetOf(record.hook);
    int oldFd = oldPrograms_.at({record.chain, target, 0});
    std::string where =
        record.chain + " on " + record.interface + " " + config::hookName(record.hook);
    if (record.hook == config::Hook::Xdp) {
      Fd link = openPin(record.linkPin, "link");
      detachXdpLink(link.get(), record.interface);
      unlink(record.linkPin.c_str());
      // Undo: a new link running the old program, pinned where the old one was.
      undo_.push("detach " + where, [record, oldFd] {
        Fd again(createXdpLink(oldFd, record.ifindex, record.mode, record.interface));
        pin(again.get(), record.linkPin);
      });
    } else {
      detachTc(record.ifindex, record.hook, record.interface);
      undo_.push("detach " + where, [record, oldFd] {
        attachTc(oldFd, record.ifindex, record.hook, false, record.interface);
      });
    }
    log("detached " + where);
  }

  void recordState() {
    next_.ports = desired_.ports;
    for (const DesiredModule& module : desired_.modules) {
      ModuleRecord record{module.instance, module.source, {}, module.tables};
      record.nf = module.nf;
      for (const DesiredObject& object : module.objects)
        record.objects.push_back({object.target, object.digest, object.manifestJson});
      next_.modules.push_back(std::move(record));
    }
    for (const DesiredChain& chain : desired_.chains)
      next_.chains.push_back({chain.name, chain.modules});
  }

  // After the commit point: unpin what the new deployment does not use. A failure here
  // leaves a stray pin, never a broken data path, so it is only reported.
  void cleanUp() {
    for (const ProgramRecord& program : plan_.dropPrograms) unlinkQuietly(program.pin);
    for (const MapRecord& map : plan_.dropMaps) unlinkQuietly(map.pin);
  }

  void unlinkQuietly(const std::string& path) {
    if (unlink(path.c_str()) != 0 && errno != ENOENT)
      log("warning: cannot unpin " + path + ": " + std::strerror(errno));
  }

  const Desired& desired_;
  const Plan& plan_;
  const DeploymentState* current_;
  const ApplyHooks& hooks_;
  std::string directory_;
  DeploymentState next_;
  std::vector<Fd> ownedFds_;
  std::vector<std::unique_ptr<LoadedObject>> objects_;
  std::vector<std::shared_ptr<Fd>> links_;
  UndoLog undo_;
  std::map<std::string, int> mapFds_;
  std::set<std::string> createdMaps_;
  std::set<std::string> protected_;
  std::map<ProgramKey, int> oldPrograms_;
  std::map<ProgramKey, int> newPrograms_;
};

}  // namespace

DeploymentState applyPlan(const Desired& desired, const Plan& plan, const DeploymentState* current,
                          const ApplyHooks& hooks) {
  Applier applier(desired, plan, current, hooks);
  return applier.run();
}

ApplyOutcome applyDeployment(const Desired& desired, const ApplyHooks& hooks) {
  requireKernelSupport(desired);  // before the lock: a kernel that cannot run it changes nothing
  DeploymentLock lock(desired.deployment);
  std::optional<DeploymentState> current = readState(desired.deployment);
  Plan plan = computePlan(desired, current ? &*current : nullptr);
  ApplyOutcome outcome;
  outcome.description = plan.describe();
  if (current && !plan.changesAnything()) {
    outcome.state = *current;
    return outcome;
  }
  outcome.state = applyPlan(desired, plan, current ? &*current : nullptr, hooks);
  outcome.changed = true;
  return outcome;
}

}  // namespace p4nf::deploy
