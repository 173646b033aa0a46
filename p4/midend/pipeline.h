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

// Finds the blocks of the `main` PNA_NIC instantiation. Reports (and returns nullopt) when
// there is no main, it is not a PNA_NIC, or a block is not a parser/control declaration
// instantiated without constructor arguments.
std::optional<Pipeline> findPipeline(const Sema& sema, Diagnostics& diags);

}  // namespace p4nfc::midend
