// The P4 printer (p4nfc --pp): writes an AST back as P4-16 source.
//
// The output is meant to be read by people and re-read by p4nfc: parsing it again yields
// the same tree (the corpus round-trip test checks this on every program). Declarations
// that came from the system include directory (core.p4, pna.p4) are not written out; an
// `#include <...>` takes the place of the first of them instead.
#pragma once

#include <string>

#include "frontend/ast.h"
#include "frontend/source.h"

namespace p4nfc {

std::string printProgram(const Program& program, const SourceManager& sources);

// Pieces of a program, for tests and for messages that quote the user's code. A
// declaration or statement ends with a newline and is indented by `indent` levels.
std::string printDecl(const Decl& decl, int indent = 0);
std::string printStmt(const Stmt& stmt, int indent = 0);
std::string printExpr(const Expr& expr);
std::string printTypeRef(const TypeRef& type);

// A string literal's contents with quotes and escapes, as the lexer reads them back.
std::string quoteString(std::string_view value);

// The name by which `#include <...>` reaches a file of the system include directory:
// its path relative to that directory (`pna.p4`, `tc/pna.p4`).
std::string systemIncludeName(const std::string& path);

}  // namespace p4nfc
