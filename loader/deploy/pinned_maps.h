// The maps of one module instance of a running deployment, opened from their pins by
// manifest map name: the MapFdLookup that TableWriter and readTable take, for everything
// that writes or reads tables outside an apply (`p4nf table`, the agent's tasks). Every
// fd it opened is closed with it.
#pragma once

#include <string>
#include <vector>

#include "loader/deploy/deployment_state.h"
#include "loader/table_writer.h"

namespace p4nf::deploy {

class PinnedMaps {
 public:
  // `state` must outlive this object.
  PinnedMaps(const DeploymentState& state, std::string instance);
  ~PinnedMaps();
  PinnedMaps(const PinnedMaps&) = delete;
  PinnedMaps& operator=(const PinnedMaps&) = delete;

  // The fd of the instance's map `mapName` (docs/loader.md: map key module.<instance>.<map>).
  // Throws LoaderError when the state file lists no such map or its pin cannot be opened.
  int operator()(const std::string& mapName);
  MapFdLookup lookup() {
    return [this](const std::string& mapName) { return (*this)(mapName); };
  }

 private:
  const DeploymentState& state_;
  std::string instance_;
  std::vector<int> fds_;
};

}  // namespace p4nf::deploy
