#include "loader/sandbox/host_tuning.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>

#include "loader/loader_error.h"
#include "loader/sandbox/named_netns.h"

namespace p4nf::sandbox {
namespace {

void inNamespace(const NetnsHandle* netns, const std::function<void()>& work) {
  if (netns)
    runInNetns(*netns, work);
  else
    work();
}

std::string where(const NetnsHandle* netns) {
  return netns ? "network namespace " + netns->name() : "the root network namespace";
}

// /proc/sys/net resolves against the namespace of the thread that opens the file.
void writeSysctl(const NetnsHandle* netns, const std::string& path, const std::string& value) {
  inNamespace(netns, [&] {
    std::ofstream file(path);
    file << value;
    file.flush();
    if (!file)
      throw LoaderError("cannot write " + value + " to " + path + " in " + where(netns) +
                        " (is IPv6 available in this kernel?)");
  });
}

std::string ipv6Conf(const std::string& interface, const char* key) {
  return "/proc/sys/net/ipv6/conf/" + interface + "/" + key;
}

}  // namespace

void disableTxChecksum(const NetnsHandle* netns, const std::string& interface) {
  inNamespace(netns, [&] {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) throw LoaderError(std::string("cannot open a socket: ") + strerror(errno));
    ethtool_value value{};
    value.cmd = ETHTOOL_STXCSUM;
    value.data = 0;
    ifreq request{};
    std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
    request.ifr_data = reinterpret_cast<char*>(&value);
    int result = ioctl(sock, SIOCETHTOOL, &request);
    int error = errno;
    close(sock);
    if (result != 0)
      throw LoaderError("cannot turn TX checksum offload off on " + interface + " in " +
                        where(netns) + ": " + strerror(error));
  });
}

void setIpv6Enabled(const NetnsHandle* netns, const std::string& interface, bool enabled) {
  writeSysctl(netns, ipv6Conf(interface, "disable_ipv6"), enabled ? "0" : "1");
}

void quietIpv6(const NetnsHandle* netns, const std::string& interface) {
  writeSysctl(netns, ipv6Conf(interface, "accept_dad"), "0");
  writeSysctl(netns, ipv6Conf(interface, "dad_transmits"), "0");
  writeSysctl(netns, ipv6Conf(interface, "router_solicitations"), "0");
}

}  // namespace p4nf::sandbox
