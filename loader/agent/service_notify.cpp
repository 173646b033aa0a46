#include "loader/agent/service_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace p4nf::agent {

void notifyService(const std::string& state) { sd_notify(0, state.c_str()); }

bool serviceWatchdogWanted() {
  uint64_t usec = 0;
  return sd_watchdog_enabled(0, &usec) > 0;
}

}  // namespace p4nf::agent
