#include "frontend/ast.h"

#include <iterator>

namespace p4nfc {

const char* nodeKindName(NodeKind k) {
  // In the order of NodeKind; the assertion catches a kind added to one and not the other.
  static const char* const kNames[] = {
      "BaseTypeRef",     "NamedTypeRef",      "StackTypeRef",
      "TupleTypeRef",    "ListTypeRef",       "IntLit",
      "BoolLit",         "StringLit",         "PathExpr",
      "TypeNameExpr",    "MemberExpr",        "IndexExpr",
      "SliceExpr",       "CallExpr",          "UnaryExpr",
      "BinaryExpr",      "TernaryExpr",       "CastExpr",
      "ListExpr",        "StructExpr",        "InvalidHeaderExpr",
      "DefaultExpr",     "DontCareExpr",      "DefaultValueExpr",  "SelectExpr",
      "AssignStmt",      "CallStmt",          "IfStmt",
      "SwitchStmt",      "BlockStmt",         "ExitStmt",
      "ReturnStmt",      "EmptyStmt",         "ForStmt",
      "ForInStmt",       "BreakStmt",         "ContinueStmt",      "DeclStmt",
      "ConstDecl",       "VarDecl",           "TypedefDecl",
      "EnumDecl",        "ErrorDecl",         "MatchKindDecl",
      "StructLikeDecl",  "ExternDecl",        "ExternFunctionDecl",
      "MethodDecl",      "ParserTypeDecl",    "ParserDecl",
      "ParserState",     "ControlTypeDecl",   "ControlDecl",
      "PackageTypeDecl", "InstantiationDecl", "ActionDecl",
      "FunctionDecl",    "TableDecl",         "ValueSetDecl",
      "Parameter",       "TypeParamDecl",     "EnumMember",
      "Field",           "Program",
  };
  static_assert(std::size(kNames) == static_cast<size_t>(NodeKind::Program) + 1);
  auto i = static_cast<size_t>(k);
  return i < std::size(kNames) ? kNames[i] : "?";
}

const char* unaryOpSpelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::Not:
      return "!";
    case UnaryOp::Complement:
      return "~";
    case UnaryOp::Negate:
      return "-";
    case UnaryOp::Plus:
      return "+";
  }
  return "?";
}

const char* binaryOpSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Mod:
      return "%";
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::AddSat:
      return "|+|";
    case BinaryOp::SubSat:
      return "|-|";
    case BinaryOp::Shl:
      return "<<";
    case BinaryOp::Shr:
      return ">>";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Ge:
      return ">=";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ne:
      return "!=";
    case BinaryOp::Eq:
      return "==";
    case BinaryOp::BitAnd:
      return "&";
    case BinaryOp::BitXor:
      return "^";
    case BinaryOp::BitOr:
      return "|";
    case BinaryOp::Concat:
      return "++";
    case BinaryOp::LogicalAnd:
      return "&&";
    case BinaryOp::LogicalOr:
      return "||";
    case BinaryOp::Mask:
      return "&&&";
    case BinaryOp::Range:
      return "..";
  }
  return "?";
}

const char* directionSpelling(Direction d) {
  switch (d) {
    case Direction::None:
      return "";
    case Direction::In:
      return "in";
    case Direction::Out:
      return "out";
    case Direction::InOut:
      return "inout";
  }
  return "";
}

const char* baseTypeSpelling(BaseTypeRef::Base b, SignedIntSpelling signedInt) {
  using Base = BaseTypeRef::Base;
  switch (b) {
    case Base::Bool: return "bool";
    case Base::Error: return "error";
    case Base::MatchKind: return "match_kind";
    case Base::String: return "string";
    case Base::Int: return "int";
    case Base::Bit: return "bit";
    case Base::SignedInt: return signedInt == SignedIntSpelling::Signed ? "signed" : "int";
    case Base::Varbit: return "varbit";
    case Base::Void: return "void";
    case Base::DontCare: return "_";
  }
  return "?";
}

const char* structFlavorSpelling(StructLikeDecl::Flavor f) {
  switch (f) {
    case StructLikeDecl::Flavor::Header: return "header";
    case StructLikeDecl::Flavor::HeaderUnion: return "header_union";
    case StructLikeDecl::Flavor::Struct: return "struct";
  }
  return "struct";
}

}  // namespace p4nfc
