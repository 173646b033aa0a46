#include "loader/value_codec.h"

#include <arpa/inet.h>

#include <cctype>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

[[noreturn]] void badValue(const std::string& text, const std::string& why) {
  throw LoaderError("bad value \"" + text + "\": " + why);
}

bool allOf(const std::string& text, int (*predicate)(int)) {
  if (text.empty()) return false;
  for (char c : text)
    if (!predicate(static_cast<unsigned char>(c))) return false;
  return true;
}

int isBinaryDigit(int c) { return c == '0' || c == '1'; }

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// a.b.c.d with each part a decimal 0..255 and no leading '+' or spaces.
std::optional<mpz_class> parseIpv4(const std::string& text) {
  std::vector<std::string> parts = split(text, '.');
  if (parts.size() != 4) return std::nullopt;
  mpz_class result = 0;
  for (const std::string& part : parts) {
    if (!allOf(part, isdigit) || part.size() > 3) return std::nullopt;
    int octet = std::stoi(part);
    if (octet > 255) return std::nullopt;
    result = result * 256 + octet;
  }
  return result;
}

// aa:bb:cc:dd:ee:ff (one or two hex digits per group).
std::optional<mpz_class> parseMac(const std::string& text) {
  std::vector<std::string> parts = split(text, ':');
  if (parts.size() != 6) return std::nullopt;
  mpz_class result = 0;
  for (const std::string& part : parts) {
    if (!allOf(part, isxdigit) || part.size() > 2) return std::nullopt;
    result = result * 256 + std::stoi(part, nullptr, 16);
  }
  return result;
}

std::optional<mpz_class> parseIpv6(const std::string& text) {
  in6_addr address{};
  if (inet_pton(AF_INET6, text.c_str(), &address) != 1) return std::nullopt;
  return decodeUnsigned(address.s6_addr, sizeof address.s6_addr);
}

}  // namespace

mpz_class parseNumber(const std::string& text) {
  if (text.empty()) badValue(text, "empty");
  if (text.find(':') != std::string::npos) {
    if (auto mac = parseMac(text)) return *mac;
    if (auto ipv6 = parseIpv6(text)) return *ipv6;
    badValue(text, "neither a MAC address (aa:bb:cc:dd:ee:ff) nor an IPv6 address");
  }
  if (text.find('.') != std::string::npos) {
    if (auto ipv4 = parseIpv4(text)) return *ipv4;
    badValue(text, "not an IPv4 address (a.b.c.d, each part 0..255)");
  }
  std::string digits = text;
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    digits = text.substr(2);
    base = 16;
    if (!allOf(digits, isxdigit)) badValue(text, "not a hex number");
  } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
    digits = text.substr(2);
    base = 2;
    if (!allOf(digits, isBinaryDigit)) badValue(text, "not a binary number");
  } else if (!allOf(digits, isdigit)) {
    badValue(text, "not a number (use 0x.. for hex)");
  }
  return mpz_class(digits, base);
}

UserValue parseUserValue(const std::string& text) {
  UserValue result;
  result.text = text;
  if (text == "*" || text == "_") {
    result.form = UserValue::Form::DontCare;
    return result;
  }
  if (size_t at = text.find("&&&"); at != std::string::npos) {
    result.form = UserValue::Form::Masked;
    result.value = parseNumber(text.substr(0, at));
    result.mask = parseNumber(text.substr(at + 3));
    return result;
  }
  if (size_t at = text.rfind('/'); at != std::string::npos) {
    std::string length = text.substr(at + 1);
    if (!allOf(length, isdigit) || length.size() > 4)
      badValue(text, "the prefix length after '/' must be a decimal number");
    result.form = UserValue::Form::Prefix;
    result.value = parseNumber(text.substr(0, at));
    result.prefixLen = static_cast<uint32_t>(std::stoul(length));
    return result;
  }
  if (size_t at = text.find(".."); at != std::string::npos) {
    result.form = UserValue::Form::Range;
    result.value = parseNumber(text.substr(0, at));
    result.high = parseNumber(text.substr(at + 2));
    if (result.value > result.high) badValue(text, "the range is empty (low > high)");
    return result;
  }
  result.value = parseNumber(text);
  return result;
}

