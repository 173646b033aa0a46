// apply_bench: how long filling a large table takes at apply time, through libp4nf's
// TableWriter as `p4nf up/apply` does it: 100k exact entries and 100k LPM routes, entry by
// entry (bpf_map_update_elem) and through addBatch (bpf_map_update_batch where the kernel
// allows: HASH yes, LPM_TRIE no, so the LPM "batch" runs falls back and says so).
// Each iteration loads apply_bench.p4's object afresh (untimed) and fills one table
// (timed): encoding included, as the loader pays it. Needs root.
//
//   apply_bench [--benchmark_repetitions=5] [--entries=100000]
#include <benchmark/benchmark.h>
#include <bpf/bpf.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/object_loader.h"
#include "loader/table_writer.h"

namespace {

size_t entryCount = 100000;

struct Fixture {
  std::unique_ptr<p4nf::LoadedObject> object;
  const p4nf::ManifestTable* table = nullptr;
  std::vector<p4nf::Entry> entries;
};

// 10.0.0.0 + i as /32 host keys; (i << 8) as /24 routes: all distinct.
std::vector<p4nf::Entry> makeEntries(const p4nf::ManifestTable& table, bool lpm) {
  const p4nf::ManifestAction* forward = nullptr;
  for (const p4nf::ManifestAction& action : table.actions)
    if (action.name.ends_with("forward")) forward = &action;
  std::vector<p4nf::Entry> entries(entryCount);
  for (size_t i = 0; i < entryCount; ++i) {
    p4nf::KeyMatch key;
    if (lpm) {
      key.match = p4nf::MatchKind::Lpm;
      key.value = static_cast<unsigned long>((uint32_t(0x0a000000) + (uint32_t(i) << 8)));
      key.prefixLen = 24;
    } else {
      key.match = p4nf::MatchKind::Exact;
      key.value = static_cast<unsigned long>(uint32_t(0x0a000000) + uint32_t(i));
    }
    entries[i].keys = {key};
    entries[i].action = forward;
    entries[i].args = {mpz_class(static_cast<unsigned long>(i % 8 + 1))};
  }
  return entries;
}

Fixture load(const std::string& tableName, bool lpm) {
  Fixture fixture;
  fixture.object = p4nf::LoadedObject::fromFile(P4NF_APPLY_BENCH_OBJECT);
  fixture.table = fixture.object->manifest().findTable(tableName);
  if (!fixture.table) throw p4nf::LoaderError("apply_bench.p4 has no table " + tableName);
  fixture.entries = makeEntries(*fixture.table, lpm);
  return fixture;
}

// Walks the map (untimed): the entries must all be there, whichever path wrote them.
size_t countEntries(int fd, size_t keySize) {
  std::vector<uint8_t> key(keySize), next(keySize);
  size_t count = 0;
  const void* previous = nullptr;
  while (bpf_map_get_next_key(fd, previous, next.data()) == 0) {
    ++count;
    key = next;
    previous = key.data();
  }
  return count;
}

void fill(benchmark::State& state, const std::string& tableName, bool lpm, bool batch) {
  if (geteuid() != 0) {
    state.SkipWithError("needs root (loads BPF maps)");
    return;
  }
  bool batched = false;
  for (auto _ : state) {
    state.PauseTiming();
    Fixture fixture = load(tableName, lpm);
    p4nf::TableWriter writer(*fixture.table,
                             [&](const std::string& name) { return fixture.object->mapFd(name); });
    state.ResumeTiming();
    if (batch) {
      batched = writer.addBatch(fixture.entries);
    } else {
      for (const p4nf::Entry& entry : fixture.entries) writer.add(entry);
    }
    state.PauseTiming();
    size_t stored = countEntries(fixture.object->mapFd(fixture.table->map), fixture.table->keySize);
    if (stored != entryCount) {
      state.SkipWithError(("the map holds " + std::to_string(stored) + " entries, not " +
                           std::to_string(entryCount)).c_str());
      break;
    }
    fixture.object.reset();  // unloading 100k entries is not what we measure
    state.ResumeTiming();
  }
  state.counters["entries"] = double(entryCount);
  state.counters["entries_per_s"] =
      benchmark::Counter(double(entryCount), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["batch_syscalls"] = batched ? 1 : 0;
  state.SetLabel(batch ? (batched ? "bpf_map_update_batch" : "batch refused: per entry")
                       : "bpf_map_update_elem per entry");
}

void BM_ExactPerEntry(benchmark::State& state) { fill(state, "hosts", false, false); }
void BM_ExactBatch(benchmark::State& state) { fill(state, "hosts", false, true); }
void BM_LpmPerEntry(benchmark::State& state) { fill(state, "routes", true, false); }
void BM_LpmBatch(benchmark::State& state) { fill(state, "routes", true, true); }

BENCHMARK(BM_ExactPerEntry)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ExactBatch)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LpmPerEntry)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LpmBatch)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  // Our own flag first (Google Benchmark rejects flags it does not know).
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--entries=", 10) == 0)
      entryCount = std::stoul(argv[i] + 10);
    else
      rest.push_back(argv[i]);
  }
  int count = static_cast<int>(rest.size());
  benchmark::Initialize(&count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(count, rest.data())) return 1;
  try {
    benchmark::RunSpecifiedBenchmarks();
  } catch (const p4nf::LoaderError& error) {
    std::fprintf(stderr, "apply_bench: %s\n", error.what());
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
