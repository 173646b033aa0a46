// nf/router's registration with the loader (loader/nf_module.h): its config section's
// translator, its agent task (the kernel FIB mirror), the names of its `reasons` counter
// and what its counters mean to the agent's metrics. Linked into p4nf through nf/CMakeLists.txt, as every module's control plane.
#include "loader/nf_module.h"
#include "nf/router/reasons.h"
#include "nf/router/router_agent.h"
#include "nf/router/translator.h"

namespace p4nf::router {
namespace {

const bool registered = registerNfModule({
    .name = "router",
    .docs = "nf/router/README.md",
    .translator = translateRouterSection,
    .agentTask = makeRouterAgentTask,
    .counterLabels = {{"reasons", reasonNames()}},
    .counterMetrics = {{"reasons", {CounterMeaning::Reasons, reasonVerdicts()}},
                       {"rx_port", {CounterMeaning::PortsIn, {}}},
                       {"tx_port", {CounterMeaning::PortsOut, {}}}},
});

}  // namespace
}  // namespace p4nf::router
