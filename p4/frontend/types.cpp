// Semantic types: creation, interning, substitution, printing and layout queries.
#include "frontend/types.h"

#include <fmt/format.h>

namespace p4nfc {

const StructType::FieldInfo* StructType::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

int StructType::fieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

TypeContext::TypeContext() {
  unknown_ = make<Type>(TypeKind::Unknown);
  bool_ = make<Type>(TypeKind::Bool);
  string_ = make<Type>(TypeKind::String);
  error_ = make<Type>(TypeKind::Error);
  matchKind_ = make<Type>(TypeKind::MatchKind);
  infInt_ = make<Type>(TypeKind::InfInt);
  void_ = make<Type>(TypeKind::Void);
  dontCare_ = make<Type>(TypeKind::DontCare);
  state_ = make<Type>(TypeKind::State);
}

TypeContext::~TypeContext() = default;

const BitsType* TypeContext::bits(int width, bool isSigned) {
  auto& slot = bits_[{width, isSigned}];
  if (!slot) slot = make<BitsType>(width, isSigned);
  return slot;
}

const VarbitType* TypeContext::varbit(int maxWidth) {
  auto& slot = varbits_[maxWidth];
  if (!slot) slot = make<VarbitType>(maxWidth);
  return slot;
}

const TupleType* TypeContext::tuple(std::vector<const Type*> elements) {
  auto it = tuples_.find(elements);
  if (it != tuples_.end()) return it->second;
  auto* t = make<TupleType>(elements);
  tuples_.emplace(std::move(elements), t);
  return t;
}

const ListType* TypeContext::list(const Type* element) {
  auto& slot = lists_[element];
  if (!slot) slot = make<ListType>(element);
  return slot;
}

const StackType* TypeContext::stack(const Type* element, int64_t size) {
  auto& slot = stacks_[{element, size}];
  if (!slot) slot = make<StackType>(element, size);
  return slot;
}

const SetType* TypeContext::set(const Type* element) {
  auto& slot = sets_[element];
  if (!slot) slot = make<SetType>(element);
  return slot;
}

const TypeOfType* TypeContext::typeOf(const Type* named) {
  auto& slot = typeOfs_[named];
  if (!slot) slot = make<TypeOfType>(named);
  return slot;
}

const TableType* TypeContext::table(TypeKind kind, const TableDecl* decl) {
  auto& slot = tables_[{static_cast<int>(kind), decl}];
  if (!slot) slot = make<TableType>(kind, decl);
  return slot;
}

const TypeVarType* TypeContext::typeVar(const TypeParamDecl* decl) {
  auto& slot = typeVars_[decl];
  if (!slot) slot = make<TypeVarType>(decl, nextVarId_++);
  return slot;
}

const TypeVarType* TypeContext::freshTypeVar() { return make<TypeVarType>(nullptr, nextVarId_++); }

EnumType* TypeContext::enumType(const EnumDecl* decl, bool* created) {
  auto& slot = enums_[decl];
  *created = !slot;
  if (!slot) slot = make<EnumType>(decl);
  return slot;
}

NewTypeType* TypeContext::newType(const TypedefDecl* decl, const Type* underlying) {
  auto& slot = newTypes_[decl];
  if (!slot) slot = make<NewTypeType>(decl, underlying);
  return slot;
}

StructType* TypeContext::structType(const StructLikeDecl* decl,
                                    const std::vector<const Type*>& args, bool* created) {
  auto& slot = nominal_[{decl, args}];
  *created = !slot;
  if (!slot) {
    TypeKind kind = TypeKind::Struct;
    if (decl->flavor == StructLikeDecl::Flavor::Header) kind = TypeKind::Header;
    if (decl->flavor == StructLikeDecl::Flavor::HeaderUnion) kind = TypeKind::HeaderUnion;
    auto* t = make<StructType>(kind, decl);
    t->typeArgs = args;
    slot = t;
  }
  return static_cast<StructType*>(slot);
}

StructType* TypeContext::anonymousStruct(TypeKind kind) { return make<StructType>(kind, nullptr); }

ExternType* TypeContext::externType(const ExternDecl* decl, const std::vector<const Type*>& args,
                                    bool* created) {
  auto& slot = nominal_[{decl, args}];
  *created = !slot;
  if (!slot) slot = make<ExternType>(decl, args);
  return static_cast<ExternType*>(slot);
}

BlockType* TypeContext::blockType(TypeKind kind, const Decl* decl,
                                  const std::vector<const Type*>& args, bool* created) {
  auto& slot = nominal_[{decl, args}];
  *created = !slot;
  if (!slot) {
    auto* t = make<BlockType>(kind, decl);
    t->typeArgs = args;
    slot = t;
  }
  return static_cast<BlockType*>(slot);
}

CallableType* TypeContext::callable(CallableType::Flavor flavor, const Decl* decl) {
  return make<CallableType>(flavor, decl);
}

namespace {

std::vector<const Type*> substituteAll(TypeContext& ctx, const std::vector<const Type*>& ts,
                                       const TypeSubst& subst, int depth) {
  std::vector<const Type*> out;
  out.reserve(ts.size());
  for (auto* t : ts) out.push_back(ctx.substitute(t, subst, depth));
  return out;
}

std::vector<ParamInfo> substituteParams(TypeContext& ctx, const std::vector<ParamInfo>& ps,
                                        const TypeSubst& subst, int depth) {
  std::vector<ParamInfo> out = ps;
  for (auto& p : out) p.type = ctx.substitute(p.type, subst, depth);
  return out;
}

}  // namespace

const Type* TypeContext::substitute(const Type* t, const TypeSubst& subst, int depth) {
  if (!t || subst.empty()) return t;
  if (depth > kMaxTypeDepth) return unknown_;
  switch (t->kind) {
    case TypeKind::TypeVar: {
      auto it = subst.find(cast<TypeVarType>(t));
      return it == subst.end() ? t : it->second;
    }
    case TypeKind::Tuple:
      return tuple(substituteAll(*this, cast<TupleType>(t)->elements, subst, depth + 1));
    case TypeKind::List:
      return list(substitute(cast<ListType>(t)->element, subst, depth + 1));
    case TypeKind::Stack: {
      auto* s = cast<StackType>(t);
      return stack(substitute(s->element, subst, depth + 1), s->size);
    }
    case TypeKind::Set:
      return set(substitute(cast<SetType>(t)->element, subst, depth + 1));
    case TypeKind::TypeOf:
      return typeOf(substitute(cast<TypeOfType>(t)->named, subst, depth + 1));
    case TypeKind::Struct:
    case TypeKind::Header:
    case TypeKind::HeaderUnion: {
      auto* s = cast<StructType>(t);
      if (!s->decl) {
        auto* copy = anonymousStruct(s->kind);
        copy->fields = s->fields;
        for (auto& f : copy->fields) f.type = substitute(f.type, subst, depth + 1);
        return copy;
      }
      if (s->typeArgs.empty()) return t;
      bool created = false;
      auto* generic = structType(s->decl, {}, &created);
      return specialize(generic, substituteAll(*this, s->typeArgs, subst, depth + 1), depth + 1);
    }
    case TypeKind::Extern: {
      auto* e = cast<ExternType>(t);
      if (e->typeArgs.empty()) return t;
      bool created = false;
      return externType(e->decl, substituteAll(*this, e->typeArgs, subst, depth + 1), &created);
    }
    case TypeKind::Parser:
    case TypeKind::Control:
    case TypeKind::Package: {
      auto* b = cast<BlockType>(t);
      if (b->typeArgs.empty()) {
        // A generic block used unspecialized (e.g. a parser declaration's own type):
        // substitute inside its parameters directly.
        if (b->typeParams.empty()) return t;
      }
      bool created = false;
      auto* generic = blockType(b->kind, b->decl, {}, &created);
      std::vector<const Type*> args = b->typeArgs;
      if (args.empty())
        for (auto* v : b->typeParams) args.push_back(v);
      return specialize(generic, substituteAll(*this, args, subst, depth + 1), depth + 1);
    }
    case TypeKind::Callable:
      return substitute(cast<CallableType>(t), subst);
    default:
      return t;
  }
}

const CallableType* TypeContext::substitute(const CallableType* t, const TypeSubst& subst) {
  if (subst.empty()) return t;
  auto* out = callable(t->flavor, t->decl);
  for (auto* v : t->typeParams)
    if (!subst.count(v)) out->typeParams.push_back(v);
  out->params = substituteParams(*this, t->params, subst, 1);
  out->returnType = substitute(t->returnType, subst, 1);
  return out;
}

const StructType* TypeContext::specialize(const StructType* generic,
                                          const std::vector<const Type*>& args, int depth) {
  if (!generic->decl) return generic;
  bool created = false;
  auto* t = structType(generic->decl, args, &created);
  if (created) {
    TypeSubst subst;
    const auto& params = generic->decl->typeParams;
    for (size_t i = 0; i < params.size() && i < args.size(); ++i)
      subst[typeVar(params[i].get())] = args[i];
    t->fields = generic->fields;
    for (auto& f : t->fields) f.type = substitute(f.type, subst, depth + 1);
  }
  return t;
}

const BlockType* TypeContext::specialize(const BlockType* generic,
                                         const std::vector<const Type*>& args, int depth) {
  bool created = false;
  auto* t = blockType(generic->kind, generic->decl, args, &created);
  if (created) {
    TypeSubst subst;
    for (size_t i = 0; i < generic->typeParams.size() && i < args.size(); ++i)
      subst[generic->typeParams[i]] = args[i];
    t->typeParams = generic->typeParams;
    t->params = substituteParams(*this, generic->params, subst, depth + 1);
    t->ctorParams = substituteParams(*this, generic->ctorParams, subst, depth + 1);
  }
  return t;
}

// ---------------------------------------------------------------------------------------

namespace {

std::string joinTypes(const std::vector<const Type*>& ts) {
  std::string out;
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) out += ", ";
    out += typeToString(ts[i]);
  }
  return out;
}

