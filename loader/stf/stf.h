// The STF (Simple Test Framework) packet-test format, as P4 users know it from p4c:
//
//   # comment (to the end of the line)
//   add <table> [<priority>] <key>:<value>... [<priority>] <action>(<param>:<value>, ...)
//   remove <table> <key>:<value>...
//   setdefault <table> <action>(<param>:<value>, ...)
//   packet <port> <hex bytes>
//   expect <port> <hex bytes>[$]        `*` nibbles match anything; `$` at the end asks
//                                       for the exact length (otherwise extra bytes after
//                                       the expected ones are allowed, as in p4c)
//   expect host <hex bytes>[$]          (p4nf) the packet goes to the host (PNA to-host)
//   expect flood 1+2/4 <hex bytes>[$]   (p4nf) send_to_ports(): untagged to ports 1 and 2,
//                                       tagged to port 4 (ports 0..15; `-`: none)
//   wait                                accepted and ignored (every run is synchronous)
//   check_counter <counter>(<index>) [packets == <n>] [bytes == <n>]
//                                       a Counter's cell, summed over the CPUs
//   check_counter <counter>(<key>:<value>, ...) [packets == <n>] [bytes == <n>]
//                                       a DirectCounter: the cell of its table's entry with
//                                       exactly these keys (an entry whose range keys were
//                                       expanded into several: their sum)
//   check_counter <counter>(default) ...  a DirectCounter's cell of the control plane's
//                                       default action (a const default counts nothing)
//   expire_timeout <table> <profile> <nanoseconds>
//                                       (p4nf) sets a timeout profile of a table with
//                                       pna_idle_timeout (0: the compiled-in default)
//
// (p4nf) Chain metadata (docs/manifest.md, "Chain metadata layout"): `packet` and `expect`
// take `<field>:<value>` words before the hex bytes, the fields being mark, ct_state,
// l3_offset and l4_offset. On a packet they go into the record passed in (the others are
// 0); on an expect they are what the program must have left in the record.
//
// Tables and actions are named bare (`nh_table`) or qualified (`ingress.nh_table`); keys by
// the P4 key expression (`hdr.ipv4.dst`) or a unique suffix of it (`dst`); parameters by
// name or by position. Values use the forms of loader/value_codec.h (hex, decimal, IPv4,
// IPv6, MAC, value/len, value&&&mask, lo..hi). Hex packet data may be split by spaces
// anywhere, also inside a byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace p4nf::stf {

using Bytes = std::vector<uint8_t>;

struct Location {
  int line = 0;
  int column = 0;
};

// One `name:value` (or positional `value`) with where it was written.
struct Argument {
  std::string name;  // empty when positional
  std::string value;
  Location location;
};

// The chain metadata fields a `packet` sets or an `expect` checks; unset ones are absent.
struct ChainFields {
  std::optional<uint32_t> mark;
  std::optional<uint8_t> ctState;
  std::optional<uint8_t> l3Offset;
  std::optional<uint16_t> l4Offset;
  bool empty() const { return !mark && !ctState && !l3Offset && !l4Offset; }
};

struct Command {
  enum class Kind { Add, Remove, SetDefault, Packet, Expect, CheckCounter, ExpireTimeout };
  Kind kind = Kind::Add;
  Location location;  // of the command word

  // Add, Remove, SetDefault, ExpireTimeout; CheckCounter: the counter's name
  std::string table;
  Location tableLocation;
  std::vector<Argument> keys;
  std::optional<uint32_t> priority;
  std::string action;
  Location actionLocation;
  std::vector<Argument> args;

  // CheckCounter: the index (args[0], positional) or the entry's keys (in `keys`)
  std::optional<uint64_t> countPackets;
  std::optional<uint64_t> countBytes;

  // ExpireTimeout
  uint32_t profile = 0;
  uint64_t nanoseconds = 0;

  // Packet, Expect
  uint32_t port = 0;
  bool toHost = false;   // expect host ...
  bool toPorts = false;  // expect flood <untagged>/<tagged> ...: send_to_ports()
  uint32_t portSets = 0; // its sets of ports 0..15 (abi::kVerdictSendToPorts)
  Bytes bytes;
  Bytes careMask;        // Expect: per byte, which bits must match (0xf0, 0x0f, 0xff, 0)
  bool exactLength = false;
  ChainFields chain;
};

struct Script {
  std::string fileName;
  std::vector<Command> commands;
};

// Throws LoaderError("file:line:col: error: message").
Script parse(const std::string& text, const std::string& fileName);
Script parseFile(const std::string& path);

// "file:line:col: error: " for messages about a command.
std::string where(const Script& script, const Location& location);

}  // namespace p4nf::stf
