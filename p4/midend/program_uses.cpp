#include "midend/program_uses.h"

#include <string_view>

#include "frontend/sema.h"

namespace p4nfc::midend {
namespace {

// The PNA metadata structs whose fields the code generator fills per packet.
bool isInputMetadata(const Type* type, bool mainOnly) {
  const auto* s = type ? dyn_cast<StructType>(type) : nullptr;
  if (!s || !s->decl) return false;
  std::string_view name = s->decl->name;
  if (name == "pna_main_input_metadata_t") return true;
  return !mainOnly && (name == "pna_main_parser_input_metadata_t" || name == "pna_pre_input_metadata_t");
}

class UseFinder : public ChildVisitor {
 public:
  UseFinder(const Sema& sema, ProgramUses& uses) : sema_(sema), uses_(uses) {}

  void child(const char* role, const Node* node) override {
    if (!node) return;
    const Node* parent = parent_;
    if (const auto* e = dyn_cast<Expr>(node)) inspect(*e, parent);
    parent_ = node;
    forEachChild(*node, *this);
    parent_ = parent;
  }

 private:
  void inspect(const Expr& e, const Node* parent) {
    if (const auto* member = dyn_cast<MemberExpr>(&e)) {
      const Type* base = sema_.typeOf(member->base.get());
      if (member->member == "timestamp" && isInputMetadata(base, true)) uses_.timestamp = true;
      if (member->member == "input_port" && isInputMetadata(base, false)) uses_.inputPort = true;
    } else if (isInputMetadata(sema_.typeOf(&e), false) && !isa<MemberExpr>(parent)) {
      // The whole struct as a value: whoever gets it may read any field.
      uses_.inputPort = true;
      if (isInputMetadata(sema_.typeOf(&e), true)) uses_.timestamp = true;
    }
    if (const auto* call = dyn_cast<CallExpr>(&e)) {
      const CallTarget* target = sema_.callTarget(call);
      if (!target || target->kind != CallTarget::Kind::ExternFunction || !target->decl) return;
      std::string_view name = target->decl->name;
      if (name == "chain_get_mark" || name == "chain_set_mark") uses_.chainMark = true;
      if (name == "send_to_ports") uses_.sendToPorts = true;
      for (std::string_view flow : {"chain_get_ct_state", "chain_set_ct_state", "chain_get_l3_offset",
                                    "chain_set_l3_offset", "chain_get_l4_offset", "chain_set_l4_offset"})
        if (name == flow) uses_.chainFlow = true;
    }
  }

  const Sema& sema_;
  ProgramUses& uses_;
  const Node* parent_ = nullptr;
};

}  // namespace

ProgramUses findProgramUses(const Program& program, const Sema& sema) {
  ProgramUses uses;
  UseFinder finder(sema, uses);
  finder.child("program", &program);
  return uses;
}

}  // namespace p4nfc::midend