std::string withArgs(const std::string& name, const std::vector<const Type*>& args) {
  if (args.empty()) return name;
  return name + "<" + joinTypes(args) + ">";
}

std::string directionPrefix(Direction d) {
  switch (d) {
    case Direction::In:
      return "in ";
    case Direction::Out:
      return "out ";
    case Direction::InOut:
      return "inout ";
    default:
      return "";
  }
}

}  // namespace

std::string typeToString(const Type* t) {
  if (!t) return "<none>";
  switch (t->kind) {
    case TypeKind::Unknown:
      return "<error>";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::String:
      return "string";
    case TypeKind::Error:
      return "error";
    case TypeKind::MatchKind:
      return "match_kind";
    case TypeKind::InfInt:
      return "int";
    case TypeKind::Bits: {
      auto* b = cast<BitsType>(t);
      return fmt::format("{}<{}>", b->isSigned ? "int" : "bit", b->width);
    }
    case TypeKind::Varbit:
      return fmt::format("varbit<{}>", cast<VarbitType>(t)->maxWidth);
    case TypeKind::Void:
      return "void";
    case TypeKind::DontCare:
      return "_";
    case TypeKind::Enum:
      return cast<EnumType>(t)->decl->name;
    case TypeKind::Struct:
    case TypeKind::Header:
    case TypeKind::HeaderUnion: {
      auto* s = cast<StructType>(t);
      if (s->decl) return withArgs(s->decl->name, s->typeArgs);
      std::string out = "struct {";
      for (size_t i = 0; i < s->fields.size(); ++i)
        out += fmt::format("{}{} {}", i ? ", " : " ", typeToString(s->fields[i].type),
                           s->fields[i].name);
      return out + " }";
    }
    case TypeKind::Tuple:
      return "tuple<" + joinTypes(cast<TupleType>(t)->elements) + ">";
    case TypeKind::List:
      return "list<" + typeToString(cast<ListType>(t)->element) + ">";
    case TypeKind::Stack: {
      auto* s = cast<StackType>(t);
      return fmt::format("{}[{}]", typeToString(s->element), s->size);
    }
    case TypeKind::NewType:
      return cast<NewTypeType>(t)->decl->name;
    case TypeKind::TypeVar: {
      auto* v = cast<TypeVarType>(t);
      return v->decl ? v->decl->name : fmt::format("_{}", v->id);
    }
    case TypeKind::Extern: {
      auto* e = cast<ExternType>(t);
      return withArgs(e->decl->name, e->typeArgs);
    }
    case TypeKind::Parser:
    case TypeKind::Control:
    case TypeKind::Package: {
      auto* b = cast<BlockType>(t);
      return withArgs(b->decl->name, b->typeArgs);
    }
    case TypeKind::Callable: {
      auto* c = cast<CallableType>(t);
      std::string out;
      switch (c->flavor) {
        case CallableType::Flavor::Action:
          out = "action ";
          break;
        case CallableType::Flavor::Constructor:
          out = "constructor ";
          break;
        default:
          out = typeToString(c->returnType) + " ";
          break;
      }
      out += c->decl ? c->decl->name : "";
      out += "(";
      for (size_t i = 0; i < c->params.size(); ++i) {
        if (i) out += ", ";
        out += directionPrefix(c->params[i].direction) + typeToString(c->params[i].type);
      }
      return out + ")";
    }
    case TypeKind::Table:
      return "table " + cast<TableType>(t)->decl->name;
    case TypeKind::ApplyResult:
      return "apply result of table " + cast<TableType>(t)->decl->name;
    case TypeKind::ActionEnum:
      return "action_list(" + cast<TableType>(t)->decl->name + ")";
    case TypeKind::Set:
      return "set<" + typeToString(cast<SetType>(t)->element) + ">";
    case TypeKind::State:
      return "state";
    case TypeKind::TypeOf:
      return "type " + typeToString(cast<TypeOfType>(t)->named);
  }
  return "<?>";
}

