#include "cli/doctor_command.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "cli/exit_codes.h"
#include "loader/kernel_features.h"

namespace p4nf::cli {
namespace {

// The mechanisms p4nf uses, and the ones it picks by what the kernel offers: a key for
// -o json (docs/json.md), a name for the text, and the choice.
struct Mechanism {
  const char* key;
  const char* name;
  std::string choice;
};
std::vector<Mechanism> choices(KernelFeatures& kernel) {
  bool inlined = kernel.status("percpu_lookup_inlined").available;
  bool live = kernel.status("test_run:xdp_live_frames").available;
  return {
      {"xdp_chain_record", "XDP chain record",
       std::string("per-CPU scratch map p4nf_record (lookup ") +
           (inlined ? "inlined by the verifier)" : "through a helper call)")},
      {"tc_chain_record", "TC chain record", "skb->cb"},
      {"xdp_attach", "XDP attach", "bpf_link (native or generic mode, per config)"},
      {"tc_attach", "TC attach", "clsact qdisc filter (netlink)"},
      {"bench_e2e_traffic_source", "bench/e2e traffic source",
       live ? "live-frame test runs" : "AF_PACKET (live-frame test runs refused)"},
  };
}

int runDoctor(const std::string& output) {
  KernelFeatures& kernel = KernelFeatures::instance();
  std::vector<FeatureStatus> features = kernel.report();
  bool requiredMissing = false;
  for (const FeatureStatus& feature : features) requiredMissing |= feature.required && !feature.available;
  auto chosen = choices(kernel);
  if (output == "json") {
    nlohmann::json doc;
    doc["kernel"] = kernel.release();
    doc["minimum_kernel"] = "6.1";
    doc["ok"] = !requiredMissing;
    doc["denied"] = kernel.denied();
    doc["features"] = nlohmann::json::array();
    for (const Mechanism& m : chosen) doc["mechanisms"][m.key] = m.choice;
    for (const FeatureStatus& feature : features)
      doc["features"].push_back({{"key", feature.key},
                                 {"available", feature.available},
                                 {"required", feature.required},
                                 {"since", feature.since},
                                 {"used_for", feature.usedFor},
                                 {"detail", feature.detail}});
    std::cout << doc.dump(2) << "\n";
  } else {
    std::printf("kernel %s (p4nf supports 6.1 and later: docs/kernel.md)\n", kernel.release().c_str());
    if (!kernel.denied().empty()) {
      std::printf("P4NF_KERNEL_DENY makes these count as missing:");
      for (const std::string& key : kernel.denied()) std::printf(" %s", key.c_str());
      std::printf("\n");
    }
    std::printf("\nmechanisms\n");
    for (const Mechanism& m : chosen) std::printf("  %-26s %s\n", m.name, m.choice.c_str());
    std::printf("\n  %-36s %-9s %-6s %s\n", "feature", "available", "since", "used for");
    for (const FeatureStatus& feature : features) {
      std::printf("  %-36s %-9s %-6s %s%s\n", feature.key.c_str(), feature.available ? "yes" : "NO",
                  feature.since.c_str(), feature.usedFor.c_str(), feature.required ? " (always needed)" : "");
      if (!feature.detail.empty() && !feature.available) std::printf("  %-36s %s\n", "", feature.detail.c_str());
    }
    std::printf("\n%s\n", requiredMissing ? "p4nf cannot deploy on this kernel: a feature every deployment needs is missing"
                                          : "p4nf can deploy here; a module that needs a missing feature says so when applied");
  }
  return requiredMissing ? kExitFailed : kExitOk;
}

}  // namespace

void addDoctorCommand(CLI::App& app, int& exitCode) {
  auto output = std::make_shared<std::string>("text");
  CLI::App* command = app.add_subcommand(
      "doctor", "Probe what this kernel offers p4nf: each feature, available or not, and the mechanisms chosen");
  command->footer(
      "Each feature is probed the way libbpf probes it (a tiny program loaded, a map made, a\n"
      "test run, an attach in a private network namespace), so a refusal by a security\n"
      "policy counts as missing like an old kernel. Exit 1 when a feature every deployment\n"
      "needs is missing. docs/kernel.md says which kernel has what.\n"
      "\n"
      "Examples:\n"
      "  p4nf doctor\n"
      "  p4nf doctor -o json");
  command->add_option("-o,--output", *output, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->callback([output, &exitCode] { exitCode = runDoctor(*output); });
}

}  // namespace p4nf::cli
