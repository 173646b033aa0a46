// nf/router's registration with the loader (loader/nf_module.h): its config section's
// translator, its agent task (the kernel FIB mirror) and the names of its `reasons`
// counter. Linked into p4nf through nf/CMakeLists.txt, as every module's control plane.
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
});

}  // namespace
}  // namespace p4nf::router
