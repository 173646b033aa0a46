// The AST dumper (p4nfc --dump-ast): an indented, deterministic tree of a program.
//
// One line per node: its kind, then what identifies it (names, operators, literal values,
// directions, ...), then optionally its location; children are indented under it and
// labelled with their role. The dump shows the tree's meaning, not its spelling — literal
// values rather than `0x10` vs `16` — so that the corpus round-trip test can compare
// dump(parse(file)) with dump(parse(pp(parse(file)))) without locations.
#pragma once

#include <string>

#include "frontend/ast.h"
#include "frontend/source.h"

namespace p4nfc {

struct DumpOptions {
  bool withLocations = true;
  // Names files in locations (`prog.p4:7:12`); without it a location shows the file id.
  const SourceManager* sources = nullptr;
  // Replaces the declarations that came from system include files (core.p4, pna.p4) with
  // one `Include` line per file, as the printer does. Needs `sources`.
  bool skipSystemDecls = false;
};

std::string dumpAst(const Node& node, bool withLocations);
std::string dumpAst(const Node& node, const DumpOptions& options);

}  // namespace p4nfc
