#include "loader/sandbox/named_netns.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <thread>

#include "loader/loader_error.h"

namespace p4nf::sandbox {
namespace {

constexpr const char* kNetnsDir = "/run/netns";

std::string errnoText(int error) { return std::strerror(error); }

// `ip netns` makes /run/netns a shared mount so that the bind mounts made in it propagate
// to every mount namespace (a container or `unshare -m` shell sees them too). We do the
// same, so that our namespaces and the ones `ip` makes behave alike.
void prepareNetnsDir() {
  if (mkdir("/run", 0755) != 0 && errno != EEXIST)
    throw LoaderError(std::string("cannot create /run: ") + errnoText(errno));
  if (mkdir(kNetnsDir, 0755) != 0 && errno != EEXIST)
    throw LoaderError(std::string("cannot create ") + kNetnsDir + ": " + errnoText(errno));
  if (mount("", kNetnsDir, "none", MS_SHARED | MS_REC, nullptr) == 0) return;
  if (errno != EINVAL)
    throw LoaderError(std::string("cannot make ") + kNetnsDir + " a shared mount: " + errnoText(errno));
  // Not a mount point yet: bind it onto itself, then share it.
  if (mount(kNetnsDir, kNetnsDir, "none", MS_BIND | MS_REC, nullptr) != 0 ||
      mount("", kNetnsDir, "none", MS_SHARED | MS_REC, nullptr) != 0)
    throw LoaderError(std::string("cannot make ") + kNetnsDir + " a shared mount: " + errnoText(errno));
}

// Runs `work` on a fresh thread and hands back what it threw.
void onOwnThread(const std::function<void()>& work) {
  std::exception_ptr failure;
  std::thread thread([&] {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::string netnsPath(const std::string& name) { return std::string(kNetnsDir) + "/" + name; }

bool namedNetnsExists(const std::string& name) {
  struct stat info;
  return stat(netnsPath(name).c_str(), &info) == 0;
}

void createNamedNetns(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw LoaderError("invalid network namespace name '" + name + "'");
  prepareNetnsDir();
  std::string path = netnsPath(name);
  int file = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (file < 0) {
    if (errno == EEXIST)
      throw LoaderError("network namespace '" + name + "' already exists (" + path +
                        "): a sandbox of this deployment is still there; run `p4nf down` "
                        "or `ip netns del " + name + "`");
    throw LoaderError("cannot create " + path + ": " + errnoText(errno));
  }
  close(file);
  try {
    // unshare() moves only the calling thread, so a short-lived thread makes the namespace
    // and pins it with the bind mount before it ends.
    onOwnThread([&] {
      if (unshare(CLONE_NEWNET) != 0)
        throw LoaderError("cannot create a network namespace: " + errnoText(errno));
      if (mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0)
        throw LoaderError("cannot bind-mount the new network namespace on " + path + ": " +
                          errnoText(errno));
    });
  } catch (...) {
    unlink(path.c_str());
    throw;
  }
}

bool removeNamedNetns(const std::string& name) {
  std::string path = netnsPath(name);
  if (!namedNetnsExists(name)) return false;
  // EINVAL: the file is there but was never mounted on (a crash between the two steps).
  if (umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
    throw LoaderError("cannot unmount " + path + ": " + errnoText(errno));
  if (unlink(path.c_str()) != 0 && errno != ENOENT)
    throw LoaderError("cannot remove " + path + ": " + errnoText(errno));
  return true;
}

int killNetnsProcesses(const std::string& name) {
  struct stat target {};
  if (stat(netnsPath(name).c_str(), &target) != 0) return 0;
  int killed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat ns {};
    if (stat((entry.path() / "ns/net").c_str(), &ns) != 0) continue;  // gone, or a kernel thread
    if (ns.st_dev != target.st_dev || ns.st_ino != target.st_ino) continue;
    if (kill(std::stoi(pid), SIGKILL) == 0) ++killed;
  }
  return killed;
}

NetnsHandle::NetnsHandle(const std::string& name) : name_(name) {
  fd_ = open(netnsPath(name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw LoaderError("cannot open network namespace '" + name + "': " + errnoText(errno));
}

NetnsHandle::~NetnsHandle() {
  if (fd_ >= 0) close(fd_);
}

void runInNetns(const NetnsHandle& netns, const std::function<void()>& work) {
  onOwnThread([&] {
    if (setns(netns.fd(), CLONE_NEWNET) != 0)
      throw LoaderError("cannot enter network namespace '" + netns.name() + "': " +
                        errnoText(errno));
    work();
  });
}

}  // namespace p4nf::sandbox
