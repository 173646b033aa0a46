// Sema: type references (the syntax of types) to semantic types, parameters, and
// unification for generic calls and package arguments.
#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

const Type* Sema::resolveType(TypeRef* ref) {
  if (!ref) return types_.unknown();
  if (ref->resolved) return ref->resolved;
  const Type* t = types_.unknown();
  if (++depth_ > kMaxNesting) {
    diags_.error(ref->loc, "type nested too deeply");
  } else {
    switch (ref->kind) {
      case NodeKind::BaseTypeRef:
        t = resolveBaseType(cast<BaseTypeRef>(ref));
        break;
      case NodeKind::NamedTypeRef:
        t = resolveNamedType(cast<NamedTypeRef>(ref));
        break;
      case NodeKind::StackTypeRef: {
        auto* s = cast<StackTypeRef>(ref);
        const Type* element = resolveType(s->element.get());
        auto size = evalWidth(s->size.get(), "header stack size", 1, kMaxStackSize);
        if (!element->isUnknown() && element->kind != TypeKind::Header &&
            element->kind != TypeKind::HeaderUnion && element->kind != TypeKind::TypeVar) {
          diags_.error(ref->loc,
                       "element of a header stack must be a header or header_union, not {}",
                       typeToString(element));
        } else if (size && !element->isUnknown()) {
          t = types_.stack(element, *size);
        }
        break;
      }
      case NodeKind::TupleTypeRef: {
        std::vector<const Type*> elements;
        for (auto& e : cast<TupleTypeRef>(ref)->elements) elements.push_back(resolveType(e.get()));
        t = types_.tuple(std::move(elements));
        break;
      }
      case NodeKind::ListTypeRef:
        t = types_.list(resolveType(cast<ListTypeRef>(ref)->element.get()));
        break;
      default:
        break;
    }
  }
  --depth_;
  ref->resolved = t;
  return t;
}

const Type* Sema::resolveBaseType(BaseTypeRef* ref) {
  using Base = BaseTypeRef::Base;
  switch (ref->base) {
    case Base::Bool:
      return types_.boolType();
    case Base::Error:
      return types_.errorType();
    case Base::MatchKind:
      return types_.matchKindType();
    case Base::String:
      return types_.stringType();
    case Base::Int:
      if (ref->width) {  // the parser may give `int<W>` as Int with a width
        auto w = evalWidth(ref->width.get(), "width of int<W>", 0, kMaxBitWidth);
        return w ? static_cast<const Type*>(types_.bits(*w, true)) : types_.unknown();
      }
      return types_.infInt();
    case Base::Void:
      return types_.voidType();
    case Base::DontCare:
      return types_.freshTypeVar();
    case Base::Bit: {
      if (!ref->width) return types_.bits(1, false);
      auto w = evalWidth(ref->width.get(), "width of bit<W>", 0, kMaxBitWidth);
      return w ? static_cast<const Type*>(types_.bits(*w, false)) : types_.unknown();
    }
    case Base::SignedInt: {
      if (!ref->width) return types_.bits(1, true);
      auto w = evalWidth(ref->width.get(), "width of int<W>", 0, kMaxBitWidth);
      return w ? static_cast<const Type*>(types_.bits(*w, true)) : types_.unknown();
    }
    case Base::Varbit: {
      if (!ref->width) {
        diags_.error(ref->loc, "varbit needs a maximum width");
        return types_.unknown();
      }
      auto w = evalWidth(ref->width.get(), "width of varbit<W>", 0, kMaxBitWidth);
      return w ? static_cast<const Type*>(types_.varbit(*w)) : types_.unknown();
    }
  }
  return types_.unknown();
}

// Evaluates a width, stack size or similar small constant; reports and returns nullopt if
// it is not a compile-time integer within [min, max].
std::optional<int64_t> Sema::evalWidth(Expr* e, const char* what, int64_t min, int64_t max) {
  if (!e) return std::nullopt;
  const Type* t = checkValue(e);
  if (t->isUnknown()) return std::nullopt;
  if (!isNumeric(t)) {
    diags_.error(e->loc, "{} must be an integer, not {}", what, typeToString(t));
    return std::nullopt;
  }
  auto v = constantValue(e);
  if (!v) {
    diags_.error(e->loc, "{} must be a compile-time constant", what);
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    diags_.error(e->loc, "{} {} is out of range ({}..{})", what, v->get_str(), min, max);
    return std::nullopt;
  }
  return static_cast<int64_t>(v->get_si());
}

