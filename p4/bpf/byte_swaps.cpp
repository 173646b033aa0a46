#include "bpf/byte_swaps.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/PatternMatch.h>

#include <vector>

namespace p4nfc::bpf {
namespace {

using namespace llvm::PatternMatch;

// The swapped form of `value` without emitting code, or null when that needs a new bswap.
llvm::Value* swappedForFree(llvm::Value* value) {
  if (auto* constant = llvm::dyn_cast<llvm::ConstantInt>(value))
    return llvm::ConstantInt::get(constant->getType(), constant->getValue().byteSwap());
  if (llvm::isa<llvm::UndefValue>(value)) return value;
  llvm::Value* inner = nullptr;
  if (match(value, m_BSwap(m_Value(inner)))) return inner;
  return nullptr;
}

bool worthMoving(llvm::ArrayRef<llvm::Value*> incoming) {
  for (llvm::Value* value : incoming)
    if (swappedForFree(value)) return true;
  return false;
}

llvm::Value* swapped(llvm::IRBuilder<>& builder, llvm::Value* value) {
  if (llvm::Value* free = swappedForFree(value)) return free;
  return builder.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, value);
}

// bswap(phi(a, b, ...)) -> phi(swap(a), swap(b), ...), the new swaps at the end of the
// incoming blocks (one per block, since a block may reach the phi by several edges).
bool moveIntoPhi(llvm::IntrinsicInst& swap, llvm::PHINode& phi) {
  // Only a phi that the swap alone uses: the swapped phi replaces it, so no value is
  // live twice (both byte orders of a wide key across helper calls spill).
  if (!phi.hasOneUse()) return false;
  std::vector<llvm::Value*> incoming(phi.incoming_values().begin(), phi.incoming_values().end());
  if (!worthMoving(incoming)) return false;
  auto* moved = llvm::PHINode::Create(phi.getType(), phi.getNumIncomingValues(), phi.getName() + ".swapped",
                                      phi.getIterator());
  llvm::DenseMap<llvm::BasicBlock*, llvm::Value*> perBlock;
  for (unsigned i = 0; i < phi.getNumIncomingValues(); ++i) {
    llvm::BasicBlock* from = phi.getIncomingBlock(i);
    auto [it, fresh] = perBlock.try_emplace(from, nullptr);
    if (fresh) {
      llvm::IRBuilder<> builder(from->getTerminator());
      it->second = swapped(builder, phi.getIncomingValue(i));
    }
    moved->addIncoming(it->second, from);
  }
  moved->setDebugLoc(swap.getDebugLoc());
  swap.replaceAllUsesWith(moved);
  swap.eraseFromParent();
  if (phi.use_empty()) phi.eraseFromParent();
  return true;
}

// bswap(select(c, a, b)) -> select(c, swap(a), swap(b)).
bool moveIntoSelect(llvm::IntrinsicInst& swap, llvm::SelectInst& select) {
  if (!select.hasOneUse()) return false;
  if (!worthMoving({select.getTrueValue(), select.getFalseValue()})) return false;
  llvm::IRBuilder<> builder(&select);
  llvm::Value* moved = builder.CreateSelect(select.getCondition(), swapped(builder, select.getTrueValue()),
                                            swapped(builder, select.getFalseValue()), select.getName() + ".swapped");
  swap.replaceAllUsesWith(moved);
  swap.eraseFromParent();
  if (select.use_empty()) select.eraseFromParent();
  return true;
}

}  // namespace

bool sinkByteSwaps(llvm::Function& function) {
  bool changed = false;
  // A moved swap may meet another phi or select further up: iterate, boundedly.
  for (int round = 0; round < 8; ++round) {
    std::vector<llvm::IntrinsicInst*> swaps;
    for (llvm::BasicBlock& block : function)
      for (llvm::Instruction& instruction : block)
        if (auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(&instruction))
          if (intrinsic->getIntrinsicID() == llvm::Intrinsic::bswap) swaps.push_back(intrinsic);
    bool progress = false;
    for (llvm::IntrinsicInst* swap : swaps) {
      llvm::Value* operand = swap->getArgOperand(0);
      if (auto* phi = llvm::dyn_cast<llvm::PHINode>(operand)) progress |= moveIntoPhi(*swap, *phi);
      else if (auto* select = llvm::dyn_cast<llvm::SelectInst>(operand)) progress |= moveIntoSelect(*swap, *select);
    }
    changed |= progress;
    if (!progress) break;
  }
  return changed;
}

llvm::PreservedAnalyses SinkByteSwapsPass::run(llvm::Function& function, llvm::FunctionAnalysisManager&) {
  if (!sinkByteSwaps(function)) return llvm::PreservedAnalyses::all();
  llvm::PreservedAnalyses preserved;
  preserved.preserveSet<llvm::CFGAnalyses>();
  return preserved;
}

}  // namespace p4nfc::bpf
