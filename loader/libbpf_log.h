// libbpf prints through one process-wide callback. LibbpfLogCapture collects what it prints
// (warnings and the verifier's log; not its debug output) into a string for as long as it
// lives, so that an error can carry it: the user sees which line the verifier stopped at.
// A mutex keeps two captures in two threads from mixing their logs. (QuietLibbpf,
// loader/quiet_libbpf.h, drops the output instead.)
#pragma once

#include <bpf/libbpf.h>

#include <mutex>
#include <string>

namespace p4nf {

class LibbpfLogCapture {
 public:
  explicit LibbpfLogCapture(std::string& log);
  ~LibbpfLogCapture();
  LibbpfLogCapture(const LibbpfLogCapture&) = delete;
  LibbpfLogCapture& operator=(const LibbpfLogCapture&) = delete;

 private:
  std::lock_guard<std::mutex> lock_;
  libbpf_print_fn_t previous_;
};

}  // namespace p4nf
