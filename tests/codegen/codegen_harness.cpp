#include "codegen_harness.h"

#include <bpf/bpf.h>

#include <cerrno>
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
    result.manifestText = out.manifest;
  }
  std::ostringstream diagnostics;
  c.diags.print(diagnostics);
  result.diagnostics = diagnostics.str();
  if (ok) {
    try {
      result.manifest = p4nf::parseManifest(result.manifestText);
    } catch (const p4nf::LoaderError& error) {
      ok = false;
      result.diagnostics += std::string(error.what()) + "\n";
    }
  }
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

p4nf::TableWriter writerFor(const p4nf::LoadedObject& object, const std::string& table) {
  return p4nf::TableWriter(object.manifest().table(table),
                           [&object](const std::string& map) { return object.mapFd(map); });
}

void mapPort(const p4nf::LoadedObject& object, uint32_t port, uint32_t ifindex) {
  int fd = object.mapFd(object.manifest().maps.at("ports"));
  if (bpf_map_update_elem(fd, &port, &ifindex, BPF_ANY) != 0)
    throw p4nf::LoaderError("cannot map port " + std::to_string(port) + ": " + std::strerror(errno));
}

}  // namespace p4nfc::codegen_test
