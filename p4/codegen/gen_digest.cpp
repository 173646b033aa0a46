// PNA Digest<T>: pack(data) sends one record to user space through a BPF ring buffer
// (bpf_ringbuf_output). The record is the leaves of T in order, each of width W in
// ceil(W/8) bytes, big-endian and right-aligned (the manifest's value encoding); the
// manifest lists the fields with their offsets (docs/manifest.md, "Externs"). A full ring
// buffer drops the digest, never the packet.
#include <llvm/IR/Constants.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"
#include "codegen/network_bytes.h"

namespace p4nfc::codegen {

namespace {
constexpr uint32_t kRingBytes = 1u << 16;  // a power of two and a multiple of the page size
constexpr int kMaxDigestBytes = 256;

void digestLeaves(const Type* t, const std::string& prefix, std::vector<std::pair<std::string, const Type*>>& out,
                  int depth) {
  const Type* u = underlyingType(t);
  if (depth > kMaxTypeDepth) return;
  if (auto* st = dyn_cast<StructType>(u)) {
    for (const auto& f : st->fields) digestLeaves(f.type, prefix.empty() ? f.name : prefix + "." + f.name, out, depth + 1);
    return;
  }
  out.emplace_back(prefix.empty() ? "value" : prefix, t);
}
}  // namespace

void Generator::defineDigest(const std::string& qualified, const InstantiationDecl* inst, ExternState& state,
                             const Type* dataType) {
  if (!dataType) unsupported(inst->loc, "a Digest without a type argument");
  std::vector<std::pair<std::string, const Type*>> leaves;
  digestLeaves(dataType, "", leaves, 0);
  std::vector<p4nf::ManifestField> fields;
  uint32_t offset = 0;
  for (auto& [fieldName, type] : leaves) {
    int width = widthOf(type, inst->loc);
    uint32_t bytes = (width + 7) / 8;
    state.digestFields.push_back({fieldName, width, offset});
    p4nf::ManifestField& field = fields.emplace_back();
    field.name = fieldName;
    field.width = width;
    field.offset = offset;
    field.size = bytes;
    offset += bytes;
  }
  if (offset > kMaxDigestBytes) unsupported(inst->loc, "a digest record over 256 bytes");
  state.digestSize = std::max<uint32_t>(offset, 1);
  std::string name = mapNames_.allocate("g_", inst->name);
  auto map = module_.defineMap(bpf::MapSpec::ringbuf(name, kRingBytes));
  if (!map) unsupported(inst->loc, "this digest's ring buffer: " + llvm::toString(map.takeError()));
  state.map = *map;
  state.valueType = dataType;
  addManifestExtern("Digest", qualified, name, state.digestSize).fields = std::move(fields);
}

void Generator::genDigestPack(const CallExpr* call, ExternState& ext, const Expr* data) {
  std::vector<std::pair<llvm::Value*, int>> leaves;
  flattenLeaves(data, leaves);
  if (leaves.size() != ext.digestFields.size())
    unsupported(call->loc, "a digest whose data does not match its type's fields");
  for (size_t i = 0; i < leaves.size(); ++i)
    if (leaves[i].second != ext.digestFields[i].width)
      unsupported(call->loc, "a digest whose data does not match its type's fields");
  uint32_t size = ext.digestSize;
  llvm::AllocaInst* record = entryAlloca(llvm::ArrayType::get(b_->getInt8Ty(), (size + 7) / 8 * 8), "digest", 8);
  b_->CreateMemSet(record, b_->getInt8(0), (size + 7) / 8 * 8, llvm::Align(8));
  for (size_t i = 0; i < leaves.size(); ++i) {
    auto [value, width] = leaves[i];
    uint32_t bytes = (width + 7) / 8;
    storeNetworkBits(*b_, record, 8ull * ext.digestFields[i].offset, 8 * bytes, b_->CreateZExt(value, b_->getIntNTy(8 * bytes)), 8);
  }
  bpf::ringbufOutput(*b_, ext.map, record, b_->getInt64(size));
}

}  // namespace p4nfc::codegen
