// p4nf_bench: ns/packet of p4nfc's output against hand-written C, under BPF_PROG_TEST_RUN.
//
// For every scenario (scenarios.h) and table size, the hand-written baseline
// (bench/baselines) and the P4 program compiled by p4nfc (bench/programs) are loaded,
// filled through their manifests with the same entries, checked on one packet, and then
// timed in the same process, one after the other. The time is the kernel's own: the
// `duration` that BPF_PROG_TEST_RUN returns, the average per repetition. Each
// measurement runs --packets packets in calls of --batch repetitions; Google Benchmark
// repeats each measurement (5 times unless told otherwise) and the summary table shows
// the medians. The chain scenarios (chain_hop) run chains of N copies of their program
// instead of tables of N entries, and the summary adds the cost of one hop: the slope of
// ns/packet over N. docs/performance.md explains the setup and its limits.
#include <benchmark/benchmark.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenarios.h"
#include "xdp_object.h"

#ifndef P4NF_BENCH_OBJECT_DIR
#define P4NF_BENCH_OBJECT_DIR "."
#endif

namespace p4nf::bench {
namespace {

struct Options {
  std::string objectDir = P4NF_BENCH_OBJECT_DIR;
  uint64_t packets = 1'000'000;  // per measurement
  uint32_t batch = 100'000;      // repetitions per BPF_PROG_TEST_RUN call (at most)
  std::vector<uint32_t> sizes = {1, 1000, 100000};
  std::vector<uint32_t> chainLengths = {1, 2, 4, 8};  // modules, for the chain scenarios
};

// One program of one scenario at one table size, and what was measured of it.
struct Variant {
  const Scenario* scenario = nullptr;
  std::string side;  // "C" or "p4nf"
  std::string path;
  uint32_t entries = 0;  // table entries, or modules in the chain (Scenario::chain)
  std::unique_ptr<XdpObject> object;
  std::string problem;  // why it was not measured
  ProgramStats stats;
  std::vector<double> samples;  // ns/packet, one per repetition
  bool prepared = false;
};

const char* kUsage =
    "p4nf_bench [--objects=DIR] [--packets=N] [--batch=N] [--sizes=1,1000,100000]\n"
    "           [--chain-lengths=1,2,4,8]\n"
    "           [Google Benchmark flags, e.g. --benchmark_repetitions=N --benchmark_filter=RE]\n";

bool takeFlag(const std::string& arg, const char* name, std::string& value) {
  std::string prefix = std::string("--") + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

std::vector<uint32_t> parseList(const std::string& text) {
  std::vector<uint32_t> sizes;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoul(item));
  return sizes;
}

// Takes our own flags out of argv and adds the defaults we want from Google Benchmark.
Options parseOptions(int& argc, char** argv, std::vector<std::string>& storage) {
  Options options;
  std::vector<std::string> rest;
  bool repetitionsGiven = false, aggregatesGiven = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
    }
    if (takeFlag(arg, "objects", value)) {
      options.objectDir = value;
    } else if (takeFlag(arg, "packets", value)) {
      options.packets = std::stoull(value);
    } else if (takeFlag(arg, "batch", value)) {
      options.batch = std::max<uint32_t>(1, std::stoul(value));
    } else if (takeFlag(arg, "sizes", value)) {
      options.sizes = parseList(value);
    } else if (takeFlag(arg, "chain-lengths", value)) {
      options.chainLengths = parseList(value);
    } else {
      repetitionsGiven |= arg.rfind("--benchmark_repetitions", 0) == 0;
      aggregatesGiven |= arg.rfind("--benchmark_report_aggregates_only", 0) == 0 ||
                         arg.rfind("--benchmark_display_aggregates_only", 0) == 0;
      rest.push_back(arg);
    }
  }
  if (!repetitionsGiven) rest.push_back("--benchmark_repetitions=5");
  if (!aggregatesGiven) rest.push_back("--benchmark_display_aggregates_only=true");
  storage = {argv[0]};
  storage.insert(storage.end(), rest.begin(), rest.end());
  argc = static_cast<int>(storage.size());
  for (int i = 0; i < argc; ++i) argv[i] = storage[i].data();
  return options;
}

