#include "bpf/bpf_helpers.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>

#include <vector>

namespace p4nfc::bpf {
namespace {

// Integers go to helpers as full 64-bit registers (see the header).
llvm::Value* zeroExtend64(llvm::IRBuilder<>& builder, llvm::Value* value) {
  if (!value->getType()->isIntegerTy()) return value;
  return builder.CreateZExtOrTrunc(value, builder.getInt64Ty());
}

llvm::Value* signExtend64(llvm::IRBuilder<>& builder, llvm::Value* value) {
  if (!value->getType()->isIntegerTy()) return value;
  return builder.CreateSExtOrTrunc(value, builder.getInt64Ty());
}

llvm::Type* i64(llvm::IRBuilder<>& builder) { return builder.getInt64Ty(); }
llvm::Type* ptr(llvm::IRBuilder<>& builder) { return builder.getPtrTy(); }

}  // namespace

llvm::CallInst* callHelper(llvm::IRBuilder<>& builder, Helper helper, llvm::Type* result,
                           llvm::ArrayRef<llvm::Value*> args, const llvm::Twine& name) {
  std::vector<llvm::Type*> params;
  params.reserve(args.size());
  for (llvm::Value* arg : args) params.push_back(arg->getType());
  llvm::FunctionType* type = llvm::FunctionType::get(result, params, /*isVarArg=*/false);
  llvm::Constant* callee = llvm::ConstantExpr::getIntToPtr(
      builder.getInt64(static_cast<uint64_t>(helper)), builder.getPtrTy());
  llvm::CallInst* call =
      builder.CreateCall(type, callee, args, result->isVoidTy() ? llvm::Twine() : name);
  call->setDoesNotThrow();
  return call;
}

llvm::Value* mapLookup(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                       const llvm::Twine& name) {
  return callHelper(builder, Helper::MapLookupElem, ptr(builder), {map, key}, name);
}

llvm::Value* mapUpdate(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                       llvm::Value* value, uint64_t flags) {
  return callHelper(builder, Helper::MapUpdateElem, i64(builder),
                    {map, key, value, builder.getInt64(flags)});
}

llvm::Value* mapDelete(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key) {
  return callHelper(builder, Helper::MapDeleteElem, i64(builder), {map, key});
}

llvm::Value* ktimeGetNs(llvm::IRBuilder<>& builder) {
  return callHelper(builder, Helper::KtimeGetNs, i64(builder), {}, "now");
}

llvm::Value* ktimeGetBootNs(llvm::IRBuilder<>& builder) {
  return callHelper(builder, Helper::KtimeGetBootNs, i64(builder), {}, "now");
}

llvm::Value* getPrandomU32(llvm::IRBuilder<>& builder) {
  return callHelper(builder, Helper::GetPrandomU32, builder.getInt32Ty(), {}, "random");
}

llvm::Value* getSmpProcessorId(llvm::IRBuilder<>& builder) {
  return callHelper(builder, Helper::GetSmpProcessorId, builder.getInt32Ty(), {}, "cpu");
}

llvm::Value* redirectMap(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                         uint64_t flags) {
  return callHelper(builder, Helper::RedirectMap, i64(builder),
                    {map, zeroExtend64(builder, key), builder.getInt64(flags)}, "verdict");
}

llvm::Value* redirect(llvm::IRBuilder<>& builder, llvm::Value* ifindex, uint64_t flags) {
  return callHelper(builder, Helper::Redirect, i64(builder),
                    {zeroExtend64(builder, ifindex), builder.getInt64(flags)}, "verdict");
}

llvm::Value* cloneRedirect(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* ifindex, uint64_t flags) {
  return callHelper(builder, Helper::CloneRedirect, i64(builder),
                    {skb, zeroExtend64(builder, ifindex), builder.getInt64(flags)}, "cloned");
}

llvm::Value* skbVlanPush(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* protoBe, llvm::Value* tci) {
  return callHelper(builder, Helper::SkbVlanPush, i64(builder),
                    {skb, zeroExtend64(builder, protoBe), zeroExtend64(builder, tci)}, "vlan_pushed");
}

llvm::Value* skbVlanPop(llvm::IRBuilder<>& builder, llvm::Value* skb) {
  return callHelper(builder, Helper::SkbVlanPop, i64(builder), {skb}, "vlan_popped");
}

llvm::Value* checkMtu(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* ifindex,
                      llvm::Value* mtuLength, uint64_t flags) {
  return callHelper(builder, Helper::CheckMtu, i64(builder),
                    {ctx, zeroExtend64(builder, ifindex), mtuLength, builder.getInt64(0),
                     builder.getInt64(flags)},
                    "mtu_check");
}

llvm::Value* tailCall(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::GlobalVariable* progArray,
                      llvm::Value* index) {
  return callHelper(builder, Helper::TailCall, i64(builder),
                    {ctx, progArray, zeroExtend64(builder, index)});
}

llvm::Value* xdpAdjustHead(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta) {
  return callHelper(builder, Helper::XdpAdjustHead, i64(builder),
                    {ctx, signExtend64(builder, delta)});
}

llvm::Value* xdpAdjustMeta(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta) {
  return callHelper(builder, Helper::XdpAdjustMeta, i64(builder),
                    {ctx, signExtend64(builder, delta)});
}

llvm::Value* xdpAdjustTail(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta) {
  return callHelper(builder, Helper::XdpAdjustTail, i64(builder),
                    {ctx, signExtend64(builder, delta)});
}

llvm::Value* skbChangeHead(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* length,
                           uint64_t flags) {
  return callHelper(builder, Helper::SkbChangeHead, i64(builder),
                    {skb, zeroExtend64(builder, length), builder.getInt64(flags)});
}

llvm::Value* skbAdjustRoom(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* delta,
                           uint32_t mode, uint64_t flags) {
  return callHelper(
      builder, Helper::SkbAdjustRoom, i64(builder),
      {skb, signExtend64(builder, delta), builder.getInt64(mode), builder.getInt64(flags)});
}

llvm::Value* csumDiff(llvm::IRBuilder<>& builder, llvm::Value* from, llvm::Value* fromSize,
                      llvm::Value* to, llvm::Value* toSize, llvm::Value* seed) {
  return callHelper(builder, Helper::CsumDiff, i64(builder),
                    {from, zeroExtend64(builder, fromSize), to, zeroExtend64(builder, toSize),
                     zeroExtend64(builder, seed)},
                    "csum");
}

llvm::Value* l3CsumReplace(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* offset,
                           llvm::Value* from, llvm::Value* to, uint64_t flags) {
  return callHelper(builder, Helper::L3CsumReplace, i64(builder),
                    {skb, zeroExtend64(builder, offset), zeroExtend64(builder, from),
                     zeroExtend64(builder, to), builder.getInt64(flags)});
}

llvm::Value* l4CsumReplace(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* offset,
                           llvm::Value* from, llvm::Value* to, uint64_t flags) {
  return callHelper(builder, Helper::L4CsumReplace, i64(builder),
                    {skb, zeroExtend64(builder, offset), zeroExtend64(builder, from),
                     zeroExtend64(builder, to), builder.getInt64(flags)});
}

llvm::Value* ringbufOutput(llvm::IRBuilder<>& builder, llvm::GlobalVariable* ringbuf,
                           llvm::Value* data, llvm::Value* size, uint64_t flags) {
  return callHelper(builder, Helper::RingbufOutput, i64(builder),
                    {ringbuf, data, zeroExtend64(builder, size), builder.getInt64(flags)});
}

}  // namespace p4nfc::bpf
