// Named network namespaces, the way `ip netns add` makes them: a file under /run/netns
// bind-mounted on a namespace, so that the namespace outlives the process that made it and
// `ip netns exec NAME ...` finds it. We make them ourselves (a thread unshares and
// bind-mounts its namespace) rather than running `ip`, so that errors come back as errno
// values we can explain and no external command is in the path.
#pragma once

#include <functional>
#include <string>

namespace p4nf::sandbox {

// /run/netns/<name>.
std::string netnsPath(const std::string& name);

// Creates the namespace; throws LoaderError when the name is taken or the kernel refuses.
void createNamedNetns(const std::string& name);

// Unmounts and removes the name; the namespace dies with its last user. Missing names
// are fine (teardown after a crash). Returns false when nothing was there.
bool removeNamedNetns(const std::string& name);

// Sends SIGKILL to every process whose network namespace is the named one (what `ip
// netns pids` lists): a sandbox host's iperf3 server or ping would otherwise live on in a
// namespace nobody can reach. Returns how many it signalled.
int killNetnsProcesses(const std::string& name);

bool namedNetnsExists(const std::string& name);

// An open descriptor of the namespace (O_CLOEXEC); closes itself.
class NetnsHandle {
 public:
  explicit NetnsHandle(const std::string& name);
  ~NetnsHandle();
  NetnsHandle(const NetnsHandle&) = delete;
  NetnsHandle& operator=(const NetnsHandle&) = delete;
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  int fd_ = -1;
};

// Runs `work` on a thread that has entered the namespace; the caller's own thread never
// changes namespace. Exceptions thrown by `work` come back to the caller.
void runInNetns(const NetnsHandle& netns, const std::function<void()>& work);

}  // namespace p4nf::sandbox
