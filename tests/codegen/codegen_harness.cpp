#include "codegen_harness.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "loader/loader_error.h"
#include "loader/packet_runner.h"

namespace p4nfc::codegen_test {

bool canLoadBpf() { return geteuid() == 0; }

std::string programPath(const std::string& name) {
  return std::string(P4NFC_CODEGEN_PROGRAMS) + "/" + name;
}

Compiled compileP4(const std::string& path, const std::string& target, int optLevel) {
  Compiled result;
  Compilation c;
  bool ok = c.parseFile(path, FrontendOptions{}) && c.program && c.check() && !c.diags.hasErrors();
  if (ok) {
    codegen::CodegenOptions options;
    options.target = target;
    options.optLevel = optLevel;
    options.sourcePath = path;
    auto out = codegen::generate(c, options);
    ok = out.ok;
    result.object = out.output;
    if (!out.manifest.empty()) result.manifest = nlohmann::json::parse(out.manifest, nullptr, false);
  }
  std::ostringstream diagnostics;
  c.diags.print(diagnostics);
  result.diagnostics = diagnostics.str();
  result.ok = ok;
  return result;
}

std::unique_ptr<Loaded> Loaded::load(const std::string& elf, std::string& log) {
  try {
    auto object = p4nf::LoadedObject::fromMemory(elf, "p4nf_test");
    log = object->log();
    return std::unique_ptr<Loaded>(new Loaded(std::move(object)));
  } catch (const p4nf::LoaderError& e) {
    log = e.what();
    return nullptr;
  }
}

int Loaded::mapFd(const std::string& name) const {
  try {
    return object_->mapFd(name);
  } catch (const p4nf::LoaderError&) {
    return -1;
  }
}

namespace {

// libp4nf's runner, with its errors as a result instead of an exception (tests compare).
RunResult run(int programFd, p4nf::ProgramType type, const Bytes& packet, bool withRecord) {
  RunResult result;
  try {
    std::optional<p4nf::ChainMetadata> given;
    if (withRecord) given = p4nf::ChainMetadata{};
    p4nf::RawRun raw = p4nf::runRaw(programFd, type, given, packet);
    result.retval = static_cast<uint32_t>(raw.returnCode);
    result.packet = std::move(raw.packet);
    if (raw.record) {
      result.verdict = raw.record->verdict;
      result.port = raw.record->egressPort;
    }
  } catch (const p4nf::LoaderError& error) {
    result.error = -1;
    result.message = error.what();
  }
  return result;
}

}  // namespace

RunResult runWithoutRecord(int programFd, p4nf::ProgramType type, const Bytes& packet) {
  return run(programFd, type, packet, false);
}

RunResult runWithRecord(int programFd, p4nf::ProgramType type, const Bytes& packet) {
  return run(programFd, type, packet, true);
}

uint32_t verifiedInstructions(int programFd) {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(programFd, &info, &length) != 0) return 0;
  return info.verified_insns;
}

const nlohmann::json& tableOf(const nlohmann::json& manifest, const std::string& name) {
  for (const auto& t : manifest["tables"]) {
    std::string full = t["name"];
    if (full == name || (full.size() > name.size() && full.substr(full.size() - name.size() - 1) == "." + name))
      return t;
  }
  static const nlohmann::json none;
  return none;
}

namespace {
void put(Bytes& out, uint32_t offset, uint32_t size, const Bytes& value) {
  // Right-aligned: the value's last byte is the field's last byte.
  for (size_t i = 0; i < value.size() && i < size; ++i)
    out[offset + size - 1 - i] = value[value.size() - 1 - i];
}
}  // namespace

Bytes encodeKey(const nlohmann::json& table, const std::vector<Bytes>& values, int lpmPrefixLen) {
  Bytes key(table["key_size"].get<uint32_t>(), 0);
  uint32_t prefix = 0;
  size_t i = 0;
  for (const auto& k : table["keys"]) {
    uint32_t offset = k["offset"], size = k["size"], width = k["width"];
    if (i < values.size()) put(key, offset, size, values[i]);
    prefix += k["match"] == "lpm" ? 8 * size - width + static_cast<uint32_t>(lpmPrefixLen) : 8 * size;
    ++i;
  }
  if (table["kind"] == "lpm") std::memcpy(key.data(), &prefix, 4);
  return key;
}

Bytes encodeValue(const nlohmann::json& table, const std::string& action, const std::vector<Bytes>& args) {
  Bytes value(table["value_size"].get<uint32_t>(), 0);
  for (const auto& a : table["actions"]) {
    std::string name = a["name"];
    if (name != action && name.substr(name.find('.') + 1) != action) continue;
    uint32_t id = a["id"];
    std::memcpy(value.data(), &id, 4);
    size_t i = 0;
    for (const auto& p : a["params"]) {
      if (i < args.size()) put(value, p["offset"], p["size"], args[i]);
      ++i;
    }
  }
  return value;
}

bool updateMap(int fd, const Bytes& key, const Bytes& value) {
  return bpf_map_update_elem(fd, key.data(), value.data(), BPF_ANY) == 0;
}

Bytes be(uint64_t value, size_t bytes) {
  Bytes out(bytes);
  for (size_t i = 0; i < bytes; ++i) out[bytes - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace p4nfc::codegen_test
