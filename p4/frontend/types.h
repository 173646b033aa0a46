// Semantic types of P4-16.
//
// A Type is what sema computes from a TypeRef (the syntax) or an expression. Types are
// created and owned by one TypeContext and interned wherever that is possible, so two
// types are the same exactly when their pointers are equal (bit<8> == bit<8>, the header
// type of one declaration, Register<bit<32>, bit<32>> ...). The exception is
// CallableType (the type of an action, function or method), which is compared by shape
// when that is ever needed.
//
// typedef is transparent: `typedef bit<32> ip_t;` resolves to bit<32> itself. `type`
// declares a new nominal type (NewType) that converts to and from its underlying type
// only through an explicit cast.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "frontend/ast.h"

namespace p4nfc {

enum class TypeKind : uint8_t {
  Unknown,  // the type of something whose checking failed; silences follow-up errors
  Bool,
  String,
  Error,      // the one `error` type
  MatchKind,  // the one `match_kind` type
  InfInt,     // `int`: arbitrary precision, compile-time only
  Bits,       // bit<W> and int<W>
  Varbit,
  Void,
  DontCare,  // `_` as a value
  Enum,      // enum and serializable enum (EnumType::underlying set)
  Struct,
  Header,
  HeaderUnion,
  Tuple,
  List,     // list<T>
  Stack,    // T[N]
  NewType,  // `type T N;`
  TypeVar,  // a type parameter, or an inference variable (`_` as a type argument)
  Extern,
  Parser,
  Control,
  Package,
  Callable,  // action, function, extern function, method, constructor
  Table,
  ApplyResult,  // what `t.apply()` returns: .hit, .miss, .action_run
  ActionEnum,   // the type of `t.apply().action_run`
  Set,          // keysets: masks, ranges, value sets
  State,        // a parser state, as the target of a transition
  TypeOf,       // a type named where an expression was expected (`E` in `E.A`)
};

struct Type {
  const TypeKind kind;
  explicit Type(TypeKind k) : kind(k) {}
  virtual ~Type() = default;
  Type(const Type&) = delete;
  Type& operator=(const Type&) = delete;

  bool is(TypeKind k) const { return kind == k; }
  bool isUnknown() const { return kind == TypeKind::Unknown; }
  bool isStructLike() const {
    return kind == TypeKind::Struct || kind == TypeKind::Header || kind == TypeKind::HeaderUnion;
  }
};

// Checked downcasts, in the style of ast.h.
template <class T>
bool isa(const Type* t) {
  return t && T::classof(t);
}
template <class T>
const T* cast(const Type* t) {
  assert(isa<T>(t));
  return static_cast<const T*>(t);
}
template <class T>
const T* dyn_cast(const Type* t) {
  return isa<T>(t) ? static_cast<const T*>(t) : nullptr;
}

#define P4NFC_TYPE(Kind) \
  static bool classof(const Type* t) { return t->kind == TypeKind::Kind; }

struct BitsType : Type {
  P4NFC_TYPE(Bits)
  int width;
  bool isSigned;
  BitsType(int w, bool s) : Type(TypeKind::Bits), width(w), isSigned(s) {}
};

struct VarbitType : Type {
  P4NFC_TYPE(Varbit)
  int maxWidth;
  explicit VarbitType(int w) : Type(TypeKind::Varbit), maxWidth(w) {}
};

struct EnumType : Type {
  P4NFC_TYPE(Enum)
  const EnumDecl* decl;
  const BitsType* underlying = nullptr;  // set for serializable enums
  explicit EnumType(const EnumDecl* d) : Type(TypeKind::Enum), decl(d) {}
  bool isSerializable() const { return underlying != nullptr; }
};

struct TypeVarType : Type {
  P4NFC_TYPE(TypeVar)
  const TypeParamDecl* decl;  // null for an inference variable
  int id;                     // unique, for printing inference variables
  TypeVarType(const TypeParamDecl* d, int i) : Type(TypeKind::TypeVar), decl(d), id(i) {}
};

// header, header_union, struct. `decl` is null for the type of a struct expression
// `{a = 1, b = x}` written without a target type.
struct StructType : Type {
  static bool classof(const Type* t) { return t->isStructLike(); }
  struct FieldInfo {
    std::string name;
    const Type* type;
    const Field* decl;  // null for anonymous structs
  };
  const StructLikeDecl* decl;
  std::vector<const Type*> typeArgs;  // for specializations of generic structs
  std::vector<FieldInfo> fields;
  StructType(TypeKind k, const StructLikeDecl* d) : Type(k), decl(d) {}

