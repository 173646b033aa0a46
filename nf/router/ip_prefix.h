// IPv4 and IPv6 addresses and prefixes for the router's control plane: parsed from the
// config's text ("10.0.1.1/24", "2001:db8::1") or from netlink's bytes, compared, and
// printed back in the forms loader/value_codec.h reads.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace p4nf::router {

enum class Family : uint8_t { Ipv4 = 4, Ipv6 = 6 };

struct IpAddress {
  Family family = Family::Ipv4;
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4

  int width() const { return family == Family::Ipv4 ? 32 : 128; }
  std::string text() const;
  // Bit `i` from the most significant one.
  bool bit(int i) const { return (bytes[i / 8] >> (7 - i % 8)) & 1; }

  auto operator<=>(const IpAddress&) const = default;

  // std::nullopt when `text` is neither an IPv4 nor an IPv6 address.
  static std::optional<IpAddress> parse(const std::string& text);
  static IpAddress fromBytes(Family family, const void* bytes);
};

struct IpPrefix {
  IpAddress address;  // host bits cleared
  int length = 0;

  Family family() const { return address.family; }
  bool contains(const IpAddress& other) const;
  std::string text() const;  // "10.0.0.0/8"

  auto operator<=>(const IpPrefix&) const = default;

  // "10.0.0.0/8" or a bare address (a host prefix). With `keepHostBits`, "10.0.1.1/24"
  // keeps its address (an interface address); otherwise host bits must be zero and
  // `error` says so. std::nullopt with `error` set on any mistake.
  static std::optional<IpPrefix> parse(const std::string& text, std::string& error,
                                       bool keepHostBits = false);
  static IpPrefix host(const IpAddress& address) { return {address, address.width()}; }
  // `address` with every bit after the first `length` cleared.
  static IpPrefix of(const IpAddress& address, int length);
};

// An interface address: the address itself and the subnet it is on.
struct InterfaceAddress {
  IpAddress address;
  int length = 0;
  IpPrefix subnet() const { return IpPrefix::of(address, length); }
  // The subnet's directed broadcast (IPv4 with a prefix shorter than /31), else nullopt.
  std::optional<IpAddress> broadcast() const;
};

// "02:00:00:00:00:01" in lower case, or std::nullopt when `text` is no MAC address.
std::optional<std::string> normaliseMac(const std::string& text);
std::string macText(const uint8_t* bytes);

}  // namespace p4nf::router
