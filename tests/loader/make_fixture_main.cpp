// Writes the hand-built fixture objects (fixture_program.h) to files, so that ctest can run
// the p4nf command on them end to end before the code generator exists:
//   make_loader_fixture <xdp|tc> <output.o>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "fixture_program.h"

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "xdp") != 0 && std::strcmp(argv[1], "tc") != 0)) {
    std::fprintf(stderr, "usage: make_loader_fixture <xdp|tc> <output.o>\n");
    return 2;
  }
  auto kind = std::strcmp(argv[1], "xdp") == 0 ? p4nfc::bpf::ProgramKind::Xdp
                                               : p4nfc::bpf::ProgramKind::Tc;
  std::string elf = p4nf::testing::buildForwarderObject(kind);
  if (elf.empty()) return 1;
  std::ofstream(argv[2], std::ios::binary) << elf;
  return 0;
}
