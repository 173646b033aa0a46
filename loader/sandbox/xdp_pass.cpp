#include "loader/sandbox/xdp_pass.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loader/loader_error.h"
#include "loader/sandbox/named_netns.h"

namespace p4nf::sandbox {

void attachXdpPass(const NetnsHandle& netns, const std::string& interface) {
  // r0 = XDP_PASS; exit
  const bpf_insn program[] = {
      {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .src_reg = 0, .off = 0,
       .imm = XDP_PASS},
      {.code = BPF_JMP | BPF_EXIT, .dst_reg = 0, .src_reg = 0, .off = 0, .imm = 0},
  };
  int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "p4nf_sbx_pass", "GPL", program, 2, nullptr);
  if (fd < 0)
    throw LoaderError("cannot load the sandbox's XDP_PASS program: " + std::string(strerror(errno)));
  try {
    runInNetns(netns, [&] {
      int index = if_nametoindex(interface.c_str());
      if (index == 0)
        throw LoaderError("interface '" + interface + "' not found in network namespace " +
                          netns.name());
      int error = bpf_xdp_attach(index, fd, XDP_FLAGS_DRV_MODE, nullptr);
      if (error < 0)
        throw LoaderError("cannot attach XDP_PASS to " + interface + " in " + netns.name() +
                          ": " + strerror(-error) +
                          " (native-mode redirects into this host would be dropped)");
    });
  } catch (...) {
    close(fd);
    throw;
  }
  close(fd);
}

}  // namespace p4nf::sandbox
