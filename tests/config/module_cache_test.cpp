// The module compile cache: what its key covers, and storing and loading objects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "loader/config/module_cache.h"

namespace p4nf::config {
namespace {

namespace fs = std::filesystem;

class ModuleCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("p4nf-cache-test-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "inc");
    write("main.p4", "#include <core.p4>\n#include \"local.p4\"\n  #  include <lib.p4>\n");
    write("local.p4", "// local\n#include \"main.p4\"\n");
    write("inc/lib.p4", "// lib\n#include \"missing.p4\"\n");
    write("inc/core.p4", "// core\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string path(const std::string& name) { return (dir_ / name).string(); }
  std::string key(const std::string& target = "xdp", const std::string& compiler = "c1") {
    return moduleCacheKey(path("main.p4"), target, compiler, {path("inc")});
  }
  fs::path dir_;
};

TEST_F(ModuleCacheTest, IncludeClosureFollowsIncludesOnce) {
  EXPECT_EQ(includeClosure(path("main.p4"), {path("inc")}),
            (std::vector<std::string>{path("main.p4"), path("inc/core.p4"), path("local.p4"),
                                      path("inc/lib.p4")}));
}

TEST_F(ModuleCacheTest, KeyChangesWithEveryInput) {
  std::string base = key();
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(key(), base);
  EXPECT_NE(key("tc"), base);
  EXPECT_NE(key("xdp", "c2"), base);
  write("inc/lib.p4", "// lib, changed\n");
  std::string afterInclude = key();
  EXPECT_NE(afterInclude, base);
  write("main.p4", "#include <core.p4>\n#include \"local.p4\"\n  #  include <lib.p4>\n// edit\n");
  EXPECT_NE(key(), afterInclude);
}

TEST_F(ModuleCacheTest, StoresAndLoads) {
  ModuleCache cache((dir_ / "cache").string());
  EXPECT_FALSE(cache.load("abc"));
  cache.store("abc", std::string("\x7f" "ELF\0bytes", 9));
  EXPECT_EQ(cache.load("abc"), std::string("\x7f" "ELF\0bytes", 9));
}

TEST_F(ModuleCacheTest, ResolverCompilesOncePerContent) {
  int compiles = 0;
  ResolverOptions options;
  options.cacheDir = (dir_ / "cache").string();
  options.compilerId = "test";
  options.includeDirs = {path("inc")};
  ModuleResolver resolver = makeCompilingResolver(
      [&](const std::string& source, const std::string& target) -> std::optional<std::string> {
        ++compiles;
        return "object of " + source + " for " + target;
      },
      options);
  ModuleSpec module;
  module.path = path("main.p4");
  EXPECT_EQ(resolver(module, "xdp").elf, "object of " + path("main.p4") + " for xdp");
  EXPECT_EQ(resolver(module, "xdp").elf, "object of " + path("main.p4") + " for xdp");
  EXPECT_EQ(compiles, 1);
  resolver(module, "tc");
  EXPECT_EQ(compiles, 2);
  write("local.p4", "// changed\n");
  resolver(module, "xdp");
  EXPECT_EQ(compiles, 3);
}

TEST_F(ModuleCacheTest, CompileFailureIsALoaderError) {
  ResolverOptions options;
  options.cacheDir = "";
  ModuleResolver resolver = makeCompilingResolver(
      [](const std::string&, const std::string&) -> std::optional<std::string> { return std::nullopt; },
      options);
  ModuleSpec module;
  module.path = path("main.p4");
  EXPECT_THROW(resolver(module, "xdp"), LoaderError);
}

TEST(ModuleCacheDir, FollowsXdgCacheHome) {
  const char* old = std::getenv("XDG_CACHE_HOME");
  std::string saved = old ? old : "";
  setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(defaultCacheDir(), "/tmp/xdg/p4nf");
  unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(defaultCacheDir(), "/var/cache/p4nf");
  if (old) setenv("XDG_CACHE_HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace p4nf::config
