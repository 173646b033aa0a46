// User values (STF files, config, `p4nf table add`) and their encoding into map bytes.
//
// Forms a value may take:
//   0x0a0b, 0b1010, 42            numbers (hex, binary, decimal), any width
//   10.0.0.1                      IPv4 address (32 bits)
//   2001:db8::1                   IPv6 address (128 bits)
//   00:11:22:aa:bb:cc             MAC address (48 bits)
//   10.0.0.0/8                    prefix: value/length (lpm keys, or ternary with a prefix mask)
//   0x0a00&&&0xff00               ternary: value&&&mask
//   1000..2000                    range: lo..hi, both inclusive
//   * or _                        don't care (ternary, range, optional keys)
// Every field is encoded as docs/manifest.md says: big-endian, right-aligned in
// ceil(width/8) bytes. A value that does not fit its width is an error, never truncated.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

#include "manifest/manifest.h"

namespace p4nf {

using Bytes = std::vector<uint8_t>;

struct UserValue {
  enum class Form { Plain, Prefix, Masked, Range, DontCare };
  Form form = Form::Plain;
  mpz_class value;  // Plain, Prefix, Masked; the low end of a Range
  mpz_class mask;   // Masked
  mpz_class high;   // Range
  uint32_t prefixLen = 0;
  std::string text;  // as written, for error messages
};

// Throws LoaderError("bad value \"...\": ...").
UserValue parseUserValue(const std::string& text);
// A single number in any of the number forms (no prefix, mask, range or don't care).
mpz_class parseNumber(const std::string& text);

// 2^width - 1.
mpz_class allOnes(uint32_t width);
// The mask of the first `prefixLen` bits of a `width`-bit field.
mpz_class prefixMask(uint32_t prefixLen, uint32_t width);

// ceil(width/8) bytes, big-endian; throws LoaderError naming `what` when the value does not
// fit in `width` bits.
Bytes encodeUnsigned(const mpz_class& value, uint32_t width, const std::string& what);
mpz_class decodeUnsigned(const uint8_t* bytes, size_t size);
// Lower-case hex, two digits per byte, no separators.
std::string toHex(const Bytes& bytes);

// The smallest set of prefixes (value, prefix length) that covers [low, high] exactly, in
// ascending order. Requires low <= high < 2^width.
struct Prefix {
  mpz_class value;
  uint32_t length = 0;
};
std::vector<Prefix> rangeToPrefixes(const mpz_class& low, const mpz_class& high, uint32_t width);

// One key of one entry, normalised for its match kind:
//   exact/optional -> value, mask all ones (optional: mask 0 for don't care)
//   lpm            -> value, prefixLen, mask = prefix mask
//   ternary        -> value, mask (a prefix or plain value becomes its mask)
//   range          -> low, high (a plain value is a one-value range; * is the full range)
struct KeyMatch {
  MatchKind match = MatchKind::Exact;
  mpz_class value;
  mpz_class mask;
  uint32_t prefixLen = 0;
  mpz_class low, high;
};

// Checks the form against the key's match kind and width; throws LoaderError that names
// the key ("key hdr.ipv4.dst (lpm, bit<32>): ...").
KeyMatch matchForKey(const UserValue& value, const ManifestField& key);

}  // namespace p4nf
