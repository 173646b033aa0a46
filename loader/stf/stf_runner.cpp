#include "loader/stf/stf_runner.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "loader/entry.h"
#include "loader/loader_error.h"
#include "loader/packet_runner.h"
#include "loader/value_codec.h"
#include "manifest/name_lookup.h"

namespace p4nf::stf {
namespace {

// Re-throws a LoaderError with the STF location in front.
template <typename F>
auto at(const Script& script, const Location& location, F body) -> decltype(body()) {
  try {
    return body();
  } catch (const LoaderError& error) {
    throw LoaderError(where(script, location) + error.what());
  }
}

std::string hexByte(uint8_t value, uint8_t care) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  text += (care & 0xf0) ? digits[value >> 4] : '*';
  text += (care & 0x0f) ? digits[value & 15] : '*';
  return text;
}

// Pairs each packet command (by index in the script) with its expect, if any.
std::map<size_t, const Command*> pairExpectations(const Script& script) {
  size_t firstPacket = script.commands.size(), firstExpect = script.commands.size();
  for (size_t i = 0; i < script.commands.size(); ++i) {
    auto kind = script.commands[i].kind;
    if (kind == Command::Kind::Packet && firstPacket == script.commands.size()) firstPacket = i;
    if (kind == Command::Kind::Expect && firstExpect == script.commands.size()) firstExpect = i;
  }
  bool expectFirst = firstExpect < firstPacket;
  std::map<size_t, const Command*> pairs;
  const Command* pending = nullptr;  // expectFirst: waiting for its packet
  std::optional<size_t> lastPacket;  // !expectFirst: the packet an expect belongs to
  for (size_t i = 0; i < script.commands.size(); ++i) {
    const Command& command = script.commands[i];
    if (command.kind == Command::Kind::Packet) {
      if (expectFirst) {
        if (pending) pairs[i] = pending;
        pending = nullptr;
      }
      lastPacket = i;
    } else if (command.kind == Command::Kind::Expect) {
      if (expectFirst) {
        if (pending)
          throw LoaderError(where(script, command.location) +
                            "a second expect before the packet (line " +
                            std::to_string(pending->location.line) +
                            " already expects one); a packet produces at most one packet");
        pending = &command;
      } else {
        if (pairs.count(*lastPacket))
          throw LoaderError(where(script, command.location) + "a second expect for the packet at line " +
                            std::to_string(script.commands[*lastPacket].location.line) +
                            "; a packet produces at most one packet");
        pairs[*lastPacket] = &command;
      }
    }
  }
  if (pending)
    throw LoaderError(where(script, pending->location) + "expect without a packet after it");
  return pairs;
}

// "" when every field the expect names has its value in `actual`.
std::string chainFieldsDiff(const ChainFields& expected, const ChainMetadata& actual) {
  std::ostringstream out;
  auto check = [&](const char* name, const auto& want, uint32_t have) {
    if (want && static_cast<uint32_t>(*want) != have)
      out << (out.tellp() > 0 ? "; " : " ") << name << " expected " << static_cast<uint32_t>(*want)
          << ", actual " << have;
  };
  check("mark", expected.mark, actual.mark);
  check("ct_state", expected.ctState, actual.ctState);
  check("l3_offset", expected.l3Offset, actual.l3Offset);
  check("l4_offset", expected.l4Offset, actual.l4Offset);
  return out.str();
}

}  // namespace

bool packetMatches(const Bytes& expected, const Bytes& careMask, bool exactLength, const Bytes& actual) {
  if (actual.size() < expected.size()) return false;
  if (exactLength && actual.size() != expected.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i)
    if ((actual[i] & careMask[i]) != (expected[i] & careMask[i])) return false;
  return true;
}

std::string packetDiff(const Bytes& expected, const Bytes& careMask, bool exactLength,
                       const Bytes& actual) {
  std::ostringstream out;
  size_t shown = std::max(expected.size(), actual.size());
  std::optional<size_t> first;
  auto differs = [&](size_t i) {
    if (i >= expected.size()) return exactLength;  // extra bytes only matter with '$'
    if (i >= actual.size()) return true;
    return (actual[i] & careMask[i]) != (expected[i] & careMask[i]);
  };
  for (size_t row = 0; row < shown; row += 16) {
    std::string expectedRow, actualRow, marks;
    bool rowDiffers = false;
    for (size_t i = row; i < std::min(shown, row + 16); ++i) {
      expectedRow += i < expected.size() ? hexByte(expected[i], careMask[i]) + " " : "   ";
      actualRow += i < actual.size() ? hexByte(actual[i], 0xff) + " " : "   ";
      bool d = differs(i);
      marks += d ? "^^ " : "   ";
      if (d && !first) first = i;
      rowDiffers |= d;
    }
    char offset[16];
    std::snprintf(offset, sizeof offset, "%04zx", row);
    out << "    " << offset << " expected: " << expectedRow << "\n";
    out << "         actual:   " << actualRow << "\n";
    if (rowDiffers) out << "                   " << marks << "\n";
  }
  if (first) out << "    first difference at byte " << *first << "\n";
  out << "    lengths: expected " << expected.size() << (exactLength ? " (exact)" : " (or more)")
      << ", actual " << actual.size() << "\n";
  return out.str();
}

