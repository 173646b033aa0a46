// The PNA pipeline of a program: the blocks that `PNA_NIC(...) main;` names (four with
// pna.p4 and dpdk/pna.p4, three without the pre control with tc/pna.p4).
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
  const ControlDecl* preControl = nullptr;  // null with tc/pna.p4
  const ControlDecl* control = nullptr;
  const ControlDecl* deparser = nullptr;
  const InstantiationDecl* main = nullptr;
};

// Finds the blocks of the `main` PNA_NIC instantiation and checks what the code generator
// relies on. Reports at the P4 source (and returns nullopt) when there is no main, it is
// not a PNA_NIC, a block is not a parser/control declaration instantiated without
// constructor arguments, or a parser/main control/deparser does not have PNA's four
// parameters.
std::optional<Pipeline> findPipeline(const Sema& sema, Diagnostics& diags);

}  // namespace p4nfc::midend
