// Source locations and the files they point into.
//
// p4nfc lexes the output of the C preprocessor. Line markers (`# 12 "prog.p4"`) map every
// token back to the user's file and line; because cpp collapses runs of whitespace, the
// column cpp leaves is re-found in the original line (see SourceManager::originalColumn),
// so that a caret points where the user typed the token.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace p4nfc {

struct SourceLoc {
  uint32_t file = 0;  // index into SourceManager::files(); 0 = <unknown>
  uint32_t line = 0;  // 1-based; 0 = unknown
  uint32_t col = 0;   // 1-based; 0 = unknown

  bool valid() const { return line != 0; }
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
  friend auto operator<=>(const SourceLoc&, const SourceLoc&) = default;
};

class SourceManager {
 public:
  SourceManager();

  // Returns the id of `path`, registering it on first use.
  uint32_t fileId(const std::string& path);
  const std::string& fileName(uint32_t id) const;

  // Files given as in-memory text (fuzzer, tests, stdin) instead of a path on disk.
  void setFileContents(uint32_t id, std::string text);

  // Text of line `line` of file `id` (no newline), read lazily from disk; empty if unavailable.
  std::string_view lineText(uint32_t id, uint32_t line);

  // Where `spelling` starts in the original line, searching from `fromCol`; 0 if not found.
  uint32_t originalColumn(uint32_t id, uint32_t line, uint32_t fromCol, std::string_view spelling);

  // True for files under a system include directory (p4/include): the printer re-emits
  // `#include <...>` for them instead of their declarations.
  bool isSystemFile(uint32_t id) const;
  void addSystemDir(std::string dir);

  // The file whose #include first entered file `id` (cpp's line marker flag 1); 0 if none
  // is known. The printer names the outermost system file: <tc/pna.p4>, not the <pna.p4>
  // it includes.
  void setIncluder(uint32_t id, uint32_t includer);
  uint32_t includer(uint32_t id) const;

  std::string describe(SourceLoc loc) const;  // "file:line:col"

 private:
  struct File {
    std::string name;
    uint32_t includer = 0;
    bool loaded = false;
    std::vector<std::string> lines;
  };
  void load(File& f);
  std::vector<File> files_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> systemDirs_;
};

}  // namespace p4nfc
