// nf/conntrack's registration with the loader (loader/nf_module.h): its config section's
// translator, the names of its `reasons` counter, its agent task (the
// configured timeouts) and its own verb, `p4nf conntrack`. Linked into p4nf through
// nf/CMakeLists.txt, as every module's control plane.
#include "loader/nf_module.h"
#include "nf/conntrack/conntrack_command.h"
#include "nf/conntrack/reasons.h"
#include "nf/conntrack/timeouts_agent.h"
#include "nf/conntrack/translator.h"

namespace p4nf::conntrack {
namespace {

const bool registered = registerNfModule({
    .name = "conntrack",
    .docs = "nf/conntrack/README.md",
    .translator = translateConntrackSection,
    .agentTask = makeTimeoutsAgentTask,
    .counterLabels = {{"reasons", reasonNames()},
                      {"states", {"unknown", "new", "established", "related", "invalid"}}},
    .counterMetrics = {{"reasons", {CounterMeaning::Reasons, reasonVerdicts()}}},
    .addCommand = addConntrackCommand,
});

}  // namespace
}  // namespace p4nf::conntrack
