// Front-end speed: milliseconds per program for lex + parse + check, the work the fuzzer
// repeats on every input. Each file is preprocessed once (cpp is not what we measure),
// then the front end runs over the preprocessed text `--runs` times.
//
//   frontend_speed [--runs N] tests/corpus/valid/module_*.p4
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "frontend/preprocess.h"

int main(int argc, char** argv) {
  int runs = 50;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    else files.push_back(arg);
  }
  if (files.empty() || runs <= 0) {
    std::fprintf(stderr, "usage: frontend_speed [--runs N] program.p4...\n");
    return 2;
  }
  double totalMs = 0;
  for (const std::string& path : files) {
    p4nfc::SourceManager sources;
    p4nfc::Diagnostics diags(sources);
    std::string text;
    if (!p4nfc::preprocess(path, p4nfc::defaultSystemIncludeDir(), {}, text, diags)) {
      std::fprintf(stderr, "%s: cpp failed\n", path.c_str());
      return 1;
    }
    auto start = std::chrono::steady_clock::now();
    for (int run = 0; run < runs; ++run) {
      p4nfc::Compilation c;
      if (!c.parseText(text, path) || !c.check()) {
        std::fprintf(stderr, "%s: the front end reported errors\n", path.c_str());
        return 1;
      }
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / runs;
    std::printf("%-50s %8.3f ms\n", path.c_str(), ms);
    totalMs += ms;
  }
  std::printf("%-50s %8.3f ms per program\n", "mean", totalMs / files.size());
  return 0;
}