std::string firstLines(const std::string& text, int lines) {
  std::string out;
  std::stringstream in(text);
  for (std::string line; lines-- > 0 && std::getline(in, line);) out += "\n    " + line;
  return out;
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Who has the kernel's BPF run-time stats on, or "": the sysctl, or processes holding a
// BPF_ENABLE_STATS fd (the e2e tests and benches take one). While they are on, every
// program run pays two clock reads, each repetition of a test run too: the floor went from
// 5-10 to about 50 ns/packet here when another engineer's e2e test held one.
std::string bpfStatsHolders() {
  std::string holders;
  if (readText("/proc/sys/kernel/bpf_stats_enabled").rfind('1', 0) == 0)
    holders = "kernel.bpf_stats_enabled=1";
  std::error_code error;
  for (const auto& process : std::filesystem::directory_iterator("/proc", error)) {
    std::string pid = process.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const auto& fd : std::filesystem::directory_iterator(process.path() / "fd", error)) {
      std::error_code ignored;
      if (std::filesystem::read_symlink(fd.path(), ignored) != "anon_inode:bpf-stats") continue;
      std::string command = readText(process.path() / "comm");
      if (!command.empty() && command.back() == '\n') command.pop_back();
      holders += (holders.empty() ? "" : ", ") + command + " (pid " + pid + ")";
      break;
    }
  }
  return holders;
}

// Loads, fills and checks once, before the first measurement of this variant.
void prepare(Variant& v) {
  if (v.prepared) return;
  v.prepared = true;
  try {
    v.object = XdpObject::load(v.path, v.scenario->chain ? v.entries : 1);
    uint32_t largest = 0;
    for (const auto& table : v.object->manifest().tables) largest = std::max(largest, table.size);
    if (!v.scenario->chain && v.entries > largest)
      throw std::runtime_error("not run: its largest table holds " + std::to_string(largest) +
                               " entries, fewer than " + std::to_string(v.entries));
    v.scenario->fill(*v.object, v.entries);
    v.stats = v.object->stats();
    std::string wrong = v.scenario->check(v.object->runOnce(v.scenario->packet));
    if (!wrong.empty()) throw std::runtime_error("wrong result: " + wrong);
  } catch (const std::exception& e) {
    v.problem = e.what();
    v.object.reset();
  }
}

// The interface programs are attached to while they are measured (see main), or 0.
uint32_t attachIfindex = 0;

// BPF_PROG_TEST_RUN with repeat > 1 enters the program into the kernel's XDP dispatcher
// for the call and removes it afterwards; each change rebuilds the dispatcher and waits
// for an RCU grace period (about 1 ms here, far more than the packets it measures). A
// program that is attached somewhere is already in the dispatcher, and then the test run
// only takes a reference. So each program is attached, in generic mode, to the loopback
// interface of the benchmark's private network namespace while it is measured.
class AttachedForMeasurement {
 public:
  explicit AttachedForMeasurement(int programFd) {
    if (attachIfindex && bpf_xdp_attach(attachIfindex, programFd, XDP_FLAGS_SKB_MODE, nullptr) == 0)
      attached_ = true;
  }
  ~AttachedForMeasurement() {
    if (attached_) bpf_xdp_detach(attachIfindex, XDP_FLAGS_SKB_MODE, nullptr);
  }

 private:
  bool attached_ = false;
};

