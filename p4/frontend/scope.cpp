#include "frontend/scope.h"

namespace p4nfc {

const std::vector<std::unique_ptr<Parameter>>* overloadableParams(const Decl* d) {
  if (auto* f = dyn_cast<FunctionDecl>(d)) return &f->params;
  if (auto* f = dyn_cast<ExternFunctionDecl>(d)) return &f->params;
  if (auto* m = dyn_cast<MethodDecl>(d)) return &m->params;
  return nullptr;
}

namespace {

// Two declarations of one name may coexist when both are callables of the same family
// with different parameter counts or parameter names (P4 overloads by arity, and calls
// with named arguments pick an overload by its parameter names).
bool canOverload(const Decl* a, const Decl* b) {
  auto* pa = overloadableParams(a);
  auto* pb = overloadableParams(b);
  if (!pa || !pb || a->kind != b->kind) return false;
  if (pa->size() != pb->size()) return true;
  for (size_t i = 0; i < pa->size(); ++i) {
    const auto& x = (*pa)[i];
    const auto& y = (*pb)[i];
    if (!x || !y || x->name != y->name) return true;
  }
  return false;
}

}  // namespace

Decl* Scope::declare(const std::string& name, Decl* decl) {
  auto& slot = names_[name];
  for (Decl* existing : slot)
    if (!canOverload(existing, decl)) return existing;
  slot.push_back(decl);
  return nullptr;
}

const std::vector<Decl*>* Scope::findLocal(std::string_view name) const {
  auto it = names_.find(std::string(name));
  return it == names_.end() ? nullptr : &it->second;
}

const std::vector<Decl*>* Scope::find(std::string_view name) const {
  for (const Scope* s = this; s; s = s->parent_)
    if (auto* found = s->findLocal(name)) return found;
  return nullptr;
}

const Scope* Scope::global() const {
  const Scope* s = this;
  while (s->parent_) s = s->parent_;
  return s;
}

}  // namespace p4nfc
