// Calls to kernel helpers from IR.
//
// A BPF helper is not a symbol: a program calls it as `call <id>`. In IR that is a call
// through a constant function pointer, `inttoptr (i64 <id> to ptr)`, which the BPF back end
// lowers to the call instruction (exactly what `static void *(*f)(...) = (void *)1;` is
// in C). The typed wrappers below fix each helper's signature once, and widen integer
// arguments to 64 bits themselves: the BPF calling convention passes every argument in a
// 64-bit register and the helpers read all of it, so an i32 argument must be zero- or
// sign-extended explicitly, never left with undefined upper bits.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/IR/IRBuilder.h>

#include <cstdint>

namespace llvm {
class GlobalVariable;
}

namespace p4nfc::bpf {

// Helper ids, from enum bpf_func_id (linux/bpf.h); the values are kernel ABI.
enum class Helper : uint32_t {
  MapLookupElem = 1,
  MapUpdateElem = 2,
  MapDeleteElem = 3,
  KtimeGetNs = 5,
  TracePrintk = 6,
  GetPrandomU32 = 7,
  GetSmpProcessorId = 8,
  SkbStoreBytes = 9,
  L3CsumReplace = 10,
  L4CsumReplace = 11,
  TailCall = 12,
  CloneRedirect = 13,
  SkbVlanPush = 18,
  SkbVlanPop = 19,
  Redirect = 23,
  SkbLoadBytes = 26,
  CsumDiff = 28,
  SkbChangeTail = 38,
  SkbChangeHead = 43,
  XdpAdjustHead = 44,
  SkbAdjustRoom = 50,
  RedirectMap = 51,
  XdpAdjustMeta = 54,
  XdpAdjustTail = 65,
  FibLookup = 69,
  KtimeGetBootNs = 125,
  CheckMtu = 163,
  RingbufOutput = 130,
};

// The raw call: `result` is the helper's return type (i64 for `long`, ptr for pointers,
// void for none); `args` are passed as they are (callers widen integers). Prefer the typed
// wrappers.
llvm::CallInst* callHelper(llvm::IRBuilder<>& builder, Helper helper, llvm::Type* result,
                           llvm::ArrayRef<llvm::Value*> args, const llvm::Twine& name = "");

// --- maps ----------------------------------------------------------------------------
// Keys and values passed by pointer must point to the stack (or into a map value): never
// into the packet. Flags are BPF_ANY / BPF_NOEXIST / BPF_EXIST.

// void *bpf_map_lookup_elem(map, key): null when absent; test before every dereference.
llvm::Value* mapLookup(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                       const llvm::Twine& name = "");
// long bpf_map_update_elem(map, key, value, flags): 0 or a negative errno.
llvm::Value* mapUpdate(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                       llvm::Value* value, uint64_t flags = 0);
// long bpf_map_delete_elem(map, key)
llvm::Value* mapDelete(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key);

// --- time, randomness ------------------------------------------------------------------
llvm::Value* ktimeGetNs(llvm::IRBuilder<>& builder);         // u64, monotonic
llvm::Value* ktimeGetBootNs(llvm::IRBuilder<>& builder);     // u64, counts suspend
llvm::Value* getPrandomU32(llvm::IRBuilder<>& builder);      // i32
llvm::Value* getSmpProcessorId(llvm::IRBuilder<>& builder);  // i32

// --- forwarding ------------------------------------------------------------------------
// long bpf_redirect_map(map, u64 key, u64 flags): XDP_REDIRECT when `key` is in the map,
// otherwise the action in the low bits of `flags` (e.g. XDP_PASS, XDP_DROP).
llvm::Value* redirectMap(llvm::IRBuilder<>& builder, llvm::GlobalVariable* map, llvm::Value* key,
                         uint64_t flags);
// long bpf_redirect(u32 ifindex, u64 flags)
llvm::Value* redirect(llvm::IRBuilder<>& builder, llvm::Value* ifindex, uint64_t flags);
// TC only: long bpf_clone_redirect(skb, u32 ifindex, u64 flags): a copy of the skb leaves
// through `ifindex` now (flags 0: its egress), the program keeps the original.
llvm::Value* cloneRedirect(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* ifindex, uint64_t flags);
// TC only: long bpf_skb_vlan_push(skb, __be16 proto, u16 tci) / bpf_skb_vlan_pop(skb): the
// skb's out-of-frame VLAN tag (skb->vlan_tci), which the device puts in the frame on
// transmit.
llvm::Value* skbVlanPush(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* protoBe, llvm::Value* tci);
llvm::Value* skbVlanPop(llvm::IRBuilder<>& builder, llvm::Value* skb);
// long bpf_check_mtu(ctx, u32 ifindex, u32 *mtu_len, s32 len_diff, u64 flags): 0 when the
// packet fits the MTU of `ifindex`'s interface; with BPF_MTU_CHK_SEGS (1) a GSO skb is
// judged by its segments. TC only here; it changes no packet data.
llvm::Value* checkMtu(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* ifindex,
                      llvm::Value* mtuLength, uint64_t flags);
// long bpf_tail_call(ctx, prog_array, u32 index): returns only when the slot is empty.
llvm::Value* tailCall(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::GlobalVariable* progArray,
                      llvm::Value* index);

// --- packet size and layout (each invalidates every packet pointer: reload data/data_end
// from the context and re-check bounds after calling one) ------------------------------
llvm::Value* xdpAdjustHead(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta);
llvm::Value* xdpAdjustMeta(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta);
llvm::Value* xdpAdjustTail(llvm::IRBuilder<>& builder, llvm::Value* ctx, llvm::Value* delta);
llvm::Value* skbChangeHead(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* length,
                           uint64_t flags = 0);
llvm::Value* skbAdjustRoom(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* delta,
                           uint32_t mode, uint64_t flags);

// --- checksums --------------------------------------------------------------------------
// s64 bpf_csum_diff(from, from_size, to, to_size, seed): sizes are multiples of 4.
llvm::Value* csumDiff(llvm::IRBuilder<>& builder, llvm::Value* from, llvm::Value* fromSize,
                      llvm::Value* to, llvm::Value* toSize, llvm::Value* seed);
// TC only: long bpf_l3/l4_csum_replace(skb, offset, from, to, flags)
llvm::Value* l3CsumReplace(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* offset,
                           llvm::Value* from, llvm::Value* to, uint64_t flags);
llvm::Value* l4CsumReplace(llvm::IRBuilder<>& builder, llvm::Value* skb, llvm::Value* offset,
                           llvm::Value* from, llvm::Value* to, uint64_t flags);

// --- user space -----------------------------------------------------------------------
// long bpf_ringbuf_output(ringbuf, data, u64 size, u64 flags)
llvm::Value* ringbufOutput(llvm::IRBuilder<>& builder, llvm::GlobalVariable* ringbuf,
                           llvm::Value* data, llvm::Value* size, uint64_t flags = 0);

}  // namespace p4nfc::bpf
