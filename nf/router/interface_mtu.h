// The MTU of a kernel network interface, for a router port whose `mtu:` the config leaves
// out: the static translator reads it whenever the config is applied (`p4nf up`, `p4nf
// apply`, SIGHUP), so the port_macs entries hold the MTUs the ports have then. (With `fib:
// kernel` the mirror follows the links' MTUs live instead: kernel_fib.h.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace p4nf::router {

// The MTU of interface `name` in this process's network namespace; std::nullopt when there
// is no such interface (yet: a sandbox's ports are made after the config is read).
std::optional<uint32_t> kernelInterfaceMtu(const std::string& name);

}  // namespace p4nf::router
