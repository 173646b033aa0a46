// Putting a chain's first program on a hook, and swapping it, the way the kernel makes
// atomic: XDP through a bpf_link (bpf_link_create with the native or generic mode flag;
// bpf_link_update swaps the program), TC through a cls_bpf filter on the clsact qdisc
// (bpf_tc_attach; BPF_TC_F_REPLACE swaps it). A packet sees the old or the new program,
// never none.
#pragma once

#include <cstdint>
#include <string>

#include "loader/config/model.h"

namespace p4nf::deploy {

// The cls_bpf filter p4nf owns on a hook: handle 0x4e46 ("NF"), priority 1.
inline constexpr uint32_t kTcHandle = 0x4e46;
inline constexpr uint32_t kTcPriority = 1;

// Returns the link fd. Throws LoaderError (interface gone, another XDP program there, ...).
int createXdpLink(int programFd, uint32_t ifindex, config::XdpMode mode,
                  const std::string& interface);
void updateXdpLink(int linkFd, int programFd, const std::string& interface);
// Detaches the link's program from its device (the link object lives on while pinned).
void detachXdpLink(int linkFd, const std::string& interface);
// The program id a pinned XDP link runs; 0 when the link is detached.
uint32_t xdpLinkProgramId(int linkFd);

// Returns true when it had to create the clsact qdisc.
bool ensureClsact(uint32_t ifindex, const std::string& interface);
void destroyClsact(uint32_t ifindex);
// replace=false fails when p4nf's filter is already there.
void attachTc(int programFd, uint32_t ifindex, config::Hook hook, bool replace,
              const std::string& interface);
void detachTc(uint32_t ifindex, config::Hook hook, const std::string& interface);
// The program id of p4nf's filter on the hook; 0 when there is none.
uint32_t tcProgramId(uint32_t ifindex, config::Hook hook);

}  // namespace p4nf::deploy
