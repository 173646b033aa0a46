// `p4nf conntrack`: the connections of a running deployment's conntrack modules, the way
// the conntrack tool shows Linux's (list, count, delete, flush), read from and written to
// the `connections` table's pinned map. Registered as the module's addCommand.
#pragma once

namespace CLI {
class App;
}

namespace p4nf::conntrack {

void addConntrackCommand(CLI::App& app, int& exitCode);

}  // namespace p4nf::conntrack
