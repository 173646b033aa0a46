#include "midend/pipeline.h"

#include <array>
#include <string>

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
  if (main->args.size() != 4) {
    diags.error(main->loc, "PNA_NIC takes 4 blocks, found {}", main->args.size());
    return std::nullopt;
  }
  std::array<const Decl*, 4> blocks{};
  for (size_t i = 0; i < 4; ++i) {
    const Argument& arg = main->args[i];
    size_t slot = i;
    if (!arg.name.empty()) {
      slot = 4;
      for (size_t k = 0; k < 4; ++k)
        if (arg.name == kBlockNames[k]) slot = k;
      if (slot == 4) {
        diags.error(arg.loc, "PNA_NIC has no parameter '{}'", arg.name);
        return std::nullopt;
      }
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
  if (!p.parser || !p.preControl || !p.control || !p.deparser) {
    diags.error(main->loc, "PNA_NIC needs a parser, two controls and a deparser");
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
  if (p.preControl->body && !p.preControl->body->stmts.empty()) {
    diags.error(p.preControl->loc, "not supported yet: a pre control that does something (inline decryption)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return p;
}

}  // namespace p4nfc::midend
