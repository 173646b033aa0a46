#include "frontend/preprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <vector>

#include "common/install_layout.h"

#ifndef P4NFC_INCLUDE_DIR
#define P4NFC_INCLUDE_DIR "p4/include"
#endif

extern char** environ;

namespace p4nfc {

std::string defaultSystemIncludeDir() {
  const char* env = std::getenv("P4NFC_INCLUDE");
  if (env && *env) return env;
  return p4nf::install::includeDir(P4NFC_INCLUDE_DIR);
}

namespace {

// Generous: a real P4 program preprocesses in milliseconds. This only stops a run away
// (say, `#include "/dev/zero"`).
constexpr int kTimeoutSeconds = 120;
constexpr size_t kMaxOutputBytes = size_t{512} << 20;

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

uint32_t toU32(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) v = std::min<uint64_t>(v * 10 + (c - '0'), UINT32_MAX);
  return static_cast<uint32_t>(v);
}

struct Pipe {
  int fds[2] = {-1, -1};
  bool open() { return pipe2(fds, O_CLOEXEC) == 0; }
  void close(int which) {
    if (fds[which] >= 0) ::close(fds[which]);
    fds[which] = -1;
  }
  ~Pipe() {
    close(0);
    close(1);
  }
};

// Reads stdout and stderr of the child until both are closed; false on timeout or when the
// output is unreasonably large.
bool drain(int outFd, int errFd, std::string& out, std::string& err, std::string& why) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  char buffer[65536];
  int open = 2;
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      why = "the preprocessor did not finish in time";
      return false;
    }
    int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
    if (n < 0) {
      if (errno == EINTR) continue;
      why = std::string("poll failed: ") + std::strerror(errno);
      return false;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(got));
        if (sinks[i]->size() > kMaxOutputBytes) {
          why = "the preprocessor output is too large";
          return false;
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
  return true;
}

}  // namespace

std::string preprocessorCommand() {
  const char* env = std::getenv("P4NFC_CPP");
  return env && *env ? env : "cpp";
}

size_t reportPreprocessorMessages(const std::string& stderrText, Diagnostics& diags) {
  size_t errors = 0;
  std::istringstream in(stderrText);
  std::string line;
  struct Kind {
    const char* marker;
    Severity severity;
  };
  static const Kind kinds[] = {{": fatal error: ", Severity::Error},
                               {": error: ", Severity::Error},
                               {": warning: ", Severity::Warning},
                               {": note: ", Severity::Note}};
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ' || line[0] == '\t') continue;  // context lines
    for (const auto& kind : kinds) {
      size_t at = line.find(kind.marker);
      if (at == std::string::npos) continue;
      std::string_view where(line.data(), at);
      std::string message = line.substr(at + std::strlen(kind.marker));
      // The lexer reports unterminated strings itself, with a better message.
      if (kind.severity == Severity::Warning && message.rfind("missing terminating", 0) == 0) break;
      // where = file[:line[:col]]; file names may contain ':'.
      SourceLoc loc;
      std::string_view file = where;
      std::vector<std::string_view> numbers;
      while (numbers.size() < 2) {
        size_t colon = file.rfind(':');
        if (colon == std::string_view::npos || !allDigits(file.substr(colon + 1))) break;
        numbers.insert(numbers.begin(), file.substr(colon + 1));
        file = file.substr(0, colon);
      }
      if (!numbers.empty() && file != "cc1") {
        loc.file = diags.sources().fileId(std::string(file));
        loc.line = toU32(numbers[0]);
        if (numbers.size() > 1) loc.col = toU32(numbers[1]);
      } else if (file != "cc1" && file != "cpp" && !file.empty()) {
        message = std::string(file) + ": " + message;
      }
      switch (kind.severity) {
        case Severity::Error:
          diags.error(loc, message);
          ++errors;
          break;
        case Severity::Warning:
          diags.warning(loc, message);
          break;
        case Severity::Note:
          diags.note(loc, message);
          break;
      }
      break;
    }
  }
  return errors;
}

bool preprocess(const std::string& path, const std::string& systemIncludeDir,
                const FrontendOptions& options, std::string& output, Diagnostics& diags) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    diags.error(SourceLoc{}, "cannot open '{}': {}", path, std::strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.error(SourceLoc{}, "cannot compile '{}': it is a directory", path);
    return false;
  }

  std::vector<std::string> args = {
      preprocessorCommand(), "-E", "-x", "c", "-undef", "-nostdinc", "-fno-diagnostics-show-caret"};
  if (!systemIncludeDir.empty()) args.push_back("-I" + systemIncludeDir);
  for (const auto& dir : options.includeDirs) args.push_back("-I" + dir);
  for (const auto& def : options.defines) args.push_back("-D" + def);
  // cpp has no `--`; a leading `./` keeps a file named `-x` from reading as an option.
  args.push_back(path.size() > 0 && path[0] == '-' ? "./" + path : path);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  Pipe out, err;
  if (!out.open() || !err.open()) {
    diags.error(SourceLoc{}, "cannot run the preprocessor: {}", std::strerror(errno));
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  out.close(1);
  err.close(1);
  if (rc != 0) {
    diags.error(SourceLoc{}, "cannot run the preprocessor '{}': {}", args[0], std::strerror(rc));
    return false;
  }

  std::string errText, why;
  bool finished = drain(out.fds[0], err.fds[0], output, errText, why);
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  size_t errors = reportPreprocessorMessages(errText, diags);
  if (!finished) {
    diags.error(SourceLoc{}, "preprocessing '{}' failed: {}", path, why);
    return false;
  }
  bool exitedOk = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!exitedOk && errors == 0) {
    // cpp failed without a message we recognise: show what it said.
    std::string said = errText.substr(0, 2000);
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      diags.error(SourceLoc{}, "cannot run the preprocessor '{}'", args[0]);
    else
      diags.error(SourceLoc{}, "the preprocessor failed on '{}'{}{}", path,
                  said.empty() ? "" : ": ", said);
  }
  return exitedOk && errors == 0;
}

}  // namespace p4nfc
