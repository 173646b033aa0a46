#include "loader/deploy/teardown.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "loader/deploy/agent_presence.h"
#include "loader/deploy/attach_point.h"
#include "loader/deploy/bpffs.h"
#include "loader/deploy/deployment_lock.h"
#include "loader/deploy/deployment_state.h"
#include "loader/loader_error.h"

namespace p4nf::deploy {

bool tearDown(const std::string& deployment, const std::function<void(const std::string&)>& log) {
  DeploymentLock lock(deployment);
  forgetDeadAgent(deployment);
  std::optional<DeploymentState> state = readState(deployment);
  if (!state) {
    removeState(deployment);  // the lock file
    return false;
  }
  std::vector<std::string> failures;
  auto attempt = [&](const std::string& what, const std::function<void()>& step) {
    try {
      step();
      if (log) log(what);
    } catch (const std::exception& error) {
      failures.push_back(error.what());
    }
  };
  auto unpin = [&](const std::string& path) {
    if (unlink(path.c_str()) != 0 && errno != ENOENT)
      failures.push_back("cannot unpin " + path + ": " + std::strerror(errno));
  };
  std::set<uint32_t> clsactToRemove;
  for (const AttachRecord& a : state->attachments) {
    std::string where = a.chain + " from " + a.interface + " " + config::hookName(a.hook);
    if (a.hook == config::Hook::Xdp) {
      attempt("detached " + where, [&] {
        int fd = bpf_obj_get(a.linkPin.c_str());
        if (fd < 0) return;  // already gone
        try {
          detachXdpLink(fd, a.interface);
        } catch (...) {
          close(fd);
          throw;
        }
        close(fd);
      });
      unpin(a.linkPin);
    } else {
      attempt("detached " + where, [&] { detachTc(a.ifindex, a.hook, a.interface); });
      if (a.createdClsact) clsactToRemove.insert(a.ifindex);
    }
  }
  for (uint32_t ifindex : clsactToRemove) destroyClsact(ifindex);
  for (const ProgramRecord& p : state->programs) unpin(p.pin);
  for (const MapRecord& m : state->maps) unpin(m.pin);
  if (!failures.empty()) {
    std::string message = "down " + deployment + " left things behind:";
    for (const std::string& f : failures) message += "\n  " + f;
    throw LoaderError(message + "\nthe state file " + stateFile(deployment) +
                      " is kept; fix and run down again");
  }
  removeEmptyDirectories(pinDirectory(deployment), pinRoot());
  removeEmptyDirectories(pinRoot(), pinRoot().substr(0, pinRoot().find_last_of('/')));
  removeState(deployment);
  if (log) log("deployment " + deployment + " is down");
  return true;
}

}  // namespace p4nf::deploy
