// The kernel tests run in a network namespace of their own: their veth pairs vanish with
// the process, whatever happens to it.
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (geteuid() == 0 && unshare(CLONE_NEWNET) != 0) {
    std::perror("unshare(CLONE_NEWNET)");
    return 1;
  }
  return RUN_ALL_TESTS();
}
