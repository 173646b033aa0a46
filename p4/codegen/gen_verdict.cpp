// The end of the pipeline: record the verdict and egress port in the chain metadata
// (gen_chain.cpp writes the 20-byte record), then forward: drop, redirect to a port, pass
// to the host, or tail-call the next module of the chain. docs/manifest.md, "Verdict and
// egress port", is the contract with the loader.
#include <llvm/IR/Constants.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"

namespace p4nfc::codegen {

void Generator::genVerdict() {
  llvm::Value* verdict = b_->CreateLoad(b_->getInt32Ty(), verdict_, "verdict");
  llvm::Value* port = b_->CreateLoad(b_->getInt32Ty(), egressPort_, "egress_port");
  llvm::BasicBlock* forward = newBlock("forward");
  writeChainRecord(verdict, port);
  b_->CreateBr(forward);
  b_->SetInsertPoint(forward);
  llvm::BasicBlock* toPort = newBlock("to_port");
  llvm::BasicBlock* toHost = newBlock("to_host");
  llvm::BasicBlock* drop = newBlock("drop");
  llvm::BasicBlock* next = newBlock("next_module");
  llvm::SwitchInst* sw = b_->CreateSwitch(verdict, drop);
  sw->addCase(b_->getInt32(kVerdictContinue), next);
  sw->addCase(b_->getInt32(kVerdictSendToPort), toPort);
  sw->addCase(b_->getInt32(kVerdictToHost), toHost);
  bool xdp = kind_ == bpf::ProgramKind::Xdp;

  b_->SetInsertPoint(drop);
  b_->CreateRet(b_->getInt32(xdp ? bpf::xdp_action::kDrop : bpf::tc_action::kShot));
  b_->SetInsertPoint(next);
  genTailCall();
  b_->SetInsertPoint(toHost);
  b_->CreateRet(b_->getInt32(xdp ? bpf::xdp_action::kPass : bpf::tc_action::kOk));
  b_->SetInsertPoint(toPort);
  if (xdp) {
    llvm::Value* r = bpf::redirectMap(*b_, portsMap_, port, bpf::xdp_action::kDrop);
    b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
    return;
  }
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "port.key", 4);
  b_->CreateStore(port, key);
  llvm::Value* ifindex = bpf::mapLookup(*b_, portsMap_, key, "ifindex");
  llvm::Value* present = b_->CreateICmpNE(ifindex, llvm::ConstantPointerNull::get(b_->getPtrTy()));
  llvm::BasicBlock* redirect = newBlock("redirect");
  b_->CreateCondBr(present, redirect, drop);
  b_->SetInsertPoint(redirect);
  llvm::Value* index = b_->CreateAlignedLoad(b_->getInt32Ty(), ifindex, llvm::Align(4));
  llvm::Value* r = bpf::redirect(*b_, index, 0);
  b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
}

}  // namespace p4nfc::codegen
