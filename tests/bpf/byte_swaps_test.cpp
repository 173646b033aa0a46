// The byte-swap pass (bpf/byte_swaps.h) on IR parsed from text: a swap whose operand
// merges a swapped value and a constant moves into the merge, where the swaps cancel; a
// merge with other users, or with nothing to gain, stays as it is.
#include <gtest/gtest.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/SourceMgr.h>

#include "bpf/byte_swaps.h"

namespace p4nfc::bpf {
namespace {

int countSwaps(const llvm::Function& function) {
  int swaps = 0;
  for (const llvm::BasicBlock& block : function)
    for (const llvm::Instruction& instruction : block)
      if (auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(&instruction))
        swaps += intrinsic->getIntrinsicID() == llvm::Intrinsic::bswap;
  return swaps;
}

std::unique_ptr<llvm::Module> parse(llvm::LLVMContext& context, const char* text) {
  llvm::SMDiagnostic error;
  auto module = llvm::parseAssemblyString(text, error, context);
  EXPECT_TRUE(module) << error.getMessage().str();
  return module;
}

// A header field read in host order when the header is valid (else 0), written to a key
// in network order: the shape the code generator emits for metadata keys.
const char* kPhi = R"(
define void @f(i1 %valid, ptr %field, ptr %key) {
entry:
  br i1 %valid, label %read, label %done
read:
  %raw = load i48, ptr %field
  %host = call i48 @llvm.bswap.i48(i48 %raw)
  br label %done
done:
  %value = phi i48 [ %host, %read ], [ 0, %entry ]
  %net = call i48 @llvm.bswap.i48(i48 %value)
  store i48 %net, ptr %key
  ret void
}
declare i48 @llvm.bswap.i48(i48)
)";

TEST(ByteSwapsTest, SwapsMeetingThroughAPhiCancel) {
  llvm::LLVMContext context;
  auto module = parse(context, kPhi);
  ASSERT_TRUE(module);
  llvm::Function& f = *module->getFunction("f");
  ASSERT_EQ(countSwaps(f), 2);
  EXPECT_TRUE(sinkByteSwaps(f));
  EXPECT_FALSE(llvm::verifyFunction(f, &llvm::errs()));
  EXPECT_EQ(countSwaps(f), 1) << "the second swap is gone; the first, now unused, is left for DCE";
  // What reaches the store is the phi of the raw load and the (swapped) constant.
  auto* store = llvm::cast<llvm::StoreInst>(f.back().getTerminator()->getPrevNode());
  auto* phi = llvm::dyn_cast<llvm::PHINode>(store->getValueOperand());
  ASSERT_NE(phi, nullptr);
  for (unsigned i = 0; i < phi->getNumIncomingValues(); ++i) {
    llvm::Value* in = phi->getIncomingValue(i);
    EXPECT_TRUE(llvm::isa<llvm::LoadInst>(in) || llvm::isa<llvm::ConstantInt>(in)) << "incoming value " << i;
  }
}

TEST(ByteSwapsTest, APhiWithOtherUsersStays) {
  llvm::LLVMContext context;
  std::string text = kPhi;
  text.replace(text.find("  ret void"), 10, "  store i48 %value, ptr %field\n  ret void");
  auto module = parse(context, text.c_str());
  ASSERT_TRUE(module);
  llvm::Function& f = *module->getFunction("f");
  EXPECT_FALSE(sinkByteSwaps(f)) << "both byte orders would be live at once";
  EXPECT_EQ(countSwaps(f), 2);
}

TEST(ByteSwapsTest, NothingToGainNothingMoves) {
  llvm::LLVMContext context;
  auto module = parse(context, R"(
define i32 @g(i1 %c, i32 %a, i32 %b) {
entry:
  %v = select i1 %c, i32 %a, i32 %b
  %s = call i32 @llvm.bswap.i32(i32 %v)
  ret i32 %s
}
declare i32 @llvm.bswap.i32(i32)
)");
  ASSERT_TRUE(module);
  EXPECT_FALSE(sinkByteSwaps(*module->getFunction("g")));
}

TEST(ByteSwapsTest, ASelectOfASwapAndAConstantFolds) {
  llvm::LLVMContext context;
  auto module = parse(context, R"(
define i32 @h(i1 %c, i32 %a) {
entry:
  %host = call i32 @llvm.bswap.i32(i32 %a)
  %v = select i1 %c, i32 %host, i32 16909060
  %s = call i32 @llvm.bswap.i32(i32 %v)
  ret i32 %s
}
declare i32 @llvm.bswap.i32(i32)
)");
  ASSERT_TRUE(module);
  llvm::Function& h = *module->getFunction("h");
  EXPECT_TRUE(sinkByteSwaps(h));
  auto* ret = llvm::cast<llvm::ReturnInst>(h.back().getTerminator());
  auto* select = llvm::dyn_cast<llvm::SelectInst>(ret->getReturnValue());
  ASSERT_NE(select, nullptr);
  EXPECT_EQ(select->getTrueValue(), h.getArg(1));
  auto* constant = llvm::dyn_cast<llvm::ConstantInt>(select->getFalseValue());
  ASSERT_NE(constant, nullptr);
  EXPECT_EQ(constant->getZExtValue(), 0x04030201u);
}

}  // namespace
}  // namespace p4nfc::bpf
