// Carrying out a plan, all or nothing (docs/loader.md, "Apply"):
//   stage    open the maps it keeps, load every new program (creating new maps on the way,
//            each pinned under a name carrying the new generation), fill the tables of new
//            maps, apply the entry diff to kept ones (after a snapshot), write the ports;
//   commit   put new programs into their chain slots, then swap, create or remove the
//            attach points (bpf_link_update / BPF_TC_F_REPLACE: the data path never sees a
//            gap), then write the state file: that write is the commit point;
//   clean    unpin what the new deployment no longer uses.
// Any failure before the commit point undoes every step, newest first, so the previous
// deployment keeps running with its pins, program ids and map contents as they were.
#pragma once

#include <functional>
#include <string>

#include "loader/deploy/deployment_state.h"
#include "loader/deploy/desired.h"
#include "loader/deploy/plan.h"

namespace p4nf::deploy {

struct ApplyHooks {
  // Called after staging and before the commit; tests use it to inject a failure (a
  // vanished interface, ...) at the worst moment.
  std::function<void()> beforeCommit;
  // Where to say what was done (one line per step); null: quiet.
  std::function<void(const std::string&)> log;
};

// Returns the new state (also written to the state file). Throws LoaderError after a full
// rollback; the message says what failed and, if some undo failed too, what is left.
DeploymentState applyPlan(const Desired& desired, const Plan& plan, const DeploymentState* current,
                          const ApplyHooks& hooks = {});

// Plan and apply under the deployment's lock; returns the state and whether anything changed.
struct ApplyOutcome {
  DeploymentState state;
  bool changed = false;
  std::string description;  // the plan, one line per action
};
ApplyOutcome applyDeployment(const Desired& desired, const ApplyHooks& hooks = {});

}  // namespace p4nf::deploy
