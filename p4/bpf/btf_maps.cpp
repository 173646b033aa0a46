#include "bpf/btf_maps.h"

#include <linux/bpf.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>

#include <vector>

#include "bpf/debug_info.h"

namespace p4nfc::bpf {
namespace {

llvm::Error specError(const MapSpec& spec, const llvm::Twine& message) {
  return llvm::make_error<llvm::StringError>("map '" + spec.name + "': " + message,
                                             llvm::inconvertibleErrorCode());
}

uint32_t keyBytes(const MapSpec& spec) { return spec.key ? spec.key->size() : spec.keySize; }
uint32_t valueBytes(const MapSpec& spec) {
  return spec.value ? spec.value->size() : spec.valueSize;
}

// The kernel caps keys and values that programs pass by pointer into the stack anyway;
// these are its own limits for the map kinds we create.
constexpr uint32_t kMaxStackBytes = 512;
constexpr uint32_t kMaxLpmDataBytes = 256;  // LPM_DATA_SIZE_MAX
constexpr uint32_t kPageSize = 4096;

llvm::Error checkLayouts(const MapSpec& spec) {
  if (spec.key)
    if (std::string problem = spec.key->validate(); !problem.empty()) return specError(spec, problem);
  if (spec.value)
    if (std::string problem = spec.value->validate(); !problem.empty()) return specError(spec, problem);
  return llvm::Error::success();
}

llvm::Error checkLpmKey(const MapSpec& spec) {
  uint32_t bytes = keyBytes(spec);
  if (bytes <= 4 || bytes > 4 + kMaxLpmDataBytes)
    return specError(spec, "an LPM trie key is a __u32 prefix length and 1..256 data bytes");
  if (!spec.key)
    return specError(spec, "an LPM trie key needs a layout (the kernel wants a BTF struct)");
  {
    const RecordLayout& key = *spec.key;
    bool startsWithPrefixLength = false;
    for (const FieldLayout& field : key.fields)
      if (field.byteOffset == 0 && field.storageBytes() == 4 && field.isInteger())
        startsWithPrefixLength = true;
    if (!startsWithPrefixLength)
      return specError(spec, "an LPM trie key must start with a 32-bit prefix length field");
  }
  return llvm::Error::success();
}

llvm::Error checkSizes(const MapSpec& spec) {
  uint32_t key = keyBytes(spec);
  uint32_t value = valueBytes(spec);
  switch (spec.kind) {
    case MapKind::Ringbuf:
      if (key || value) return specError(spec, "a ring buffer has no key or value");
      if ((spec.maxEntries & (spec.maxEntries - 1)) != 0 || spec.maxEntries % kPageSize != 0)
        return specError(spec, "a ring buffer's size must be a power of 2 and a multiple of 4096");
      return llvm::Error::success();
    case MapKind::Array:
    case MapKind::PercpuArray:
      if (key != 4) return specError(spec, "an array's key is a 4-byte index");
      break;
    case MapKind::ProgArray:
      if (key != 4 || value != 4) return specError(spec, "a prog array maps __u32 to __u32");
      break;
    case MapKind::Devmap:
    case MapKind::DevmapHash:
      if (key != 4 || (value != 4 && value != 8))
        return specError(spec,
                         "a device map maps __u32 to an ifindex (4 bytes) or to "
                         "struct bpf_devmap_val (8 bytes)");
      break;
    case MapKind::LpmTrie:
      if (llvm::Error error = checkLpmKey(spec)) return error;
      break;
    default:
      break;
  }
  if (key == 0 || value == 0) return specError(spec, "key and value sizes must be non-zero");
  // Programs build keys on their 512-byte stack; the kernel refuses larger hash keys.
  if (key > kMaxStackBytes) return specError(spec, "a key larger than 512 bytes");
  return llvm::Error::success();
}

// A key or value given only by its size: an integer when it can be one, else bytes.
llvm::DIType* scalarType(DebugInfo& debugInfo, uint32_t bytes) {
  if (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8) return debugInfo.unsignedType(bytes);
  return debugInfo.byteArrayType(bytes);
}

// The kernel's BTF checks per map kind: an array's key must be a 32-bit INT (not a
// struct), an LPM trie's a struct, the others anything of the right size. A key without
// BTF is refused outright (libbpf would then retry without any BTF), so every typed map
// gets one.
llvm::DIType* keyType(DebugInfo& debugInfo, const MapSpec& spec) {
  if (spec.kind == MapKind::Array || spec.kind == MapKind::PercpuArray)
    return debugInfo.unsignedType(4);
  if (spec.key) return debugInfo.structType(*spec.key);
  return scalarType(debugInfo, spec.keySize);
}

}  // namespace

MapSpec MapSpec::typed(std::string name, MapKind kind, uint32_t maxEntries, RecordLayout key,
                       RecordLayout value) {
  MapSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.maxEntries = maxEntries;
  spec.key = std::move(key);
  spec.value = std::move(value);
  return spec;
}

MapSpec MapSpec::indexed(std::string name, MapKind kind, uint32_t maxEntries, RecordLayout value) {
  MapSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.maxEntries = maxEntries;
  spec.keySize = 4;
  spec.value = std::move(value);
  return spec;
}

MapSpec MapSpec::sized(std::string name, MapKind kind, uint32_t maxEntries, uint32_t keySize,
                       uint32_t valueSize) {
  MapSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.maxEntries = maxEntries;
  spec.keySize = keySize;
  spec.valueSize = valueSize;
  return spec;
}

MapSpec MapSpec::ringbuf(std::string name, uint32_t bytes) {
  MapSpec spec;
  spec.name = std::move(name);
  spec.kind = MapKind::Ringbuf;
  spec.maxEntries = bytes;
  return spec;
}

uint32_t kernelMapType(MapKind kind) {
  switch (kind) {
    case MapKind::Hash:
      return BPF_MAP_TYPE_HASH;
    case MapKind::LruHash:
      return BPF_MAP_TYPE_LRU_HASH;
    case MapKind::PercpuHash:
      return BPF_MAP_TYPE_PERCPU_HASH;
    case MapKind::LruPercpuHash:
      return BPF_MAP_TYPE_LRU_PERCPU_HASH;
    case MapKind::Array:
      return BPF_MAP_TYPE_ARRAY;
    case MapKind::PercpuArray:
      return BPF_MAP_TYPE_PERCPU_ARRAY;
    case MapKind::LpmTrie:
      return BPF_MAP_TYPE_LPM_TRIE;
    case MapKind::ProgArray:
      return BPF_MAP_TYPE_PROG_ARRAY;
    case MapKind::Devmap:
      return BPF_MAP_TYPE_DEVMAP;
    case MapKind::DevmapHash:
      return BPF_MAP_TYPE_DEVMAP_HASH;
    case MapKind::Ringbuf:
      return BPF_MAP_TYPE_RINGBUF;
  }
  return BPF_MAP_TYPE_UNSPEC;
}

const char* mapKindName(MapKind kind) {
  switch (kind) {
    case MapKind::Hash:
      return "hash";
    case MapKind::LruHash:
      return "lru_hash";
    case MapKind::PercpuHash:
      return "percpu_hash";
    case MapKind::LruPercpuHash:
      return "lru_percpu_hash";
    case MapKind::Array:
      return "array";
    case MapKind::PercpuArray:
      return "percpu_array";
    case MapKind::LpmTrie:
      return "lpm_trie";
    case MapKind::ProgArray:
      return "prog_array";
    case MapKind::Devmap:
      return "devmap";
    case MapKind::DevmapHash:
      return "devmap_hash";
    case MapKind::Ringbuf:
      return "ringbuf";
  }
  return "unknown";
}

bool mapKindSupportsBtfKeyValue(MapKind kind) {
  switch (kind) {
    case MapKind::ProgArray:
    case MapKind::Devmap:
    case MapKind::DevmapHash:
    case MapKind::Ringbuf:
      return false;
    default:
      return true;
  }
}

llvm::Error validateMapSpec(const MapSpec& spec) {
  if (!isCIdentifier(spec.name)) return specError(spec, "the name must be a C identifier");
  if (spec.maxEntries == 0) return specError(spec, "max_entries must be positive");
  if (llvm::Error error = checkLayouts(spec)) return error;
  return checkSizes(spec);
}

llvm::Expected<llvm::GlobalVariable*> defineMap(llvm::Module& module, DebugInfo& debugInfo,
                                                const MapSpec& spec) {
  if (llvm::Error error = validateMapSpec(spec)) return std::move(error);
  if (module.getNamedValue(spec.name))
    return specError(spec, "the name is already used by another global");

  uint32_t flags = spec.flags;
  if (spec.kind == MapKind::LpmTrie) flags |= BPF_F_NO_PREALLOC;

  // Each member is a pointer (8 bytes): the attribute lives in the pointee type.
  std::vector<DebugInfo::Member> members;
  auto addInteger = [&](const char* name, uint64_t value) {
    members.push_back({name, debugInfo.intArrayPointer(value), members.size() * 8, 8});
  };
  auto addType = [&](const char* name, llvm::DIType* pointee) {
    members.push_back({name, debugInfo.pointerTo(pointee), members.size() * 8, 8});
  };

  addInteger("type", kernelMapType(spec.kind));
  if (mapKindSupportsBtfKeyValue(spec.kind)) {
    addType("key", keyType(debugInfo, spec));
    addType("value",
            spec.value ? debugInfo.structType(*spec.value) : scalarType(debugInfo, spec.valueSize));
  } else if (spec.kind != MapKind::Ringbuf) {
    addInteger("key_size", keyBytes(spec));
    addInteger("value_size", valueBytes(spec));
  }
  addInteger("max_entries", spec.maxEntries);
  if (flags != 0) addInteger("map_flags", flags);

  llvm::LLVMContext& context = module.getContext();
  llvm::Type* pointer = llvm::PointerType::get(context, 0);
  llvm::StructType* type =
      llvm::StructType::get(context, std::vector<llvm::Type*>(members.size(), pointer));
  auto* global = new llvm::GlobalVariable(module, type, /*isConstant=*/false,
                                          llvm::GlobalValue::ExternalLinkage,
                                          llvm::Constant::getNullValue(type), spec.name);
  global->setSection(kMapsSection);
  global->setAlignment(llvm::Align(8));
  global->setDSOLocal(true);
  debugInfo.describeGlobal(*global, debugInfo.anonymousStructType(members.size() * 8, members));
  return global;
}

}  // namespace p4nfc::bpf
