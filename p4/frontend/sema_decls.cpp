// Sema: declarations — constants, variables, types, externs, parsers, controls,
// instantiations, actions, functions.
//
// P4 requires declaration before use, so declarations are checked in program order and
// a name is entered into its scope once its declaration has been checked (so that a type
// cannot contain itself and a function cannot call itself). Externs are the exception:
// their methods may mention the extern's own type.
#include <set>

#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

void Sema::collectErrorsAndMatchKinds(Program& program) {
  // All `error { ... }` declarations merge into the one error type, wherever they are.
  for (auto& d : program.decls) {
    auto* e = dyn_cast<ErrorDecl>(d.get());
    if (!e) continue;
    for (auto& m : e->members) {
      if (!m) continue;
      setDeclType(m.get(), types_.errorType());
      auto [it, inserted] = errorMembers_.emplace(m->name, m.get());
      if (!inserted) {
        diags_.error(m->loc, "error.{} is already declared", m->name);
        if (it->second->loc.valid())
          diags_.note(it->second->loc, "previous declaration of error.{}", m->name);
      }
    }
  }
}

void Sema::checkDecl(Decl* d) {
  if (!d) return;
  checkAnnotations(d->annotations);
  switch (d->kind) {
    case NodeKind::ConstDecl:
      checkConst(cast<ConstDecl>(d));
      break;
    case NodeKind::VarDecl:
      checkVar(cast<VarDecl>(d));
      break;
    case NodeKind::TypedefDecl:
      checkTypedef(cast<TypedefDecl>(d));
      break;
    case NodeKind::EnumDecl:
      checkEnum(cast<EnumDecl>(d));
      break;
    case NodeKind::ErrorDecl:
      checkErrorDecl(cast<ErrorDecl>(d));
      break;
    case NodeKind::MatchKindDecl:
      checkMatchKindDecl(cast<MatchKindDecl>(d));
      break;
    case NodeKind::StructLikeDecl:
      checkStructLike(cast<StructLikeDecl>(d));
      break;
    case NodeKind::ExternDecl:
      checkExtern(cast<ExternDecl>(d));
      break;
    case NodeKind::ExternFunctionDecl:
      checkExternFunction(cast<ExternFunctionDecl>(d));
      break;
    case NodeKind::ParserTypeDecl: {
      auto* p = cast<ParserTypeDecl>(d);
      checkBlockTypeDecl(p, TypeKind::Parser, p->typeParams, p->params);
      break;
    }
    case NodeKind::ControlTypeDecl: {
      auto* c = cast<ControlTypeDecl>(d);
      checkBlockTypeDecl(c, TypeKind::Control, c->typeParams, c->params);
      break;
    }
    case NodeKind::PackageTypeDecl: {
      auto* p = cast<PackageTypeDecl>(d);
      checkBlockTypeDecl(p, TypeKind::Package, p->typeParams, p->params);
      break;
    }
    case NodeKind::ParserDecl:
      checkParser(cast<ParserDecl>(d));
      break;
    case NodeKind::ControlDecl:
      checkControl(cast<ControlDecl>(d));
      break;
    case NodeKind::InstantiationDecl:
      checkInstantiation(cast<InstantiationDecl>(d));
      break;
    case NodeKind::ActionDecl:
      checkAction(cast<ActionDecl>(d));
      break;
    case NodeKind::FunctionDecl:
      checkFunction(cast<FunctionDecl>(d));
      break;
    case NodeKind::TableDecl:
      checkTable(cast<TableDecl>(d));
      break;
    case NodeKind::ValueSetDecl:
      checkValueSet(cast<ValueSetDecl>(d));
      break;
    default:
      diags_.error(d->loc, "unexpected {} here", describeDecl(d));
      break;
  }
}

void Sema::checkLocalDecl(Decl* d) { checkDecl(d); }

// ---------------------------------------------------------------------------------------
// Constants and variables

void Sema::checkConst(ConstDecl* d) {
  const Type* t = resolveType(d->typeRef.get());
  setDeclType(d, t);
  if (d->init) {
    const Type* it = checkValue(d->init.get(), t);
    bool ok = coerce(d->init.get(), t, "initializer of " + quoted(d->name)) && !it->isUnknown() &&
              !t->isUnknown();
    if (ok && !isCompileTimeKnown(d->init.get())) {
      diags_.error(d->init->loc, "initializer of constant {} is not a compile-time constant",
                   quoted(d->name));
      ok = false;
    }
    if (ok) {
      if (auto v = constantValue(d->init.get())) declValues_[d] = *v;
    } else {
      // A constant whose value is unknown poisons its uses instead of making each of them
      // report "not a compile-time constant" again.
      setDeclType(d, types_.unknown());
    }
  }
  declare(d, d->loc);
}