const Type* Sema::resolveNamedType(NamedTypeRef* ref) {
  Decl* d = lookupOne(ref->path);
  if (!d) {
    // A type is declared once its body has been checked: inside, its name is unknown.
    if (declaringType_ && declaringType_->name == ref->path.name)
      diags_.error(ref->loc, "{} refers to itself: a type cannot contain itself",
                   describeDecl(declaringType_));
    else
      diags_.error(ref->loc, "undeclared name {}", quoted(ref->path.name));
    return types_.unknown();
  }
  ref->decl = d;
  if (!isTypeDecl(d)) {
    diags_.error(ref->loc, "{} is not a type", quoted(ref->path.name));
    return types_.unknown();
  }
  const Type* generic = typeOfTypeDecl(d, ref->loc);
  std::vector<const Type*> args = resolveTypeArgs(ref->args);
  if (args.empty()) {
    if (auto* s = dyn_cast<StructLikeDecl>(d); s && !s->typeParams.empty()) {
      diags_.error(ref->loc, "{} is generic: give its type argument{} ({}<...>)", quoted(d->name),
                   s->typeParams.size() == 1 ? "" : "s", d->name);
      return types_.unknown();
    }
    return generic;
  }
  return specializeNamed(generic, d, std::move(args), ref->loc);
}

const Type* Sema::typeOfTypeDecl(const Decl* d, SourceLoc loc) {
  const Type* t = typeOfDecl(d);
  return t ? t : types_.unknown();
}

// Applies type arguments to a generic struct, extern, parser, control or package.
const Type* Sema::specializeNamed(const Type* generic, const Decl* decl,
                                  std::vector<const Type*> args, SourceLoc loc) {
  if (generic->isUnknown()) return generic;
  size_t expected = 0;
  if (auto* s = dyn_cast<StructLikeDecl>(decl))
    expected = s->typeParams.size();
  else if (auto* e = dyn_cast<ExternDecl>(decl))
    expected = e->typeParams.size();
  else if (auto* b = dyn_cast<BlockType>(generic))
    expected = b->typeParams.size();
  if (expected == 0) {
    diags_.error(loc, "{} is not generic", quoted(decl->name));
    return types_.unknown();
  }
  if (args.size() != expected) {
    diags_.error(loc, "{} takes {} type argument{}, not {}", quoted(decl->name), expected,
                 expected == 1 ? "" : "s", args.size());
    return types_.unknown();
  }
  for (auto* a : args)
    if (a->isUnknown()) return a;
  if (auto* s = dyn_cast<StructType>(generic)) return types_.specialize(s, args);
  if (auto* e = dyn_cast<ExternDecl>(decl)) {
    bool created = false;
    return types_.externType(e, args, &created);
  }
  if (auto* b = dyn_cast<BlockType>(generic)) return types_.specialize(b, args);
  return generic;
}

void Sema::declareTypeParams(TypeParams& params, std::vector<const TypeVarType*>* out) {
  for (auto& tp : params) {
    if (!tp) continue;
    const TypeVarType* v = types_.typeVar(tp.get());
    setDeclType(tp.get(), v);
    declare(tp.get(), tp->loc);
    if (out) out->push_back(v);
  }
}

std::vector<ParamInfo> Sema::checkParams(Parameters& params, bool allowDirections) {
  std::vector<ParamInfo> out;
  for (auto& p : params) {
    if (!p) continue;
    checkAnnotations(p->annotations);
    ParamInfo info;
    info.name = p->name;
    info.direction = p->direction;
    info.decl = p.get();
    info.type = resolveType(p->typeRef.get());
    if (!allowDirections && p->direction != Direction::None) {
      diags_.error(p->loc, "constructor parameter {} cannot have a direction", quoted(p->name));
    } else if (p->direction != Direction::None) {
      // P4-16 "Calling convention": int, string and extern values exist only at compile
      // time or as objects, so they are passed directionless.
      const Type* u = underlyingType(info.type);
      if (u->kind == TypeKind::InfInt || u->kind == TypeKind::String ||
          u->kind == TypeKind::Extern || isa<BlockType>(u) || u->kind == TypeKind::MatchKind)
        diags_.error(p->loc, "parameter {} of type {} cannot have a direction ('{}')",
                     quoted(p->name), typeToString(info.type), directionSpelling(p->direction));
    }
    if (p->defaultValue) {
      checkValue(p->defaultValue.get(), info.type);
      coerce(p->defaultValue.get(), info.type, "default value of " + quoted(p->name));
    }
    info.optional = p->defaultValue != nullptr || hasAnnotation(p->annotations, "optional");
    if (!allowDirections) ctorParams_.insert(p.get());
    setDeclType(p.get(), info.type);
    declare(p.get(), p->loc);
    out.push_back(std::move(info));
  }
  return out;
}

