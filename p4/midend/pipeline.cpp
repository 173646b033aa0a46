#include "midend/pipeline.h"

#include <array>
#include <string>
#include <vector>

#include "frontend/sema.h"

namespace p4nfc::midend {
namespace {

// The package's parameter names, in declaration order.
constexpr std::array<const char*, 4> kBlockNames = {"main_parser", "pre_control", "main_control",
                                                     "main_deparser"};

const Decl* blockOf(const Sema& sema, const Expr* arg, Diagnostics& diags) {
  auto* call = dyn_cast<CallExpr>(arg);
  const CallTarget* target = call ? sema.callTarget(call) : nullptr;
  if (!target || target->kind != CallTarget::Kind::BlockConstructor || !target->decl) {
    diags.error(arg->loc, "not supported yet: a PNA_NIC argument that is not `Block()`");
    return nullptr;
  }
  if (!call->args.empty()) {
    diags.error(arg->loc, "not supported yet: constructor arguments of a parser or control");
    return nullptr;
  }
  return target->decl;
}

}  // namespace

std::optional<Pipeline> findPipeline(const Sema& sema, Diagnostics& diags) {
  const InstantiationDecl* main = sema.mainPackage();
  if (!main) {
    diags.error(SourceLoc{}, "the program has no `main` package instantiation");
    return std::nullopt;
  }
  auto* typeRef = dyn_cast<NamedTypeRef>(main->typeRef.get());
  if (!typeRef || !typeRef->decl || typeRef->decl->name != "PNA_NIC") {
    diags.error(main->loc, "not supported yet: a main package other than PNA_NIC");
    return std::nullopt;
  }
  // pna.p4 and dpdk/pna.p4 declare PNA_NIC(main_parser, pre_control, main_control,
  // main_deparser); tc/pna.p4 (P4TC) declares it without the pre control. The blocks are
  // matched to the package's own parameter names.
  auto* package = dyn_cast<PackageTypeDecl>(typeRef->decl);
  std::vector<std::string> names;
  if (package)
    for (const auto& param : package->params) names.push_back(param->name);
  const bool withPre = names.size() == 4;
  if (!package || (names.size() != 4 && names.size() != 3)) {
    diags.error(main->loc, "not supported yet: a PNA_NIC package that does not take 3 or 4 blocks");
    return std::nullopt;
  }
  if (main->args.size() != names.size()) {
    diags.error(main->loc, "PNA_NIC takes {} blocks, found {}", names.size(), main->args.size());
    return std::nullopt;
  }
  // Slots: 0 parser, 1 pre control, 2 main control, 3 deparser.
  auto slotOf = [&](const std::string& name) -> size_t {
    for (size_t k = 0; k < 4; ++k)
      if (name == kBlockNames[k] && (withPre || k != 1)) return k;
    return 4;
  };
  std::array<const Decl*, 4> blocks{};
  for (size_t i = 0; i < main->args.size(); ++i) {
    const Argument& arg = main->args[i];
    size_t slot = slotOf(arg.name.empty() ? names[i] : arg.name);
    if (slot == 4) {
      diags.error(arg.loc, "PNA_NIC has no parameter '{}'", arg.name.empty() ? names[i] : arg.name);
      return std::nullopt;
    }
    blocks[slot] = blockOf(sema, arg.value.get(), diags);
    if (!blocks[slot]) return std::nullopt;
  }
  Pipeline p;
  p.main = main;
  p.parser = dyn_cast<ParserDecl>(blocks[0]);
  p.preControl = dyn_cast<ControlDecl>(blocks[1]);
  p.control = dyn_cast<ControlDecl>(blocks[2]);
  p.deparser = dyn_cast<ControlDecl>(blocks[3]);
  if (!p.parser || (withPre && !p.preControl) || !p.control || !p.deparser) {
    diags.error(main->loc, withPre ? "PNA_NIC needs a parser, two controls and a deparser"
                                   : "PNA_NIC needs a parser, a control and a deparser");
    return std::nullopt;
  }
  // The roles of the blocks' parameters (packet, headers, metadata, the architecture's
  // metadata) are what the code generator binds; pna.p4's block types declare four each.
  bool ok = true;
  auto fourParams = [&](const Decl* block, const Parameters& params, const char* role) {
    if (params.size() == 4) return;
    diags.error(block->loc, "the PNA {} '{}' must have 4 parameters, as pna.p4 declares it; it has {}", role,
                block->name, params.size());
    ok = false;
  };
  fourParams(p.parser, p.parser->params, "parser");
  fourParams(p.control, p.control->params, "main control");
  fourParams(p.deparser, p.deparser->params, "deparser");
  if (!ok) return std::nullopt;
  return p;
}

}  // namespace p4nfc::midend
