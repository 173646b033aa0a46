#include "cli/counter_command.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/deployment_choice.h"
#include "cli/exit_codes.h"
#include "cli/usage_error.h"
#include "loader/nf_module.h"
#include "loader/deploy/counter_reader.h"
#include "loader/deploy/deployment_state.h"
#include "loader/deploy/pinned_maps.h"
#include "loader/loader_error.h"

namespace p4nf::cli {
namespace {

struct CounterOptions {
  std::string target;  // <module>.<counter>
  std::string deployment;
  std::string output = "text";
  bool all = false;
};

// By full manifest name or by a unique part after a dot ("reasons" for
// "RouterControl.reasons").
const ManifestExtern& findCounter(const Manifest& manifest, const std::string& instance,
                                  const std::string& name) {
  const ManifestExtern* found = nullptr;
  std::string names;
  for (const ManifestExtern& e : manifest.externs) {
    if (e.kind != "Counter") continue;
    names += (names.empty() ? "" : ", ") + e.name;
    bool suffix = e.name.size() > name.size() &&
                  e.name.compare(e.name.size() - name.size(), name.size(), name) == 0 &&
                  e.name[e.name.size() - name.size() - 1] == '.';
    if (e.name == name) return e;
    if (!suffix) continue;
    if (found)
      throw UsageError("counter name \"" + name + "\" is ambiguous in module " + instance +
                        " (its counters: " + names + ")");
    found = &e;
  }
  if (!found)
    throw UsageError("module " + instance + " has no counter \"" + name +
                      "\" (its counters: " + (names.empty() ? "none" : names) + ")");
  return *found;
}

int runCounter(const CounterOptions& options) {
  try {
    size_t dot = options.target.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == options.target.size())
      throw UsageError("\"" + options.target + "\": write <module>.<counter>, e.g. r.reasons");
    std::string instance = options.target.substr(0, dot), name = options.target.substr(dot + 1);
    std::string deployment = chooseDeployment(options.deployment, "");
    std::optional<deploy::DeploymentState> state = deploy::readState(deployment);
    if (!state) {
      std::cerr << "p4nf: deployment " << deployment << " is not up\n";
      return kExitNoDeployment;
    }
    const deploy::ModuleRecord* module = state->module(instance);
    if (!module || module->objects.empty())
      throw UsageError("deployment " + deployment + " has no module " + instance);
    Manifest manifest = parseManifest(module->objects.front().manifest);
    const ManifestExtern& counter = findCounter(manifest, instance, name);
    deploy::PinnedMaps maps(*state, instance);
    std::vector<deploy::CounterCell> cells = deploy::readCounterCells(counter, maps(counter.map));
    const std::vector<std::string>* labels = findCounterLabels(module->nf, counter.name);
    auto label = [&](size_t index) -> std::string {
      return labels && index < labels->size() ? (*labels)[index] : "";
    };
    if (options.output == "json") {
      nlohmann::json out = {{"deployment", deployment},
                            {"module", instance},
                            {"counter", counter.name},
                            {"size", counter.size},
                            {"cells", nlohmann::json::array()}};
      for (size_t i = 0; i < cells.size(); ++i) {
        nlohmann::json cell = {
            {"index", i}, {"packets", cells[i].packets}, {"bytes", cells[i].bytes}};
        if (!label(i).empty()) cell["name"] = label(i);
        out["cells"].push_back(cell);
      }
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << instance << "." << counter.name << " (" << counter.size << " cells"
              << (options.all ? "" : ", those that counted something") << ")\n";
    size_t width = 0;
    for (size_t i = 0; i < cells.size(); ++i) width = std::max(width, label(i).size());
    bool any = false;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (!options.all && cells[i].packets == 0 && cells[i].bytes == 0) continue;
      any = true;
      std::cout << "  " << std::setw(3) << i << "  " << std::left
                << std::setw(static_cast<int>(width)) << label(i) << std::right << "  "
                << std::setw(12) << cells[i].packets << " packets  " << std::setw(14)
                << cells[i].bytes << " bytes\n";
    }
    if (!any) std::cout << "  (nothing counted yet)\n";
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

void addCounterCommand(CLI::App& app, int& exitCode) {
  auto options = std::make_shared<CounterOptions>();
  CLI::App* command = app.add_subcommand(
      "counter", "Show a module's Counter extern cell by cell: <module>.<counter>, e.g. r.reasons");
  command->footer(
      "Reads the counter's per-CPU cells from its pinned map and sums them. Cells a module\n"
      "names (the router's reasons) are printed with their names. -o json prints every cell\n"
      "(docs/json.md).\n"
      "\n"
      "Examples:\n"
      "  p4nf counter r.reasons\n"
      "  p4nf counter r.rx_port --all -o json");
  command->add_option("counter", options->target, "<module instance>.<counter>, e.g. r.reasons")
      ->required();
  command->add_option("--deployment", options->deployment,
                      "The deployment (default: the only one)");
  command->add_flag("--all", options->all, "Also the cells that counted nothing");
  command->add_option("-o,--output", options->output, "text or json (every cell)")
      ->check(CLI::IsMember({"text", "json"}));
  command->callback([options, &exitCode] { exitCode = runCounter(*options); });
}

}  // namespace p4nf::cli