void Sema::checkVar(VarDecl* d) {
  const Type* t = resolveType(d->typeRef.get());
  setDeclType(d, t);
  if (t->kind == TypeKind::Void || t->kind == TypeKind::String || isa<BlockType>(t) ||
      t->kind == TypeKind::Extern || t->kind == TypeKind::InfInt ||
      t->kind == TypeKind::MatchKind) {
    diags_.error(d->loc, "variable {} cannot have type {}", quoted(d->name), typeToString(t));
  }
  if (d->init) {
    checkValue(d->init.get(), t);
    coerce(d->init.get(), t, "initializer of " + quoted(d->name));
  }
  declare(d, d->loc);
}

// ---------------------------------------------------------------------------------------
// Types

void Sema::checkTypedef(TypedefDecl* d) {
  const Type* target = resolveType(d->typeRef.get());
  if (d->isNewType && !target->isUnknown()) {
    const Type* u = underlyingType(target);
    // P4-16 "Introducing new types": `type` applies to bit<W>, int<W>, bool (and what a
    // typedef or another `type` names of these).
    bool ok = u->kind == TypeKind::Bits || u->kind == TypeKind::Bool ||
              u->kind == TypeKind::TypeVar || u->kind == TypeKind::Varbit;
    if (!ok)
      diags_.error(d->typeRef->loc, "new type {} must be bit<W>, int<W> or bool, not {}",
                   quoted(d->name), typeToString(target));
    setDeclType(d, types_.newType(d, target));
  } else {
    setDeclType(d, target);
  }
  declare(d, d->loc);
}

void Sema::checkEnum(EnumDecl* d) {
  bool created = false;
  EnumType* t = types_.enumType(d, &created);
  if (d->underlying) {
    const Type* u = resolveType(d->underlying.get());
    if (auto* b = dyn_cast<BitsType>(underlyingType(u))) {
      t->underlying = b;
    } else if (!u->isUnknown()) {
      diags_.error(d->underlying->loc,
                   "the underlying type of a serializable enum must be bit<W> or int<W>, not {}",
                   typeToString(u));
    }
  }
  setDeclType(d, t);
  std::unordered_map<std::string, const EnumMember*> seen;
  for (auto& m : d->members) {
    if (!m) continue;
    checkAnnotations(m->annotations);
    setDeclType(m.get(), t);
    auto [it, inserted] = seen.emplace(m->name, m.get());
    if (!inserted) {
      diags_.error(m->loc, "{} is already declared in enum {}", quoted(m->name), quoted(d->name));
      diags_.note(it->second->loc, "previous declaration of {}", quoted(m->name));
    }
    if (m->value) {
      if (!d->underlying) {
        diags_.error(m->value->loc,
                     "members of enum {} cannot have values: it has no underlying type",
                     quoted(d->name));
        continue;
      }
      if (!t->underlying) continue;
      const Type* vt = checkValue(m->value.get(), t->underlying);
      if (vt->kind == TypeKind::InfInt) {
        auto v = constantValue(m->value.get());
        if (v && !fitsIn(*v, t->underlying)) {
          diags_.error(m->value->loc, "value {} does not fit the enum's underlying type {}",
                       v->get_str(), typeToString(t->underlying));
          continue;
        }
      }
      if (!coerce(m->value.get(), t->underlying, "value of " + quoted(m->name))) continue;
      if (auto v = constantValue(m->value.get()))
        declValues_[m.get()] = *v;
      else
        diags_.error(m->value->loc, "value of enum member {} must be a compile-time constant",
                     quoted(m->name));
    } else if (d->underlying) {
      diags_.error(m->loc, "member {} of serializable enum {} needs a value", quoted(m->name),
                   quoted(d->name));
    }
  }
  declare(d, d->loc);
}

void Sema::checkErrorDecl(ErrorDecl* d) {
  // Members were collected up front (collectErrorsAndMatchKinds); only annotations remain.
  for (auto& m : d->members)
    if (m) checkAnnotations(m->annotations);
}