bool isNumeric(const Type* t) {
  return t && (t->kind == TypeKind::InfInt || t->kind == TypeKind::Bits);
}
bool isBits(const Type* t) { return t && t->kind == TypeKind::Bits; }
bool isUnsignedBits(const Type* t) { return isBits(t) && !cast<BitsType>(t)->isSigned; }

bool containsTypeVar(const Type* t, int depth) {
  if (!t || depth > kMaxTypeDepth) return false;
  auto any = [&](const std::vector<const Type*>& ts) {
    for (auto* e : ts)
      if (containsTypeVar(e, depth + 1)) return true;
    return false;
  };
  switch (t->kind) {
    case TypeKind::TypeVar:
      return true;
    case TypeKind::Tuple:
      return any(cast<TupleType>(t)->elements);
    case TypeKind::List:
      return containsTypeVar(cast<ListType>(t)->element, depth + 1);
    case TypeKind::Stack:
      return containsTypeVar(cast<StackType>(t)->element, depth + 1);
    case TypeKind::Set:
      return containsTypeVar(cast<SetType>(t)->element, depth + 1);
    case TypeKind::Struct:
    case TypeKind::Header:
    case TypeKind::HeaderUnion: {
      auto* s = cast<StructType>(t);
      if (s->decl) return any(s->typeArgs);
      for (auto& f : s->fields)
        if (containsTypeVar(f.type, depth + 1)) return true;
      return false;
    }
    case TypeKind::Extern:
      return any(cast<ExternType>(t)->typeArgs);
    case TypeKind::Parser:
    case TypeKind::Control:
    case TypeKind::Package: {
      auto* b = cast<BlockType>(t);
      return b->typeArgs.empty() ? !b->typeParams.empty() : any(b->typeArgs);
    }
    default:
      return false;
  }
}

