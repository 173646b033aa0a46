#include "loader/value_codec.h"

#include <gtest/gtest.h>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

using Form = UserValue::Form;

std::string errorOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const LoaderError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ValueCodecTest, ParsesEveryNumberForm) {
  EXPECT_EQ(parseNumber("0x0a0B"), 0x0a0b);
  EXPECT_EQ(parseNumber("0b101"), 5);
  EXPECT_EQ(parseNumber("42"), 42);
  EXPECT_EQ(parseNumber("10.0.0.1"), 0x0a000001);
  EXPECT_EQ(parseNumber("00:11:22:aa:bb:cc"), mpz_class("001122aabbcc", 16));
  EXPECT_EQ(parseNumber("0:1:2:a:b:c"), mpz_class("0001020a0b0c", 16));
  EXPECT_EQ(parseNumber("2001:db8::1"), mpz_class("20010db8000000000000000000000001", 16));
  EXPECT_EQ(parseNumber("::"), 0);
  EXPECT_EQ(parseNumber("0xffffffffffffffffffffffffffffffffff"), allOnes(136));
}

TEST(ValueCodecTest, ParsesPrefixMaskRangeAndDontCare) {
  UserValue prefix = parseUserValue("10.0.0.0/8");
  EXPECT_EQ(prefix.form, Form::Prefix);
  EXPECT_EQ(prefix.value, 0x0a000000);
  EXPECT_EQ(prefix.prefixLen, 8u);
  UserValue masked = parseUserValue("0x0a00&&&0xff00");
  EXPECT_EQ(masked.form, Form::Masked);
  EXPECT_EQ(masked.value, 0x0a00);
  EXPECT_EQ(masked.mask, 0xff00);
  UserValue range = parseUserValue("1000..2000");
  EXPECT_EQ(range.form, Form::Range);
  EXPECT_EQ(range.value, 1000);
  EXPECT_EQ(range.high, 2000);
  UserValue ipRange = parseUserValue("10.0.0.1..10.0.0.9");
  EXPECT_EQ(ipRange.high, 0x0a000009);
  EXPECT_EQ(parseUserValue("*").form, Form::DontCare);
  EXPECT_EQ(parseUserValue("_").form, Form::DontCare);
  EXPECT_EQ(parseUserValue("2001:db8::/32").prefixLen, 32u);
}

TEST(ValueCodecTest, RejectsMalformedValues) {
  EXPECT_NE(errorOf([] { parseNumber("12a"); }).find("not a number (use 0x.. for hex)"), std::string::npos);
  EXPECT_NE(errorOf([] { parseNumber("0xg1"); }).find("not a hex number"), std::string::npos);
  EXPECT_NE(errorOf([] { parseNumber("10.0.0.256"); }).find("not an IPv4 address"), std::string::npos);
  EXPECT_NE(errorOf([] { parseNumber("1.2.3"); }).find("not an IPv4 address"), std::string::npos);
  EXPECT_NE(errorOf([] { parseNumber("00:11:22:33:44:zz"); }).find("neither a MAC"), std::string::npos);
  EXPECT_NE(errorOf([] { parseNumber(""); }).find("empty"), std::string::npos);
  EXPECT_NE(errorOf([] { parseUserValue("10/x"); }).find("prefix length"), std::string::npos);
  EXPECT_NE(errorOf([] { parseUserValue("9..3"); }).find("empty (low > high)"), std::string::npos);
}

TEST(ValueCodecTest, EncodesBigEndianRightAligned) {
  EXPECT_EQ(encodeUnsigned(0xabc, 12, "x"), (Bytes{0x0a, 0xbc}));
  EXPECT_EQ(encodeUnsigned(1, 1, "x"), (Bytes{0x01}));
  EXPECT_EQ(encodeUnsigned(0x0a000001, 32, "x"), (Bytes{10, 0, 0, 1}));
  EXPECT_EQ(encodeUnsigned(parseNumber("00:11:22:aa:bb:cc"), 48, "x"), (Bytes{0, 0x11, 0x22, 0xaa, 0xbb, 0xcc}));
  EXPECT_EQ(encodeUnsigned(0, 9, "x"), (Bytes{0, 0}));
  EXPECT_EQ(toHex(encodeUnsigned(parseNumber("2001:db8::1"), 128, "x")), "20010db8000000000000000000000001");
  Bytes bytes{0x0a, 0xbc};
  EXPECT_EQ(decodeUnsigned(bytes.data(), bytes.size()), 0xabc);
}

