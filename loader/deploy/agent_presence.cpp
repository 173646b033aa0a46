#include "loader/deploy/agent_presence.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "loader/deploy/bpffs.h"
#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

std::string presencePath(const std::string& deployment) {
  return runRoot() + "/" + deployment + "/agent";
}

std::optional<pid_t> readPid(int fd) {
  char text[32] = {};
  ssize_t length = pread(fd, text, sizeof text - 1, 0);
  if (length <= 0) return std::nullopt;
  char* end = nullptr;
  long pid = std::strtol(text, &end, 10);
  if (end == text || pid <= 0) return std::nullopt;
  return static_cast<pid_t>(pid);
}

// Whether `fd` is still the file at `path`: the agent that held it may have unlinked it
// between our open and our lock, and a lock on an unlinked file excludes no one.
bool stillLinked(int fd, const std::string& path) {
  struct stat opened {}, named {};
  return fstat(fd, &opened) == 0 && stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace

AgentPresence::AgentPresence(const std::string& deployment) : path_(presencePath(deployment)) {
  makeDirectories(runRoot() + "/" + deployment);
  while (true) {
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw LoaderError("cannot open " + path_ + ": " + std::strerror(errno));
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      std::optional<pid_t> other = readPid(fd_);
      close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK)
        throw LoaderError("an agent already runs for deployment " + deployment +
                          (other ? " (pid " + std::to_string(*other) + ")" : std::string()) +
                          "; it follows applies by other processes, so use p4nf apply, or stop "
                          "it (kill -TERM) before starting another");
      throw LoaderError("cannot lock " + path_ + ": " + std::strerror(error));
    }
    if (stillLinked(fd_, path_)) break;
    close(fd_);  // the previous agent left just now: take the file anew
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    throw LoaderError("cannot write " + path_ + ": " + std::strerror(errno));
}

AgentPresence::~AgentPresence() {
  if (fd_ < 0) return;
  // Unlinked while still locked, so that no one can lock the old file and think it is the
  // agent; the deployment's folder goes too when nothing else (no deployment) is in it.
  unlink(path_.c_str());
  close(fd_);
  removeEmptyDirectories(path_.substr(0, path_.find_last_of('/')), runRoot());
}

std::optional<pid_t> runningAgent(const std::string& deployment) {
  int fd = open(presencePath(deployment).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<pid_t> pid;
  // A shared lock we can take means no agent holds the exclusive one.
  if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) pid = readPid(fd);
  else pid = std::nullopt;
  close(fd);
  return pid;
}

void forgetDeadAgent(const std::string& deployment) {
  std::string path = presencePath(deployment);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0 && stillLinked(fd, path)) unlink(path.c_str());
  close(fd);
}

}  // namespace p4nf::deploy
