// Lexical scopes for name resolution.
//
// P4 resolves a name in the innermost enclosing scope that declares it, and requires a
// name to be declared before it is used (parser states excepted: sema declares all
// states of a parser before checking any). Functions, extern functions and extern
// methods may be overloaded by their number of parameters, so one name maps to a list of
// declarations; everything else must be unique within its scope.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/ast.h"

namespace p4nfc {

class Scope {
 public:
  enum class Kind { Global, Extern, Parser, Control, Action, Function, Block, State, Method };

  Scope(Scope* parent, Kind kind) : parent_(parent), kind_(kind) {}

  Scope* parent() const { return parent_; }
  Kind kind() const { return kind_; }

  // Adds `decl` under `name`. Returns the earlier declaration it clashes with (same name
  // in this scope and not a valid overload), or null when it was added.
  Decl* declare(const std::string& name, Decl* decl);

  // The declarations of `name` in this scope only / in the innermost scope declaring it.
  const std::vector<Decl*>* findLocal(std::string_view name) const;
  const std::vector<Decl*>* find(std::string_view name) const;

  // The outermost scope (for `.name` paths).
  const Scope* global() const;

 private:
  Scope* parent_;
  Kind kind_;
  std::unordered_map<std::string, std::vector<Decl*>> names_;
};

// The parameters of a declaration that can be overloaded (null for other declarations).
const std::vector<std::unique_ptr<Parameter>>* overloadableParams(const Decl* d);

}  // namespace p4nfc
