// The PNA pipeline of a program: the four blocks that `PNA_NIC(...) main;` names.
#pragma once

#include <optional>

#include "frontend/ast.h"
#include "frontend/diagnostics.h"

namespace p4nfc {
class Sema;
}

namespace p4nfc::midend {

struct Pipeline {
  const ParserDecl* parser = nullptr;
  const ControlDecl* preControl = nullptr;
  const ControlDecl* control = nullptr;
  const ControlDecl* deparser = nullptr;
  const InstantiationDecl* main = nullptr;
};

// Finds the blocks of the `main` PNA_NIC instantiation and checks what the code generator
// relies on. Reports at the P4 source (and returns nullopt) when there is no main, it is
// not a PNA_NIC, a block is not a parser/control declaration instantiated without
// constructor arguments, a parser/main control/deparser does not have PNA's four
// parameters, or the pre control does something.
std::optional<Pipeline> findPipeline(const Sema& sema, Diagnostics& diags);

}  // namespace p4nfc::midend
