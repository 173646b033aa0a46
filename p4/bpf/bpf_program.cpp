#include "bpf/bpf_program.h"

#include <linux/bpf.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/Module.h>

#include <cstddef>
#include <vector>

#include "bpf/debug_info.h"

namespace p4nfc::bpf {
namespace {

// The context structs as BTF sees them. Only the fields are named that a program may
// touch; the sizes are the kernel's, so the types stay honest.
llvm::DIType* xdpContextType(DebugInfo& di) {
  llvm::DIType* u32 = di.unsignedType(4);
  return di.structType("xdp_md", sizeof(struct xdp_md),
                       {{"data", u32, offsetof(struct xdp_md, data), 4},
                        {"data_end", u32, offsetof(struct xdp_md, data_end), 4},
                        {"data_meta", u32, offsetof(struct xdp_md, data_meta), 4},
                        {"ingress_ifindex", u32, offsetof(struct xdp_md, ingress_ifindex), 4},
                        {"rx_queue_index", u32, offsetof(struct xdp_md, rx_queue_index), 4},
                        {"egress_ifindex", u32, offsetof(struct xdp_md, egress_ifindex), 4}});
}

llvm::DIType* skbContextType(DebugInfo& di) {
  llvm::DIType* u32 = di.unsignedType(4);
  return di.structType("__sk_buff", sizeof(struct __sk_buff),
                       {{"len", u32, offsetof(struct __sk_buff, len), 4},
                        {"pkt_type", u32, offsetof(struct __sk_buff, pkt_type), 4},
                        {"mark", u32, offsetof(struct __sk_buff, mark), 4},
                        {"queue_mapping", u32, offsetof(struct __sk_buff, queue_mapping), 4},
                        {"protocol", u32, offsetof(struct __sk_buff, protocol), 4},
                        {"vlan_present", u32, offsetof(struct __sk_buff, vlan_present), 4},
                        {"vlan_tci", u32, offsetof(struct __sk_buff, vlan_tci), 4},
                        {"vlan_proto", u32, offsetof(struct __sk_buff, vlan_proto), 4},
                        {"priority", u32, offsetof(struct __sk_buff, priority), 4},
                        {"ingress_ifindex", u32, offsetof(struct __sk_buff, ingress_ifindex), 4},
                        {"ifindex", u32, offsetof(struct __sk_buff, ifindex), 4},
                        {"tc_index", u32, offsetof(struct __sk_buff, tc_index), 4},
                        {"cb", di.byteArrayType(20), offsetof(struct __sk_buff, cb), 20},
                        {"hash", u32, offsetof(struct __sk_buff, hash), 4},
                        {"tc_classid", u32, offsetof(struct __sk_buff, tc_classid), 4},
                        {"data", u32, offsetof(struct __sk_buff, data), 4},
                        {"data_end", u32, offsetof(struct __sk_buff, data_end), 4},
                        {"data_meta", u32, offsetof(struct __sk_buff, data_meta), 4}});
}

llvm::DIType* debugTypeOf(DebugInfo& di, llvm::Type* type) {
  if (type->isPointerTy()) return di.pointerTo(nullptr);
  unsigned bits = type->getIntegerBitWidth();
  unsigned bytes = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
  return di.unsignedType(bytes);
}

// Attributes every function we emit carries: BPF has no unwinding.
void setCommonAttributes(llvm::Function& function) { function.setDoesNotThrow(); }

}  // namespace

const char* programSection(ProgramKind kind) { return kind == ProgramKind::Xdp ? "xdp" : "tc"; }

llvm::DIType* contextPointerType(DebugInfo& debugInfo, ProgramKind kind) {
  return debugInfo.pointerTo(kind == ProgramKind::Xdp ? xdpContextType(debugInfo)
                                                      : skbContextType(debugInfo));
}

ProgramFunction defineProgram(llvm::Module& module, DebugInfo& debugInfo, const std::string& name,
                              ProgramKind kind, unsigned line) {
  llvm::LLVMContext& context = module.getContext();
  auto* type = llvm::FunctionType::get(llvm::Type::getInt32Ty(context),
                                       {llvm::PointerType::get(context, 0)}, false);
  llvm::Function* function =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, module);
  function->setSection(programSection(kind));
  setCommonAttributes(*function);
  llvm::Argument* ctx = function->getArg(0);
  ctx->setName(kind == ProgramKind::Xdp ? "ctx" : "skb");

  ProgramFunction result;
  result.function = function;
  result.ctx = ctx;
  result.subprogram = debugInfo.describeFunction(*function, line, debugInfo.intType(),
                                                 {contextPointerType(debugInfo, kind)});
  result.entry = llvm::BasicBlock::Create(context, "entry", function);
  return result;
}