void measure(benchmark::State& state, Variant& v, const Options& options) {
  prepare(v);
  if (!v.object) {
    state.SkipWithError(v.problem.c_str());
    return;
  }
  AttachedForMeasurement attached(v.object->programFd());
  const uint32_t batch = std::min(options.batch, v.scenario->maxRepeat);
  uint64_t packets = 0, kernelNs = 0;
  for (auto _ : state) {
    p4nf::TimedRun run;
    try {
      run = v.object->run(v.scenario->packet, batch);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    uint64_t ns = uint64_t{run.durationNs} * batch;
    kernelNs += ns;
    packets += batch;
    state.SetIterationTime(static_cast<double>(ns) * 1e-9);
  }
  double nsPerPacket = packets ? static_cast<double>(kernelNs) / static_cast<double>(packets) : 0;
  state.counters["ns_per_pkt"] = nsPerPacket;
  state.counters["verified_insns"] = v.stats.verifiedInstructions;
  state.counters["xlated_insns"] = v.stats.loadedInstructions;
  state.SetItemsProcessed(static_cast<int64_t>(packets));
  v.samples.push_back(nsPerPacket);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Why the P4 program of `scenario` has no object, or "" when it has one.
std::string p4Missing(const Options& options, const std::string& scenario) {
  std::string object = options.objectDir + "/programs/" + scenario + ".o";
  if (std::filesystem::exists(object)) return "";
  std::string log = readText(object + ".log");
  return "not compiled yet" + (log.empty() ? std::string() : ":" + firstLines(log, 3));
}

std::string cell(const Variant* v) {
  if (!v) return "-";
  if (!v->problem.empty() || v->samples.empty()) return "n/a";
  return fmt::format("{:.2f}", median(v->samples));
}

std::string insnCell(const Variant* v) {
  if (!v || !v->object) return "-";
  return fmt::format("{}", v->stats.verifiedInstructions);
}

// The least-squares slope of median ns/packet over the number of modules: what one more
// hop costs. NaN with fewer than two chain lengths measured.
double perHop(const std::vector<std::unique_ptr<Variant>>& variants, const Scenario* scenario,
              const std::string& side) {
  std::vector<std::pair<double, double>> points;  // (modules, ns/packet)
  for (const auto& v : variants)
    if (v->scenario == scenario && v->side == side && !v->samples.empty())
      points.push_back({v->entries, median(v->samples)});
  double n = points.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [x, y] : points) sx += x, sy += y, sxx += x * x, sxy += x * y;
  double spread = n * sxx - sx * sx;
  return n < 2 || spread == 0 ? std::nan("") : (n * sxy - sx * sy) / spread;
}

void printHopCosts(const std::vector<std::unique_ptr<Variant>>& variants) {
  std::vector<const Scenario*> chains;
  for (const auto& v : variants)
    if (v->scenario->chain && std::find(chains.begin(), chains.end(), v->scenario) == chains.end())
      chains.push_back(v->scenario);
  for (const Scenario* scenario : chains) {
    double c = perHop(variants, scenario, "C"), p4 = perHop(variants, scenario, "p4nf");
    auto cost = [](double ns) { return std::isnan(ns) ? std::string("n/a") : fmt::format("{:.2f} ns", ns); };
    std::string ratio = std::isnan(c) || std::isnan(p4) || c <= 0 ? "-" : fmt::format("{:.2f}", p4 / c);
    std::printf("%s: entries = modules in the chain; per hop (slope of ns/packet over them): "
                "C %s, p4nf %s, ratio %s\n",
                scenario->name.c_str(), cost(c).c_str(), cost(p4).c_str(), ratio.c_str());
  }
}

void printSummary(const std::vector<std::unique_ptr<Variant>>& variants, const Options& options,
                  const std::vector<std::string>& p4Problems) {
  std::printf("\np4nf vs hand-written C, BPF_PROG_TEST_RUN, median ns/packet over repetitions\n");
  std::printf("(%llu packets per measurement, in calls of up to %u repetitions)\n\n",
              static_cast<unsigned long long>(options.packets), options.batch);
  std::printf("%-12s %8s %10s %11s %8s %10s %10s\n", "scenario", "entries", "C ns/pkt",
              "p4nf ns/pkt", "ratio", "C insns", "p4nf insns");
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& c = *variants[i];
    if (c.side != "C" || c.scenario->name == "empty") continue;
    const Variant* p4 = nullptr;
    for (const auto& other : variants)
      if (other->side == "p4nf" && other->scenario == c.scenario && other->entries == c.entries)
        p4 = other.get();
    std::string ratio = "-";
    if (p4 && !p4->samples.empty() && !c.samples.empty() && median(c.samples) > 0)
      ratio = fmt::format("{:.2f}", median(p4->samples) / median(c.samples));
    std::printf("%-12s %8u %10s %11s %8s %10s %10s\n", c.scenario->name.c_str(), c.entries,
                cell(&c).c_str(), p4 ? cell(p4).c_str() : "not built", ratio.c_str(),
                insnCell(&c).c_str(), insnCell(p4).c_str());
  }
  for (const auto& v : variants)
    if (v->scenario->name == "empty" && !v->samples.empty())
      std::printf("\nharness floor (an XDP program that only returns): %.2f ns/packet\n",
                  median(v->samples));
  std::printf("insns = instructions the verifier processed (bpf_prog_info.verified_insns)\n");
  printHopCosts(variants);
  for (const std::string& line : p4Problems) std::printf("%s\n", line.c_str());
  for (const auto& v : variants)
    if (!v->problem.empty())
      std::printf("%s %s (%u entries): %s\n", v->side.c_str(), v->scenario->name.c_str(),
                  v->entries, firstLines(v->problem, 12).c_str());
}

}  // namespace
}  // namespace p4nf::bench

