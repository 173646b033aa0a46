// Debug info for one module, from which LLVM's BPF back end derives BTF.
//
// Why we need it although nobody runs a debugger on it: the BPF AsmPrinter turns DWARF-style
// metadata into the .BTF and .BTF.ext sections. libbpf reads BTF-defined maps (type,
// key/value types, sizes) from it; the kernel attaches key/value types to maps (so
// `bpftool map dump` prints field names), checks func_info (one BTF function per BPF
// function, needed as soon as there are BPF-to-BPF calls) and shows line_info in verifier
// logs (so a rejection points at a P4 source line).
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DebugInfoMetadata.h>

#include <memory>
#include <string>

#include "bpf/record_layout.h"

namespace llvm {
class Function;
class Module;
}  // namespace llvm

namespace p4nfc::bpf {

class DebugInfo {
 public:
  // `sourcePath` names the P4 file: BTF line info refers to it (and embeds its lines when
  // the file is readable at compile time).
  DebugInfo(llvm::Module& module, const std::string& sourcePath,
            const std::string& producer = "p4nfc");
  ~DebugInfo();
  DebugInfo(const DebugInfo&) = delete;
  DebugInfo& operator=(const DebugInfo&) = delete;

  llvm::DIBuilder& builder() { return *builder_; }
  llvm::DICompileUnit* compileUnit() { return compileUnit_; }
  llvm::DIFile* file() { return file_; }

  // Types, cached by name so that each appears once in BTF.
  llvm::DIBasicType* intType();                     // int
  llvm::DIBasicType* unsignedType(unsigned bytes);  // __u8, __u16, __u32, __u64
  llvm::DIType* byteArrayType(unsigned bytes);      // __u8[bytes]
  llvm::DIType* pointerTo(llvm::DIType* pointee);   // nullptr pointee: void *
  // `int (*)[count]`: how BTF-defined maps encode an integer attribute.
  llvm::DIType* intArrayPointer(uint64_t count);
  // A named struct with one member per field (assumes layout.validate() passed).
  llvm::DICompositeType* structType(const RecordLayout& layout);
  // A struct from explicit members, e.g. the program context (xdp_md, __sk_buff).
  struct Member {
    std::string name;
    llvm::DIType* type;
    uint64_t byteOffset;
    uint64_t byteSize;
  };
  llvm::DICompositeType* structType(const std::string& name, uint64_t byteSize,
                                    llvm::ArrayRef<Member> members);
  // An anonymous struct (BTF-defined map definitions are anonymous in clang's output).
  llvm::DICompositeType* anonymousStructType(uint64_t byteSize, llvm::ArrayRef<Member> members);

  // Attaches a DISubprogram so that BTF has a FUNC (func_info) for `function`. `result`
  // nullptr means void. Local (internal) functions get a static BTF linkage.
  llvm::DISubprogram* describeFunction(llvm::Function& function, unsigned line,
                                       llvm::DIType* result, llvm::ArrayRef<llvm::DIType*> params);
  // A location inside `scope` (line info; column 0 if unknown).
  llvm::DILocation* location(llvm::DISubprogram* scope, unsigned line, unsigned column = 0);

  // Describes a global variable (maps in .maps need this to get their BTF).
  void describeGlobal(llvm::GlobalVariable& global, llvm::DIType* type, unsigned line = 0);

  // Resolves forward references; call once, after all IR is built and before optimising.
  void finalize();

 private:
  llvm::DICompositeType* buildStruct(llvm::StringRef name, uint64_t byteSize,
                                     llvm::ArrayRef<Member> members);

  llvm::Module& module_;
  std::unique_ptr<llvm::DIBuilder> builder_;
  llvm::DICompileUnit* compileUnit_ = nullptr;
  llvm::DIFile* file_ = nullptr;
  llvm::StringMap<llvm::DIType*> types_;
  bool finalized_ = false;
};

}  // namespace p4nfc::bpf
