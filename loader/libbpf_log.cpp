#include "loader/libbpf_log.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace p4nf {
namespace {

std::mutex logMutex;
std::string* capturedLog = nullptr;

int captureLibbpfOutput(enum libbpf_print_level level, const char* format, va_list args) {
  if (!capturedLog || level == LIBBPF_DEBUG) return 0;
  char line[8192];
  int n = vsnprintf(line, sizeof line, format, args);
  if (n > 0) capturedLog->append(line, std::min<size_t>(n, sizeof line - 1));
  return n;
}

}  // namespace

LibbpfLogCapture::LibbpfLogCapture(std::string& log) : lock_(logMutex) {
  capturedLog = &log;
  previous_ = libbpf_set_print(captureLibbpfOutput);
}

LibbpfLogCapture::~LibbpfLogCapture() {
  libbpf_set_print(previous_);
  capturedLog = nullptr;
}

}  // namespace p4nf
