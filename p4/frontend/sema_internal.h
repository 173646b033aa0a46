// Helpers shared by the sema_*.cpp files; not part of sema's interface.
#pragma once

#include <string>

#include "frontend/sema.h"

namespace p4nfc {

// Enters a new scope for its lifetime.
class Sema::ScopeGuard {
 public:
  ScopeGuard(Sema& sema, Scope::Kind kind)
      : sema_(sema), saved_(sema.scope_), scope_(sema.scope_, kind) {
    sema_.scope_ = &scope_;
  }
  ~ScopeGuard() { sema_.scope_ = saved_; }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  Sema& sema_;
  Scope* saved_;
  Scope scope_;
};

// Replaces the body context for its lifetime.
class Sema::ContextGuard {
 public:
  ContextGuard(Sema& sema, Context ctx) : sema_(sema), saved_(sema.ctx_) { sema_.ctx_ = ctx; }
  ~ContextGuard() { sema_.ctx_ = saved_; }
  ContextGuard(const ContextGuard&) = delete;
  ContextGuard& operator=(const ContextGuard&) = delete;

 private:
  Sema& sema_;
  Context saved_;
};

// `'name'` quoted for messages.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Deepest expression or statement nesting sema follows before giving up on an input
// (the parser has its own limit; this keeps sema safe even without it).
constexpr int kMaxNesting = 2000;

}  // namespace p4nfc
