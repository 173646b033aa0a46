#include "frontend/source.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace p4nfc {

SourceManager::SourceManager() {
  files_.push_back(File{"<unknown>", true, {}});
}

uint32_t SourceManager::fileId(const std::string& path) {
  auto it = ids_.find(path);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(files_.size());
  files_.push_back(File{path, false, {}});
  ids_.emplace(path, id);
  return id;
}

const std::string& SourceManager::fileName(uint32_t id) const {
  return id < files_.size() ? files_[id].name : files_[0].name;
}

static std::vector<std::string> splitLines(std::istream& in) {
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

void SourceManager::setFileContents(uint32_t id, std::string text) {
  if (id == 0 || id >= files_.size()) return;
  std::istringstream in(text);
  files_[id].lines = splitLines(in);
  files_[id].loaded = true;
}

void SourceManager::load(File& f) {
  f.loaded = true;
  std::ifstream in(f.name, std::ios::binary);
  if (in) f.lines = splitLines(in);
}

std::string_view SourceManager::lineText(uint32_t id, uint32_t line) {
  if (id == 0 || id >= files_.size() || line == 0) return {};
  File& f = files_[id];
  if (!f.loaded) load(f);
  if (line > f.lines.size()) return {};
  return f.lines[line - 1];
}

uint32_t SourceManager::originalColumn(uint32_t id, uint32_t line, uint32_t fromCol,
                                       std::string_view spelling) {
  std::string_view text = lineText(id, line);
  if (spelling.empty() || fromCol == 0 || fromCol > text.size() + 1) return 0;
  size_t pos = text.find(spelling, fromCol - 1);
  return pos == std::string_view::npos ? 0 : static_cast<uint32_t>(pos + 1);
}

void SourceManager::setIncluder(uint32_t id, uint32_t includer) {
  if (id < files_.size() && id != includer && files_[id].includer == 0) files_[id].includer = includer;
}

uint32_t SourceManager::includer(uint32_t id) const {
  return id < files_.size() ? files_[id].includer : 0;
}

bool SourceManager::isSystemFile(uint32_t id) const {
  if (id == 0 || id >= files_.size()) return false;
  const std::string& name = files_[id].name;
  for (const auto& dir : systemDirs_) {
    if (name.size() > dir.size() && name.compare(0, dir.size(), dir) == 0 &&
        name[dir.size()] == '/')
      return true;
  }
  return false;
}

void SourceManager::addSystemDir(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  systemDirs_.push_back(std::move(dir));
}

std::string SourceManager::describe(SourceLoc loc) const {
  if (!loc.valid()) return fileName(loc.file);
  if (loc.col == 0) return fmt::format("{}:{}", fileName(loc.file), loc.line);
  return fmt::format("{}:{}:{}", fileName(loc.file), loc.line, loc.col);
}

}  // namespace p4nfc
