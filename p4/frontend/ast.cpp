#include "frontend/ast.h"

namespace p4nfc {

const char* nodeKindName(NodeKind k) {
  switch (k) {
    case NodeKind::BaseTypeRef: return "BaseTypeRef";
    case NodeKind::NamedTypeRef: return "NamedTypeRef";
    case NodeKind::StackTypeRef: return "StackTypeRef";
    case NodeKind::TupleTypeRef: return "TupleTypeRef";
    case NodeKind::ListTypeRef: return "ListTypeRef";
    case NodeKind::IntLit: return "IntLit";
    case NodeKind::BoolLit: return "BoolLit";
    case NodeKind::StringLit: return "StringLit";
    case NodeKind::PathExpr: return "PathExpr";
    case NodeKind::TypeNameExpr: return "TypeNameExpr";
    case NodeKind::MemberExpr: return "MemberExpr";
    case NodeKind::IndexExpr: return "IndexExpr";
    case NodeKind::SliceExpr: return "SliceExpr";
    case NodeKind::CallExpr: return "CallExpr";
    case NodeKind::UnaryExpr: return "UnaryExpr";
    case NodeKind::BinaryExpr: return "BinaryExpr";
    case NodeKind::TernaryExpr: return "TernaryExpr";
    case NodeKind::CastExpr: return "CastExpr";
    case NodeKind::ListExpr: return "ListExpr";
    case NodeKind::StructExpr: return "StructExpr";
    case NodeKind::InvalidHeaderExpr: return "InvalidHeaderExpr";
    case NodeKind::DefaultExpr: return "DefaultExpr";
    case NodeKind::DontCareExpr: return "DontCareExpr";
    case NodeKind::SelectExpr: return "SelectExpr";
    case NodeKind::AssignStmt: return "AssignStmt";
    case NodeKind::CallStmt: return "CallStmt";
    case NodeKind::IfStmt: return "IfStmt";
    case NodeKind::SwitchStmt: return "SwitchStmt";
    case NodeKind::BlockStmt: return "BlockStmt";
    case NodeKind::ExitStmt: return "ExitStmt";
    case NodeKind::ReturnStmt: return "ReturnStmt";
    case NodeKind::EmptyStmt: return "EmptyStmt";
    case NodeKind::DeclStmt: return "DeclStmt";
    case NodeKind::ConstDecl: return "ConstDecl";
    case NodeKind::VarDecl: return "VarDecl";
    case NodeKind::TypedefDecl: return "TypedefDecl";
    case NodeKind::EnumDecl: return "EnumDecl";
    case NodeKind::ErrorDecl: return "ErrorDecl";
    case NodeKind::MatchKindDecl: return "MatchKindDecl";
    case NodeKind::StructLikeDecl: return "StructLikeDecl";
    case NodeKind::ExternDecl: return "ExternDecl";
    case NodeKind::ExternFunctionDecl: return "ExternFunctionDecl";
    case NodeKind::MethodDecl: return "MethodDecl";
    case NodeKind::ParserTypeDecl: return "ParserTypeDecl";
    case NodeKind::ParserDecl: return "ParserDecl";
    case NodeKind::ParserState: return "ParserState";
    case NodeKind::ControlTypeDecl: return "ControlTypeDecl";
    case NodeKind::ControlDecl: return "ControlDecl";
    case NodeKind::PackageTypeDecl: return "PackageTypeDecl";
    case NodeKind::InstantiationDecl: return "InstantiationDecl";
    case NodeKind::ActionDecl: return "ActionDecl";
    case NodeKind::FunctionDecl: return "FunctionDecl";
    case NodeKind::TableDecl: return "TableDecl";
    case NodeKind::ValueSetDecl: return "ValueSetDecl";
    case NodeKind::Parameter: return "Parameter";
    case NodeKind::TypeParamDecl: return "TypeParamDecl";
    case NodeKind::EnumMember: return "EnumMember";
    case NodeKind::Field: return "Field";
    case NodeKind::Program: return "Program";
  }
  return "?";
}

const char* unaryOpSpelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::Not: return "!";
    case UnaryOp::Complement: return "~";
    case UnaryOp::Negate: return "-";
    case UnaryOp::Plus: return "+";
  }
  return "?";
}

const char* binaryOpSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::AddSat: return "|+|";
    case BinaryOp::SubSat: return "|-|";
    case BinaryOp::Shl: return "<<";
    case BinaryOp::Shr: return ">>";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Eq: return "==";
    case BinaryOp::BitAnd: return "&";
    case BinaryOp::BitXor: return "^";
    case BinaryOp::BitOr: return "|";
    case BinaryOp::Concat: return "++";
    case BinaryOp::LogicalAnd: return "&&";
    case BinaryOp::LogicalOr: return "||";
    case BinaryOp::Mask: return "&&&";
    case BinaryOp::Range: return "..";
  }
  return "?";
}

const char* directionSpelling(Direction d) {
  switch (d) {
    case Direction::None: return "";
    case Direction::In: return "in";
    case Direction::Out: return "out";
    case Direction::InOut: return "inout";
  }
  return "";
}

}  // namespace p4nfc
