#include "loader/deploy/bpffs.h"

#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

constexpr const char* kBpffsMount = "/sys/fs/bpf";

std::string fromEnvironment(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value && *value ? value : fallback;
}

bool isBpffs(const std::string& path) {
  struct statfs info {};
  return statfs(path.c_str(), &info) == 0 && info.f_type == BPF_FS_MAGIC;
}

}  // namespace

std::string pinRoot() { return fromEnvironment("P4NF_BPFFS_ROOT", "/sys/fs/bpf/p4nf"); }
std::string runRoot() { return fromEnvironment("P4NF_RUN_ROOT", "/run/p4nf"); }
std::string pinDirectory(const std::string& deployment) { return pinRoot() + "/" + deployment; }
std::string stateFile(const std::string& deployment) {
  return runRoot() + "/" + deployment + "/state.json";
}

void makeDirectories(const std::string& directory) {
  std::string path;
  size_t start = 0;
  while (start <= directory.size()) {
    size_t slash = directory.find('/', start);
    if (slash == std::string::npos) slash = directory.size();
    path = directory.substr(0, slash);
    if (!path.empty() && mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
      throw LoaderError("cannot create " + path + ": " + std::strerror(errno));
    start = slash + 1;
  }
}

void ensurePinDirectory(const std::string& directory) {
  if (directory.rfind(kBpffsMount, 0) == 0 && !isBpffs(kBpffsMount)) {
    mkdir(kBpffsMount, 0700);
    if (mount("bpf", kBpffsMount, "bpf", 0, "mode=0700") != 0)
      throw LoaderError(std::string("no bpffs on ") + kBpffsMount +
                        " and mounting one failed: " + std::strerror(errno) +
                        " (run as root, or: mount -t bpf bpf " + kBpffsMount + ")");
  }
  makeDirectories(directory);
  if (!isBpffs(directory))
    throw LoaderError(directory + " is not on a bpf file system: pins need bpffs (mount -t bpf)");
}

void removeEmptyDirectories(const std::string& directory, const std::string& stopAt) {
  std::string path = directory;
  while (path.size() > stopAt.size() && path.rfind(stopAt, 0) == 0) {
    if (rmdir(path.c_str()) != 0) return;
    path = path.substr(0, path.find_last_of('/'));
  }
}

}  // namespace p4nf::deploy
