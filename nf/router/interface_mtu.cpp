#include "nf/router/interface_mtu.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace p4nf::router {

std::optional<uint32_t> kernelInterfaceMtu(const std::string& name) {
  ifreq request{};
  if (name.empty() || name.size() >= sizeof request.ifr_name) return std::nullopt;
  std::memcpy(request.ifr_name, name.data(), name.size());
  // SIOCGIFMTU asks the socket's network namespace (this process's); any socket will do,
  // and an unprivileged datagram socket needs no capability.
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  int result = ioctl(fd, SIOCGIFMTU, &request);
  close(fd);
  if (result != 0 || request.ifr_mtu <= 0) return std::nullopt;
  return static_cast<uint32_t>(request.ifr_mtu);
}

}  // namespace p4nf::router
