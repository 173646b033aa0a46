// What p4nf needs from the kernel, probed once per process rather than assumed: kernels,
// drivers and security policies differ in what they allow (docs/kernel.md). Every probe
// asks the running kernel the way libbpf does (load a tiny program, create a tiny map),
// so a refusal by a security policy counts as "missing" just as an old kernel does.
//
// Two users: `p4nf doctor`, which reports everything (kernel release, each feature, what
// p4nf chose), and the checks before a deployment or a test run touches anything
// (requireObjectFeatures), which name a missing feature instead of letting the verifier
// say something cryptic half-way through an apply.
//
// P4NF_KERNEL_DENY=<key>,<key>,... makes the probes report those features missing (e.g.
// `helper:bpf_xdp_adjust_meta,test_run:xdp_live_frames`), so that tests show on every
// machine that p4nf works on a kernel without them (docs/kernel.md lists the keys).
#pragma once

#include <linux/bpf.h>

#include <optional>
#include <string>
#include <vector>

#include "loader/loader_error.h"
#include "loader/object_loader.h"

namespace p4nf {

// A deployment or a test needs a feature this kernel lacks. Nothing was changed.
// `denied()`: at least one of them is missing only because P4NF_KERNEL_DENY says so, i.e.
// p4nf needed a feature the forced mode of the tests takes away: that is a bug, not a
// kernel's shortcoming, so commands report it as an error rather than "missing feature".
class KernelFeatureError : public LoaderError {
 public:
  KernelFeatureError(const std::string& message, bool denied) : LoaderError(message), denied_(denied) {}
  bool denied() const { return denied_; }

 private:
  bool denied_;
};

struct FeatureStatus {
  std::string key;      // stable name, e.g. "map:lpm_trie", "helper:bpf_redirect_map"
  std::string usedFor;  // what p4nf uses it for
  std::string since;    // the first mainline kernel that has it
  bool required = false;  // every deployment needs it (else: some modules, tests or bench)
  bool available = false;
  bool denied = false;  // missing because P4NF_KERNEL_DENY names it
  std::string detail;   // why it is missing (the kernel's answer), or what p4nf chose
};

struct MissingFeature {
  std::string sentence;  // the feature, who needs it
  bool denied = false;   // see KernelFeatureError
};

// Throws KernelFeatureError for a non-empty list, one line each and a pointer to doctor.
void throwIfMissing(const std::vector<MissingFeature>& missing);

class KernelFeatures {
 public:
  // The process-wide probe results (each feature probed on first use), with the deny list
  // of P4NF_KERNEL_DENY.
  static KernelFeatures& instance();
  // Probes of their own, `denied` reported missing (tests).
  explicit KernelFeatures(std::vector<std::string> denied);

  std::string release() const;  // uname -r

  bool hasProgramType(bpf_prog_type type);
  bool hasMapType(bpf_map_type type);
  bool hasHelper(bpf_prog_type type, int helperId);
  // One entry of `key`'s kind, probed now if not yet (keys as in FeatureStatus).
  FeatureStatus status(const std::string& key);

  // Everything p4nf uses, for `p4nf doctor`, in a fixed order.
  std::vector<FeatureStatus> report();

  // The keys P4NF_KERNEL_DENY names (read once).
  const std::vector<std::string>& denied() const { return denied_; }

 private:
  FeatureStatus probe(const std::string& key);
  std::vector<std::string> denied_;
  std::vector<FeatureStatus> known_;
};

// "bpf_map_lookup_elem" for 1; "helper #N" when the id is unknown to these headers.
std::string helperName(int helperId);

// The kernel features an object needs (its program type, its map types and mmapable
// arrays, every helper its program calls) that this kernel lacks, each a sentence naming
// the feature, who needs it and what to do. `what` names the object for the sentences.
std::vector<MissingFeature> missingObjectFeatures(const std::string& elf, const std::string& what,
                                                  KernelFeatures& kernel = KernelFeatures::instance());
// Throws KernelFeatureError listing them all.
void requireObjectFeatures(const std::string& elf, const std::string& what);

}  // namespace p4nf