Runner::Runner(LoadedObject& object, std::ostream& out) : object_(object), out_(out) {}

void Runner::installInitialEntries() {
  for (const ManifestTable& table : object_.manifest().tables) {
    auto writer = std::make_unique<TableWriter>(table, [this](const std::string& name) {
      return object_.mapFd(name);
    });
    writer->installInitial();
    writers_[table.name] = std::move(writer);
  }
}

TableWriter& Runner::writer(const Script& script, const Command& command) {
  const ManifestTable& table =
      at(script, command.tableLocation, [&]() -> const ManifestTable& {
        return object_.manifest().table(command.table);
      });
  return writerFor(table);
}

TableWriter& Runner::writerFor(const ManifestTable& table) {
  auto& slot = writers_[table.name];
  if (!slot)
    slot = std::make_unique<TableWriter>(table, [this](const std::string& name) {
      return object_.mapFd(name);
    });
  return *slot;
}

void Runner::tableCommand(const Script& script, const Command& command) {
  TableWriter& tableWriter = writer(script, command);
  const ManifestTable& table = tableWriter.table();
  // Check each key and argument alone first, so that an error points at its own column.
  std::vector<NamedText> keys, args;
  for (const Argument& key : command.keys) {
    at(script, key.location, [&] {
      const ManifestField* field = table.findKey(key.name);
      if (field) matchForKey(parseUserValue(key.value), *field);
    });
    keys.push_back({key.name, key.value});
  }
  const ManifestAction* action = table.findAction(command.action);
  for (size_t i = 0; i < command.args.size(); ++i) {
    const Argument& arg = command.args[i];
    at(script, arg.location, [&] {
      UserValue value = parseUserValue(arg.value);
      if (!action) return;
      const ManifestField* param = nullptr;
      if (arg.name.empty() && i < action->params.size()) param = &action->params[i];
      for (const ManifestField& p : action->params)
        if (!arg.name.empty() && p.name == arg.name) param = &p;
      if (param && value.form == UserValue::Form::Plain && value.value > allOnes(param->width))
        throw LoaderError("parameter " + param->name + " (bit<" + std::to_string(param->width) + ">) of " +
                          action->name + ": value " + arg.value + " does not fit");
    });
    args.push_back({arg.name, arg.value});
  }
  switch (command.kind) {
    case Command::Kind::Add: {
      Entry entry = at(script, command.tableLocation,
                       [&] { Entry e; e.keys = bindKeys(table, keys); return e; });
      entry.priority = command.priority;
      std::tie(entry.action, entry.args) =
          at(script, command.actionLocation, [&] { return bindAction(table, command.action, args); });
      at(script, command.location, [&] { tableWriter.add(entry); });
      break;
    }
    case Command::Kind::Remove: {
      auto matches = at(script, command.tableLocation, [&] { return bindKeys(table, keys); });
      at(script, command.location, [&] { tableWriter.remove(matches); });
      break;
    }
    case Command::Kind::SetDefault: {
      auto [action, values] =
          at(script, command.actionLocation, [&] { return bindAction(table, command.action, args); });
      at(script, command.location, [&] { tableWriter.setDefault(*action, values); });
      break;
    }
    default:
      break;
  }
}

