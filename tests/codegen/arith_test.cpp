// Arithmetic families, checked against a C++ model over many operand values.
#include <gtest/gtest.h>

#include <algorithm>

#include "codegen_harness.h"

namespace p4nfc::codegen_test {
namespace {

struct Expected {
  Bytes bytes;  // the ops header after the program
};

uint8_t sat8u(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }
int8_t sat8s(int v) { return static_cast<int8_t>(std::clamp(v, -128, 127)); }

Bytes model(uint8_t a, uint8_t b, int8_t c, uint8_t sh, uint16_t d) {
  Bytes out = {a, b, static_cast<uint8_t>(c), sh, static_cast<uint8_t>(d >> 8), static_cast<uint8_t>(d)};
  auto push16 = [&](uint16_t v) { out.push_back(v >> 8); out.push_back(v & 0xff); };
  out.push_back(static_cast<uint8_t>(a + b));
  out.push_back(static_cast<uint8_t>(a - b));
  out.push_back(static_cast<uint8_t>(a * b));
  out.push_back(sat8u(a + b));
  out.push_back(sat8u(a - b));
  out.push_back(static_cast<uint8_t>(sat8s(c + 100)));
  out.push_back(static_cast<uint8_t>(sat8s(c - 100)));
  out.push_back(sh >= 8 ? 0 : static_cast<uint8_t>(a << sh));
  out.push_back(sh >= 8 ? 0 : static_cast<uint8_t>(a >> sh));
  out.push_back(static_cast<uint8_t>(c >> 2));
  push16(static_cast<uint16_t>(a << 8 | b));
  out.push_back(static_cast<uint8_t>(d >> 4));
  push16(static_cast<uint16_t>(static_cast<int16_t>(c)));
  push16(a);
  uint8_t flags = 0;
  if (a < b) flags |= 1;
  if (c < 0) flags |= 2;
  if (a == b) flags |= 4;
  if (a > 10 && b > 10) flags |= 8;
  if (a > 10 || b > 10) flags |= 16;
  if (!(a > 10)) flags |= 32;
  if (a >= 128) flags |= 64;
  if (c <= -100) flags |= 128;
  out.push_back(flags);
  out.push_back(b == 0 ? 0 : a / b);
  out.push_back(b == 0 ? a : a % b);
  out.push_back(static_cast<uint8_t>((a & 0xf0) | ((b ^ 0x0f) & ~a)));
  out.push_back(static_cast<uint8_t>(((a & 0xf) << 4) | (b >> 4)));
  out.push_back(static_cast<uint8_t>(-a));
  return out;
}

TEST(Arithmetic, MatchesModel) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root";
  // -O0 spills every value: larger programs exceed the 512-byte stack there.
  for (int opt : {1, 2}) {
    Compiled compiled = compileP4(programPath("arith.p4"), "xdp", opt);
    ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
    std::string log;
    auto loaded = loadObject(compiled.object, log);
    ASSERT_TRUE(loaded) << log.substr(log.size() > 8000 ? log.size() - 8000 : 0);
    const uint8_t values[] = {0, 1, 3, 10, 11, 100, 127, 128, 200, 255};
    for (uint8_t a : values)
      for (uint8_t b : values) {
        int8_t c = static_cast<int8_t>(a ^ b);
        uint8_t sh = b % 11;
        uint16_t d = static_cast<uint16_t>(a * 257 + b);
        Bytes ops = {a, b, static_cast<uint8_t>(c), sh, static_cast<uint8_t>(d >> 8), static_cast<uint8_t>(d)};
        Bytes expected = model(a, b, c, sh, d);
        ops.resize(expected.size(), 0);
        Bytes frame = concat({Bytes(6, 0x02), Bytes(6, 0x04), be(0x88b5, 2), ops});
        RunResult r = runXdp(loaded->programFd(), frame);
        ASSERT_EQ(r.error, 0);
        ASSERT_EQ(r.verdict, 3u);
        Bytes got(r.packet.begin() + 14, r.packet.begin() + 14 + expected.size());
        ASSERT_EQ(got, expected) << "a=" << int(a) << " b=" << int(b) << " c=" << int(c) << " sh=" << int(sh)
                                 << " O" << opt;
      }
    std::printf("[ insns    ] arith O%d xdp: %u verified\n", opt, verifiedInstructions(loaded->programFd()));
  }
}

}  // namespace
}  // namespace p4nfc::codegen_test