  const FieldInfo* field(std::string_view name) const;
  int fieldIndex(std::string_view name) const;  // -1 if absent
};

struct TupleType : Type {
  P4NFC_TYPE(Tuple)
  std::vector<const Type*> elements;
  explicit TupleType(std::vector<const Type*> e) : Type(TypeKind::Tuple), elements(std::move(e)) {}
};

struct ListType : Type {
  P4NFC_TYPE(List)
  const Type* element;
  explicit ListType(const Type* e) : Type(TypeKind::List), element(e) {}
};

struct StackType : Type {
  P4NFC_TYPE(Stack)
  const Type* element;
  int64_t size;
  StackType(const Type* e, int64_t n) : Type(TypeKind::Stack), element(e), size(n) {}
};

struct NewTypeType : Type {
  P4NFC_TYPE(NewType)
  const TypedefDecl* decl;
  const Type* underlying;
  NewTypeType(const TypedefDecl* d, const Type* u)
      : Type(TypeKind::NewType), decl(d), underlying(u) {}
};

// A parameter of a callable, parser, control or package.
struct ParamInfo {
  std::string name;
  Direction direction = Direction::None;
  const Type* type = nullptr;
  bool optional = false;  // has a default value or @optional: may be omitted
  const Parameter* decl = nullptr;
};

struct ExternType : Type {
  P4NFC_TYPE(Extern)
  const ExternDecl* decl;
  std::vector<const Type*> typeArgs;  // empty: not specialized
  ExternType(const ExternDecl* d, std::vector<const Type*> a)
      : Type(TypeKind::Extern), decl(d), typeArgs(std::move(a)) {}
};

// Parser, Control or Package: a parser/control type declaration, a parser/control
// declaration (whose apply parameters form its type) or a package.
struct BlockType : Type {
  static bool classof(const Type* t) {
    return t->kind == TypeKind::Parser || t->kind == TypeKind::Control ||
           t->kind == TypeKind::Package;
  }
  const Decl* decl;                            // ParserTypeDecl, ParserDecl, ControlTypeDecl, ...
  std::vector<const TypeVarType*> typeParams;  // of the generic version
  std::vector<const Type*> typeArgs;           // empty: not specialized
  std::vector<ParamInfo> params;               // apply parameters (package: constructor params)
  std::vector<ParamInfo> ctorParams;           // parser/control declarations only
  BlockType(TypeKind k, const Decl* d) : Type(k), decl(d) {}
};

struct CallableType : Type {
  P4NFC_TYPE(Callable)
  enum class Flavor { Action, Function, ExternFunction, Method, Constructor };
  Flavor flavor;
  const Decl* decl;  // ActionDecl, FunctionDecl, ExternFunctionDecl, MethodDecl
  std::vector<const TypeVarType*> typeParams;
  std::vector<ParamInfo> params;
  const Type* returnType = nullptr;
  CallableType(Flavor f, const Decl* d) : Type(TypeKind::Callable), flavor(f), decl(d) {}
};

struct TableType : Type {
  static bool classof(const Type* t) {
    return t->kind == TypeKind::Table || t->kind == TypeKind::ApplyResult ||
           t->kind == TypeKind::ActionEnum;
  }
  const TableDecl* decl;
  TableType(TypeKind k, const TableDecl* d) : Type(k), decl(d) {}
};

struct SetType : Type {
  P4NFC_TYPE(Set)
  const Type* element;
  explicit SetType(const Type* e) : Type(TypeKind::Set), element(e) {}
};

struct TypeOfType : Type {
  P4NFC_TYPE(TypeOf)
  const Type* named;
  explicit TypeOfType(const Type* n) : Type(TypeKind::TypeOf), named(n) {}
};

#undef P4NFC_TYPE

// Maps type variables to what they stand for.
using TypeSubst = std::map<const TypeVarType*, const Type*>;

// Creates, owns and interns all types of one compilation.
class TypeContext {
 public:
  TypeContext();
  ~TypeContext();
  TypeContext(const TypeContext&) = delete;
  TypeContext& operator=(const TypeContext&) = delete;

  const Type* unknown() const { return unknown_; }
  const Type* boolType() const { return bool_; }
  const Type* stringType() const { return string_; }
  const Type* errorType() const { return error_; }
  const Type* matchKindType() const { return matchKind_; }
  const Type* infInt() const { return infInt_; }
  const Type* voidType() const { return void_; }
  const Type* dontCare() const { return dontCare_; }
  const Type* stateType() const { return state_; }

