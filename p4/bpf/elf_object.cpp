#include "bpf/elf_object.h"

#include <gelf.h>
#include <libelf.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <memory>

#include "bpf/object_sections.h"

namespace p4nfc::bpf {
namespace {

struct ElfCloser {
  void operator()(Elf* elf) const { elf_end(elf); }
};
using ElfHandle = std::unique_ptr<Elf, ElfCloser>;

// Opens `image` (which must outlive the handle) and calls `visit(name, section)` for each
// section until it returns false. Returns false with `error` set if the image is not ELF.
bool forEachSection(std::string& image, std::string& error,
                    const std::function<bool(std::string_view, Elf_Scn*)>& visit) {
  if (elf_version(EV_CURRENT) == EV_NONE) {
    error = "libelf is too old";
    return false;
  }
  ElfHandle elf(elf_memory(image.data(), image.size()));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) {
    error = "not an ELF object";
    return false;
  }
  size_t namesIndex = 0;
  if (elf_getshdrstrndx(elf.get(), &namesIndex) != 0) {
    error = std::string("ELF object without section names: ") + elf_errmsg(-1);
    return false;
  }
  for (Elf_Scn* section = elf_nextscn(elf.get(), nullptr); section;
       section = elf_nextscn(elf.get(), section)) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header)) continue;
    const char* name = elf_strptr(elf.get(), namesIndex, header.sh_name);
    if (!visit(name ? name : "", section)) break;
  }
  return true;
}

}  // namespace

std::optional<std::string> readElfSection(std::string_view object, std::string_view sectionName,
                                          std::string& error) {
  // libelf wants a mutable buffer; reading never writes to it, but a copy keeps the
  // caller's bytes const for certain.
  std::string image(object);
  std::optional<std::string> bytes;
  bool found = false;
  bool parsed = forEachSection(image, error, [&](std::string_view name, Elf_Scn* section) {
    if (name != sectionName) return true;
    found = true;
    GElf_Shdr header;
    gelf_getshdr(section, &header);
    if (header.sh_type == SHT_NOBITS) {
      error = "section " + std::string(sectionName) + " has no bytes in the file";
      return false;
    }
    std::string content;
    for (Elf_Data* data = elf_getdata(section, nullptr); data; data = elf_getdata(section, data))
      if (data->d_buf) content.append(static_cast<const char*>(data->d_buf), data->d_size);
    bytes = std::move(content);
    return false;
  });
  if (!parsed) return std::nullopt;
  if (!found) error = "no section " + std::string(sectionName);
  return bytes;
}

std::optional<std::vector<std::string>> listElfSections(std::string_view object,
                                                        std::string& error) {
  std::string image(object);
  std::vector<std::string> names;
  bool parsed = forEachSection(image, error, [&](std::string_view name, Elf_Scn*) {
    names.emplace_back(name);
    return true;
  });
  if (!parsed) return std::nullopt;
  return names;
}

std::optional<std::string> readManifest(std::string_view object, std::string& error) {
  return readElfSection(object, kManifestSection, error);
}

std::optional<std::string> readBinaryFile(const std::string& path, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  return bytes;
}

}  // namespace p4nfc::bpf
