#include "loader/deploy/deployment_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loader/deploy/bpffs.h"
#include "loader/loader_error.h"

namespace p4nf::deploy {

DeploymentLock::DeploymentLock(const std::string& deployment) {
  std::string folder = runRoot() + "/" + deployment;
  makeDirectories(folder);
  std::string path = folder + "/lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw LoaderError("cannot open " + path + ": " + std::strerror(errno));
  while (flock(fd_, LOCK_EX) != 0)
    if (errno != EINTR) throw LoaderError("cannot lock " + path + ": " + std::strerror(errno));
}

DeploymentLock::~DeploymentLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace p4nf::deploy
