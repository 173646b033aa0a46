// The sandbox: a config's ports made real as veth pairs whose far ends are hosts in their
// own network namespaces (docs/config.md, "Sandbox"), so that a config can be tried
// without real interfaces.
//
// Everything made is written to a record file *before* it is made, so that teardown
// removes exactly what a sandbox made, also after a crash half-way through creating it,
// and nothing else: a near end is deleted only while it is still a veth.
#pragma once

#include <string>

#include "loader/sandbox/sandbox_plan.h"

namespace p4nf::sandbox {

// /run/p4nf/<deployment>/sandbox.json: on tmpfs, like the namespaces it lists, so a
// reboot clears both together.
std::string defaultRecordPath(const std::string& deployment);

// Creates every host of the plan. All or nothing: on failure what was made is removed
// again and the error is thrown (LoaderError). Fails without touching anything when the
// record file exists (a sandbox of this deployment is up) or a port interface exists.
void createSandbox(const SandboxPlan& plan, const std::string& recordPath);

// What a restarted `p4nf up --sandbox` calls: when the record of an earlier run exists,
// was made from the same plan and every piece of it is still there, the sandbox is
// adopted as it is (returns false: nothing was touched, traffic never stopped); without a
// record it is created (returns true). A record of a different plan, or pieces missing,
// throw LoaderError saying to run `p4nf down` first.
bool adoptOrCreateSandbox(const SandboxPlan& plan, const std::string& recordPath);

// Removes what the record lists, then the record. Tolerates pieces already gone. Returns
// false when there was no record (no sandbox to remove).
bool destroySandbox(const std::string& recordPath);

// The plan a record holds (for `p4nf status` and tests); throws when unreadable.
SandboxPlan readSandboxRecord(const std::string& recordPath);

}  // namespace p4nf::sandbox