void Sema::checkMatchKindDecl(MatchKindDecl* d) {
  // match_kind members are names in the enclosing (top-level) scope: `exact`, `lpm` ...
  for (auto& m : d->members) {
    if (!m) continue;
    checkAnnotations(m->annotations);
    setDeclType(m.get(), types_.matchKindType());
    declare(m.get(), m->loc);
  }
}

void Sema::checkStructLike(StructLikeDecl* d) {
  StructType* t = nullptr;
  const Decl* outerDeclaring = declaringType_;
  declaringType_ = d;
  {
    ScopeGuard scope(*this, Scope::Kind::Block);
    declareTypeParams(d->typeParams, nullptr);
    bool created = false;
    t = types_.structType(d, {}, &created);
    std::unordered_map<std::string, const Field*> seen;
    int varbits = 0;
    for (auto& f : d->fields) {
      if (!f) continue;
      checkAnnotations(f->annotations);
      const Type* ft = resolveType(f->typeRef.get());
      setDeclType(f.get(), ft);
      auto [it, inserted] = seen.emplace(f->name, f.get());
      if (!inserted) {
        diags_.error(f->loc, "field {} is already declared in {}", quoted(f->name),
                     quoted(d->name));
        diags_.note(it->second->loc, "previous declaration of {}", quoted(f->name));
        continue;
      }
      checkFieldType(d, f.get(), ft);
      if (d->flavor == StructLikeDecl::Flavor::Header && ft->kind == TypeKind::Varbit &&
          ++varbits == 2)
        diags_.error(f->loc, "header {} has more than one varbit field", quoted(d->name));
      if (created) t->fields.push_back({f->name, ft, f.get()});
    }
  }
  declaringType_ = outerDeclaring;
  setDeclType(d, t);
  declare(d, d->loc);
}