llvm::Function* defineLocalFunction(llvm::Module& module, DebugInfo& debugInfo,
                                    const std::string& name, llvm::FunctionType* type,
                                    unsigned line) {
  llvm::Function* function =
      llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, name, module);
  setCommonAttributes(*function);
  // A static function that LLVM inlines is fine too; this one exists to be a real call
  // (shared code, smaller programs), so keep it.
  function->addFnAttr(llvm::Attribute::NoInline);
  std::vector<llvm::DIType*> params;
  for (llvm::Type* param : type->params()) params.push_back(debugTypeOf(debugInfo, param));
  llvm::Type* result = type->getReturnType();
  debugInfo.describeFunction(*function, line,
                             result->isVoidTy() ? nullptr : debugTypeOf(debugInfo, result), params);
  return function;
}

namespace {
llvm::Value* contextField(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset) {
  llvm::Value* base = builder.CreateIntrinsic(llvm::Intrinsic::preserve_static_offset, {}, {ctx});
  return builder.CreateConstInBoundsGEP1_32(builder.getInt8Ty(), base, offset);
}
}  // namespace

llvm::Value* loadContextU32(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset,
                            const llvm::Twine& name) {
  return builder.CreateAlignedLoad(builder.getInt32Ty(), contextField(builder, ctx, offset), llvm::Align(4),
                                   /*isVolatile=*/true, name);
}

void storeContextU32(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset, llvm::Value* value) {
  builder.CreateAlignedStore(value, contextField(builder, ctx, offset), llvm::Align(4), /*isVolatile=*/true);
}

llvm::Value* loadContextU64(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset,
                            const llvm::Twine& name) {
  return builder.CreateAlignedLoad(builder.getInt64Ty(), contextField(builder, ctx, offset), llvm::Align(8),
                                   /*isVolatile=*/true, name);
}

void storeContextU64(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset, llvm::Value* value) {
  builder.CreateAlignedStore(value, contextField(builder, ctx, offset), llvm::Align(8), /*isVolatile=*/true);
}

PacketPointers loadPacketPointers(llvm::IRBuilder<>& builder, llvm::Value* ctx, ProgramKind kind) {
  uint32_t dataOffset =
      kind == ProgramKind::Xdp ? offsetof(struct xdp_md, data) : offsetof(struct __sk_buff, data);
  uint32_t dataEndOffset = kind == ProgramKind::Xdp ? offsetof(struct xdp_md, data_end)
                                                    : offsetof(struct __sk_buff, data_end);
  // The context holds 32-bit values that the verifier rewrites into 64-bit pointer loads;
  // C writes this as (void *)(long)ctx->data. The widened value goes through an empty asm
  // so that LLVM cannot keep the 32-bit load alive instead and re-extend it at each use:
  // across a helper call it would then spill the pointer with a 4-byte store, which the
  // verifier refuses ("invalid size of register spill").
  llvm::InlineAsm* keepWide = llvm::InlineAsm::get(
      llvm::FunctionType::get(builder.getInt64Ty(), {builder.getInt64Ty()}, false), "", "=r,0",
      /*hasSideEffects=*/false);
  auto toPointer = [&](llvm::Value* value, const char* pointerName) {
    llvm::Value* wide = builder.CreateCall(keepWide, {builder.CreateZExt(value, builder.getInt64Ty())});
    return builder.CreateIntToPtr(wide, builder.getPtrTy(), pointerName);
  };
  PacketPointers packet;
  packet.data = toPointer(loadContextU32(builder, ctx, dataOffset), "data");
  packet.dataEnd = toPointer(loadContextU32(builder, ctx, dataEndOffset), "data_end");
  return packet;
}

llvm::Value* checkPacketBounds(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                               llvm::Value* base, uint64_t length, llvm::BasicBlock* outOfBounds,
                               const llvm::Twine& name) {
  // The verifier learns a packet range only from a comparison of a packet pointer
  // against data_end, so compare pointers (not lengths): `base + length > data_end`.
  llvm::Value* end = builder.CreateConstGEP1_64(builder.getInt8Ty(), base, length, "hdr_end");
  llvm::Value* tooShort = builder.CreateICmpUGT(end, packet.dataEnd, "too_short");
  llvm::Function* function = builder.GetInsertBlock()->getParent();
  auto* inBounds = llvm::BasicBlock::Create(builder.getContext(),
                                            name.isTriviallyEmpty() ? "in_bounds" : name, function);
  builder.CreateCondBr(tooShort, outOfBounds, inBounds);
  builder.SetInsertPoint(inBounds);
  return base;
}

llvm::Value* packetAddress(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                           llvm::Value* offset, const llvm::Twine& name) {
  return builder.CreateGEP(builder.getInt8Ty(), packet.data, offset, name);
}

llvm::Value* packetAddress(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                           uint64_t offset, const llvm::Twine& name) {
  return builder.CreateConstGEP1_64(builder.getInt8Ty(), packet.data, offset, name);
}

}  // namespace p4nfc::bpf
