// Runs an STF script against a loaded program: table commands go to the TableWriter of
// their table, packets through BPF_PROG_TEST_RUN, and each packet's outcome is compared
// with the packet it should have produced.
//
// Pairing packets and expectations: every program run ends in one verdict, so each
// `packet` has at most one `expect`. When a script's first `expect` comes before its first
// `packet`, expectations announce the next packet (`expect 1 ..` then `packet 0 ..`);
// otherwise they follow the packet they belong to. A packet with no expect must be dropped.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "loader/object_loader.h"
#include "loader/stf/stf.h"
#include "loader/table_writer.h"

namespace p4nf::stf {

struct RunSummary {
  int packets = 0;
  int passed = 0;
  int failed = 0;
  // check_counter commands (run() prints their own summary line when there are any).
  int counterChecks = 0;
  int countersFailed = 0;
  bool ok() const { return failed == 0 && countersFailed == 0; }
};

class Runner {
 public:
  // `out` receives one line per failure with a diff, and the summary.
  Runner(LoadedObject& object, std::ostream& out);

  // Installs the manifest's default actions and entries; call once before run().
  void installInitialEntries();
  // Throws LoaderError (with file:line:col) for commands the program cannot take: unknown
  // table, key or action, a value that does not fit. Packet mismatches are not errors:
  // they are counted and printed.
  RunSummary run(const Script& script);

 private:
  TableWriter& writer(const Script& script, const Command& command);
  TableWriter& writerFor(const ManifestTable& table);
  void tableCommand(const Script& script, const Command& command);
  bool checkPacket(const Script& script, const Command& packet, const Command* expect, int index);
  // check_counter: true when the counts match (a mismatch is printed).
  bool checkCounter(const Script& script, const Command& command);
  void setExpireTimeout(const Script& script, const Command& command);

  LoadedObject& object_;
  std::ostream& out_;
  std::map<std::string, std::unique_ptr<TableWriter>> writers_;
};

// The diff printed for a mismatch: expected and actual bytes in rows of 16, `*` for
// wildcard nibbles, carets under the bytes that differ.
std::string packetDiff(const Bytes& expected, const Bytes& careMask, bool exactLength,
                       const Bytes& actual);
// Whether `actual` matches `expected` under the wildcard mask (and the length rule).
bool packetMatches(const Bytes& expected, const Bytes& careMask, bool exactLength, const Bytes& actual);

}  // namespace p4nf::stf
