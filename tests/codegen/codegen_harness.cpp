#include "codegen_harness.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

#include "codegen/codegen.h"
#include "frontend/frontend.h"

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

namespace {
std::string* currentLog = nullptr;
int printToLog(enum libbpf_print_level, const char* format, va_list args) {
  char buffer[4096];
  vsnprintf(buffer, sizeof buffer, format, args);
  if (currentLog) *currentLog += buffer;
  return 0;
}
}  // namespace

std::unique_ptr<Loaded> Loaded::load(const std::string& elf, std::string& log) {
  currentLog = &log;
  auto previous = libbpf_set_print(printToLog);
  bpf_object_open_opts opts{};
  opts.sz = sizeof opts;
  opts.object_name = "p4nf_test";
  bpf_object* object = bpf_object__open_mem(elf.data(), elf.size(), &opts);
  std::unique_ptr<Loaded> result;
  if (object) {
    bpf_program* program = nullptr;
    bpf_object__for_each_program(program, object) bpf_program__set_log_level(program, 1);
    if (bpf_object__load(object) == 0) result.reset(new Loaded(object));
    else bpf_object__close(object);
  }
  libbpf_set_print(previous);
  currentLog = nullptr;
  return result;
}

Loaded::~Loaded() { bpf_object__close(object_); }

int Loaded::programFd() {
  bpf_program* program = bpf_object__next_program(object_, nullptr);
  return program ? bpf_program__fd(program) : -1;
}

int Loaded::mapFd(const std::string& name) {
  bpf_map* map = bpf_object__find_map_by_name(object_, name.c_str());
  return map ? bpf_map__fd(map) : -1;
}

RunResult runXdp(int programFd, const Bytes& packet) {
  RunResult result;
  Bytes out(packet.size() + 512);
  xdp_md ctxIn{};
  ctxIn.data_end = static_cast<uint32_t>(packet.size());
  xdp_md ctxOut{};
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = packet.data();
  options.data_size_in = static_cast<uint32_t>(packet.size());
  options.data_out = out.data();
  options.data_size_out = static_cast<uint32_t>(out.size());
  options.ctx_in = &ctxIn;
  options.ctx_size_in = sizeof ctxIn;
  options.ctx_out = &ctxOut;
  options.ctx_size_out = sizeof ctxOut;
  result.error = bpf_prog_test_run_opts(programFd, &options);
  result.retval = options.retval;
  if (result.error) return result;
  out.resize(options.data_size_out);
  // data_out starts at data_meta; ctx_out.data is the metadata's length.
  uint32_t metaLength = ctxOut.data;
  if (metaLength >= 8 && metaLength <= out.size()) {
    std::memcpy(&result.verdict, out.data(), 4);
    std::memcpy(&result.port, out.data() + 4, 4);
  }
  if (metaLength <= out.size()) result.packet.assign(out.begin() + metaLength, out.end());
  return result;
}

RunResult runTc(int programFd, const Bytes& packet) {
  RunResult result;
  Bytes out(packet.size() + 512);
  __sk_buff ctxIn{};
  __sk_buff ctxOut{};
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = packet.data();
  options.data_size_in = static_cast<uint32_t>(packet.size());
  options.data_out = out.data();
  options.data_size_out = static_cast<uint32_t>(out.size());
  options.ctx_in = &ctxIn;
  options.ctx_size_in = sizeof ctxIn;
  options.ctx_out = &ctxOut;
  options.ctx_size_out = sizeof ctxOut;
  result.error = bpf_prog_test_run_opts(programFd, &options);
  result.retval = options.retval;
  if (result.error) return result;
  out.resize(options.data_size_out);
  result.packet = out;
  result.verdict = ctxOut.cb[0];
  result.port = ctxOut.cb[1];
  return result;
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
