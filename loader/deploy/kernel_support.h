// Before a deployment changes anything: does this kernel offer everything it needs? Each
// module object's program type, map types and helper calls, and the attach mechanism of
// every hook it is attached to (loader/kernel_features.h probes them).
#pragma once

#include "loader/deploy/desired.h"

namespace p4nf::deploy {

// Throws KernelFeatureError naming each missing feature and who needs it.
void requireKernelSupport(const Desired& desired);

}  // namespace p4nf::deploy
