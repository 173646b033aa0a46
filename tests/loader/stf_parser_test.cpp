#include <gtest/gtest.h>

#include "loader/loader_error.h"
#include "loader/stf/stf.h"

namespace p4nf::stf {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parse(text, "t.stf");
  } catch (const LoaderError& error) {
    return error.what();
  }
  return "no error";
}

TEST(StfParserTest, ParsesAddWithKeysPriorityAndNamedArguments) {
  Script script = parse("add ingress.nh hdr.ipv4.dst:10.0.0.0/8 meta.x:0x0a&&&0xff 10 fwd(port:2, mac:00:11:22:33:44:55)\n",
                        "t.stf");
  ASSERT_EQ(script.commands.size(), 1u);
  const Command& add = script.commands[0];
  EXPECT_EQ(add.kind, Command::Kind::Add);
  EXPECT_EQ(add.table, "ingress.nh");
  EXPECT_EQ(add.tableLocation.column, 5);
  ASSERT_EQ(add.keys.size(), 2u);
  EXPECT_EQ(add.keys[0].name, "hdr.ipv4.dst");
  EXPECT_EQ(add.keys[0].value, "10.0.0.0/8");
  EXPECT_EQ(add.keys[1].value, "0x0a&&&0xff");
  EXPECT_EQ(add.keys[1].location.column, 40);
  EXPECT_EQ(add.priority, 10u);
  EXPECT_EQ(add.action, "fwd");
  ASSERT_EQ(add.args.size(), 2u);
  EXPECT_EQ(add.args[0].name, "port");
  EXPECT_EQ(add.args[1].name, "mac");
  EXPECT_EQ(add.args[1].value, "00:11:22:33:44:55");
}

TEST(StfParserTest, PriorityMayFollowTheTableAndArgumentsMayBePositional) {
  Script script = parse("add acl 5 proto:6 set(1, 00:11:22:33:44:55)\nadd t k:1 drop\nadd t k:1 drop( )", "t.stf");
  EXPECT_EQ(script.commands[0].priority, 5u);
  EXPECT_EQ(script.commands[0].args[0].name, "");
  EXPECT_EQ(script.commands[0].args[1].name, "");
  EXPECT_EQ(script.commands[0].args[1].value, "00:11:22:33:44:55");
  EXPECT_EQ(script.commands[1].action, "drop");
  EXPECT_TRUE(script.commands[2].args.empty());
}

TEST(StfParserTest, ParsesSetDefaultRemovePacketExpectAndComments) {
  Script script = parse(
      "# a comment\n"
      "setdefault nh drop()   # trailing comment\n"
      "remove nh hdr.ipv4.dst:10.0.0.0/8\n"
      "\n"
      "packet 0 0011 2 2 33 # split anywhere, even inside a byte\n"
      "wait\n"
      "expect 1 00** *2 33$\n"
      "expect host ab\n",
      "t.stf");
  ASSERT_EQ(script.commands.size(), 5u);
  EXPECT_EQ(script.commands[0].kind, Command::Kind::SetDefault);
  EXPECT_EQ(script.commands[0].action, "drop");
  EXPECT_EQ(script.commands[1].kind, Command::Kind::Remove);
  const Command& packet = script.commands[2];
  EXPECT_EQ(packet.kind, Command::Kind::Packet);
  EXPECT_EQ(packet.location.line, 5);
  EXPECT_EQ(packet.bytes, (Bytes{0x00, 0x11, 0x22, 0x33}));
  const Command& expect = script.commands[3];
  EXPECT_EQ(expect.port, 1u);
  EXPECT_EQ(expect.bytes, (Bytes{0x00, 0x00, 0x02, 0x33}));
  EXPECT_EQ(expect.careMask, (Bytes{0xff, 0x00, 0x0f, 0xff}));
  EXPECT_TRUE(expect.exactLength);
  EXPECT_TRUE(script.commands[4].toHost);
  EXPECT_FALSE(script.commands[4].exactLength);
}

TEST(StfParserTest, ErrorsCarryFileLineAndColumn) {
  EXPECT_EQ(errorOf("\nfrobnicate x\n"),
            "t.stf:2:1: error: unknown command \"frobnicate\" (add, remove, setdefault, packet, expect, wait)");
  EXPECT_EQ(errorOf("packet 0 00 1x"), "t.stf:1:14: error: 'x' is not a hex digit");
  EXPECT_EQ(errorOf("packet 0 00 1*"), "t.stf:1:14: error: '*' is not a hex digit");
  EXPECT_EQ(errorOf("expect 0 001"), "t.stf:1:12: error: odd number of hex digits (3): a byte is missing a digit");
  EXPECT_EQ(errorOf("packet x 00"), "t.stf:1:8: error: port \"x\" is not a number");
  EXPECT_EQ(errorOf("packet"), "t.stf:1:7: error: expected a port number at the end of the line");
  EXPECT_EQ(errorOf("add t k:1"), "t.stf:1:10: error: missing the action, e.g. fwd(port:1)");
  EXPECT_EQ(errorOf("add t k: a()"), "t.stf:1:9: error: missing value after ':'");
  EXPECT_EQ(errorOf("add t k:1 a(p:1 q:2)"), "t.stf:1:17: error: expected ',' or ')'");
  EXPECT_EQ(errorOf("add t k:1 a(p:1"), "t.stf:1:16: error: expected ',' or ')' at the end of the line");
  EXPECT_EQ(errorOf("add t k:1 a() extra"), "t.stf:1:15: error: unexpected text after the action");
  EXPECT_EQ(errorOf("add t 1 k:1 2 a()"), "t.stf:1:13: error: a second priority");
  EXPECT_EQ(errorOf("setdefault t k:1"), "t.stf:1:14: error: expected an action call such as drop() or fwd(port:1)");
  EXPECT_EQ(errorOf("add t k:1 a(,)"), "t.stf:1:13: error: expected an argument, found ','");
  EXPECT_EQ(errorOf("packet 99999999999 00"), "t.stf:1:8: error: port \"99999999999\" is not a number");
}

}  // namespace
}  // namespace p4nf::stf
