#include "cli/table_command.h"

#include <iostream>

#include "cli/deployment_choice.h"
#include "cli/exit_codes.h"
#include "cli/usage_error.h"
#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/pinned_maps.h"
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

// Runs `step`; a LoaderError it throws is the user's input being wrong.
template <typename Step>
auto checkInput(Step step) -> decltype(step()) {
  try {
    return step();
  } catch (const UsageError&) {
    throw;
  } catch (const LoaderError& error) {
    throw UsageError(error.what());
  }
}

int runTable(const TableOptions& options) {
  try {
    size_t dot = options.target.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == options.target.size())
      throw UsageError("\"" + options.target + "\": write <module>.<table>, e.g. router.ipv4_lpm");
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
      throw UsageError("deployment " + deployment + " has no module " + instance +
                       " (it has: " + names + ")");
    }
    Manifest manifest = parseManifest(module->objects.front().manifest);
    const ManifestTable& table = checkInput([&]() -> const ManifestTable& {
      return manifest.table(tableName);
    });
    deploy::PinnedMaps maps(*state, instance);
    MapFdLookup lookup = maps.lookup();
    if (options.operation == "dump") {
      deploy::DumpedTable dumped = deploy::readTable(table, lookup);
      std::cout << (options.output == "json" ? deploy::tableJson(dumped)
                                             : deploy::tableText(dumped));
      return kExitOk;
    }
    std::vector<NamedText> keys, args;
    std::string action;
    checkInput([&] { parseWords(table, options.words, keys, action, args); });
    if (options.operation == "add") {
      if (action.empty()) throw UsageError("table add needs an action: ... action(args)");
      if (options.priority && table.kind != TableKind::Ternary)
        throw UsageError("--priority is only for tables with ternary, range or optional keys; " +
                         table.name + " is " + tableKindName(table.kind));
      if (options.priority && *options.priority == 0)
        throw UsageError("--priority 0 is out of range: priorities are 1 to 4294967295");
      Entry entry =
          checkInput([&] { return makeEntry(table, keys, options.priority, action, args); });
      TableWriter writer(table, lookup);
      writer.add(entry);
      std::cout << "added to " << instance << "." << table.name << "\n";
      return kExitOk;
    }
    if (!action.empty())
      throw UsageError("table del takes keys only (the entry is found by its keys)");
    std::vector<KeyMatch> matches = checkInput([&] { return bindKeys(table, keys); });
    TableWriter writer(table, lookup);
    try {
      writer.remove(matches);
    } catch (const LoaderError& error) {
      std::cerr << "p4nf: " << error.what() << "\n";
      return kExitFailed;
    }
    std::cout << "deleted from " << instance << "." << table.name << "\n";
    return kExitOk;
  } catch (const UsageError& error) {
    std::cerr << "p4nf: " << error.what() << "\n";
    return kExitUsage;
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
  table->footer(
      "Tables and keys go by their manifest names (`dmac` or `ingress.dmac`; a key by a\n"
      "unique suffix). Values: 42, 0x2a, 10.0.0.1, 10.0.0.0/8, 2001:db8::1,\n"
      "00:11:22:33:44:55, 0x0a00&&&0xff00, 1000..2000, * (docs/loader.md, \"Table\n"
      "commands\"). A mistake in a name or value is exit 64; the kernel refusing the change\n"
      "(the key exists, the table is full) is exit 2.\n"
      "\n"
      "Examples:\n"
      "  p4nf table dump r.ipv4_routes -o json\n"
      "  p4nf table add fwd.dmac dst=02:00:00:00:00:07 'forward(port=2)'\n"
      "  p4nf table add fw.acl src=10.0.0.0/8 dport=1000..1999 'deny()' --priority 10\n"
      "  p4nf table del fwd.dmac dst=02:00:00:00:00:07");
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
