// nf/switch's registration with the loader (loader/nf_module.h): its config section's
// translator, the names of its `reasons` counter and what its counters mean to the agent's
// metrics. Linked into p4nf through nf/CMakeLists.txt.
#include "loader/nf_module.h"
#include "nf/switch/translator.h"

namespace p4nf::sw {
namespace {

const bool registered = registerNfModule({
    .name = "switch",
    .docs = "nf/switch/README.md",
    .translator = translateSwitchSection,
    .counterLabels = {{"reasons", reasonNames()}},
    .counterMetrics = {{"reasons", {CounterMeaning::Reasons, reasonVerdicts()}},
                       {"rx_port", {CounterMeaning::PortsIn, {}}},
                       {"tx_port", {CounterMeaning::PortsOut, {}}}},
});

}  // namespace
}  // namespace p4nf::sw
