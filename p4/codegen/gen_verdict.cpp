// The end of the pipeline: record the verdict and egress port in the chain metadata (XDP:
// the first 8 bytes of the metadata area; TC: skb->cb[0..1]), then forward.
// docs/manifest.md, "Verdict and egress port", is the contract with the loader.
#include <llvm/IR/Constants.h>

#include "backend/bpf_helpers.h"
#include "codegen/generator.h"

namespace p4nfc::codegen {

namespace {
constexpr uint32_t kXdpDataMeta = 8;     // offsetof(struct xdp_md, data_meta)
constexpr uint32_t kSkbCb = 48;          // offsetof(struct __sk_buff, cb)
constexpr int kMetaBytes = 8;            // u32 verdict, u32 egress_port
}  // namespace

void Generator::storeContextU32(uint32_t offset, llvm::Value* value) {
  llvm::Value* address = b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), program_.ctx, offset);
  auto* store = b_->CreateAlignedStore(value, address, llvm::Align(4));
  store->setVolatile(true);  // keep it a 32-bit store at its own offset
}

void Generator::genVerdict() {
  llvm::Value* verdict = b_->CreateLoad(b_->getInt32Ty(), verdict_, "verdict");
  llvm::Value* port = b_->CreateLoad(b_->getInt32Ty(), egressPort_, "egress_port");
  llvm::BasicBlock* forward = newBlock("forward");
  if (kind_ == backend::ProgramKind::Xdp) {
    // Make room for the metadata in front of the packet. This moves data_meta only, but
    // the verifier forgets packet pointers all the same: nothing below uses the old ones.
    llvm::Value* adjusted = backend::xdpAdjustMeta(*b_, program_.ctx, b_->getInt32(-kMetaBytes));
    llvm::BasicBlock* write = newBlock("meta.write");
    llvm::Value* ok = b_->CreateICmpEQ(adjusted, b_->getInt64(0));
    b_->CreateCondBr(ok, write, forward);
    b_->SetInsertPoint(write);
    backend::PacketPointers meta;
    llvm::Value* metaStart = b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, kXdpDataMeta, "data_meta"), b_->getInt64Ty());
    llvm::Value* dataStart = b_->CreateZExt(backend::loadContextU32(*b_, program_.ctx, 0, "data"), b_->getInt64Ty());
    meta.data = b_->CreateIntToPtr(metaStart, b_->getPtrTy());
    meta.dataEnd = b_->CreateIntToPtr(dataStart, b_->getPtrTy());
    backend::checkPacketBounds(*b_, meta, meta.data, kMetaBytes, forward, "meta.room");
    b_->CreateAlignedStore(verdict, meta.data, llvm::Align(4));
    b_->CreateAlignedStore(port, b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), meta.data, 4), llvm::Align(4));
    b_->CreateBr(forward);
  } else {
    storeContextU32(kSkbCb, verdict);
    storeContextU32(kSkbCb + 4, port);
    b_->CreateBr(forward);
  }
  b_->SetInsertPoint(forward);
  llvm::BasicBlock* toPort = newBlock("to_port");
  llvm::BasicBlock* toHost = newBlock("to_host");
  llvm::BasicBlock* drop = newBlock("drop");
  llvm::SwitchInst* sw = b_->CreateSwitch(verdict, drop);
  sw->addCase(b_->getInt32(kVerdictPort), toPort);
  sw->addCase(b_->getInt32(kVerdictHost), toHost);
  bool xdp = kind_ == backend::ProgramKind::Xdp;

  b_->SetInsertPoint(drop);
  b_->CreateRet(b_->getInt32(xdp ? backend::xdp_action::kDrop : backend::tc_action::kShot));
  b_->SetInsertPoint(toHost);
  b_->CreateRet(b_->getInt32(xdp ? backend::xdp_action::kPass : backend::tc_action::kOk));
  b_->SetInsertPoint(toPort);
  if (xdp) {
    llvm::Value* r = backend::redirectMap(*b_, portsMap_, port, backend::xdp_action::kDrop);
    b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
    return;
  }
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "port.key", 4);
  b_->CreateStore(port, key);
  llvm::Value* ifindex = backend::mapLookup(*b_, portsMap_, key, "ifindex");
  llvm::Value* present = b_->CreateICmpNE(ifindex, llvm::ConstantPointerNull::get(b_->getPtrTy()));
  llvm::BasicBlock* redirect = newBlock("redirect");
  b_->CreateCondBr(present, redirect, drop);
  b_->SetInsertPoint(redirect);
  llvm::Value* index = b_->CreateAlignedLoad(b_->getInt32Ty(), ifindex, llvm::Align(4));
  llvm::Value* r = backend::redirect(*b_, index, 0);
  b_->CreateRet(b_->CreateTrunc(r, b_->getInt32Ty()));
}

}  // namespace p4nfc::codegen
