// Byte swaps through phis and selects: the code generator reads a packet field as a
// host-order value (a bswap of the network-order bytes) and writes it to a map key in
// network order again (another bswap). When a header's validity check merges paths, the
// value reaches the second bswap through a phi (`bswap(phi(bswap(x), 0))`), which LLVM 19's
// InstCombine does not look through, so the bytes are swapped there and back. This pass
// moves a bswap into the incoming values of its phi or select when one of them is a
// constant or a bswap, where the swaps cancel or fold.
#pragma once

#include <llvm/IR/PassManager.h>

namespace p4nfc::bpf {

class SinkByteSwapsPass : public llvm::PassInfoMixin<SinkByteSwapsPass> {
 public:
  llvm::PreservedAnalyses run(llvm::Function& function, llvm::FunctionAnalysisManager& analyses);
};

// The transformation itself; true if it changed the function.
bool sinkByteSwaps(llvm::Function& function);

}  // namespace p4nfc::bpf
