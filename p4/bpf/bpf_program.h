// Program entry points (XDP, TC), BPF-to-BPF functions, and direct packet access: the
// context loads and bounds checks the verifier understands.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <cstdint>
#include <string>

namespace llvm {
class DISubprogram;
class DIType;
class Function;
class Module;
}  // namespace llvm

namespace p4nfc::bpf {

class DebugInfo;

enum class ProgramKind { Xdp, Tc };

// The ELF section libbpf derives the program type from: "xdp" (BPF_PROG_TYPE_XDP) or
// "tc" (BPF_PROG_TYPE_SCHED_CLS; libbpf >= 0.8, older ones knew only "classifier").
const char* programSection(ProgramKind kind);

// Verdicts (enum xdp_action, TC_ACT_* from linux/pkt_cls.h).
namespace xdp_action {
inline constexpr int kAborted = 0, kDrop = 1, kPass = 2, kTx = 3, kRedirect = 4;
}
namespace tc_action {
inline constexpr int kUnspec = -1, kOk = 0, kShot = 2, kRedirect = 7;
}

struct ProgramFunction {
  llvm::Function* function = nullptr;
  llvm::Value* ctx = nullptr;  // struct xdp_md * or struct __sk_buff *
  llvm::DISubprogram* subprogram = nullptr;
  llvm::BasicBlock* entry = nullptr;
};

// Defines `int name(struct xdp_md *ctx)` or `int name(struct __sk_buff *skb)` in the kind's
// section, with its debug info. `line` is the P4 line the program stands for.
ProgramFunction defineProgram(llvm::Module& module, DebugInfo& debugInfo, const std::string& name,
                              ProgramKind kind, unsigned line = 0);

// Defines a local (static), never-inlined function for a BPF-to-BPF call, with a
// DISubprogram derived from `type` (integers -> __uN, pointers -> void *): the kernel
// rejects programs whose subprograms lack BTF func_info. At most 5 parameters, each an
// integer of at most 64 bits or a pointer. Verified in the caller's context, so packet
// pointers may be passed.
llvm::Function* defineLocalFunction(llvm::Module& module, DebugInfo& debugInfo,
                                    const std::string& name, llvm::FunctionType* type,
                                    unsigned line = 0);

// The pointer-to-context type in debug info (struct xdp_md * / struct __sk_buff *).
llvm::DIType* contextPointerType(DebugInfo& debugInfo, ProgramKind kind);

// A 32-bit context field (offsets from linux/bpf.h, e.g. offsetof(struct __sk_buff, mark)).
// Accesses are volatile so that LLVM neither merges one with a neighbour nor narrows it:
// the verifier only accepts context accesses of the field's own size (or documented
// narrower ones), at the field's own offset through the unmoved ctx pointer. LLVM would
// also merge two accesses at different offsets on different paths into one through a
// computed address (SimplifyCFG sinking), so the ctx pointer goes through
// llvm.preserve.static.offset, which the BPF target's own passes keep as "base + constant"
// to the end, as clang does for __attribute__((preserve_static_offset)) structs.
llvm::Value* loadContextU32(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset,
                            const llvm::Twine& name = "");
void storeContextU32(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset, llvm::Value* value);
// The same for the 64-bit fields (__sk_buff.tstamp).
llvm::Value* loadContextU64(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset,
                            const llvm::Twine& name = "");
void storeContextU64(llvm::IRBuilder<>& builder, llvm::Value* ctx, uint32_t offset, llvm::Value* value);

struct PacketPointers {
  llvm::Value* data = nullptr;     // ptr: first byte of the packet (PTR_TO_PACKET)
  llvm::Value* dataEnd = nullptr;  // ptr: one past the last byte (PTR_TO_PACKET_END)
};

// Loads data and data_end from the context. Call again after any helper that moves the
// packet (adjust_head/meta/tail, skb_change_head, adjust_room, ...): the verifier
// invalidates all packet pointers at such calls.
PacketPointers loadPacketPointers(llvm::IRBuilder<>& builder, llvm::Value* ctx, ProgramKind kind);

// `if (base + length > data_end) goto outOfBounds;` and continues in a new block, where
// bytes [base, base + length) may be read and written. `base` must be derived from
// PacketPointers::data by GEPs (constant or bounded variable offsets). Returns `base`.
llvm::Value* checkPacketBounds(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                               llvm::Value* base, uint64_t length, llvm::BasicBlock* outOfBounds,
                               const llvm::Twine& name = "");

// `data + offset`, the start of a header at a constant or variable byte offset.
llvm::Value* packetAddress(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                           llvm::Value* offset, const llvm::Twine& name = "");
llvm::Value* packetAddress(llvm::IRBuilder<>& builder, const PacketPointers& packet,
                           uint64_t offset, const llvm::Twine& name = "");

}  // namespace p4nfc::bpf
