// libbpf prints through one process-wide callback. QuietLibbpf silences it for a scope:
// kernel probes and objects opened only to be read, where libbpf's notes ("skipping
// unrecognized data section .p4nf.manifest") mean nothing to the user.
#pragma once

#include <bpf/libbpf.h>

namespace p4nf {

class QuietLibbpf {
 public:
  QuietLibbpf() : previous_(libbpf_set_print(nullptr)) {}
  ~QuietLibbpf() { libbpf_set_print(previous_); }
  QuietLibbpf(const QuietLibbpf&) = delete;
  QuietLibbpf& operator=(const QuietLibbpf&) = delete;

 private:
  libbpf_print_fn_t previous_;
};

}  // namespace p4nf
