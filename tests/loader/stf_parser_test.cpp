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
            "t.stf:2:1: error: unknown command \"frobnicate\" (add, remove, setdefault, packet, expect, "
            "check_counter, expire_timeout, wait)");
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
  EXPECT_EQ(errorOf("packet 99999999999 00"), "t.stf:1:8: error: port 99999999999 does not fit in 32 bits");
}

TEST(StfParserTest, ParsesChainMetadataOnPacketsAndExpects) {
  Script script = parse("packet 3 ct_state:2 mark:0x10 0011\nexpect host l3_offset:14 l4_offset:34 ct_state:4 00 11$\n",
                        "t.stf");
  ASSERT_EQ(script.commands.size(), 2u);
  const Command& packet = script.commands[0];
  EXPECT_EQ(packet.port, 3u);
  EXPECT_EQ(packet.chain.ctState, 2);
  EXPECT_EQ(packet.chain.mark, 0x10u);
  EXPECT_FALSE(packet.chain.l3Offset.has_value());
  EXPECT_EQ(packet.bytes, (Bytes{0x00, 0x11}));
  const Command& expect = script.commands[1];
  EXPECT_TRUE(expect.toHost);
  EXPECT_EQ(expect.chain.l3Offset, 14);
  EXPECT_EQ(expect.chain.l4Offset, 34);
  EXPECT_EQ(expect.chain.ctState, 4);
  EXPECT_FALSE(expect.chain.mark.has_value());
  EXPECT_TRUE(expect.exactLength);
}

TEST(StfParserTest, ParsesCheckCounterAndExpireTimeout) {
  Script script = parse(
      "check_counter ingress.hits(3) packets == 2 bytes == 120\n"
      "check_counter rule_hits(src:10.0.0.0&&&255.0.0.0, dport:1024..65535) bytes==0x10packets==1\n"
      "check_counter hits(default) packets==0\n"
      "expire_timeout flows 5 10000000000\n",
      "t.stf");
  ASSERT_EQ(script.commands.size(), 4u);
  const Command& byIndex = script.commands[0];
  EXPECT_EQ(byIndex.kind, Command::Kind::CheckCounter);
  EXPECT_EQ(byIndex.table, "ingress.hits");
  ASSERT_EQ(byIndex.args.size(), 1u);
  EXPECT_EQ(byIndex.args[0].name, "");
  EXPECT_EQ(byIndex.args[0].value, "3");
  EXPECT_EQ(byIndex.countPackets, 2u);
  EXPECT_EQ(byIndex.countBytes, 120u);
  const Command& byKeys = script.commands[1];
  ASSERT_EQ(byKeys.args.size(), 2u);
  EXPECT_EQ(byKeys.args[0].name, "src");
  EXPECT_EQ(byKeys.args[0].value, "10.0.0.0&&&255.0.0.0");
  EXPECT_EQ(byKeys.args[1].value, "1024..65535");
  EXPECT_EQ(byKeys.countBytes, 16u);
  EXPECT_EQ(byKeys.countPackets, 1u);
  EXPECT_EQ(script.commands[2].args[0].value, "default");
  EXPECT_FALSE(script.commands[2].countBytes.has_value());
  const Command& expire = script.commands[3];
  EXPECT_EQ(expire.kind, Command::Kind::ExpireTimeout);
  EXPECT_EQ(expire.table, "flows");
  EXPECT_EQ(expire.profile, 5u);
  EXPECT_EQ(expire.nanoseconds, 10000000000u);
}

TEST(StfParserTest, ChainMetadataAndCounterErrorsPointAtTheirColumn) {
  EXPECT_EQ(errorOf("packet 0 colour:1 00"),
            "t.stf:1:10: error: unknown chain metadata field \"colour\" (mark, ct_state, l3_offset, l4_offset)");
  EXPECT_EQ(errorOf("packet 0 ct_state:256 00"), "t.stf:1:19: error: ct_state 256 does not fit in its 8 bits");
  EXPECT_EQ(errorOf("packet 0 mark:1 mark:2 00"), "t.stf:1:17: error: mark given twice");
  EXPECT_EQ(errorOf("expect 0 l4_offset:x 00"), "t.stf:1:20: error: l4_offset \"x\" is not a number");
  EXPECT_EQ(errorOf("check_counter c packets == 1"),
            "t.stf:1:17: error: expected '(' and the counter's index, or its table entry's keys, e.g. c(3)");
  EXPECT_EQ(errorOf("check_counter c(1)"), "t.stf:1:19: error: expected packets == <n> and/or bytes == <n>");
  EXPECT_EQ(errorOf("check_counter c(1) packets < 2"),
            "t.stf:1:20: error: expected packets == <n> or bytes == <n> (only == is supported)");
  EXPECT_EQ(errorOf("check_counter c(1) packets == 1 packets == 2"), "t.stf:1:33: error: packets or bytes given twice");
  EXPECT_EQ(errorOf("check_counter c(1) bytes =="), "t.stf:1:28: error: expected a number after ==");
  EXPECT_EQ(errorOf("expire_timeout t 256 1"), "t.stf:1:18: error: profile ids go from 0 to 255");
  EXPECT_EQ(errorOf("expire_timeout t 1"), "t.stf:1:19: error: expected a timeout in nanoseconds at the end of the line");
}

}  // namespace
}  // namespace p4nf::stf
