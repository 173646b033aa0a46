#include "loader/config/module_cache.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/install_layout.h"
#include "loader/loader_error.h"

namespace p4nf::config {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::string> findInclude(const std::string& name, bool quoted,
                                       const fs::path& includer,
                                       const std::vector<std::string>& includeDirs) {
  std::error_code error;
  if (quoted) {
    fs::path candidate = includer.parent_path() / name;
    if (fs::is_regular_file(candidate, error)) return candidate.lexically_normal().string();
  }
  for (const std::string& dir : includeDirs) {
    fs::path candidate = fs::path(dir) / name;
    if (fs::is_regular_file(candidate, error)) return candidate.lexically_normal().string();
  }
  return std::nullopt;
}

}  // namespace

std::string defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "p4nf").string();
  return "/var/cache/p4nf";
}

std::vector<std::string> defaultIncludeDirs() {
#ifdef P4NF_SOURCE_INCLUDE_DIR
  return {install::includeDir(P4NF_SOURCE_INCLUDE_DIR)};
#else
  if (auto data = install::installedDataDir()) return {*data + "/include"};
  return {};
#endif
}

std::vector<std::string> includeClosure(const std::string& source,
                                        const std::vector<std::string>& includeDirs) {
  static const std::regex includeLine(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::vector<std::string> files = {fs::path(source).lexically_normal().string()};
  std::set<std::string> seen(files.begin(), files.end());
  for (size_t i = 0; i < files.size(); ++i) {
    auto text = readWhole(files[i]);
    if (!text) continue;
    std::istringstream lines(*text);
    std::string line;
    while (std::getline(lines, line)) {
      std::smatch match;
      if (!std::regex_search(line, match, includeLine)) continue;
      auto found = findInclude(match[2], match[1] == "\"", files[i], includeDirs);
      if (found && seen.insert(*found).second) files.push_back(*found);
    }
  }
  return files;
}

std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr))
    throw LoaderError("SHA-256 failed (OpenSSL)");
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

std::string moduleCacheKey(const std::string& source, const std::string& target,
                           const std::string& compilerId,
                           const std::vector<std::string>& includeDirs) {
  // Length-prefixed parts, so that no two different inputs concatenate alike.
  std::string material;
  auto add = [&](const std::string& part) {
    material += std::to_string(part.size()) + ":" + part;
  };
  add("p4nf-module-cache-v1");
  add(target);
  add(compilerId);
  for (const std::string& file : includeClosure(source, includeDirs)) {
    add(file);
    add(readWhole(file).value_or(""));
  }
  return sha256Hex(material);
}

std::string executableFingerprint(const std::string& version) {
  std::error_code error;
  fs::path exe = fs::read_symlink("/proc/self/exe", error);
  struct stat info {};
  std::string fingerprint = version;
  if (!error && stat(exe.c_str(), &info) == 0)
    fingerprint += "|" + exe.string() + "|" + std::to_string(info.st_size) + "|" +
                   std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
  return fingerprint;
}

std::string ModuleCache::pathOf(const std::string& key) const {
  return (fs::path(dir_) / (key + ".o")).string();
}

std::optional<std::string> ModuleCache::load(const std::string& key) const {
  return readWhole(pathOf(key));
}

void ModuleCache::store(const std::string& key, const std::string& object) const {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) throw LoaderError("cannot create the module cache " + dir_ + ": " + error.message());
  std::string temporary = pathOf(key) + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << object;
    if (!out) {
      fs::remove(temporary, error);
      throw LoaderError("cannot write " + temporary);
    }
  }
  fs::rename(temporary, pathOf(key), error);
  if (error) {
    fs::remove(temporary, error);
    throw LoaderError("cannot write " + pathOf(key) + ": " + error.message());
  }
}

ModuleResolver makeCompilingResolver(CompileFunction compile, ResolverOptions options) {
  return [compile = std::move(compile), options = std::move(options)](
             const ModuleSpec& module, const std::string& target) -> ResolvedObject {
    if (!compile) {
      if (module.source == ModuleSource::Nf)
        for (const std::string& dir : options.prebuiltDirs)
          for (const std::string& name : {module.nf + "." + target + ".o", module.nf + ".o"})
            if (auto object = readWhole((fs::path(dir) / module.nf / name).string()))
              return ResolvedObject{std::move(*object), nullptr};
      throw LoaderError("this build of p4nf has no compiler and no prebuilt object for " +
                        module.path);
    }
    std::optional<ModuleCache> cache;
    std::string key;
    if (!options.cacheDir.empty()) {
      cache.emplace(options.cacheDir);
      key = moduleCacheKey(module.path, target, options.compilerId, options.includeDirs);
      if (auto object = cache->load(key)) return ResolvedObject{std::move(*object), nullptr};
    }
    auto object = compile(module.path, target);
    if (!object)
      throw LoaderError(module.path + " does not compile for " + target +
                        " (the compiler's messages are above)");
    if (cache) {
      try {
        cache->store(key, *object);
      } catch (const LoaderError& e) {
        std::fprintf(stderr, "p4nf: warning: module cache not written: %s\n", e.what());
      }
    }
    return ResolvedObject{std::move(*object), nullptr};
  };
}

}  // namespace p4nf::config
