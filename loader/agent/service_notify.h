// systemd's service notifications (sd_notify(3)) for `p4nf up` run by the unit
// deploy/systemd/p4nf@.service (Type=notify): READY=1 once the agent runs (so that
// `systemctl start` returns after the apply, and fails with it), RELOADING=1 then READY=1
// around a SIGHUP's apply, STOPPING=1 on the way out, and WATCHDOG=1 on every turn of the
// agent's loop when the unit sets WatchdogSec= (systemd restarts an agent whose loop
// stopped turning). Outside systemd ($NOTIFY_SOCKET unset) every call does nothing.
#pragma once

#include <string>

namespace p4nf::agent {

// `state`: newline-separated assignments, e.g. "READY=1\nSTATUS=running".
void notifyService(const std::string& state);
// The unit asked for watchdog pings (WatchdogSec=, passed as $WATCHDOG_USEC).
bool serviceWatchdogWanted();

}  // namespace p4nf::agent