bool Runner::checkPacket(const Script& script, const Command& packet, const Command* expect, int index) {
  ChainMetadata record;
  record.ingressPort = packet.port;
  record.mark = packet.chain.mark.value_or(0);
  record.ctState = packet.chain.ctState.value_or(0);
  record.l3Offset = packet.chain.l3Offset.value_or(0);
  record.l4Offset = packet.chain.l4Offset.value_or(0);
  PacketOutcome outcome = at(script, packet.location, [&] {
    return runPacket(object_.programFd(), object_.programType(), record, packet.bytes);
  });
  std::string title = script.fileName + ":" + std::to_string(packet.location.line) + ": packet " +
                      std::to_string(index) + " (in on port " + std::to_string(packet.port) + ")";
  using Kind = PacketOutcome::Kind;
  if (!expect) {
    if (outcome.kind == Kind::Dropped) return true;
    out_ << "FAIL " << title << ": expected it to be dropped (no expect), but it was "
         << describe(outcome) << "\n"
         << packetDiff({}, {}, false, outcome.packet);
    return false;
  }
  std::string expected = expect->toHost    ? "to the host"
                         : expect->toPorts ? "to ports " + describePortSets(expect->portSets)
                                           : "on port " + std::to_string(expect->port);
  // "continue" from a module loaded alone ends the chain: the packet goes to the host.
  bool rightPlace = expect->toHost    ? outcome.kind == Kind::ToHost || outcome.kind == Kind::Continue
                    : expect->toPorts ? outcome.kind == Kind::SentToPorts && outcome.egressPort == expect->portSets
                                      : outcome.kind == Kind::SentToPort && outcome.egressPort == expect->port;
  if (outcome.kind == Kind::Dropped) {
    out_ << "FAIL " << title << ": expected it " << expected << " (line "
         << expect->location.line << "), but it was dropped\n";
    return false;
  }
  bool rightBytes = packetMatches(expect->bytes, expect->careMask, expect->exactLength, outcome.packet);
  std::string chainDiff = chainFieldsDiff(expect->chain, outcome.metadata);
  if (rightPlace && rightBytes && chainDiff.empty()) return true;
  if (rightPlace && rightBytes) {
    out_ << "FAIL " << title << ": " << describe(outcome) << " as expected (line "
         << expect->location.line << "), but the chain metadata differs:" << chainDiff << "\n";
    return false;
  }
  out_ << "FAIL " << title << ": expected " << expected << " (line " << expect->location.line
       << "), it was " << describe(outcome)
       << (rightBytes ? " (bytes match)" : rightPlace ? "; the bytes differ" : " and the bytes differ")
       << "\n";
  if (!chainDiff.empty()) out_ << "    and the chain metadata differs:" << chainDiff << "\n";
  if (!rightBytes)
    out_ << packetDiff(expect->bytes, expect->careMask, expect->exactLength, outcome.packet);
  return false;
}

bool Runner::checkCounter(const Script& script, const Command& command) {
  const Manifest& manifest = object_.manifest();
  struct Counts {
    uint64_t packets = 0, bytes = 0;
  } counts;
  std::string what;
  const ManifestExtern* counter = lookupByName(
      manifest.externs, command.table,
      [](const ManifestExtern& e) -> const std::string& { return e.name; });
  if (counter && counter->kind != "Counter") counter = nullptr;
  const ManifestTable* owner = nullptr;
  if (!counter) {
    for (const ManifestTable& table : manifest.tables)
      if (table.directCounter && nameMatches(table.directCounter->name, command.table)) {
        if (owner)
          throw LoaderError(where(script, command.tableLocation) + "\"" + command.table +
                            "\" names the DirectCounters of tables " + owner->name + " and " + table.name);
        owner = &table;
      }
  }
  if (counter) {
    what = counter->name;
    if (command.args.size() != 1 || !command.args[0].name.empty())
      throw LoaderError(where(script, command.args[0].location) + "Counter " + counter->name +
                        " takes one index, e.g. " + command.table + "(3)");
    const Argument& indexArg = command.args[0];
    uint32_t index = at(script, indexArg.location, [&] {
      UserValue value = parseUserValue(indexArg.value);
      if (value.form != UserValue::Form::Plain || value.value >= counter->size)
        throw LoaderError("index " + indexArg.value + " is not one of the " +
                          std::to_string(counter->size) + " cells of Counter " + counter->name);
      return static_cast<uint32_t>(value.value.get_ui());
    });
    what += "(" + std::to_string(index) + ")";
    int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) throw LoaderError("cannot count the CPUs: " + std::string(std::strerror(-cpus)));
    std::vector<uint64_t> cells(2 * static_cast<size_t>(cpus));
    int fd = object_.mapFd(counter->map);
    if (bpf_map_lookup_elem(fd, &index, cells.data()) != 0)
      throw LoaderError(where(script, command.location) + "cannot read Counter " + counter->name + ": " +
                        std::strerror(errno));
    for (int cpu = 0; cpu < cpus; ++cpu) {
      counts.packets += cells[2 * cpu];
      counts.bytes += cells[2 * cpu + 1];
    }
  } else if (owner && command.args.size() == 1 && command.args[0].name.empty() &&
             command.args[0].value == "default") {
    // The control plane's default action keeps its cell in the default map's value.
    what = owner->directCounter->name + " of table " + owner->name + " (the default action)";
    if (owner->defaultMap.empty())
      throw LoaderError(where(script, command.args[0].location) + "table " + owner->name +
                        " has a const default action, which has no counter");
    int fd = object_.mapFd(owner->defaultMap);
    uint32_t zero = 0;
    Bytes value(owner->valueSize);
    if (bpf_map_lookup_elem(fd, &zero, value.data()) != 0)
      throw LoaderError(where(script, command.location) + "cannot read the default map of table " +
                        owner->name + ": " + std::strerror(errno));
    std::memcpy(&counts.packets, value.data() + owner->directCounter->offset, 8);
    std::memcpy(&counts.bytes, value.data() + owner->directCounter->offset + 8, 8);
  } else if (owner) {
    what = owner->directCounter->name + " of table " + owner->name + " (";
    std::vector<NamedText> keys;
    for (size_t i = 0; i < command.args.size(); ++i) {
      const Argument& key = command.args[i];
      if (key.name.empty())
        throw LoaderError(where(script, key.location) + "DirectCounter " + owner->directCounter->name +
                          " is read by its table entry's keys (<key>:<value>, ...) or as (default), "
                          "not by an index");
      keys.push_back({key.name, key.value});
      what += (i ? ", " : "") + key.name + ":" + key.value;
    }
    what += ")";
    TableWriter& tableWriter = writerFor(*owner);
    std::vector<KeyMatch> matches =
        at(script, command.tableLocation, [&] { return bindKeys(*owner, keys); });
    std::vector<Bytes> values =
        at(script, command.location, [&] { return tableWriter.values(matches); });
    for (const Bytes& value : values) {
      uint64_t packets = 0, bytes = 0;
      std::memcpy(&packets, value.data() + owner->directCounter->offset, 8);
      std::memcpy(&bytes, value.data() + owner->directCounter->offset + 8, 8);
      counts.packets += packets;
      counts.bytes += bytes;
    }
  } else {
    std::string known;
    for (const ManifestExtern& e : manifest.externs)
      if (e.kind == "Counter") known += (known.empty() ? "" : ", ") + e.name;
    for (const ManifestTable& table : manifest.tables)
      if (table.directCounter) known += (known.empty() ? "" : ", ") + table.directCounter->name;
    throw LoaderError(where(script, command.tableLocation) + "no Counter or DirectCounter \"" +
                      command.table + "\" (or the name is ambiguous); the program has: " +
                      (known.empty() ? "none" : known));
  }
  bool ok = (!command.countPackets || *command.countPackets == counts.packets) &&
            (!command.countBytes || *command.countBytes == counts.bytes);
  if (ok) return true;
  out_ << "FAIL " << script.fileName << ":" << command.location.line << ": counter " << what
       << ": expected";
  if (command.countPackets) out_ << " packets " << *command.countPackets;
  if (command.countBytes) out_ << " bytes " << *command.countBytes;
  out_ << ", it has packets " << counts.packets << " bytes " << counts.bytes << "\n";
  return false;
}

