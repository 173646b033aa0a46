#include "loader/config/nf_catalog.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/install_layout.h"

namespace p4nf::config {

namespace fs = std::filesystem;

std::vector<std::string> defaultNfSearchPath() {
  std::vector<std::string> path;
  if (const char* env = std::getenv("P4NF_NF_PATH"); env && *env) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t colon = list.find(':', start);
      if (colon == std::string::npos) colon = list.size();
      if (colon > start) path.push_back(list.substr(start, colon - start));
      start = colon + 1;
    }
    return path;
  }
#ifdef P4NF_SOURCE_NF_DIR
  path.push_back(install::nfDir(P4NF_SOURCE_NF_DIR));
#else
  if (auto data = install::installedDataDir()) path.push_back(*data + "/nf");
#endif
  return path;
}

std::vector<std::string> availableNfs(const std::vector<std::string>& searchPath) {
  std::vector<std::string> names;
  for (const std::string& dir : searchPath) {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
      std::string name = entry.path().filename().string();
      if (fs::is_regular_file(entry.path() / (name + ".p4"), error)) names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<std::string> findNfSource(const std::string& name,
                                        const std::vector<std::string>& searchPath) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    return std::nullopt;
  for (const std::string& dir : searchPath) {
    fs::path source = fs::path(dir) / name / (name + ".p4");
    std::error_code error;
    if (fs::is_regular_file(source, error)) return source.string();
  }
  return std::nullopt;
}

}  // namespace p4nf::config
