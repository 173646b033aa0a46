// Sema: calls — functions, actions, extern functions and methods, built-in methods of
// headers and stacks, table/parser/control apply, and instantiation of externs, parsers,
// controls and packages (with type inference by unification).
#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

namespace {

const char* directionWord(Direction d) {
  switch (d) {
    case Direction::In:
      return "in";
    case Direction::Out:
      return "out";
    case Direction::InOut:
      return "inout";
    default:
      return "";
  }
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

void Sema::checkArgsLoosely(std::vector<Argument>& args) {
  for (auto& a : args)
    if (a.value) checkExpr(a.value.get());
}

// Type arguments are types of values: a parser, control or package is not one.
std::vector<const Type*> Sema::resolveTypeArgs(std::vector<TypeRefPtr>& refs) {
  std::vector<const Type*> out;
  for (auto& r : refs) {
    const Type* t = resolveType(r.get());
    if (auto* b = dyn_cast<BlockType>(t)) {
      const char* what = b->kind == TypeKind::Parser    ? "a parser"
                         : b->kind == TypeKind::Control ? "a control"
                                                        : "a package";
      diags_.error(r->loc, "{} ({}) cannot be a type argument", what, typeToString(t));
      t = types_.unknown();
    }
    out.push_back(t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Entry point

const Type* Sema::checkCall(CallExpr* e, const Type* expected) {
  Expr* callee = e->callee.get();
  if (auto* m = dyn_cast<MemberExpr>(callee)) return checkMethodCall(e, m, expected);

  if (auto* tn = dyn_cast<TypeNameExpr>(callee)) {
    // `Register<bit<32>, bit<32>>(1024)` or `MyParser()` written as a type.
    const Type* named = resolveType(tn->typeRef.get());
    tn->type = named->isUnknown() ? named : types_.typeOf(named);
    const Decl* decl = nullptr;
    if (auto* ref = dyn_cast<NamedTypeRef>(tn->typeRef.get()))
      decl = instantiableDecl(named, ref->decl);
    if (named->isUnknown() || !decl) {
      if (!named->isUnknown())
        diags_.error(callee->loc, "{} cannot be called", typeToString(named));
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    CallTarget target;
    const Type* t = instantiate(named, decl, e->args, resolveTypeArgs(e->typeArgs), e->loc, target);
    calls_[e] = target;
    return t;
  }

  auto* path = dyn_cast<PathExpr>(callee);
  if (!path) {
    const Type* t = checkExpr(callee);
    if (!t->isUnknown()) diags_.error(callee->loc, "this expression cannot be called");
    checkArgsLoosely(e->args);
    return types_.unknown();
  }
  auto* found = lookup(path->path);
  if (!found || found->empty()) {
    diags_.error(path->loc, "undeclared name {}", quoted(path->path.name));
    path->type = types_.unknown();
    checkArgsLoosely(e->args);
    return types_.unknown();
  }
  Decl* d = found->front();
  const std::string& name = path->path.name;
  if (isTypeDecl(d)) {
    path->decl = d;
    const Type* named = typeOfDecl(d);
    if (!named || named->isUnknown()) {
      path->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    path->type = types_.typeOf(named);
    CallTarget target;
    const Type* t = instantiate(named, instantiableDecl(named, d), e->args,
                                resolveTypeArgs(e->typeArgs), e->loc, target);
    calls_[e] = target;
    return t;
  }
  if (found->size() > 1) {
    d = const_cast<Decl*>(chooseOverload(*found, e->args, e->loc, name));
    if (!d) {
      path->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
  }
  path->decl = d;
  CallTarget target;
  target.decl = d;
  switch (d->kind) {
    case NodeKind::ActionDecl:
      target.kind = CallTarget::Kind::Action;
      break;
    case NodeKind::FunctionDecl:
      target.kind = CallTarget::Kind::Function;
      break;
    case NodeKind::ExternFunctionDecl:
      target.kind = CallTarget::Kind::ExternFunction;
      break;
    case NodeKind::MethodDecl:
      target.kind = CallTarget::Kind::ExternMethod;
      break;
    default: {
      const Type* t = checkExpr(path);
      if (!t->isUnknown())
        diags_.error(path->loc, "{} is not a function or action and cannot be called",
                     describeDecl(d));
      path->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
  }
  auto it = signatures_.find(d);
  if (it == signatures_.end()) {
    path->type = types_.unknown();
    checkArgsLoosely(e->args);
    return types_.unknown();
  }
  const CallableType* sig = it->second;
  path->type = sig;

  TypeSubst subst;
  std::set<const TypeVarType*> vars(sig->typeParams.begin(), sig->typeParams.end());
  auto explicitArgs = resolveTypeArgs(e->typeArgs);
  if (!explicitArgs.empty()) {
    if (explicitArgs.size() != sig->typeParams.size()) {
      diags_.error(e->loc, "{} takes {}, not {}", quoted(name),
                   plural(sig->typeParams.size(), "type argument"), explicitArgs.size());
    } else {
      for (size_t i = 0; i < explicitArgs.size(); ++i) {
        subst[sig->typeParams[i]] = explicitArgs[i];
        if (auto* v = dyn_cast<TypeVarType>(explicitArgs[i]); v && !v->decl) {
          subst.erase(sig->typeParams[i]);  // `_`: infer it
        }
      }
    }
  }
  const Type* result = applyCall(e->args, e->loc, sig, subst, vars, name, target);

  // static_assert with a false constant fails at compile time.
  if (d->name == "static_assert" && target.kind == CallTarget::Kind::ExternFunction &&
      !e->args.empty() && e->args[0].value) {
    if (auto v = constantValue(e->args[0].value.get())) {
      if (*v == 0) {
        std::string message = "static assertion failed";
        if (e->args.size() > 1)
          if (auto* s = dyn_cast<StringLit>(e->args[1].value.get())) message += ": " + s->value;
        diags_.error(e->loc, "{}", message);
        calls_[e] = target;
        return types_.unknown();
      }
      setConstant(e, 1);  // a passing assertion is the constant true
    }
  }
  if (target.kind == CallTarget::Kind::ExternFunction &&
      (d->name == "add_entry" || d->name == "add_entry_if"))
    checkAddEntry(target);
  // The core library's verify sets the parser error and rejects: parsers only.
  if (target.kind == CallTarget::Kind::ExternFunction && d->name == "verify" && !ctx_.parser)
    diags_.error(e->loc, "verify can only be called in a parser");
  calls_[e] = target;
  return result;
}

// ---------------------------------------------------------------------------------------
// Methods

const Type* Sema::checkMethodCall(CallExpr* e, MemberExpr* m, const Type* expected) {
  const Type* base = checkExpr(m->base.get());
  const std::string& name = m->member;
  SourceLoc at = m->memberLoc.valid() ? m->memberLoc : m->loc;
  if (base->isUnknown()) {
    m->type = base;
    checkArgsLoosely(e->args);
    return base;
  }
  if (auto* tt = dyn_cast<TypeOfType>(base)) {
    // `ethernet_t.minSizeInBits()`; `MyParser.apply(...)` (direct application, which
    // instantiates the parser or control on the spot); enum and error members are not
    // callable.
    if (name.rfind("minSize", 0) == 0 || name.rfind("maxSize", 0) == 0)
      return checkBuiltinCall(e, m, tt->named);
    auto* bt = dyn_cast<BlockType>(tt->named);
    if (bt && name == "apply" && (isa<ParserDecl>(bt->decl) || isa<ControlDecl>(bt->decl))) {
      for (auto& p : bt->ctorParams)
        if (!p.optional) {
          diags_.error(
              e->loc,
              "{} has constructor parameters, so it must be instantiated before it is applied",
              quoted(bt->decl->name));
          break;
        }
      base = bt;
    } else {
      diags_.error(at, "type {} has no method {}", typeToString(tt->named), quoted(name));
      m->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
  } else if (!isa<TableType>(base)) {
    base = checkValue(m->base.get());
  }
  if (base->isUnknown()) {
    m->type = base;
    checkArgsLoosely(e->args);
    return base;
  }

  CallTarget target;
  target.receiver = m->base.get();
  if (auto* et = dyn_cast<ExternType>(base)) {
    std::vector<Decl*> candidates;
    for (auto& method : et->decl->methods)
      if (method && !method->isConstructor && method->name == name)
        candidates.push_back(method.get());
    if (candidates.empty()) {
      diags_.error(at, "extern {} has no method {}", quoted(et->decl->name), quoted(name));
      m->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    const Decl* chosen = chooseOverload(candidates, e->args, e->loc, name);
    if (!chosen) {
      m->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    auto* method = cast<MethodDecl>(chosen);
    TypeSubst externSubst;
    auto& params = externTypeParams_[et->decl];
    for (size_t i = 0; i < params.size() && i < et->typeArgs.size(); ++i)
      externSubst[params[i]] = et->typeArgs[i];
    const CallableType* sig = types_.substitute(methodType(method), externSubst);
    m->type = sig;
    target.kind = CallTarget::Kind::ExternMethod;
    target.decl = method;
    target.externDecl = et->decl;
    TypeSubst subst;
    std::set<const TypeVarType*> vars(sig->typeParams.begin(), sig->typeParams.end());
    // Type arguments the instance left open (`_`) are still inferred here.
    for (auto* a : et->typeArgs)
      if (auto* v = dyn_cast<TypeVarType>(a); v && !v->decl) vars.insert(v);
    auto explicitArgs = resolveTypeArgs(e->typeArgs);
    if (!explicitArgs.empty()) {
      if (explicitArgs.size() != sig->typeParams.size()) {
        diags_.error(e->loc, "method {} takes {}, not {}", quoted(name),
                     plural(sig->typeParams.size(), "type argument"), explicitArgs.size());
      } else {
        for (size_t i = 0; i < explicitArgs.size(); ++i) {
          auto* v = dyn_cast<TypeVarType>(explicitArgs[i]);
          if (!(v && !v->decl)) subst[sig->typeParams[i]] = explicitArgs[i];
        }
      }
    }
    const Type* result = applyCall(e->args, e->loc, sig, subst, vars, name, target);
    checkPacketMethod(e, et->decl, method, target);
    calls_[e] = target;
    return result;
  }
  if (auto* bt = dyn_cast<BlockType>(base)) {
    if (name != "apply" || bt->kind == TypeKind::Package) {
      diags_.error(at, "{} has no method {}", typeToString(base), quoted(name));
      m->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    bool isParser = bt->kind == TypeKind::Parser;
    if (isParser && !(inBody(Body::ParserState) || inBody(Body::Parser)))
      diags_.error(e->loc, "a parser can only be applied from a parser state");
    if (!isParser && !inBody(Body::ControlApply))
      diags_.error(e->loc, "a control can only be applied from the apply block of a control");
    const CallableType* sig = applySignature(bt);
    m->type = sig;
    target.kind = isParser ? CallTarget::Kind::ParserApply : CallTarget::Kind::ControlApply;
    target.decl = bt->decl;
    target.directApplication = isa<TypeOfType>(m->base->type);
    TypeSubst none;
    const Type* result = applyCall(e->args, e->loc, sig, none, {}, "apply", target);
    calls_[e] = target;
    return result;
  }
  if (auto* tt = dyn_cast<TableType>(base); tt && tt->kind == TypeKind::Table) {
    if (name != "apply") {
      diags_.error(at, "table {} has no method {} (tables have apply())", quoted(tt->decl->name),
                   quoted(name));
      m->type = types_.unknown();
      checkArgsLoosely(e->args);
      return types_.unknown();
    }
    if (!inBody(Body::ControlApply))
      diags_.error(e->loc, "table {} can only be applied in the apply block of a control",
                   quoted(tt->decl->name));
    if (!e->args.empty()) {
      diags_.error(e->loc, "apply() of table {} takes no arguments", quoted(tt->decl->name));
      checkArgsLoosely(e->args);
    }
    auto* sig = types_.callable(CallableType::Flavor::Method, tt->decl);
    sig->returnType = types_.table(TypeKind::ApplyResult, tt->decl);
    m->type = sig;
    target.kind = CallTarget::Kind::TableApply;
    target.decl = tt->decl;
    target.signature = sig;
    calls_[e] = target;
    return sig->returnType;
  }
  return checkBuiltinCall(e, m, base);
}

// isValid/setValid/setInvalid, push_front/pop_front, min/maxSizeInBits/Bytes.
const Type* Sema::checkBuiltinCall(CallExpr* e, MemberExpr* m, const Type* base) {
  using B = CallTarget::Builtin;
  const std::string& name = m->member;
  SourceLoc at = m->memberLoc.valid() ? m->memberLoc : m->loc;
  bool onType = isa<TypeOfType>(m->base->type);
  B builtin = B::None;
  const Type* result = types_.voidType();
  size_t arity = 0;
  const Type* u = underlyingType(base);
  bool isHeader = u->kind == TypeKind::Header;
  bool isUnion = u->kind == TypeKind::HeaderUnion;
  bool isStack = u->kind == TypeKind::Stack;
  if (name == "isValid" && (isHeader || isUnion) && !onType) {
    builtin = B::IsValid;
    result = types_.boolType();
  } else if ((name == "setValid" || name == "setInvalid") && isHeader && !onType) {
    builtin = name == "setValid" ? B::SetValid : B::SetInvalid;
  } else if ((name == "push_front" || name == "pop_front") && isStack && !onType) {
    builtin = name == "push_front" ? B::PushFront : B::PopFront;
    arity = 1;
  } else if (name == "minSizeInBits" || name == "minSizeInBytes" || name == "maxSizeInBits" ||
             name == "maxSizeInBytes") {
    bool minimal = name.rfind("min", 0) == 0;
    bool bytes = name.find("Bytes") != std::string::npos;
    auto w = minimal ? minBitWidth(u) : bitWidth(u);
    if (w) {
      builtin = minimal ? (bytes ? B::MinSizeInBytes : B::MinSizeInBits)
                        : (bytes ? B::MaxSizeInBytes : B::MaxSizeInBits);
      result = types_.infInt();
      setConstant(e, bytes ? (*w + 7) / 8 : *w);
    }
  }
  if (builtin == B::None) {
    diags_.error(at, "{} has no method {}", typeToString(base), quoted(name));
    m->type = types_.unknown();
    checkArgsLoosely(e->args);
    return types_.unknown();
  }
  auto* sig = types_.callable(CallableType::Flavor::Method, nullptr);
  sig->returnType = result;
  m->type = sig;
  if (e->args.size() != arity) {
    diags_.error(e->loc, "{} takes {}, not {}", quoted(name), plural(arity, "argument"),
                 e->args.size());
    checkArgsLoosely(e->args);
  } else if (arity == 1) {
    Expr* count = e->args[0].value.get();
    const Type* ct = checkValue(count);
    if (!ct->isUnknown()) {
      auto v = constantValue(count);
      if (!isNumeric(ct) || !v)
        diags_.error(count->loc, "the argument of {} must be an integer constant", quoted(name));
      else if (*v < 0)
        diags_.error(count->loc, "the argument of {} must not be negative", quoted(name));
    }
  }
  if (builtin == B::SetValid || builtin == B::SetInvalid || builtin == B::PushFront ||
      builtin == B::PopFront) {
    std::string why;
    if (!isLValue(m->base.get(), &why))
      diags_.error(m->base->loc, "cannot call {} on {}: it is read-only", quoted(name), why);
  }
  CallTarget target;
  target.kind = CallTarget::Kind::Builtin;
  target.builtin = builtin;
  target.receiver = m->base.get();
  target.signature = sig;
  for (auto& a : e->args) target.argForParam.push_back(a.value.get());
  calls_[e] = target;
  return result;
}

// Rules of the core library's packet_in/packet_out methods that their generic
// signatures cannot express.
void Sema::checkPacketMethod(CallExpr* e, const ExternDecl* ext, const MethodDecl* method,
                             const CallTarget& target) {
  if (ext->name != "packet_in" || method->name != "extract" || target.argForParam.empty()) return;
  const Expr* arg = target.argForParam[0];
  if (!arg || !arg->type || arg->type->isUnknown() || arg->kind == NodeKind::DontCareExpr) return;
  const Type* t = arg->type;
  if (t->kind == TypeKind::Header || t->kind == TypeKind::TypeVar) return;
  std::string what = typeToString(t);
  if (auto* s = dyn_cast<StructType>(t); s && s->decl) {
    const char* flavor = t->kind == TypeKind::Struct ? "struct" : "header_union";
    what = std::string(flavor) + " " + quoted(s->decl->name);
  }
  diags_.error(arg->loc, "extract needs a header (or header union/stack element), not {}", what);
}

// PNA's add_entry(action_name, action_params, ...): the string must name an action, and
// the parameters value must have one element per action data parameter. The action is one
// of the table's, which a control may declare after the action that calls add_entry, so
// the name is resolved once the whole control has been checked (resolveAddEntries).
void Sema::checkAddEntry(const CallTarget& target) {
  if (!target.signature) return;
  const Expr* nameArg = nullptr;
  const Expr* paramsArg = nullptr;
  for (size_t i = 0; i < target.signature->params.size() && i < target.argForParam.size(); ++i) {
    if (target.signature->params[i].name == "action_name") nameArg = target.argForParam[i];
    if (target.signature->params[i].name == "action_params") paramsArg = target.argForParam[i];
  }
  auto* name = dyn_cast<StringLit>(nameArg);
  if (!name) return;  // a computed name cannot be checked here
  pendingAddEntries_.push_back(
      {name, paramsArg, ctx_.owner ? dyn_cast<ActionDecl>(ctx_.owner) : nullptr, ctx_.control});
}

// The action an add_entry names: among the actions of the tables that list the calling
// action, else any action of the control, else a top-level one.
const ActionDecl* Sema::addEntryAction(const PendingAddEntry& p) const {
  const std::string& name = p.name->value;
  std::vector<const ActionDecl*> controlActions;
  if (p.control) {
    for (auto& local : p.control->locals) {
      if (auto* a = dyn_cast<ActionDecl>(local.get()); a && a->name == name)
        controlActions.push_back(a);
      auto* t = dyn_cast<TableDecl>(local.get());
      const TableInfo* info = t ? tableInfo(t) : nullptr;
      if (!info || !p.caller) continue;
      bool listsCaller = false;
      for (auto& entry : info->actions) listsCaller = listsCaller || entry.decl == p.caller;
      if (!listsCaller) continue;
      for (auto& entry : info->actions)
        if (entry.decl->name == name) return entry.decl;
    }
  }
  if (!controlActions.empty()) return controlActions.front();
  auto* found = global_->findLocal(name);
  return found && !found->empty() ? dyn_cast<ActionDecl>(found->front()) : nullptr;
}

void Sema::resolveAddEntries(const ControlDecl* control) {
  std::vector<PendingAddEntry> later;
  for (auto& p : pendingAddEntries_) {
    if (p.control != control) {
      later.push_back(p);
      continue;
    }
    const ActionDecl* action = addEntryAction(p);
    if (!action) {
      diags_.error(p.name->loc, "add_entry: {} is not an action", quoted(p.name->value));
      continue;
    }
    if (!p.params || !p.params->type) continue;
    size_t data = 0;
    for (auto& param : action->params)
      if (param && param->direction == Direction::None) ++data;
    std::optional<size_t> given;
    const Type* pt = underlyingType(p.params->type);
    if (auto* st = dyn_cast<StructType>(pt))
      given = st->fields.size();
    else if (auto* tt = dyn_cast<TupleType>(pt))
      given = tt->elements.size();
    if (given && *given != data)
      diags_.error(p.params->loc, "add_entry: action {} has {}, but the action parameters give {}",
                   quoted(action->name), plural(data, "action data parameter"), *given);
  }
  pendingAddEntries_ = std::move(later);
}

const CallableType* Sema::applySignature(const BlockType* block) {
  if (auto it = applySignatures_.find(block); it != applySignatures_.end()) return it->second;
  auto* sig = types_.callable(CallableType::Flavor::Method, block->decl);
  sig->params = block->params;
  sig->returnType = types_.voidType();
  applySignatures_[block] = sig;
  return sig;
}

// ---------------------------------------------------------------------------------------
// Overloads and argument matching

bool Sema::matchArguments(const std::vector<Argument>& args, SourceLoc loc,
                          const std::vector<ParamInfo>& params,
                          std::vector<const Expr*>* argForParam, bool report,
                          const std::string& calleeName) {
  argForParam->assign(params.size(), nullptr);
  bool sawNamed = false;
  size_t positional = 0;
  size_t required = 0;
  for (auto& p : params)
    if (!p.optional) ++required;
  for (auto& a : args) {
    if (a.name.empty()) {
      if (sawNamed) {
        if (report)
          diags_.error(a.loc, "positional argument after a named one in call of {}",
                       quoted(calleeName));
        return false;
      }
      if (positional >= params.size()) {
        if (report) {
          if (required == params.size())
            diags_.error(loc, "{} expects {}, but {} given", quoted(calleeName),
                         plural(params.size(), "argument"), args.size());
          else
            diags_.error(loc, "{} expects {} to {} arguments, but {} given", quoted(calleeName),
                         required, params.size(), args.size());
        }
        return false;
      }
      (*argForParam)[positional++] = a.value.get();
      continue;
    }
    sawNamed = true;
    size_t i = 0;
    while (i < params.size() && params[i].name != a.name) ++i;
    if (i == params.size()) {
      if (report)
        diags_.error(a.loc, "{} has no parameter named {}", quoted(calleeName), quoted(a.name));
      return false;
    }
    if ((*argForParam)[i]) {
      if (report)
        diags_.error(a.loc, "parameter {} of {} is given twice", quoted(a.name),
                     quoted(calleeName));
      return false;
    }
    (*argForParam)[i] = a.value.get();
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if ((*argForParam)[i] || params[i].optional) continue;
    if (report) {
      if (!sawNamed)
        diags_.error(loc, "{} expects {}, but {} given", quoted(calleeName),
                     required == params.size()
                         ? plural(params.size(), "argument")
                         : std::to_string(required) + " to " + plural(params.size(), "argument"),
                     args.size());
      else
        diags_.error(loc, "missing argument for parameter {} of {}", quoted(params[i].name),
                     quoted(calleeName));
    }
    return false;
  }
  return true;
}

const Decl* Sema::chooseOverload(const std::vector<Decl*>& candidates,
                                 const std::vector<Argument>& args, SourceLoc loc,
                                 const std::string& name) {
  // Candidates whose parameters the arguments can be matched to (count and names).
  std::vector<std::pair<const Decl*, const CallableType*>> viable;
  for (Decl* d : candidates) {
    const CallableType* sig = nullptr;
    if (auto* m = dyn_cast<MethodDecl>(d))
      sig = methodType(m);
    else if (auto it = signatures_.find(d); it != signatures_.end())
      sig = it->second;
    if (!sig) continue;
    std::vector<const Expr*> slots;
    if (matchArguments(args, loc, sig->params, &slots, false, name)) viable.push_back({d, sig});
  }
  if (viable.size() == 1) return viable.front().first;
  if (viable.empty()) {
    if (candidates.size() == 1) return candidates.front();  // applyCall reports the mismatch
    diags_.error(loc, "no overload of {} takes {}", quoted(name), plural(args.size(), "argument"));
    return nullptr;
  }
  // Several fit by shape: prefer an exact arity, then argument types that fit.
  std::vector<std::pair<const Decl*, const CallableType*>> exact;
  for (auto& v : viable)
    if (v.second->params.size() == args.size()) exact.push_back(v);
  if (exact.size() == 1) return exact.front().first;
  auto& pool = exact.empty() ? viable : exact;
  for (auto& a : args)
    if (a.value) checkValue(a.value.get());
  for (auto& [d, sig] : pool) {
    std::vector<const Expr*> slots;
    matchArguments(args, loc, sig->params, &slots, false, name);
    std::set<const TypeVarType*> vars(sig->typeParams.begin(), sig->typeParams.end());
    TypeSubst subst;
    bool fits = true;
    for (size_t i = 0; i < slots.size() && fits; ++i) {
      if (!slots[i] || !slots[i]->type) continue;
      const Type* pt = sig->params[i].type;
      const Type* at = slots[i]->type;
      fits = unify(pt, at, subst, vars) || canCoerce(slots[i], at, types_.substitute(pt, subst));
    }
    if (fits) return d;
  }
  return pool.front().first;
}

// ---------------------------------------------------------------------------------------
// Applying a signature to arguments

const Type* Sema::applyCall(std::vector<Argument>& args, SourceLoc loc, const CallableType* sig,
                            TypeSubst& subst, const std::set<const TypeVarType*>& vars,
                            const std::string& calleeName, CallTarget& target) {
  std::vector<const Expr*> slots;
  if (!matchArguments(args, loc, sig->params, &slots, true, calleeName)) {
    checkArgsLoosely(args);
    target.signature = sig;
    return containsTypeVar(sig->returnType) ? types_.unknown() : sig->returnType;
  }
  // Pass 1: type each argument (with the parameter type as a hint when it is already
  // known) and infer type variables from it.
  for (size_t i = 0; i < sig->params.size(); ++i) {
    auto* arg = const_cast<Expr*>(slots[i]);
    if (!arg) continue;
    const Type* hint = types_.substitute(sig->params[i].type, subst);
    if (containsTypeVar(hint)) hint = nullptr;
    checkValue(arg, hint);
    if (!vars.empty()) unify(sig->params[i].type, arg->type, subst, vars);
  }
  // Pass 2: convert each argument to its (now known) parameter type; check directions.
  std::vector<ParamInfo> params = sig->params;
  for (size_t i = 0; i < params.size(); ++i) {
    ParamInfo& p = params[i];
    p.type = types_.substitute(p.type, subst);
    auto* arg = const_cast<Expr*>(slots[i]);
    if (!arg || !arg->type || arg->type->isUnknown()) continue;
    if (!coerce(arg, p.type, "argument " + quoted(p.name) + " of " + quoted(calleeName))) {
      explainBlockMismatch(p.type, arg->type);
      continue;
    }
    if (p.direction == Direction::Out || p.direction == Direction::InOut) {
      std::string why;
      if (!isLValue(arg, &why))
        diags_.error(arg->loc,
                     "the argument for {} parameter {} of {} must be writable, but {} is not",
                     directionWord(p.direction), quoted(p.name), quoted(calleeName), why);
    } else if (arg->kind == NodeKind::DontCareExpr) {
      diags_.error(arg->loc, "'_' can only be passed for an out parameter");
    }
    if (sig->flavor == CallableType::Flavor::Constructor && p.direction == Direction::None) {
      const Type* u = underlyingType(p.type);
      bool scalar = isNumeric(u) || u->kind == TypeKind::Bool || u->kind == TypeKind::Enum ||
                    u->kind == TypeKind::String;
      if (scalar && !isCompileTimeKnown(arg))
        diags_.error(arg->loc, "constructor argument {} of {} must be a compile-time constant",
                     quoted(p.name), quoted(calleeName));
    }
  }
  // A type parameter that only int literals bound has no width to run with: the value
  // must say it (P4-16 "Arbitrary-precision integers": no run-time value is an int).
  if (sig->flavor != CallableType::Flavor::Constructor)
    for (size_t i = 0; i < sig->params.size(); ++i) {
      auto* v = dyn_cast<TypeVarType>(sig->params[i].type);
      auto bound = v ? subst.find(v) : subst.end();
      if (!slots[i] || bound == subst.end() || bound->second->kind != TypeKind::InfInt) continue;
      diags_.error(slots[i]->loc,
                   "cannot infer a width for {} from an int: give the value a width, e.g. 8w{}",
                   typeToString(v), constantValue(slots[i]) ? constantValue(slots[i])->get_str() : "0");
      bound->second = types_.unknown();
    }
  auto* resolved = types_.callable(sig->flavor, sig->decl);
  for (auto* v : sig->typeParams) {
    auto it = subst.find(v);
    target.typeArgs.push_back(it == subst.end() ? static_cast<const Type*>(v) : it->second);
    if (it == subst.end()) resolved->typeParams.push_back(v);
  }
  resolved->params = std::move(params);
  resolved->returnType = types_.substitute(sig->returnType, subst);
  target.signature = resolved;
  target.argForParam = std::move(slots);
  return resolved->returnType;
}

// ---------------------------------------------------------------------------------------
// Instantiation

// The extern, parser, control or package a constructor call instantiates. Written through
// a typedef (`typedef Register<bit<32>, bit<8>> reg_t; reg_t(16) r;`), that is the
// declaration behind the typedef's type, whose type arguments the type already carries.
const Decl* Sema::instantiableDecl(const Type* named, const Decl* written) const {
  if (!isa<TypedefDecl>(written) || cast<TypedefDecl>(written)->isNewType) return written;
  if (auto* et = dyn_cast<ExternType>(named)) return et->decl;
  if (auto* bt = dyn_cast<BlockType>(named)) return bt->decl;
  return written;
}

// After a parser/control argument did not fit its parameter: a note on the first apply
// parameter that differs, which is usually the real mistake (a wrong struct, a direction).
void Sema::explainBlockMismatch(const Type* want, const Type* have) {
  auto* w = dyn_cast<BlockType>(want);
  auto* h = dyn_cast<BlockType>(have);
  if (!w || !h || w->kind != h->kind) return;
  if (w->params.size() != h->params.size()) {
    diags_.note(h->decl->loc, "{} has {}, but {} expects {}", quoted(h->decl->name),
                plural(h->params.size(), "parameter"), typeToString(w), w->params.size());
    return;
  }
  for (size_t i = 0; i < w->params.size(); ++i) {
    const auto& wp = w->params[i];
    const auto& hp = h->params[i];
    SourceLoc at = hp.decl ? hp.decl->loc : h->decl->loc;
    if (wp.direction != hp.direction) {
      diags_.note(at, "parameter {} of {} is '{}', but {} expects '{}'", quoted(hp.name),
                  quoted(h->decl->name), directionWord(hp.direction), typeToString(w),
                  directionWord(wp.direction));
      return;
    }
    if (wp.type != hp.type && !wp.type->isUnknown() && !hp.type->isUnknown() &&
        wp.type->kind != TypeKind::TypeVar) {
      diags_.note(at, "parameter {} of {} has type {}, but {} expects {}", quoted(hp.name),
                  quoted(h->decl->name), typeToString(hp.type), typeToString(w),
                  typeToString(wp.type));
      return;
    }
  }
}

bool Sema::blockCompatible(const BlockType* want, const BlockType* have) const {
  if (want->kind != have->kind) return false;
  if (want->params.size() != have->params.size()) return false;
  for (size_t i = 0; i < want->params.size(); ++i) {
    const auto& w = want->params[i];
    const auto& h = have->params[i];
    if (w.direction != h.direction) return false;
    if (w.type == h.type || w.type->isUnknown() || h.type->isUnknown()) continue;
    if (w.type->kind == TypeKind::TypeVar || h.type->kind == TypeKind::TypeVar) continue;
    if (auto* wb = dyn_cast<BlockType>(w.type))
      if (auto* hb = dyn_cast<BlockType>(h.type); hb && blockCompatible(wb, hb)) continue;
    if (auto* we = dyn_cast<ExternType>(w.type))
      if (auto* he = dyn_cast<ExternType>(h.type); he && he->decl == we->decl) continue;
    return false;
  }
  return true;
}

const Type* Sema::instantiate(const Type* named, const Decl* decl, std::vector<Argument>& args,
                              const std::vector<const Type*>& explicitTypeArgs, SourceLoc loc,
                              CallTarget& target) {
  target.decl = decl;
  if (auto* ed = dyn_cast<ExternDecl>(decl)) {
    auto* et = dyn_cast<ExternType>(named);
    if (!et) {
      checkArgsLoosely(args);
      return types_.unknown();
    }
    target.kind = CallTarget::Kind::ExternConstructor;
    target.externDecl = ed;
    const auto& params = externTypeParams_[ed];
    std::vector<const Type*> typeArgs = et->typeArgs;
    if (typeArgs.empty() && !params.empty()) {
      if (!explicitTypeArgs.empty()) {
        if (explicitTypeArgs.size() != params.size()) {
          diags_.error(loc, "{} takes {}, not {}", quoted(ed->name),
                       plural(params.size(), "type argument"), explicitTypeArgs.size());
          checkArgsLoosely(args);
          return types_.unknown();
        }
        typeArgs = explicitTypeArgs;
      } else {
        for (size_t i = 0; i < params.size(); ++i) typeArgs.push_back(types_.freshTypeVar());
      }
    } else if (!explicitTypeArgs.empty()) {
      diags_.error(loc, "type arguments of {} are given twice", quoted(ed->name));
    }
    // Open type arguments (`_`, omitted) are inferred from the constructor's arguments.
    std::set<const TypeVarType*> vars;
    for (auto* a : typeArgs)
      if (auto* v = dyn_cast<TypeVarType>(a); v && !v->decl) vars.insert(v);
    TypeSubst externSubst;
    for (size_t i = 0; i < params.size() && i < typeArgs.size(); ++i)
      externSubst[params[i]] = typeArgs[i];

    std::vector<Decl*> ctors;
    for (auto& m : ed->methods)
      if (m && m->isConstructor) ctors.push_back(m.get());
    bool created = false;
    const Type* instance = params.empty() ? et : types_.externType(ed, typeArgs, &created);
    if (ctors.empty()) {
      if (!args.empty()) {
        diags_.error(loc, "extern {} has no constructor taking {}", quoted(ed->name),
                     plural(args.size(), "argument"));
        checkArgsLoosely(args);
      }
      return instance;
    }
    const Decl* ctor = chooseOverload(ctors, args, loc, ed->name);
    if (!ctor) {
      checkArgsLoosely(args);
      return types_.unknown();
    }
    target.decl = ctor;
    const CallableType* generic = methodType(cast<MethodDecl>(ctor));
    auto* sig = types_.callable(CallableType::Flavor::Constructor, ctor);
    sig->params = generic->params;
    for (auto& p : sig->params) p.type = types_.substitute(p.type, externSubst);
    sig->returnType = instance;
    TypeSubst subst;
    const Type* result = applyCall(args, loc, sig, subst, vars, ed->name, target);
    target.typeArgs.clear();
    if (auto* rt = dyn_cast<ExternType>(result)) target.typeArgs = rt->typeArgs;
    return result;
  }

  auto* block = dyn_cast<BlockType>(named);
  if (!block) {
    diags_.error(loc, "{} cannot be instantiated", typeToString(named));
    checkArgsLoosely(args);
    return types_.unknown();
  }
  if (isa<ParserTypeDecl>(decl) || isa<ControlTypeDecl>(decl)) {
    diags_.error(loc, "{} is only a type; instantiate a {} declared with a body instead",
                 quoted(decl->name), block->kind == TypeKind::Parser ? "parser" : "control");
    checkArgsLoosely(args);
    return types_.unknown();
  }
  target.kind = CallTarget::Kind::BlockConstructor;
  if (block->kind == TypeKind::Package) {
    auto* sig = types_.callable(CallableType::Flavor::Constructor, decl);
    sig->params = block->params;
    sig->returnType = block;
    std::set<const TypeVarType*> vars(block->typeParams.begin(), block->typeParams.end());
    TypeSubst subst;
    if (!explicitTypeArgs.empty() && explicitTypeArgs.size() == block->typeParams.size())
      for (size_t i = 0; i < explicitTypeArgs.size(); ++i)
        subst[block->typeParams[i]] = explicitTypeArgs[i];
    const Type* result = applyCall(args, loc, sig, subst, vars, decl->name, target);
    if (block->typeParams.empty()) return result;
    // The package's type arguments are what unification found (unbound ones stay open).
    std::vector<const Type*> inferred;
    for (auto* v : block->typeParams) {
      auto it = subst.find(v);
      inferred.push_back(it == subst.end() ? static_cast<const Type*>(v) : it->second);
    }
    target.typeArgs = inferred;
    return types_.specialize(block, inferred);
  }
  // A parser or control declaration: its constructor parameters.
  auto* sig = types_.callable(CallableType::Flavor::Constructor, decl);
  sig->params = block->ctorParams;
  sig->returnType = block;
  if (!explicitTypeArgs.empty() && block->typeParams.empty())
    diags_.error(loc, "{} is not generic", quoted(decl->name));
  TypeSubst none;
  return applyCall(args, loc, sig, none, {}, decl->name, target);
}

}  // namespace p4nfc