  const BitsType* bits(int width, bool isSigned = false);
  const VarbitType* varbit(int maxWidth);
  const TupleType* tuple(std::vector<const Type*> elements);
  const ListType* list(const Type* element);
  const StackType* stack(const Type* element, int64_t size);
  const SetType* set(const Type* element);
  const TypeOfType* typeOf(const Type* named);
  const TableType* table(TypeKind kind, const TableDecl* decl);

  // The type variable of a type parameter declaration (one per declaration).
  const TypeVarType* typeVar(const TypeParamDecl* decl);
  // A fresh variable to be inferred (`_` as a type argument, omitted type arguments).
  const TypeVarType* freshTypeVar();

  // Nominal types: one per declaration (and list of type arguments). The first call
  // creates the type and sets `created`; the caller then fills in the members.
  EnumType* enumType(const EnumDecl* decl, bool* created);
  NewTypeType* newType(const TypedefDecl* decl, const Type* underlying);
  StructType* structType(const StructLikeDecl* decl, const std::vector<const Type*>& args,
                         bool* created);
  StructType* anonymousStruct(TypeKind kind);
  ExternType* externType(const ExternDecl* decl, const std::vector<const Type*>& args,
                         bool* created);
  BlockType* blockType(TypeKind kind, const Decl* decl, const std::vector<const Type*>& args,
                       bool* created);
  CallableType* callable(CallableType::Flavor flavor, const Decl* decl);

  // Replaces the type variables of `t` as `subst` says (recursively through tuples,
  // stacks, specializations ...). Specialized structs and blocks are built from their
  // generic versions, which must have been created before.
  const Type* substitute(const Type* t, const TypeSubst& subst, int depth = 0);
  const CallableType* substitute(const CallableType* t, const TypeSubst& subst);

  // Specializes a generic struct / block with type arguments.
  const StructType* specialize(const StructType* generic, const std::vector<const Type*>& args,
                               int depth = 0);
  const BlockType* specialize(const BlockType* generic, const std::vector<const Type*>& args,
                              int depth = 0);

 private:
  template <class T, class... Args>
  T* make(Args&&... args) {
    auto owned = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = owned.get();
    owned_.push_back(std::move(owned));
    return raw;
  }

  std::vector<std::unique_ptr<Type>> owned_;
  const Type *unknown_, *bool_, *string_, *error_, *matchKind_, *infInt_, *void_, *dontCare_,
      *state_;
  int nextVarId_ = 0;
  std::map<std::pair<int, bool>, const BitsType*> bits_;
  std::map<int, const VarbitType*> varbits_;
  std::map<std::vector<const Type*>, const TupleType*> tuples_;
  std::map<const Type*, const ListType*> lists_;
  std::map<std::pair<const Type*, int64_t>, const StackType*> stacks_;
  std::map<const Type*, const SetType*> sets_;
  std::map<const Type*, const TypeOfType*> typeOfs_;
  std::map<std::pair<int, const TableDecl*>, const TableType*> tables_;
  std::map<const TypeParamDecl*, const TypeVarType*> typeVars_;
  std::map<const EnumDecl*, EnumType*> enums_;
  std::map<const TypedefDecl*, NewTypeType*> newTypes_;
  std::map<std::pair<const void*, std::vector<const Type*>>, Type*> nominal_;
};

// ---------------------------------------------------------------------------------------
// Queries used by sema and the mid end

// "bit<8>", "int", "ethernet_t", "Register<bit<32>, bit<32>>", "tuple<bit<8>, bool>" ...
std::string typeToString(const Type* t);

// True for the numeric types: int, bit<W>, int<W>.
bool isNumeric(const Type* t);
bool isBits(const Type* t);          // bit<W> or int<W>
bool isUnsignedBits(const Type* t);  // bit<W>
bool containsTypeVar(const Type* t, int depth = 0);

// The width in bits of a type with a fixed layout (bool, bit<W>, int<W>, serializable
// enum, header, struct of such, stack, new type of such); nullopt otherwise. Varbit
// fields count with their maximum width (so this is maxSizeInBits for headers).
std::optional<int64_t> bitWidth(const Type* t, int depth = 0);
// Like bitWidth but counts varbit fields as empty (minSizeInBits).
std::optional<int64_t> minBitWidth(const Type* t, int depth = 0);

// Bit offset of each field of a header from its start (in declaration order; fields
// after a varbit have the offset they have when the varbit is empty).
std::vector<int64_t> headerFieldOffsets(const StructType* header);

// Strips NewType wrappers: the representation type.
const Type* underlyingType(const Type* t);

// Limits that keep constant evaluation and layout computations bounded.
constexpr int kMaxBitWidth = 1 << 16;
constexpr int64_t kMaxStackSize = 1 << 16;
constexpr int kMaxTypeDepth = 64;

}  // namespace p4nfc