int main(int argc, char** argv) {
  using namespace p4nf::bench;
  std::vector<std::string> argStorage;
  Options options;
  try {
    options = parseOptions(argc, argv, argStorage);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "p4nf_bench: bad option (%s)\n%s", e.what(), kUsage);
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  if (geteuid() != 0) {
    std::printf("p4nf_bench: skipped: loading BPF programs needs root (CAP_BPF, CAP_NET_ADMIN)\n");
    return 0;
  }
  // A private network namespace: its (down) loopback interface is where programs are
  // attached while measured, and what the devmaps point at (non-live test runs never
  // transmit). Nothing outside the benchmark sees any of it.
  if (unshare(CLONE_NEWNET) != 0)
    std::printf(
        "p4nf_bench: warning: no private network namespace (%s); test runs will pay "
        "for an XDP dispatcher update each\n",
        strerror(errno));
  else
    attachIfindex = if_nametoindex("lo");
  uint32_t ifindex = if_nametoindex("lo");

  std::vector<Scenario> scenarios = makeScenarios(ifindex);
  Scenario empty = makeEmptyScenario();
  std::vector<std::unique_ptr<Variant>> variants;
  std::vector<std::string> p4Problems;
  auto add = [&](const Scenario& scenario, const std::string& side, const std::string& path,
                 uint32_t entries) {
    auto v = std::make_unique<Variant>();
    v->scenario = &scenario;
    v->side = side;
    v->path = path;
    v->entries = entries;
    Variant* raw = v.get();
    variants.push_back(std::move(v));
    std::string name = fmt::format("{}/{}/{}:{}", scenario.name, side,
                                   scenario.chain ? "modules" : "entries", entries);
    const uint32_t batch = std::min(options.batch, scenario.maxRepeat);
    benchmark::RegisterBenchmark(
        name.c_str(), [raw, &options](benchmark::State& s) { measure(s, *raw, options); })
        ->UseManualTime()
        ->Unit(benchmark::kNanosecond)
        ->Iterations(static_cast<int64_t>(std::max<uint64_t>(1, options.packets / batch)));
  };

  add(empty, "C", options.objectDir + "/baselines/empty.o", 0);
  for (const Scenario& scenario : scenarios) {
    std::string missing = p4Missing(options, scenario.name);
    if (!missing.empty()) p4Problems.push_back(fmt::format("p4nf {}: {}", scenario.name, missing));
    for (uint32_t entries : scenario.chain ? options.chainLengths : options.sizes) {
      std::string baseline = scenario.baseline.empty() ? scenario.name : scenario.baseline;
      add(scenario, "C", options.objectDir + "/baselines/" + baseline + ".o", entries);
      if (missing.empty())
        add(scenario, "p4nf", options.objectDir + "/programs/" + scenario.name + ".o", entries);
    }
  }
  for (const std::string& line : p4Problems) std::printf("%s (skipped)\n", line.c_str());

  std::string statsBefore = bpfStatsHolders();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  printSummary(variants, options, p4Problems);
  std::string statsAfter = bpfStatsHolders();
  if (!statsBefore.empty() || !statsAfter.empty())
    std::printf("warning: BPF run-time stats were on (at the start: %s; at the end: %s): every figure "
                "includes two clock reads per packet; measure again without them\n",
                statsBefore.empty() ? "no" : statsBefore.c_str(), statsAfter.empty() ? "no" : statsAfter.c_str());

  // A baseline that does not load or misbehaves is a bug in this benchmark: fail. The p4nf
  // side is the compiler's business and is reported above, not failed on.
  for (const auto& v : variants)
    if (v->side == "C" && !v->problem.empty()) return 1;
  return 0;
}
