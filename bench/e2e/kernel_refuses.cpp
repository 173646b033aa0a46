// kernel_refuses: runs a command on a kernel that refuses one of router_e2e_sender's
// mechanisms, as a kernel without the feature or a security policy against it does, so
// that the sender's refusals and its fallback are tested on every machine (sender_test.py).
//
//   kernel_refuses live_frames|af_packet -- COMMAND [ARG...]
//
// A seccomp filter, inherited by COMMAND and its children, makes the one system call fail
// with EPERM and lets every other through:
//   live_frames  bpf(BPF_PROG_TEST_RUN, ...): test runs, live frames among them;
//   af_packet    socket(AF_PACKET, ...).
#include <linux/audit.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

#if defined(__x86_64__)
constexpr unsigned kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kArch = AUDIT_ARCH_AARCH64;
#else
#error "kernel_refuses: add this architecture's AUDIT_ARCH_"
#endif

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: kernel_refuses live_frames|af_packet -- COMMAND [ARG...]\n");
  _exit(2);
}

// Fails system call `number` with EPERM when its first argument is `firstArgument`.
bool refuse(long number, unsigned firstArgument) {
  constexpr unsigned kErrno = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  // The first argument's low 32 bits: both a bpf command and an address family fit.
  constexpr unsigned kFirstArgument = offsetof(seccomp_data, args[0]);
  sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, unsigned(number), 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kFirstArgument),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, firstArgument, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, kErrno),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog filter{static_cast<unsigned short>(sizeof program / sizeof program[0]), program};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::string(argv[2]) != "--") usage();
  std::string mechanism = argv[1];
  bool installed = mechanism == "live_frames" ? refuse(SYS_bpf, BPF_PROG_TEST_RUN)
                   : mechanism == "af_packet" ? refuse(SYS_socket, AF_PACKET)
                                              : (usage(), false);
  if (!installed) {
    std::fprintf(stderr, "kernel_refuses: cannot install the seccomp filter: %s\n",
                 std::strerror(errno));
    return 2;
  }
  execvp(argv[3], argv + 3);
  std::fprintf(stderr, "kernel_refuses: cannot run %s: %s\n", argv[3], std::strerror(errno));
  return 2;
}