void Runner::setExpireTimeout(const Script& script, const Command& command) {
  const ManifestTable& table = at(script, command.tableLocation, [&]() -> const ManifestTable& {
    return object_.manifest().table(command.table);
  });
  if (!table.expiry)
    throw LoaderError(where(script, command.tableLocation) + "table " + table.name +
                      " has no pna_idle_timeout, so no timeout profiles");
  int fd = at(script, command.tableLocation, [&] { return object_.mapFd(table.expiry->profilesMap); });
  uint32_t index = command.profile;
  uint64_t value = command.nanoseconds;
  if (bpf_map_update_elem(fd, &index, &value, BPF_ANY) != 0)
    throw LoaderError(where(script, command.location) + "cannot set timeout profile " +
                      std::to_string(index) + " of table " + table.name + ": " + std::strerror(errno));
}

RunSummary Runner::run(const Script& script) {
  std::map<size_t, const Command*> expectations = pairExpectations(script);
  RunSummary summary;
  for (size_t i = 0; i < script.commands.size(); ++i) {
    const Command& command = script.commands[i];
    switch (command.kind) {
      case Command::Kind::Add:
      case Command::Kind::Remove:
      case Command::Kind::SetDefault:
        tableCommand(script, command);
        break;
      case Command::Kind::Packet: {
        auto expect = expectations.find(i);
        bool ok = checkPacket(script, command, expect == expectations.end() ? nullptr : expect->second,
                              summary.packets);
        ++summary.packets;
        ++(ok ? summary.passed : summary.failed);
        break;
      }
      case Command::Kind::CheckCounter:
        ++summary.counterChecks;
        if (!checkCounter(script, command)) ++summary.countersFailed;
        break;
      case Command::Kind::ExpireTimeout:
        setExpireTimeout(script, command);
        break;
      case Command::Kind::Expect:
        break;
    }
  }
  if (summary.counterChecks > 0)
    out_ << script.fileName << ": " << summary.counterChecks << " counter checks, "
         << summary.counterChecks - summary.countersFailed << " passed, " << summary.countersFailed
         << " failed\n";
  return summary;
}

}  // namespace p4nf::stf
