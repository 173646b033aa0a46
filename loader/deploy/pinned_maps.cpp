#include "loader/deploy/pinned_maps.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf::deploy {

PinnedMaps::PinnedMaps(const DeploymentState& state, std::string instance)
    : state_(state), instance_(std::move(instance)) {}

PinnedMaps::~PinnedMaps() {
  for (int fd : fds_) close(fd);
}

int PinnedMaps::operator()(const std::string& mapName) {
  const MapRecord* map = state_.map("module." + instance_ + "." + mapName);
  if (!map)
    throw LoaderError("module " + instance_ + " has no map " + mapName + " in its deployment");
  int fd = bpf_obj_get(map->pin.c_str());
  if (fd < 0)
    throw LoaderError("cannot open the pinned map " + map->pin + ": " + std::strerror(errno));
  fds_.push_back(fd);
  return fd;
}

}  // namespace p4nf::deploy