void Sema::checkFieldType(const StructLikeDecl* d, const Field* f, const Type* ft) {
  if (ft->isUnknown() || ft->kind == TypeKind::TypeVar) return;
  const Type* u = underlyingType(ft);
  switch (d->flavor) {
    case StructLikeDecl::Flavor::Header: {
      bool ok = u->kind == TypeKind::Bits || u->kind == TypeKind::Varbit ||
                u->kind == TypeKind::Bool || u->kind == TypeKind::TypeVar ||
                (u->kind == TypeKind::Enum && cast<EnumType>(u)->isSerializable()) ||
                (u->kind == TypeKind::Struct && bitWidth(u).has_value());
      if (!ok)
        diags_.error(f->loc, "field {} of header {} cannot have type {}", quoted(f->name),
                     quoted(d->name), typeToString(ft));
      break;
    }
    case StructLikeDecl::Flavor::HeaderUnion:
      if (u->kind != TypeKind::Header)
        diags_.error(f->loc, "field {} of header_union {} must be a header, not {}",
                     quoted(f->name), quoted(d->name), typeToString(ft));
      break;
    case StructLikeDecl::Flavor::Struct: {
      // P4-16 "Type nesting rules": no int (it has no width), string, match_kind, list,
      // externs, parsers, controls, packages or tables inside a struct.
      bool bad = u->kind == TypeKind::Void || u->kind == TypeKind::Extern || isa<BlockType>(u) ||
                 u->kind == TypeKind::Table || u->kind == TypeKind::InfInt ||
                 u->kind == TypeKind::String || u->kind == TypeKind::MatchKind ||
                 u->kind == TypeKind::List;
      if (bad)
        diags_.error(f->loc, "field {} of struct {} cannot have type {}", quoted(f->name),
                     quoted(d->name), typeToString(ft));
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Externs and prototypes

void Sema::checkExtern(ExternDecl* d) {
  // Declared first: methods may mention the extern's own type.
  declare(d, d->loc);
  bool created = false;
  std::vector<const Type*> noArgs;
  ExternType* t = types_.externType(d, noArgs, &created);
  setDeclType(d, t);
  ScopeGuard scope(*this, Scope::Kind::Extern);
  std::vector<const TypeVarType*> vars;
  declareTypeParams(d->typeParams, &vars);
  externTypeParams_[d] = vars;
  Scope members(nullptr, Scope::Kind::Extern);  // for duplicate method detection only
  for (auto& m : d->methods) {
    if (!m) continue;
    checkAnnotations(m->annotations);
    if (m->isConstructor && m->name != d->name) {
      diags_.error(m->loc, "constructor {} of extern {} must have the extern's name",
                   quoted(m->name), quoted(d->name));
    }
    methodType(m.get());
    if (Decl* previous = members.declare(m->name, m.get())) {
      diags_.error(m->loc, "method {} with {} parameters is already declared in extern {}",
                   quoted(m->name), m->params.size(), quoted(d->name));
      diags_.note(previous->loc, "previous declaration of {}", quoted(m->name));
    }
  }
}

const CallableType* Sema::methodType(const MethodDecl* m) {
  if (auto it = signatures_.find(m); it != signatures_.end()) return it->second;
  auto* mm = const_cast<MethodDecl*>(m);
  ScopeGuard scope(*this, Scope::Kind::Method);
  auto* sig = types_.callable(
      m->isConstructor ? CallableType::Flavor::Constructor : CallableType::Flavor::Method, m);
  std::vector<const TypeVarType*> vars;
  declareTypeParams(mm->typeParams, &vars);
  sig->typeParams = vars;
  sig->params = checkParams(mm->params, !m->isConstructor);
  sig->returnType = m->returnType ? resolveType(mm->returnType.get()) : types_.voidType();
  checkReturnType(m->returnType.get(), sig->returnType, "method " + quoted(m->name));
  signatures_[m] = sig;
  setDeclType(m, sig);
  return sig;
}

// What a method, extern function or function returns is a value: not an extern object,
// parser, control, package or table, and not an int, which has no width at run time.
void Sema::checkReturnType(const TypeRef* ref, const Type* t, const std::string& what) {
  if (!ref || t->isUnknown()) return;
  bool bad = t->kind == TypeKind::Extern || isa<BlockType>(t) || t->kind == TypeKind::Table ||
             t->kind == TypeKind::InfInt || t->kind == TypeKind::String ||
             t->kind == TypeKind::MatchKind;
  if (bad) diags_.error(ref->loc, "{} cannot return a value of type {}", what, typeToString(t));
}

void Sema::checkExternFunction(ExternFunctionDecl* d) {
  auto* sig = types_.callable(CallableType::Flavor::ExternFunction, d);
  {
    ScopeGuard scope(*this, Scope::Kind::Function);
    std::vector<const TypeVarType*> vars;
    declareTypeParams(d->typeParams, &vars);
    sig->typeParams = vars;
    sig->returnType = d->returnType ? resolveType(d->returnType.get()) : types_.voidType();
    checkReturnType(d->returnType.get(), sig->returnType, "extern function " + quoted(d->name));
    sig->params = checkParams(d->params, true);
  }
  signatures_[d] = sig;
  setDeclType(d, sig);
  declare(d, d->loc);
}

void Sema::checkBlockTypeDecl(Decl* d, TypeKind kind, TypeParams& tps, Parameters& params) {
  bool created = false;
  BlockType* t = types_.blockType(kind, d, {}, &created);
  {
    ScopeGuard scope(*this, Scope::Kind::Block);
    declareTypeParams(tps, &t->typeParams);
    t->params = checkParams(params, kind != TypeKind::Package);
  }
  setDeclType(d, t);
  declare(d, d->loc);
}

// ---------------------------------------------------------------------------------------
// Parsers and controls

void Sema::checkParser(ParserDecl* d) {
  bool created = false;
  BlockType* t = types_.blockType(TypeKind::Parser, d, {}, &created);
  {
    ScopeGuard scope(*this, Scope::Kind::Parser);
    ContextGuard context(*this, Context{Body::Parser, d, nullptr, d, nullptr});
    if (!d->typeParams.empty() && d->typeParams[0])
      diags_.error(d->typeParams[0]->loc,
                   "a parser declaration with a body cannot have type parameters");
    declareTypeParams(d->typeParams, &t->typeParams);
    t->params = checkParams(d->params, true);
    t->ctorParams = checkParams(d->ctorParams, false);
    setDeclType(d, t);
    // Locals and states may shadow the parameters (with a warning), as inner scopes may.
    ScopeGuard locals(*this, Scope::Kind::Parser);
    for (auto& local : d->locals) checkLocalDecl(local.get());
    checkParserStates(d);
  }
  declare(d, d->loc);
}

void Sema::checkControl(ControlDecl* d) {
  bool created = false;
  BlockType* t = types_.blockType(TypeKind::Control, d, {}, &created);
  {
    ScopeGuard scope(*this, Scope::Kind::Control);
    ContextGuard context(*this, Context{Body::Control, d, nullptr, nullptr, d});
    if (!d->typeParams.empty() && d->typeParams[0])
      diags_.error(d->typeParams[0]->loc,
                   "a control declaration with a body cannot have type parameters");
    declareTypeParams(d->typeParams, &t->typeParams);
    t->params = checkParams(d->params, true);
    t->ctorParams = checkParams(d->ctorParams, false);
    setDeclType(d, t);
    ScopeGuard locals(*this, Scope::Kind::Control);  // locals may shadow parameters
    for (auto& local : d->locals) checkLocalDecl(local.get());
    if (d->body) {
      ContextGuard apply(*this, Context{Body::ControlApply, d, nullptr, nullptr, d});
      checkBlock(d->body.get());
    }
    resolveAddEntries(d);
  }
  declare(d, d->loc);
}

void Sema::checkInstantiation(InstantiationDecl* d) {
  const Type* named = types_.unknown();
  const Decl* typeDecl = nullptr;
  if (auto* ref = dyn_cast<NamedTypeRef>(d->typeRef.get())) {
    named = resolveType(ref);
    typeDecl = instantiableDecl(named, ref->decl);
  } else if (d->typeRef) {
    named = resolveType(d->typeRef.get());
    if (!named->isUnknown())
      diags_.error(d->typeRef->loc, "{} cannot be instantiated", typeToString(named));
    named = types_.unknown();
  }
  const Type* t = types_.unknown();
  if (!named->isUnknown() && typeDecl) {
    CallTarget target;
    SourceLoc at = d->typeRef && d->typeRef->loc.valid() ? d->typeRef->loc : d->loc;
    t = instantiate(named, typeDecl, d->args, {}, at, target);
  } else {
    for (auto& a : d->args)
      if (a.value) checkValue(a.value.get());
  }
  setDeclType(d, t);
  if (d->hasInitializer) {
    // The initializer block implements abstract methods of the extern.
    ScopeGuard scope(*this, Scope::Kind::Block);
    for (auto& inner : d->initializer) checkDecl(inner.get());
  }
  if (auto* ext = dyn_cast<ExternDecl>(typeDecl); ext && !t->isUnknown())
    checkInitializerMethods(d, ext);
  declare(d, d->loc);
}

// P4-16 "Instantiating objects with abstract methods": an instance implements every
// abstract method of its extern, each with the same number of parameters and the same
// directions, and nothing else (abstract methods are matched by name: no overloads).
void Sema::checkInitializerMethods(InstantiationDecl* d, const ExternDecl* ext) {
  std::vector<const MethodDecl*> abstracts;
  for (auto& m : ext->methods)
    if (m && m->isAbstract) abstracts.push_back(m.get());
  std::set<const MethodDecl*> implemented;
  for (auto& inner : d->initializer) {
    auto* fn = dyn_cast<FunctionDecl>(inner.get());
    if (!fn) continue;
    const MethodDecl* method = nullptr;
    for (auto* m : abstracts)
      if (m->name == fn->name) method = m;
    if (abstracts.empty()) {
      diags_.error(fn->loc, "extern {} has no abstract methods, so its instance {} has nothing to "
                   "implement", quoted(ext->name), quoted(d->name));
      continue;
    }
    if (!method) {
      diags_.error(fn->loc, "{} is not an abstract method of extern {}", quoted(fn->name),
                   quoted(ext->name));
      continue;
    }
    implemented.insert(method);
    bool same = fn->params.size() == method->params.size();
    for (size_t i = 0; same && i < fn->params.size(); ++i)
      same = fn->params[i] && method->params[i] &&
             fn->params[i]->direction == method->params[i]->direction;
    if (!same)
      diags_.error(fn->loc, "{} must have the parameters of abstract method {} of extern {}: {} "
                   "parameter{} with the same directions", quoted(fn->name), quoted(method->name),
                   quoted(ext->name), method->params.size(),
                   method->params.size() == 1 ? "" : "s");
  }
  for (auto* m : abstracts)
    if (!implemented.count(m))
      diags_.error(d->loc, "instance {} does not implement abstract method {} of extern {}",
                   quoted(d->name), quoted(m->name), quoted(ext->name));
}

// ---------------------------------------------------------------------------------------
// Actions, functions, value sets

void Sema::checkAction(ActionDecl* d) {
  // Tables without a default action run the core library's NoAction: it must be the
  // action that does nothing and takes nothing.
  if (d->name == "NoAction" && !ctx_.control &&
      (!d->params.empty() || (d->body && !d->body->stmts.empty())))
    diags_.error(d->loc, "NoAction must be declared as {}", "'action NoAction() {}'");
  auto* sig = types_.callable(CallableType::Flavor::Action, d);
  {
    ScopeGuard scope(*this, Scope::Kind::Action);
    sig->params = checkParams(d->params, true);
    sig->returnType = types_.voidType();
    bool sawData = false;
    for (auto& p : d->params) {
      if (!p) continue;
      if (p->direction == Direction::None && typeOfDecl(p.get()) &&
          typeOfDecl(p.get())->kind == TypeKind::InfInt)
        diags_.error(p->loc, "action data parameter {} of action {} needs a width, not int",
                     quoted(p->name), quoted(d->name));
      if (p->direction == Direction::None) {
        sawData = true;
      } else if (sawData) {
        diags_.error(p->loc,
                     "parameter {} of action {} has a direction but follows an action data "
                     "parameter (directional parameters must come first)",
                     quoted(p->name), quoted(d->name));
      }
    }
    signatures_[d] = sig;
    setDeclType(d, sig);
    if (d->body) {
      Context c;
      c.body = Body::Action;
      c.owner = d;
      c.parser = ctx_.parser;
      c.control = ctx_.control;
      ContextGuard context(*this, c);
      checkBlock(d->body.get());
    }
  }
  declare(d, d->loc);
}

namespace {

// Conservative: true when every path through `s` ends in return (or exit).
bool alwaysReturns(const Stmt* s, int depth = 0) {
  if (!s || depth > kMaxNesting) return false;
  switch (s->kind) {
    case NodeKind::ReturnStmt:
    case NodeKind::ExitStmt:
      return true;
    case NodeKind::BlockStmt:
      for (auto& inner : cast<BlockStmt>(s)->stmts)
        if (alwaysReturns(inner.get(), depth + 1)) return true;
      return false;
    case NodeKind::IfStmt: {
      auto* i = cast<IfStmt>(s);
      return i->elseStmt && alwaysReturns(i->thenStmt.get(), depth + 1) &&
             alwaysReturns(i->elseStmt.get(), depth + 1);
    }
    case NodeKind::SwitchStmt: {
      auto* sw = cast<SwitchStmt>(s);
      bool hasDefault = false;
      for (auto& c : sw->cases) {
        if (isa<DefaultExpr>(c.label.get())) hasDefault = true;
        if (c.body && !alwaysReturns(c.body.get(), depth + 1)) return false;
      }
      return hasDefault;
    }
    default:
      return false;
  }
}

}  // namespace

void Sema::checkFunction(FunctionDecl* d) {
  auto* sig = types_.callable(CallableType::Flavor::Function, d);
  {
    ScopeGuard scope(*this, Scope::Kind::Function);
    std::vector<const TypeVarType*> vars;
    declareTypeParams(d->typeParams, &vars);
    sig->typeParams = vars;
    sig->returnType = d->returnType ? resolveType(d->returnType.get()) : types_.voidType();
    checkReturnType(d->returnType.get(), sig->returnType, "function " + quoted(d->name));
    sig->params = checkParams(d->params, true);
    signatures_[d] = sig;
    setDeclType(d, sig);
    if (d->body) {
      Context c;
      c.body = Body::Function;
      c.owner = d;
      c.returnType = sig->returnType;
      ContextGuard context(*this, c);
      checkBlock(d->body.get());
      if (sig->returnType->kind != TypeKind::Void && !sig->returnType->isUnknown() &&
          !alwaysReturns(d->body.get()))
        diags_.warning(d->loc, "function {} may reach its end without returning a value",
                       quoted(d->name));
    }
  }
  declare(d, d->loc);
}

void Sema::checkValueSet(ValueSetDecl* d) {
  const Type* element = resolveType(d->elementType.get());
  if (d->size) evalWidth(d->size.get(), "size of value_set", 1, int64_t{1} << 32);
  setDeclType(d, types_.set(element));
  declare(d, d->loc);
}

}  // namespace p4nfc
