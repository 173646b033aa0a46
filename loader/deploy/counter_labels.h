// Names for the cells of a prebuilt module's Counter externs: a counter indexed by a
// reason or a class ("forward_ipv4", "drop_no_route", ...) is read best by those names.
// A module's control plane registers them under its nf name, like its translator
// (loader/config/translator.h), and `p4nf counter` prints them next to each index. The
// loader knows no module's names itself.
#pragma once

#include <string>
#include <vector>

namespace p4nf::deploy {

// `counter` is the extern's bare name (`reasons`) or its full manifest name; label i
// names cell i. A later registration replaces an earlier one; empty labels remove it.
void registerCounterLabels(const std::string& nfName, const std::string& counter,
                           std::vector<std::string> labels);
// The labels of the counter `counterName` (full manifest name) of an `nf: <nfName>`
// module, matched by full name first, then by the part after the last dot; nullptr when
// there are none.
const std::vector<std::string>* findCounterLabels(const std::string& nfName,
                                                  const std::string& counterName);

}  // namespace p4nf::deploy
