#include "nf/router/ip_prefix.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdio>
#include <cstring>

namespace p4nf::router {

std::string IpAddress::text() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == Family::Ipv4 ? AF_INET : AF_INET6, bytes.data(), buffer, sizeof buffer);
  return buffer;
}

std::optional<IpAddress> IpAddress::parse(const std::string& text) {
  IpAddress address;
  if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) == 1) {
    address.family = Family::Ipv4;
    return address;
  }
  if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) == 1) {
    address.family = Family::Ipv6;
    return address;
  }
  return std::nullopt;
}

IpAddress IpAddress::fromBytes(Family family, const void* bytes) {
  IpAddress address;
  address.family = family;
  std::memcpy(address.bytes.data(), bytes, family == Family::Ipv4 ? 4 : 16);
  return address;
}

IpPrefix IpPrefix::of(const IpAddress& address, int length) {
  IpPrefix prefix{address, length};
  for (int i = length; i < address.width(); ++i)
    prefix.address.bytes[i / 8] &= static_cast<uint8_t>(~(0x80 >> (i % 8)));
  return prefix;
}

bool IpPrefix::contains(const IpAddress& other) const {
  if (other.family != family()) return false;
  for (int i = 0; i < length; ++i)
    if (other.bit(i) != address.bit(i)) return false;
  return true;
}

std::string IpPrefix::text() const { return address.text() + "/" + std::to_string(length); }

std::optional<IpPrefix> IpPrefix::parse(const std::string& text, std::string& error,
                                        bool keepHostBits) {
  size_t slash = text.find('/');
  std::string addressText = text.substr(0, slash);
  std::optional<IpAddress> address = IpAddress::parse(addressText);
  if (!address) {
    error = "\"" + addressText + "\" is not an IPv4 or IPv6 address";
    return std::nullopt;
  }
  int length = address->width();
  if (slash != std::string::npos) {
    std::string lengthText = text.substr(slash + 1);
    bool digits = !lengthText.empty() && lengthText.size() <= 3;
    for (char c : lengthText) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits || std::stoi(lengthText) > address->width()) {
      error = "prefix length \"" + lengthText + "\" is not a number from 0 to " +
              std::to_string(address->width());
      return std::nullopt;
    }
    length = std::stoi(lengthText);
  }
  IpPrefix prefix = of(*address, length);
  if (keepHostBits) return IpPrefix{*address, length};
  if (prefix.address != *address) {
    error = "\"" + text + "\" has host bits set (the prefix is " + prefix.text() + ")";
    return std::nullopt;
  }
  return prefix;
}

std::optional<IpAddress> InterfaceAddress::broadcast() const {
  if (address.family != Family::Ipv4 || length >= 31) return std::nullopt;
  IpAddress all = address;
  for (int i = length; i < 32; ++i) all.bytes[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
  return all;
}

std::optional<std::string> normaliseMac(const std::string& text) {
  unsigned b[6];
  char tail;
  if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                  &b[5], &tail) != 6 ||
      text.size() != 17)
    return std::nullopt;
  uint8_t bytes[6];
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(b[i]);
  return macText(bytes);
}

std::string macText(const uint8_t* bytes) {
  char buffer[18];
  std::snprintf(buffer, sizeof buffer, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1],
                bytes[2], bytes[3], bytes[4], bytes[5]);
  return buffer;
}

}  // namespace p4nf::router
