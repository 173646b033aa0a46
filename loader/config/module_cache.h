// The compile cache for `p4:` and `nf:` modules, and the resolver the p4nf command hands
// to validateConfig(). A module is compiled once per content: the cache key is the
// SHA-256 of the target, the compiler's identity and every file the program includes
// (path and bytes), so editing any of them recompiles and nothing else does.
//
// Where: $XDG_CACHE_HOME/p4nf when XDG_CACHE_HOME is set, else /var/cache/p4nf; one file
// per object, <key>.o, written atomically (temporary file + rename). Deleting the folder
// is always safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loader/config/validate.h"

namespace p4nf::config {

std::string defaultCacheDir();

// The built-in P4 include folder (core.p4, pna.p4) of the source tree p4nf was built from.
std::vector<std::string> defaultIncludeDirs();

// The source and every file it #includes, transitively, found as the preprocessor finds
// them ("x" next to the including file, then the include dirs; <x> in the include dirs).
// Files that cannot be found are left out: the compiler will report them.
std::vector<std::string> includeClosure(const std::string& source,
                                        const std::vector<std::string>& includeDirs);

// Lower-case hex SHA-256.
std::string sha256Hex(const std::string& bytes);

std::string moduleCacheKey(const std::string& source, const std::string& target,
                           const std::string& compilerId,
                           const std::vector<std::string>& includeDirs);

// What identifies the compiler linked into the running program: `version` plus the path,
// size and modification time of /proc/self/exe (p4nf links the compiler statically, so
// rebuilding p4nf invalidates the cache even when the version text stays the same).
std::string executableFingerprint(const std::string& version);

class ModuleCache {
 public:
  explicit ModuleCache(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  std::string pathOf(const std::string& key) const;
  std::optional<std::string> load(const std::string& key) const;
  // Throws LoaderError when the folder or the file cannot be written.
  void store(const std::string& key, const std::string& object) const;

 private:
  std::string dir_;
};

// Source -> object bytes for a target, or std::nullopt after printing the compiler's
// diagnostics (loader/cli/compile_p4.h's compileP4 fits).
using CompileFunction =
    std::function<std::optional<std::string>(const std::string& source, const std::string& target)>;

struct ResolverOptions {
  std::string cacheDir = defaultCacheDir();  // empty: no cache
  std::string compilerId;                     // e.g. executableFingerprint("p4nfc 0.1")
  std::vector<std::string> includeDirs = defaultIncludeDirs();
  // For `nf:` modules when `compile` is empty (a build without the compiler): objects
  // prebuilt as <dir>/<name>/<name>.<target>.o or <dir>/<name>/<name>.o.
  std::vector<std::string> prebuiltDirs;
};

// Compiles through the cache; a cache that cannot be written only costs a warning on
// stderr (the object is still used).
ModuleResolver makeCompilingResolver(CompileFunction compile, ResolverOptions options);

}  // namespace p4nf::config
