#include "loader/agent/state_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loader/deploy/bpffs.h"
#include "loader/loader_error.h"

namespace p4nf::agent {

StateWatch::StateWatch(const std::string& deployment) {
  std::string file = deploy::stateFile(deployment);
  std::string folder = file.substr(0, file.find_last_of('/'));
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw LoaderError(std::string("inotify: ") + std::strerror(errno));
  // The state file is replaced by a rename (IN_MOVED_TO) and removed by `down` (IN_DELETE).
  watch_ = inotify_add_watch(
      fd_, folder.c_str(),
      IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF);
  if (watch_ < 0) {
    std::string reason = std::strerror(errno);
    close(fd_);
    fd_ = -1;
    throw LoaderError("cannot watch " + folder + ": " + reason);
  }
}

StateWatch::~StateWatch() {
  if (fd_ >= 0) close(fd_);
}

bool StateWatch::takeEvents() {
  bool relevant = false;
  alignas(inotify_event) char buffer[4096];
  while (true) {
    ssize_t length = read(fd_, buffer, sizeof buffer);
    if (length <= 0) break;  // EAGAIN: nothing more
    for (char* at = buffer; at < buffer + length;) {
      auto* event = reinterpret_cast<inotify_event*>(at);
      at += sizeof(inotify_event) + event->len;
      if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
        watch_ = -1;
        relevant = true;
      } else if (event->len > 0 && std::strcmp(event->name, "state.json") == 0) {
        relevant = true;
      }
    }
  }
  return relevant;
}

}  // namespace p4nf::agent
