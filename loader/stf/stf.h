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
//   wait                                accepted and ignored (every run is synchronous)
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

struct Command {
  enum class Kind { Add, Remove, SetDefault, Packet, Expect };
  Kind kind = Kind::Add;
  Location location;  // of the command word

  // Add, Remove, SetDefault
  std::string table;
  Location tableLocation;
  std::vector<Argument> keys;
  std::optional<uint32_t> priority;
  std::string action;
  Location actionLocation;
  std::vector<Argument> args;

  // Packet, Expect
  uint32_t port = 0;
  bool toHost = false;   // expect host ...
  Bytes bytes;
  Bytes careMask;        // Expect: per byte, which bits must match (0xf0, 0x0f, 0xff, 0)
  bool exactLength = false;
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
