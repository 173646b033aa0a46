// Sections of our objects that are data, not code: the license and the manifest.
#pragma once

#include <string>

namespace llvm {
class GlobalVariable;
class Module;
}  // namespace llvm

namespace p4nfc::bpf {

// The "license" section libbpf passes to the kernel. Helpers we need (redirect_map,
// ringbuf, ...) are GPL-only, so every object we emit says "GPL".
llvm::GlobalVariable* addLicense(llvm::Module& module, const std::string& license = "GPL");

// The manifest: a JSON document in section `.p4nf.manifest`, the one contract between the
// compiler and the loader (DESIGN.md section 4). libbpf skips sections it does not know
// (it logs "skipping unrecognized data section"), so the object loads as is; the loader
// reads the section with readManifest() (elf_object.h). Stored as the exact bytes of
// `json`, without a terminating NUL.
llvm::GlobalVariable* addManifest(llvm::Module& module, const std::string& json);

inline constexpr const char* kLicenseSection = "license";
inline constexpr const char* kManifestSection = ".p4nf.manifest";
inline constexpr const char* kManifestSymbol = "__p4nf_manifest";

}  // namespace p4nfc::bpf
