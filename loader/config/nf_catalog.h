// The prebuilt network functions a config can name with `nf: <name>`: the folders of the
// nf/ directory that hold <name>/<name>.p4. Where nf/ is: the colon-separated list in
// $P4NF_NF_PATH, else the source tree this p4nf was built from.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace p4nf::config {

std::vector<std::string> defaultNfSearchPath();

// The names found in the search path, sorted, without duplicates.
std::vector<std::string> availableNfs(const std::vector<std::string>& searchPath);

// The path of <dir>/<name>/<name>.p4 in the first directory that has it.
std::optional<std::string> findNfSource(const std::string& name,
                                        const std::vector<std::string>& searchPath);

}  // namespace p4nf::config
