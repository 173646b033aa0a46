// Why a sandbox host's interface carries an XDP program that does nothing but pass.
//
// A native-mode XDP program on a port redirects a frame to another port with
// bpf_redirect_map(); for a veth that is ndo_xdp_xmit(), which hands the frame straight to
// the *peer's* receive queue, the far end in the host namespace. That queue exists only
// while the peer runs NAPI: since Linux 5.13 when GRO is on, and on every kernel when the
// peer has an XDP program of its own. Without either the frame is dropped silently (the
// veth counts it in its xdp_xmit errors). Generic XDP and TC redirect through the normal
// transmit path and do not care. Attaching a two-instruction XDP_PASS program works on
// every kernel with veth XDP and needs no ethtool feature juggling, so the sandbox does it.
#pragma once

#include <string>

namespace p4nf::sandbox {

class NetnsHandle;

// Loads an XDP program returning XDP_PASS and attaches it in native (driver) mode to
// `interface` inside `netns`. The attachment is by netlink, not a bpf_link: it stays
// after this process exits and goes away with the interface.
void attachXdpPass(const NetnsHandle& netns, const std::string& interface);

}  // namespace p4nf::sandbox
