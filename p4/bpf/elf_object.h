// Reading our BPF ELF objects back: the manifest section for the loader and `p4nfc
// --dump-manifest`, any section for tests. Free of LLVM (only libelf), so that the loader
// can link it without pulling in the compiler: it is its own library, p4nfc_elf.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace p4nfc::bpf {

// The bytes of the section called `sectionName`, or std::nullopt with `error` saying why
// (not an ELF object, no such section, a SHT_NOBITS section has no bytes).
std::optional<std::string> readElfSection(std::string_view object, std::string_view sectionName,
                                          std::string& error);

// The names of all sections, in file order (tests and diagnostics).
std::optional<std::vector<std::string>> listElfSections(std::string_view object,
                                                        std::string& error);

// The JSON text of the `.p4nf.manifest` section.
std::optional<std::string> readManifest(std::string_view object, std::string& error);

// A whole file, for the functions above.
std::optional<std::string> readBinaryFile(const std::string& path, std::string& error);

}  // namespace p4nfc::bpf