const Type* underlyingType(const Type* t) {
  for (int i = 0; i < kMaxTypeDepth && t && t->kind == TypeKind::NewType; ++i)
    t = cast<NewTypeType>(t)->underlying;
  return t;
}

namespace {

// Saturating addition keeps absurd layouts (huge stacks of huge headers) from overflowing.
int64_t addWidth(int64_t a, int64_t b) {
  constexpr int64_t kCap = int64_t{1} << 40;
  int64_t s = a + b;
  return s > kCap ? kCap : s;
}

std::optional<int64_t> width(const Type* t, bool minimal, int depth) {
  if (!t || depth > kMaxTypeDepth) return std::nullopt;
  switch (t->kind) {
    case TypeKind::Bool:
      return 1;
    case TypeKind::Bits:
      return cast<BitsType>(t)->width;
    case TypeKind::Varbit:
      return minimal ? 0 : cast<VarbitType>(t)->maxWidth;
    case TypeKind::Enum: {
      auto* e = cast<EnumType>(t);
      if (!e->underlying) return std::nullopt;
      return e->underlying->width;
    }
    case TypeKind::NewType:
      return width(cast<NewTypeType>(t)->underlying, minimal, depth + 1);
    case TypeKind::Struct:
    case TypeKind::Header: {
      int64_t sum = 0;
      for (auto& f : cast<StructType>(t)->fields) {
        auto w = width(f.type, minimal, depth + 1);
        if (!w) return std::nullopt;
        sum = addWidth(sum, *w);
      }
      return sum;
    }
    case TypeKind::HeaderUnion: {
      // A union is as wide as its widest member (its smallest one, for the minimum).
      std::optional<int64_t> best;
      for (auto& f : cast<StructType>(t)->fields) {
        auto w = width(f.type, minimal, depth + 1);
        if (!w) return std::nullopt;
        if (!best || (minimal ? *w < *best : *w > *best)) best = w;
      }
      return best.value_or(0);
    }
    case TypeKind::Stack: {
      auto* s = cast<StackType>(t);
      auto w = width(s->element, minimal, depth + 1);
      if (!w) return std::nullopt;
      constexpr int64_t kCap = int64_t{1} << 40;
      if (*w > 0 && s->size > kCap / *w) return kCap;
      return *w * s->size;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<int64_t> bitWidth(const Type* t, int depth) { return width(t, false, depth); }
std::optional<int64_t> minBitWidth(const Type* t, int depth) { return width(t, true, depth); }

std::vector<int64_t> headerFieldOffsets(const StructType* header) {
  std::vector<int64_t> offsets;
  int64_t at = 0;
  for (auto& f : header->fields) {
    offsets.push_back(at);
    at = addWidth(at, minBitWidth(f.type).value_or(0));
  }
  return offsets;
}

}  // namespace p4nfc
