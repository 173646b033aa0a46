// The agent's eye on its deployment's state file (/run/p4nf/<deployment>/state.json):
// an inotify watch on its folder, so that an apply by another process (`p4nf apply`: the
// file is replaced by a rename) or `p4nf down` (the file goes) wakes the agent at once,
// without polling. What changed is read from the file itself (its generation).
#pragma once

#include <string>

namespace p4nf::agent {

class StateWatch {
 public:
  // Watches the folder of the state file, which exists once the deployment is up.
  // Throws LoaderError when inotify refuses.
  explicit StateWatch(const std::string& deployment);
  ~StateWatch();
  StateWatch(const StateWatch&) = delete;
  StateWatch& operator=(const StateWatch&) = delete;

  int fd() const { return fd_; }
  // Reads the pending events (never blocks). True when the state file was written,
  // replaced or removed, or its folder went away (then the watch ends: gone() is true).
  bool takeEvents();
  bool gone() const { return watch_ < 0; }

 private:
  int fd_ = -1;
  int watch_ = -1;
};

}  // namespace p4nf::agent
