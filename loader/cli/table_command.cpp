#include "cli/table_command.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/deployment_choice.h"
#include "cli/exit_codes.h"
#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/table_reader.h"
#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/table_writer.h"

namespace p4nf::cli {
namespace {

struct TableOptions {
  std::string operation;           // dump, add, del
  std::string target;              // <module>.<table>
  std::vector<std::string> words;  // keys, then the action
  std::string deployment;
  std::string output = "text";
  std::optional<uint32_t> priority;
};

std::string trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

NamedText namedText(const std::string& word) {
  size_t equals = word.find('=');
  if (equals == std::string::npos) return {"", trim(word)};
  return {trim(word.substr(0, equals)), trim(word.substr(equals + 1))};
}

// "name=value" words (or bare values, in key order), then "action(arg, name=arg)".
void parseWords(const ManifestTable& table, const std::vector<std::string>& words,
                std::vector<NamedText>& keys, std::string& action, std::vector<NamedText>& args) {
  size_t i = 0;
  for (; i < words.size() && words[i].find('(') == std::string::npos; ++i) {
    NamedText key = namedText(words[i]);
    if (key.first.empty()) {
      if (keys.size() >= table.keys.size())
        throw LoaderError("too many keys: table " + table.name + " has " +
                          std::to_string(table.keys.size()));
      key.first = table.keys[keys.size()].name;
    }
    keys.push_back(key);
  }
  if (i == words.size()) return;
  std::string call;
  for (; i < words.size(); ++i) call += (call.empty() ? "" : " ") + words[i];
  size_t open = call.find('('), close = call.rfind(')');
  if (close == std::string::npos || close < open || trim(call.substr(close + 1)) != "")
    throw LoaderError("bad action \"" + call +
                      "\": write action(arg, ...) or action(name=arg, ...)");
  action = trim(call.substr(0, open));
  std::string inside = call.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (!trim(inside).empty() && start <= inside.size()) {
    size_t comma = inside.find(',', start);
    if (comma == std::string::npos) comma = inside.size();
    args.push_back(namedText(inside.substr(start, comma - start)));
    start = comma + 1;
  }
}

class PinnedMaps {
 public:
  PinnedMaps(const deploy::DeploymentState& state, const std::string& instance)
      : state_(state), instance_(instance) {}
  ~PinnedMaps() {
    for (int fd : fds_) close(fd);
  }
  int operator()(const std::string& mapName) {
    const deploy::MapRecord* map = state_.map("module." + instance_ + "." + mapName);
    if (!map)
      throw LoaderError("module " + instance_ + " has no map " + mapName + " in its deployment");
    int fd = bpf_obj_get(map->pin.c_str());
    if (fd < 0)
      throw LoaderError("cannot open the pinned map " + map->pin + ": " + std::strerror(errno));
    fds_.push_back(fd);
    return fd;
  }

 private:
  const deploy::DeploymentState& state_;
  std::string instance_;
  std::vector<int> fds_;
};

int runTable(const TableOptions& options) {
  try {
    size_t dot = options.target.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == options.target.size())
      throw LoaderError("\"" + options.target + "\": write <module>.<table>, e.g. router.ipv4_lpm");
    std::string instance = options.target.substr(0, dot),
                tableName = options.target.substr(dot + 1);
    std::string deployment = chooseDeployment(options.deployment, "");
    std::optional<deploy::DeploymentLock> lock;
    if (options.operation != "dump") lock.emplace(deployment);
    std::optional<deploy::DeploymentState> state = deploy::readState(deployment);
    if (!state) {
      std::cerr << "p4nf: deployment " << deployment << " is not up\n";
      return kExitNoDeployment;
    }
    const deploy::ModuleRecord* module = state->module(instance);
    if (!module || module->objects.empty()) {
      std::string names;
      for (const deploy::ModuleRecord& m : state->modules)
        names += (names.empty() ? "" : ", ") + m.instance;
      throw LoaderError("deployment " + deployment + " has no module " + instance +
                        " (it has: " + names + ")");
    }
    Manifest manifest = parseManifest(module->objects.front().manifest);
    const ManifestTable& table = manifest.table(tableName);
    PinnedMaps maps(*state, instance);
    MapFdLookup lookup = [&](const std::string& name) { return maps(name); };
    if (options.operation == "dump") {
      deploy::DumpedTable dumped = deploy::readTable(table, lookup);
      std::cout << (options.output == "json" ? deploy::tableJson(dumped)
                                             : deploy::tableText(dumped));
      return kExitOk;
    }
    std::vector<NamedText> keys, args;
    std::string action;
    parseWords(table, options.words, keys, action, args);
    TableWriter writer(table, lookup);
    if (options.operation == "add") {
      if (action.empty()) throw LoaderError("table add needs an action: ... action(args)");
      writer.add(makeEntry(table, keys, options.priority, action, args));
      std::cout << "added to " << instance << "." << table.name << "\n";
      return kExitOk;
    }
    if (!action.empty())
      throw LoaderError("table del takes keys only (the entry is found by its keys)");
    try {
      writer.remove(bindKeys(table, keys));
    } catch (const LoaderError& error) {
      std::cerr << "p4nf: " << error.what() << "\n";
      return kExitFailed;
    }
    std::cout << "deleted from " << instance << "." << table.name << "\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitError;
  }
}

}  // namespace

void addTableCommand(CLI::App& app, int& exitCode) {
  CLI::App* table =
      app.add_subcommand("table", "Read and change a running deployment's table entries");
  table->require_subcommand(1);
  struct Operation {
    const char* name;
    const char* help;
  };
  for (Operation op :
       {Operation{"dump", "Print a table's entries and its default action"},
        Operation{"add", "Add an entry: <module>.<table> key=value... action(arg, ...)"},
        Operation{"del", "Delete the entry with these keys: <module>.<table> key=value..."}}) {
    auto options = std::make_shared<TableOptions>();
    options->operation = op.name;
    CLI::App* command = table->add_subcommand(op.name, op.help);
    command->add_option("table", options->target, "<module instance>.<table>, e.g. fw.acl")
        ->required();
    if (op.name != std::string("dump"))
      command->add_option(
          "entry", options->words,
          "Keys as name=value (or values in key order), then action(args); values: 42, 0x2a, "
          "10.0.0.1, 10.0.0.0/8, 2001:db8::1, 00:11:22:33:44:55, 0x0a00&&&0xff00, 1000..2000, *");
    if (op.name == std::string("add"))
      command->add_option("--priority", options->priority, "Ternary/range entries: larger wins");
    command->add_option("--deployment", options->deployment,
                        "The deployment (default: the only one)");
    if (op.name == std::string("dump"))
      command->add_option("-o,--output", options->output, "text or json")
          ->check(CLI::IsMember({"text", "json"}));
    command->callback([options, &exitCode] { exitCode = runTable(*options); });
  }
}

}  // namespace p4nf::cli
