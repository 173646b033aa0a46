// `p4nf down`: detach every attach point the deployment made, unpin its programs, links and
// maps, remove its state file. Only what the state file lists is touched: filters, links
// and pins of anyone else stay. A clsact qdisc is removed only when p4nf created it.
#pragma once

#include <functional>
#include <string>

namespace p4nf::deploy {

// Returns false when the deployment does not exist (no state file). Throws LoaderError
// when something could not be removed (after trying everything else).
bool tearDown(const std::string& deployment,
              const std::function<void(const std::string&)>& log = {});

}  // namespace p4nf::deploy
