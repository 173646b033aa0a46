#include "loader/config/name_rules.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace p4nf::config {
namespace {

bool parseAddress(const std::string& text, int& family) {
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) {
    family = 4;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) {
    family = 6;
    return true;
  }
  return false;
}

}  // namespace

std::string checkInterfaceName(const std::string& name) {
  if (name.empty()) return "an interface name cannot be empty";
  if (name.size() > 15)
    return "interface name \"" + name + "\" is " + std::to_string(name.size()) +
           " characters long; Linux allows at most 15";
  if (name == "." || name == "..") return "\"" + name + "\" is not a valid interface name";
  for (char c : name)
    if (c == '/' || c == ':' || c == '\0' || std::isspace(static_cast<unsigned char>(c)))
      return "interface name \"" + name + "\" contains '" + std::string(1, c) +
             "', which Linux does not allow";
  return "";
}

std::string checkObjectName(const std::string& name, size_t maxLength) {
  if (name.empty()) return "a name cannot be empty";
  if (name.size() > maxLength)
    return "name \"" + name + "\" is longer than " + std::to_string(maxLength) + " characters";
  if (!std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_')
    return "name \"" + name + "\" must start with a letter or '_'";
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      return "name \"" + name + "\" contains '" + std::string(1, c) +
             "'; names use letters, digits, '_' and '-'";
  return "";
}

int addressFamily(const std::string& text) {
  std::string address = text.substr(0, text.find('/'));
  int family = 0;
  return parseAddress(address, family) ? family : 0;
}

std::string checkIpAddress(const std::string& text) {
  int family = 0;
  if (!parseAddress(text, family))
    return "\"" + text + "\" is not an IPv4 or IPv6 address";
  return "";
}

std::string checkCidr(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos)
    return "\"" + text + "\" has no prefix length (write it as address/length)";
  int family = 0;
  if (!parseAddress(text.substr(0, slash), family))
    return "\"" + text.substr(0, slash) + "\" is not an IPv4 or IPv6 address";
  std::string length = text.substr(slash + 1);
  int maxLength = family == 4 ? 32 : 128;
  if (length.empty() || length.size() > 3 ||
      !std::all_of(length.begin(), length.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
      std::atoi(length.c_str()) > maxLength)
    return "prefix length \"" + length + "\" of \"" + text + "\" is not a number from 0 to " +
           std::to_string(maxLength);
  return "";
}

std::string checkMacAddress(const std::string& text) {
  bool shaped = text.size() == 17;
  for (size_t i = 0; shaped && i < text.size(); ++i)
    shaped = (i % 3 == 2) ? text[i] == ':' : std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
  if (!shaped) return "\"" + text + "\" is not a MAC address";
  if (std::strtoul(text.substr(0, 2).c_str(), nullptr, 16) & 1)
    return "\"" + text + "\" is a multicast MAC address; an interface needs a unicast one";
  return "";
}

std::string ListenAddress::text() const {
  return (host.find(':') == std::string::npos ? host : "[" + host + "]") + ":" +
         std::to_string(port);
}

std::string parseListenAddress(const std::string& text, ListenAddress& out) {
  std::string shape = "\"" + text + "\" is not address:port (e.g. 127.0.0.1:9477 or [::1]:9477)";
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return shape;
  std::string host = text.substr(0, colon), port = text.substr(colon + 1);
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  int family = 0;
  if (!parseAddress(host, family)) return "\"" + host + "\" is not an IPv4 or IPv6 address";
  if (family == 6 && !bracketed)
    return "the IPv6 address of \"" + text + "\" needs brackets: [" + host + "]:port";
  if (family == 4 && bracketed) return "\"" + text + "\": only IPv6 addresses go in brackets";
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
      std::atoi(port.c_str()) < 1 || std::atoi(port.c_str()) > 65535)
    return "port \"" + port + "\" of \"" + text + "\" is not a number from 1 to 65535";
  out.host = host;
  out.port = static_cast<uint16_t>(std::atoi(port.c_str()));
  return "";
}

}  // namespace p4nf::config
