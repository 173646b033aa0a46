#include "loader/kernel_features.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <linux/pkt_cls.h>
#include <sched.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "loader/fd.h"
#include "loader/quiet_libbpf.h"

namespace p4nf {
namespace {

// ---- the catalogue ---------------------------------------------------------------------

struct Known {
  const char* key;
  const char* usedFor;
  const char* since;
  bool required;
};

// Map types by the name the keys use, and what p4nfc's objects use each for.
struct MapKind {
  bpf_map_type type;
  const char* name;
  const char* usedFor;
  const char* since;
  bool required;
};
const MapKind kMapKinds[] = {
    {BPF_MAP_TYPE_HASH, "hash", "exact tables, ternary tables (tuple-space search), port ids", "3.19", true},
    {BPF_MAP_TYPE_ARRAY, "array", "default actions, registers, meters, dir24 lpm arrays", "3.19", true},
    {BPF_MAP_TYPE_PERCPU_ARRAY, "percpu_array", "counters, the XDP chain record (p4nf_record)", "4.6", true},
    {BPF_MAP_TYPE_PROG_ARRAY, "prog_array", "service chains (tail calls)", "4.2", true},
    {BPF_MAP_TYPE_DEVMAP_HASH, "devmap_hash", "XDP send_to_port (bpf_redirect_map)", "5.4", true},
    {BPF_MAP_TYPE_LPM_TRIE, "lpm_trie", "lpm tables", "4.11", false},
    {BPF_MAP_TYPE_LRU_HASH, "lru_hash", "add_on_miss tables (learning, connection state)", "4.10", false},
    {BPF_MAP_TYPE_PERCPU_HASH, "percpu_hash", "per-CPU hash maps", "4.6", false},
    {BPF_MAP_TYPE_LRU_PERCPU_HASH, "lru_percpu_hash", "per-CPU LRU maps", "4.10", false},
    {BPF_MAP_TYPE_DEVMAP, "devmap", "device maps", "4.14", false},
    {BPF_MAP_TYPE_RINGBUF, "ringbuf", "Digest records to user space", "5.8", false},
};

// Helpers p4nfc may emit, per program type (p4/bpf/bpf_helpers.h). `doctor` lists
// them; a deployment checks the ones its objects actually call.
const std::vector<int> kXdpHelpers = {BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem, BPF_FUNC_map_delete_elem,
                                      BPF_FUNC_ktime_get_ns,    BPF_FUNC_get_prandom_u32,  BPF_FUNC_tail_call,
                                      BPF_FUNC_redirect_map,    BPF_FUNC_xdp_adjust_head,  BPF_FUNC_xdp_adjust_tail,
                                      BPF_FUNC_csum_diff,       BPF_FUNC_ringbuf_output,   BPF_FUNC_check_mtu};
const std::vector<int> kTcHelpers = {BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem, BPF_FUNC_map_delete_elem,
                                     BPF_FUNC_ktime_get_ns,    BPF_FUNC_get_prandom_u32,  BPF_FUNC_tail_call,
                                     BPF_FUNC_redirect,        BPF_FUNC_skb_store_bytes,  BPF_FUNC_skb_load_bytes,
                                     BPF_FUNC_l3_csum_replace, BPF_FUNC_l4_csum_replace,  BPF_FUNC_skb_change_tail,
                                     BPF_FUNC_skb_change_head, BPF_FUNC_skb_adjust_room,  BPF_FUNC_csum_diff,
                                     BPF_FUNC_ringbuf_output,  BPF_FUNC_check_mtu,       BPF_FUNC_clone_redirect,
                                     BPF_FUNC_skb_vlan_push,   BPF_FUNC_skb_vlan_pop};

const Known kOthers[] = {
    {"prog:xdp", "XDP modules", "4.8", false},
    {"prog:sched_cls", "TC modules", "4.1", false},
    {"btf", "typed maps (every object's maps carry BTF)", "4.18", true},
    {"map_flag:mmapable", "dir24 lpm tables (the loader writes their arrays through mmap)", "5.5", false},
    {"attach:xdp_link", "attaching XDP modules (bpf_link, replaced atomically)", "5.9", false},
    {"attach:tc", "attaching TC modules (clsact qdisc, netlink filters)", "4.5", false},
    {"test_run:xdp", "p4nf test on XDP, bench/", "4.12", false},
    {"test_run:sched_cls", "p4nf test on TC", "4.12", false},
    {"test_run:xdp_live_frames", "bench/e2e's fastest traffic source (else AF_PACKET)", "5.18", false},
    {"bpf_stats", "packet counts and run time in p4nf status", "5.8", false},
    {"netns", "p4nf up --sandbox (hosts in network namespaces)", "2.6.24", false},
    {"percpu_lookup_inlined", "the XDP chain record costs no helper call (else one per hop)", "6.10", false},
};

std::string progName(bpf_prog_type type) {
  switch (type) {
    case BPF_PROG_TYPE_XDP: return "xdp";
    case BPF_PROG_TYPE_SCHED_CLS: return "sched_cls";
    default: return "type " + std::to_string(static_cast<int>(type));
  }
}

std::optional<bpf_prog_type> progTypeNamed(const std::string& name) {
  if (name == "xdp") return BPF_PROG_TYPE_XDP;
  if (name == "sched_cls") return BPF_PROG_TYPE_SCHED_CLS;
  return std::nullopt;
}

const char* const kHelperNames[] = {
#define P4NF_HELPER_NAME(x) "bpf_" #x  // the mapper puts the commas
    __BPF_FUNC_MAPPER(P4NF_HELPER_NAME)
#undef P4NF_HELPER_NAME
};

std::optional<int> helperNamed(const std::string& name) {
  for (size_t id = 0; id < std::size(kHelperNames); ++id)
    if (name == kHelperNames[id]) return static_cast<int>(id);
  return std::nullopt;
}

// ---- tiny programs ---------------------------------------------------------------------

bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}
bpf_insn movImm(uint8_t dst, int32_t imm) { return insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
bpf_insn exitInsn() { return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

// A program that returns `verdict`, or -errno.
int loadReturning(bpf_prog_type type, int verdict) {
  bpf_insn code[] = {movImm(BPF_REG_0, verdict), exitInsn()};
  int fd = bpf_prog_load(type, "p4nf_probe", "GPL", code, std::size(code), nullptr);
  return fd < 0 ? -errno : fd;
}

std::string errnoText(int error) { return std::strerror(error < 0 ? -error : error); }

// May a program of `type` call helper `id`? A program that calls it without arguments,
// and what the verifier says: it names a helper it refuses ("unknown func", "invalid func",
// and on newer kernels "program of this type cannot use helper"). Any other complaint is
// about the missing arguments, so the helper is there. (libbpf_probe_bpf_helper of libbpf
// 1.1 misses the newer message and reports such helpers as available.)
int probeHelper(bpf_prog_type type, int id) {
  bpf_insn code[] = {insn(BPF_JMP | BPF_CALL, 0, 0, 0, id), movImm(BPF_REG_0, 0), exitInsn()};
  std::vector<char> log(16384, '\0');
  bpf_prog_load_opts options{};
  options.sz = sizeof options;
  options.log_buf = log.data();
  options.log_size = static_cast<uint32_t>(log.size());
  options.log_level = 1;
  Fd program(bpf_prog_load(type, "p4nf_probe", "GPL", code, std::size(code), &options));
  if (program.valid()) return 1;
  std::string said(log.data());
  for (const char* refusal : {"unknown func ", "invalid func ", "cannot use helper"})
    if (said.find(refusal) != std::string::npos) return 0;
  return 1;
}

// ---- probes ----------------------------------------------------------------------------
// A probe answers nullopt when the feature is there, else why it is not.
using Refusal = std::optional<std::string>;

Refusal probeTestRun(bpf_prog_type type, bool live) {
  Fd program(loadReturning(type, type == BPF_PROG_TYPE_XDP ? XDP_DROP : TC_ACT_SHOT));
  if (!program.valid()) return "cannot load a program of type " + progName(type) + ": " + errnoText(program.get());
  // A minimal Ethernet frame: TC test runs need at least the Ethernet header.
  uint8_t frame[60] = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0xb5};
  bpf_test_run_opts options{};
  options.sz = sizeof options;
  options.data_in = frame;
  options.data_size_in = sizeof frame;
  options.repeat = 1;
  if (live) options.flags = BPF_F_TEST_XDP_LIVE_FRAMES;  // XDP_DROP: nothing is sent
  if (bpf_prog_test_run_opts(program.get(), &options) != 0) return "BPF_PROG_TEST_RUN refused: " + errnoText(errno);
  return std::nullopt;
}

Refusal probeBtf() {
  std::unique_ptr<btf, void (*)(btf*)> types(btf__new_empty(), btf__free);
  if (!types || btf__add_int(types.get(), "int", 4, BTF_INT_SIGNED) < 0) return "libbpf cannot build a BTF blob";
  if (int error = btf__load_into_kernel(types.get())) return "the kernel refuses BTF: " + errnoText(error);
  return std::nullopt;
}

Refusal probeMmapable() {
  bpf_map_create_opts options{};
  options.sz = sizeof options;
  options.map_flags = BPF_F_MMAPABLE;
  Fd map(bpf_map_create(BPF_MAP_TYPE_ARRAY, "p4nf_probe", 4, 4, 1, &options));
  if (!map.valid()) return "an mmapable array is refused: " + errnoText(errno);
  return std::nullopt;
}

Refusal probeStats() {
  Fd stats(bpf_enable_stats(BPF_STATS_RUN_TIME));
  if (!stats.valid()) return "BPF_ENABLE_STATS refused: " + errnoText(errno) + "; status shows no packet counts";
  return std::nullopt;
}

// Does the verifier inline a PERCPU_ARRAY lookup (6.10+, JITs with per-CPU instructions)?
// A program that looks one up, read back as the kernel rewrote it: no call left means
// inlined.
FeatureStatus probePercpuInline() {
  FeatureStatus status;
  Fd map(bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "p4nf_probe", 4, 8, 1, nullptr));
  if (!map.valid()) {
    status.detail = "no per-CPU array: " + errnoText(errno);
    return status;
  }
  bpf_insn code[] = {
      insn(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map.get()),
      insn(0, 0, 0, 0, 0),
      insn(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0),
      insn(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
      insn(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
      insn(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
      movImm(BPF_REG_0, XDP_PASS),
      exitInsn(),
  };
  Fd program(bpf_prog_load(BPF_PROG_TYPE_XDP, "p4nf_probe", "GPL", code, std::size(code), nullptr));
  if (!program.valid()) {
    status.detail = "cannot load the probe: " + errnoText(errno);
    return status;
  }
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(program.get(), &info, &length) != 0 || info.xlated_prog_len == 0) {
    status.detail = "the kernel does not show the rewritten program (kernel.kptr_restrict?)";
    return status;
  }
  std::vector<bpf_insn> xlated(info.xlated_prog_len / sizeof(bpf_insn));
  info = {};
  info.xlated_prog_len = static_cast<uint32_t>(xlated.size() * sizeof(bpf_insn));
  info.xlated_prog_insns = reinterpret_cast<uintptr_t>(xlated.data());
  length = sizeof info;
  if (bpf_obj_get_info_by_fd(program.get(), &info, &length) != 0) {
    status.detail = "cannot read the rewritten program: " + errnoText(errno);
    return status;
  }
  bool calls = std::any_of(xlated.begin(), xlated.end(),
                           [](const bpf_insn& i) { return i.code == (BPF_JMP | BPF_CALL); });
  status.available = !calls;
  status.detail = calls ? "one helper call per chain hop to find this CPU's record"
                        : "the chain record lookup is a few instructions";
  return status;
}

// Attaching, and network namespaces: in a child process that unshares a network
// namespace of its own, on its loopback device, so that nothing the host runs is touched.
// Bits of the child's exit code: 1 netns, 2 XDP bpf_link (generic mode), 4 TC filter,
// 8 the namespace was refused for want of CAP_SYS_ADMIN (EPERM), so nothing could be
// attached to probe.
constexpr int kNoProbeNamespace = 8;
int probeAttachInChild() {
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    int bits = 0;
    if (unshare(CLONE_NEWNET) != 0) _exit(errno == EPERM ? kNoProbeNamespace : bits);
    bits |= 1;
    int xdp = loadReturning(BPF_PROG_TYPE_XDP, XDP_PASS);
    if (xdp >= 0) {
      bpf_link_create_opts options{};
      options.sz = sizeof options;
      options.flags = XDP_FLAGS_SKB_MODE;
      if (bpf_link_create(xdp, 1, BPF_XDP, &options) >= 0) bits |= 2;
    }
    int tc = loadReturning(BPF_PROG_TYPE_SCHED_CLS, TC_ACT_OK);
    if (tc >= 0) {
      bpf_tc_hook hook{};
      hook.sz = sizeof hook;
      hook.ifindex = 1;
      hook.attach_point = BPF_TC_INGRESS;
      bpf_tc_opts opts{};
      opts.sz = sizeof opts;
      opts.prog_fd = tc;
      int created = bpf_tc_hook_create(&hook);
      if ((created == 0 || created == -EEXIST) && bpf_tc_attach(&hook, &opts) == 0) bits |= 4;
    }
    _exit(bits);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

Refusal fromBit(int bits, int bit, const char* refusal) {
  if (bits < 0) return "the probe process did not finish";
  if (!(bits & bit)) return refusal;
  return std::nullopt;
}

bool matchesDeny(const std::vector<std::string>& denied, const std::string& key) {
  for (const std::string& d : denied) {
    if (d == key) return true;
    // "helper:bpf_x" denies "helper:bpf_x@xdp" and "helper:bpf_x@sched_cls".
    if (key.rfind(d + "@", 0) == 0) return true;
  }
  return false;
}

}  // namespace

std::string helperName(int helperId) {
  if (helperId >= 0 && static_cast<size_t>(helperId) < std::size(kHelperNames)) return kHelperNames[helperId];
  return "helper #" + std::to_string(helperId);
}

KernelFeatures& KernelFeatures::instance() {
  static KernelFeatures features([] {
    std::vector<std::string> denied;
    if (const char* deny = std::getenv("P4NF_KERNEL_DENY")) {
      std::stringstream list(deny);
      std::string key;
      while (std::getline(list, key, ','))
        if (!key.empty()) denied.push_back(key);
    }
    return denied;
  }());
  return features;
}

KernelFeatures::KernelFeatures(std::vector<std::string> denied) : denied_(std::move(denied)) {}

std::string KernelFeatures::release() const {
  utsname name{};
  if (uname(&name) != 0) return "unknown";
  return name.release;
}

FeatureStatus KernelFeatures::status(const std::string& key) {
  for (const FeatureStatus& known : known_)
    if (known.key == key) return known;
  FeatureStatus status;
  {
    QuietLibbpf quiet;
    status = probe(key);
  }
  status.key = key;
  if (matchesDeny(denied_, key)) {
    status.available = false;
    status.denied = true;
    status.detail = "denied by P4NF_KERNEL_DENY";
  }
  known_.push_back(status);
  return status;
}

bool KernelFeatures::hasProgramType(bpf_prog_type type) { return status("prog:" + progName(type)).available; }

bool KernelFeatures::hasMapType(bpf_map_type type) {
  for (const MapKind& kind : kMapKinds)
    if (kind.type == type) return status(std::string("map:") + kind.name).available;
  return libbpf_probe_bpf_map_type(type, nullptr) == 1;
}

bool KernelFeatures::hasHelper(bpf_prog_type type, int helperId) {
  return status("helper:" + helperName(helperId) + "@" + progName(type)).available;
}

FeatureStatus KernelFeatures::probe(const std::string& key) {
  FeatureStatus status;
  auto fill = [&](const char* usedFor, const char* since, bool required) {
    status.usedFor = usedFor;
    status.since = since;
    status.required = required;
  };
  for (const Known& known : kOthers)
    if (key == known.key) fill(known.usedFor, known.since, known.required);
  std::string kind = key.substr(0, key.find(':'));
  std::string what = key.find(':') == std::string::npos ? "" : key.substr(key.find(':') + 1);

  auto refused = [&](const Refusal& refusal) {
    status.available = !refusal;
    status.detail = refusal.value_or("");
  };
  auto answer = [&](int result, const std::string& refused) {
    status.available = result == 1;
    if (result == 0) status.detail = refused;
    if (result < 0) status.detail = "the probe failed: " + errnoText(result);
  };
  if (kind == "prog") {
    if (auto type = progTypeNamed(what))
      answer(libbpf_probe_bpf_prog_type(*type, nullptr), "the kernel refuses " + what + " programs");
  } else if (kind == "map") {
    for (const MapKind& map : kMapKinds)
      if (what == map.name) {
        fill(map.usedFor, map.since, map.required);
        answer(libbpf_probe_bpf_map_type(map.type, nullptr), "the kernel refuses " + what + " maps");
      }
  } else if (kind == "helper") {
    size_t at = what.find('@');
    auto helper = helperNamed(what.substr(0, at));
    auto type = at == std::string::npos ? std::nullopt : progTypeNamed(what.substr(at + 1));
    status.usedFor = "calls in " + (at == std::string::npos ? std::string("programs") : what.substr(at + 1) + " programs");
    if (helper && type)
      answer(probeHelper(*type, *helper), "the kernel refuses the helper for " + progName(*type) + " programs");
    else
      status.detail = "unknown helper or program type";
  } else if (key == "btf") {
    refused(probeBtf());
  } else if (key == "map_flag:mmapable") {
    refused(probeMmapable());
  } else if (key == "test_run:xdp" || key == "test_run:sched_cls" || key == "test_run:xdp_live_frames") {
    refused(probeTestRun(what == "sched_cls" ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP,
                         key == "test_run:xdp_live_frames"));
  } else if (key == "bpf_stats") {
    refused(probeStats());
  } else if (key == "percpu_lookup_inlined") {
    FeatureStatus probed = probePercpuInline();
    status.available = probed.available;
    status.detail = probed.detail;
  } else if (key == "netns" || key == "attach:xdp_link" || key == "attach:tc") {
    static const int bits = probeAttachInChild();
    refused(key == "netns"                ? fromBit(bits, 1, "unshare(CLONE_NEWNET) refused")
            : key == "attach:xdp_link" ? fromBit(bits, 2, "bpf_link_create(BPF_XDP) refused on a loopback device")
                                       : fromBit(bits, 4, "a clsact filter is refused on a loopback device"));
    // An agent with CAP_BPF and CAP_NET_ADMIN but not CAP_SYS_ADMIN (docs/fleet.md) may
    // attach, but cannot make the namespace the probe attaches in. Attaching is older than
    // the oldest kernel p4nf supports (6.1), so it counts as there; should the kernel refuse
    // it after all, the apply fails at the attach and is rolled back like any refusal.
    if (bits >= 0 && (bits & kNoProbeNamespace) && key != "netns") {
      status.available = true;
      status.detail = "not probed (a network namespace for the probe needs CAP_SYS_ADMIN); every "
                      "supported kernel has it";
    }
  } else {
    status.detail = "unknown feature";
  }
  return status;
}

std::vector<FeatureStatus> KernelFeatures::report() {
  std::vector<FeatureStatus> all;
  for (const char* key : {"prog:xdp", "prog:sched_cls", "btf"}) all.push_back(status(key));
  for (const MapKind& map : kMapKinds) all.push_back(status(std::string("map:") + map.name));
  all.push_back(status("map_flag:mmapable"));
  for (int helper : kXdpHelpers) all.push_back(status("helper:" + helperName(helper) + "@xdp"));
  for (int helper : kTcHelpers) all.push_back(status("helper:" + helperName(helper) + "@sched_cls"));
  for (const char* key : {"attach:xdp_link", "attach:tc", "netns", "bpf_stats", "test_run:xdp",
                          "test_run:sched_cls", "test_run:xdp_live_frames", "percpu_lookup_inlined"})
    all.push_back(status(key));
  return all;
}

// ---- what one object needs -------------------------------------------------------------

std::vector<MissingFeature> missingObjectFeatures(const std::string& elf, const std::string& what,
                                                  KernelFeatures& kernel) {
  bpf_object_open_opts options{};
  options.sz = sizeof options;
  options.object_name = "p4nf_check";
  std::unique_ptr<bpf_object, void (*)(bpf_object*)> object(nullptr, bpf_object__close);
  {
    QuietLibbpf quiet;
    object.reset(bpf_object__open_mem(elf.data(), elf.size(), &options));
  }
  if (!object || libbpf_get_error(object.get()))
    return {{what + ": libbpf cannot open the object, so its kernel needs are unknown"}};
  std::vector<MissingFeature> missing;
  std::set<std::string> said;
  auto lacks = [&](const std::string& key, const std::string& sentence) {
    if (said.insert(key).second) {
      FeatureStatus status = kernel.status(key);
      missing.push_back({what + ": the kernel lacks " + sentence + " (" + key + ": " + status.detail + ")",
                         status.denied});
    }
  };
  bpf_program* program = nullptr;
  bpf_object__for_each_program(program, object.get()) {
    bpf_prog_type type = bpf_program__type(program);
    if (!kernel.hasProgramType(type)) lacks("prog:" + progName(type), progName(type) + " programs");
    const bpf_insn* code = bpf_program__insns(program);
    for (size_t i = 0; i < bpf_program__insn_cnt(program); ++i) {
      if (code[i].code != (BPF_JMP | BPF_CALL) || code[i].src_reg != 0) continue;  // helpers only
      if (!kernel.hasHelper(type, code[i].imm))
        lacks("helper:" + helperName(code[i].imm) + "@" + progName(type),
              "the helper " + helperName(code[i].imm) + " for " + progName(type) + " programs");
    }
  }
  bpf_map* map = nullptr;
  bpf_object__for_each_map(map, object.get()) {
    if (bpf_map__is_internal(map)) continue;  // .rodata/.bss: plain arrays
    bpf_map_type type = bpf_map__type(map);
    if (!kernel.hasMapType(type))
      lacks("map:" + std::string(libbpf_bpf_map_type_str(type) ? libbpf_bpf_map_type_str(type) : "?"),
            std::string(libbpf_bpf_map_type_str(type) ? libbpf_bpf_map_type_str(type) : "this kind of") +
                " maps (" + bpf_map__name(map) + ")");
    if ((bpf_map__map_flags(map) & BPF_F_MMAPABLE) && !kernel.status("map_flag:mmapable").available)
      lacks("map_flag:mmapable", std::string("mmapable arrays (") + bpf_map__name(map) + ")");
  }
  if (!kernel.status("btf").available) lacks("btf", "BTF, which every map of the object is described with");
  return missing;
}

void throwIfMissing(const std::vector<MissingFeature>& missing) {
  if (missing.empty()) return;
  std::string message;
  bool denied = false;
  for (const MissingFeature& feature : missing) {
    message += feature.sentence + "\n";
    denied |= feature.denied;
  }
  message += denied ? "p4nf must not need a feature that P4NF_KERNEL_DENY takes away (docs/kernel.md); "
                      "nothing was changed"
                    : "nothing was changed; `p4nf doctor` lists what this kernel offers, and "
                      "docs/kernel.md which kernel has each feature";
  throw KernelFeatureError(message, denied);
}

void requireObjectFeatures(const std::string& elf, const std::string& what) {
  throwIfMissing(missingObjectFeatures(elf, what));
}

}  // namespace p4nf