TEST(ValueCodecTest, RangeChecksNameTheValueAndWidth) {
  EXPECT_EQ(errorOf([] { encodeUnsigned(0x1000, 12, "key a"); }),
            "key a: value 4096 (0x1000) does not fit in bit<12>");
  EXPECT_EQ(errorOf([] { encodeUnsigned(2, 1, "p"); }), "p: value 2 (0x2) does not fit in bit<1>");
  EXPECT_EQ(errorOf([] { encodeUnsigned(-1, 8, "p"); }), "p: value -1 (0x-1) does not fit in bit<8>");
}

TEST(ValueCodecTest, RangeToPrefixesCoversExactly) {
  auto prefixes = rangeToPrefixes(1000, 2000, 16);
  mpz_class next = 1000;
  for (const Prefix& p : prefixes) {
    EXPECT_EQ(p.value, next);
    next += mpz_class(1) << (16 - p.length);
  }
  EXPECT_EQ(next, 2001);
  EXPECT_EQ(prefixes.size(), 8u);
  EXPECT_EQ(rangeToPrefixes(0, 65535, 16).size(), 1u);
  EXPECT_EQ(rangeToPrefixes(0, 65535, 16)[0].length, 0u);
  EXPECT_EQ(rangeToPrefixes(5, 5, 16)[0].length, 16u);
  EXPECT_EQ(rangeToPrefixes(1, 65534, 16).size(), 30u);
}

ManifestField key(MatchKind match, uint32_t width) {
  return ManifestField{"hdr.f", width, 0, (width + 7) / 8, match};
}

TEST(ValueCodecTest, MatchForKeyChecksFormAgainstMatchKind) {
  KeyMatch lpm = matchForKey(parseUserValue("10.1.0.0/16"), key(MatchKind::Lpm, 32));
  EXPECT_EQ(lpm.prefixLen, 16u);
  EXPECT_EQ(lpm.mask, 0xffff0000);
  EXPECT_EQ(matchForKey(parseUserValue("10.1.0.1"), key(MatchKind::Lpm, 32)).prefixLen, 32u);
  EXPECT_EQ(matchForKey(parseUserValue("*"), key(MatchKind::Lpm, 32)).prefixLen, 0u);
  KeyMatch ternary = matchForKey(parseUserValue("10.0.0.0/8"), key(MatchKind::Ternary, 32));
  EXPECT_EQ(ternary.mask, 0xff000000);
  EXPECT_EQ(matchForKey(parseUserValue("5"), key(MatchKind::Ternary, 8)).mask, 0xff);
  KeyMatch range = matchForKey(parseUserValue("7"), key(MatchKind::Range, 16));
  EXPECT_EQ(range.low, 7);
  EXPECT_EQ(range.high, 7);
  EXPECT_EQ(matchForKey(parseUserValue("*"), key(MatchKind::Range, 16)).high, 0xffff);
  EXPECT_EQ(matchForKey(parseUserValue("*"), key(MatchKind::Optional, 16)).mask, 0);

  EXPECT_EQ(errorOf([] { matchForKey(parseUserValue("1&&&3"), key(MatchKind::Exact, 8)); }),
            "key hdr.f (exact, bit<8>): \"1&&&3\": value&&&mask needs a ternary key");
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("1..3"), key(MatchKind::Ternary, 8)); })
                .find("lo..hi needs a range key"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("*"), key(MatchKind::Exact, 8)); })
                .find("cannot be left out"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("256"), key(MatchKind::Exact, 8)); })
                .find("does not fit in 8 bits"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("10.0.0.0/33"), key(MatchKind::Lpm, 32)); })
                .find("longer than the key"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("10.0.0.1/8"), key(MatchKind::Lpm, 32)); })
                .find("did you mean 0xa000000/8?"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("3&&&1"), key(MatchKind::Ternary, 8)); })
                .find("outside the mask"),
            std::string::npos);
  EXPECT_NE(errorOf([] { matchForKey(parseUserValue("0..300"), key(MatchKind::Range, 8)); })
                .find("does not fit"),
            std::string::npos);
}

}  // namespace
}  // namespace p4nf