mpz_class allOnes(uint32_t width) {
  mpz_class one = 1;
  return (one << width) - 1;
}

mpz_class prefixMask(uint32_t prefixLen, uint32_t width) {
  return allOnes(width) ^ allOnes(width - prefixLen);
}

Bytes encodeUnsigned(const mpz_class& value, uint32_t width, const std::string& what) {
  if (value < 0 || value > allOnes(width))
    throw LoaderError(what + ": value " + value.get_str() + " (0x" + value.get_str(16) +
                      ") does not fit in bit<" + std::to_string(width) + ">");
  Bytes bytes((width + 7) / 8, 0);
  mpz_class rest = value;
  for (size_t i = bytes.size(); i-- > 0;) {
    mpz_class low = rest & 0xff;
    bytes[i] = static_cast<uint8_t>(low.get_ui());
    rest >>= 8;
  }
  return bytes;
}

mpz_class decodeUnsigned(const uint8_t* bytes, size_t size) {
  mpz_class result = 0;
  for (size_t i = 0; i < size; ++i) result = (result << 8) + bytes[i];
  return result;
}

std::string toHex(const Bytes& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (uint8_t byte : bytes) {
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

std::vector<Prefix> rangeToPrefixes(const mpz_class& low, const mpz_class& high, uint32_t width) {
  std::vector<Prefix> prefixes;
  mpz_class start = low;
  while (start <= high) {
    // The largest aligned block at `start` that stays inside the range.
    uint32_t blockBits = 0;
    while (blockBits < width) {
      mpz_class size = mpz_class(1) << (blockBits + 1);
      if (start % size != 0 || start + size - 1 > high) break;
      ++blockBits;
    }
    prefixes.push_back({start, width - blockBits});
    start += mpz_class(1) << blockBits;
  }
  return prefixes;
}

KeyMatch matchForKey(const UserValue& user, const ManifestField& key) {
  std::string what = "key " + key.name + " (" + matchKindName(key.match) + ", bit<" +
                     std::to_string(key.width) + ">)";
  auto fail = [&](const std::string& why) -> void {
    throw LoaderError(what + ": \"" + user.text + "\": " + why);
  };
  auto fits = [&](const mpz_class& v) {
    if (v > allOnes(key.width))
      fail("value 0x" + v.get_str(16) + " does not fit in " + std::to_string(key.width) + " bits");
  };
  using Form = UserValue::Form;
  KeyMatch m;
  m.match = key.match;
  const mpz_class ones = allOnes(key.width);
  switch (user.form) {
    case Form::Plain:
      fits(user.value);
      m.value = user.value;
      m.mask = ones;
      m.prefixLen = key.width;
      m.low = m.high = user.value;
      break;
    case Form::Prefix:
      if (key.match != MatchKind::Lpm && key.match != MatchKind::Ternary)
        fail("a prefix (value/length) needs an lpm or ternary key");
      fits(user.value);
      if (user.prefixLen > key.width)
        fail("prefix length " + std::to_string(user.prefixLen) + " is longer than the key");
      m.value = user.value;
      m.prefixLen = user.prefixLen;
      m.mask = prefixMask(user.prefixLen, key.width);
      if ((m.value & ~m.mask & ones) != 0)
        fail("bits are set after the first " + std::to_string(user.prefixLen) +
             " bits (did you mean 0x" + mpz_class(m.value & m.mask).get_str(16) + "/" +
             std::to_string(user.prefixLen) + "?)");
      break;
    case Form::Masked:
      if (key.match != MatchKind::Ternary) fail("value&&&mask needs a ternary key");
      fits(user.value);
      fits(user.mask);
      if ((user.value & ~user.mask) != 0) fail("the value has bits set outside the mask");
      m.value = user.value;
      m.mask = user.mask;
      break;
    case Form::Range:
      if (key.match != MatchKind::Range) fail("lo..hi needs a range key");
      fits(user.high);
      m.low = user.value;
      m.high = user.high;
      break;
    case Form::DontCare:
      if (key.match == MatchKind::Exact) fail("an exact key cannot be left out");
      m.value = 0;
      m.mask = 0;
      m.low = 0;
      m.high = ones;
      break;
  }
  return m;
}

}  // namespace p4nf
