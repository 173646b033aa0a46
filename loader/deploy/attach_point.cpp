#include "loader/deploy/attach_point.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"

namespace p4nf::deploy {
namespace {

std::string errorText(int error) { return std::strerror(error < 0 ? -error : error); }

bpf_tc_attach_point tcPoint(config::Hook hook) {
  return hook == config::Hook::TcEgress ? BPF_TC_EGRESS : BPF_TC_INGRESS;
}

// libbpf's option structs, zeroed with their size set (DECLARE_LIBBPF_OPTS is C-only style).
bpf_tc_hook tcHook(uint32_t ifindex, bpf_tc_attach_point point) {
  bpf_tc_hook hook{};
  hook.sz = sizeof hook;
  hook.ifindex = static_cast<int>(ifindex);
  hook.attach_point = point;
  return hook;
}

bpf_tc_opts tcOptions(int programFd = 0) {
  bpf_tc_opts options{};
  options.sz = sizeof options;
  options.handle = kTcHandle;
  options.priority = kTcPriority;
  options.prog_fd = programFd;
  return options;
}

}  // namespace

int createXdpLink(int programFd, uint32_t ifindex, config::XdpMode mode,
                  const std::string& interface) {
  bpf_link_create_opts options{};
  options.sz = sizeof options;
  options.flags = mode == config::XdpMode::Native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
  int fd = bpf_link_create(programFd, static_cast<int>(ifindex), BPF_XDP, &options);
  if (fd < 0) {
    int error = errno;
    std::string hint;
    if (error == EBUSY || error == EEXIST)
      hint = " (another XDP program is attached: see `ip link show " + interface + "`)";
    else if (error == EOPNOTSUPP || error == EINVAL)
      hint = mode == config::XdpMode::Native
                 ? " (the driver may lack native XDP: try mode: generic)"
                 : "";
    else if (error == ENODEV)
      hint = " (the interface is gone)";
    throw LoaderError("cannot attach XDP (" + std::string(config::xdpModeName(mode)) + ") to " +
                      interface + ": " + errorText(error) + hint);
  }
  return fd;
}

void updateXdpLink(int linkFd, int programFd, const std::string& interface) {
  if (bpf_link_update(linkFd, programFd, nullptr) != 0)
    throw LoaderError("cannot swap the XDP program on " + interface + ": " + errorText(errno));
}

void detachXdpLink(int linkFd, const std::string& interface) {
  if (bpf_link_detach(linkFd) != 0 && errno != ENOLINK)
    throw LoaderError("cannot detach XDP from " + interface + ": " + errorText(errno));
}

uint32_t xdpLinkProgramId(int linkFd) {
  bpf_link_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(linkFd, &info, &length) != 0) return 0;
  if (info.type == BPF_LINK_TYPE_XDP && info.xdp.ifindex == 0) return 0;  // detached
  return info.prog_id;
}

bool ensureClsact(uint32_t ifindex, const std::string& interface) {
  bpf_tc_hook hook = tcHook(ifindex, BPF_TC_INGRESS);
  int error = bpf_tc_hook_create(&hook);
  if (error == -EEXIST) return false;
  if (error)
    throw LoaderError("cannot create the clsact qdisc on " + interface + ": " + errorText(error));
  return true;
}

void destroyClsact(uint32_t ifindex) {
  bpf_tc_hook hook =
      tcHook(ifindex, static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS));
  bpf_tc_hook_destroy(&hook);
}

void attachTc(int programFd, uint32_t ifindex, config::Hook hook, bool replace,
              const std::string& interface) {
  bpf_tc_hook point = tcHook(ifindex, tcPoint(hook));
  bpf_tc_opts options = tcOptions(programFd);
  if (replace) options.flags = BPF_TC_F_REPLACE;
  int error = bpf_tc_attach(&point, &options);
  if (error) {
    std::string hint =
        error == -EEXIST ? " (a filter with p4nf's handle 0x4e46 and priority 1 is already there: "
                           "another deployment uses this hook?)"
        : error == -ENODEV ? " (the interface is gone)"
                           : "";
    throw LoaderError(std::string(replace ? "cannot swap" : "cannot attach") +
                      " the TC program on " + interface + " " + config::hookName(hook) + ": " +
                      errorText(error) + hint);
  }
}

void detachTc(uint32_t ifindex, config::Hook hook, const std::string& interface) {
  bpf_tc_hook point = tcHook(ifindex, tcPoint(hook));
  bpf_tc_opts options = tcOptions();
  int error = bpf_tc_detach(&point, &options);
  if (error && error != -ENOENT && error != -ENODEV && error != -EINVAL)
    throw LoaderError("cannot detach the TC program from " + interface + ": " + errorText(error));
}

uint32_t tcProgramId(uint32_t ifindex, config::Hook hook) {
  bpf_tc_hook point = tcHook(ifindex, tcPoint(hook));
  bpf_tc_opts options = tcOptions();
  if (bpf_tc_query(&point, &options) != 0) return 0;
  return options.prog_id;
}

}  // namespace p4nf::deploy
