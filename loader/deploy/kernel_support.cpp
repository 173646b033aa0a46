#include "loader/deploy/kernel_support.h"

#include "loader/kernel_features.h"

namespace p4nf::deploy {

void requireKernelSupport(const Desired& desired) {
  KernelFeatures& kernel = KernelFeatures::instance();
  std::vector<MissingFeature> missing;
  for (const DesiredModule& module : desired.modules)
    for (const DesiredObject& object : module.objects)
      for (MissingFeature& feature : missingObjectFeatures(object.elf, "module " + module.instance + " (" + object.target + ")"))
        missing.push_back(std::move(feature));
  bool xdp = false, tc = false;
  for (const DesiredChain& chain : desired.chains)
    for (const DesiredAttach& attach : chain.attach) (attach.hook == config::Hook::Xdp ? xdp : tc) = true;
  auto needAttach = [&](bool needed, const char* key, const char* what) {
    if (!needed) return;
    FeatureStatus status = kernel.status(key);
    if (!status.available)
      missing.push_back({std::string("the kernel lacks ") + what + " (" + key + ": " + status.detail + ")",
                         status.denied});
  };
  needAttach(xdp, "attach:xdp_link", "XDP attachment through bpf_link, which every XDP hook of the config uses");
  needAttach(tc, "attach:tc", "TC filters on a clsact qdisc, which every TC hook of the config uses");
  throwIfMissing(missing);
}

}  // namespace p4nf::deploy