bool Sema::sameType(const Type* a, const Type* b) const {
  if (!a || !b) return true;
  if (a == b || a->isUnknown() || b->isUnknown()) return true;
  return false;
}

// Unifies a parameter type (which may mention the type variables in `vars`) with an
// argument type, extending `subst`. An int literal does not bind a variable here (its
// width comes from elsewhere); the caller binds leftovers afterwards.
bool Sema::unify(const Type* param, const Type* arg, TypeSubst& subst,
                 const std::set<const TypeVarType*>& vars, int depth) {
  if (!param || !arg || depth > kMaxTypeDepth) return true;
  if (param->isUnknown() || arg->isUnknown()) return true;
  if (arg->kind == TypeKind::DontCare) return true;
  if (auto* v = dyn_cast<TypeVarType>(param); v && vars.count(v)) {
    auto it = subst.find(v);
    if (it != subst.end()) {
      if (it->second->kind == TypeKind::InfInt && isBits(arg)) {
        it->second = arg;  // a literal bound it first; a sized argument refines it
        return true;
      }
      return unify(it->second, arg, subst, vars, depth + 1);
    }
    if (arg == param) return true;
    subst[v] = arg;
    return true;
  }
  if (param == arg) return true;
  if (auto* v = dyn_cast<TypeVarType>(arg); v && vars.count(v))
    return unify(arg, param, subst, vars, depth + 1);
  // An int literal or serializable enum argument fits a sized parameter.
  if (arg->kind == TypeKind::InfInt && (isNumeric(param) || param->kind == TypeKind::TypeVar))
    return true;
  if (auto* e = dyn_cast<EnumType>(arg); e && e->underlying && param == e->underlying) return true;
  if (param->kind != arg->kind) {
    // Untyped initializers ({a, b}, {f = x}) are checked against the parameter later.
    if (arg->kind == TypeKind::Tuple || (arg->isStructLike() && !cast<StructType>(arg)->decl))
      return param->isStructLike() || param->kind == TypeKind::Tuple ||
             param->kind == TypeKind::List || param->kind == TypeKind::Stack;
    return false;
  }
  auto unifyAll = [&](const std::vector<const Type*>& ps, const std::vector<const Type*>& as) {
    if (ps.size() != as.size()) return false;
    for (size_t i = 0; i < ps.size(); ++i)
      if (!unify(ps[i], as[i], subst, vars, depth + 1)) return false;
    return true;
  };
  switch (param->kind) {
    case TypeKind::Struct:
    case TypeKind::Header:
    case TypeKind::HeaderUnion: {
      auto* ps = cast<StructType>(param);
      auto* as = cast<StructType>(arg);
      if (!as->decl) return true;  // an initializer; checked field by field later
      if (ps->decl != as->decl) return false;
      return unifyAll(ps->typeArgs, as->typeArgs);
    }
    case TypeKind::Extern: {
      auto* pe = cast<ExternType>(param);
      auto* ae = cast<ExternType>(arg);
      if (pe->decl != ae->decl) return false;
      if (pe->typeArgs.empty() || ae->typeArgs.empty()) return true;
      return unifyAll(pe->typeArgs, ae->typeArgs);
    }
    case TypeKind::Tuple:
      return unifyAll(cast<TupleType>(param)->elements, cast<TupleType>(arg)->elements);
    case TypeKind::List:
      return unify(cast<ListType>(param)->element, cast<ListType>(arg)->element, subst, vars,
                   depth + 1);
    case TypeKind::Set:
      return unify(cast<SetType>(param)->element, cast<SetType>(arg)->element, subst, vars,
                   depth + 1);
    case TypeKind::Stack: {
      auto* ps = cast<StackType>(param);
      auto* as = cast<StackType>(arg);
      return ps->size == as->size && unify(ps->element, as->element, subst, vars, depth + 1);
    }
    case TypeKind::Parser:
    case TypeKind::Control:
    case TypeKind::Package: {
      // Structural: a parser declaration matches a parser type when their apply
      // parameters agree in number, direction and type.
      auto* pb = cast<BlockType>(param);
      auto* ab = cast<BlockType>(arg);
      if (pb->decl == ab->decl && !pb->typeArgs.empty() && !ab->typeArgs.empty())
        return unifyAll(pb->typeArgs, ab->typeArgs);
      if (pb->params.size() != ab->params.size()) return false;
      for (size_t i = 0; i < pb->params.size(); ++i) {
        if (pb->params[i].direction != ab->params[i].direction) return false;
        if (!unify(pb->params[i].type, ab->params[i].type, subst, vars, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace p4nfc
