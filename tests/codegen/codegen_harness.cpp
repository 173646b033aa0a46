#include "codegen_harness.h"

#include <bpf/bpf.h>

#include <cstring>
#include <sstream>

#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "loader/loader_error.h"
#include "loader/packet_runner.h"

namespace p4nfc::codegen_test {

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

}  // namespace p4nfc::codegen_test
