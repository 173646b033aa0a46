// Expressions: values at their declared width, with P4's wrap-around, saturation, shifts
// that yield 0 past the width, slices, concatenation, casts and short-circuit logic.
#include <llvm/IR/Constants.h>
#include <llvm/IR/Intrinsics.h>

#include "codegen/generator.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {

LValuePtr Generator::genLValue(const Expr* e) {
  if (auto* path = dyn_cast<PathExpr>(e)) {
    auto it = env_.find(path->decl);
    if (it == env_.end() || !it->second)
      unsupported(e->loc, "using '" + path->path.name + "' here");
    return it->second;
  }
  if (auto* member = dyn_cast<MemberExpr>(e)) {
    LValuePtr base = genLValue(member->base.get());
    if (base->kind == LValue::Kind::Unsupported) unsupported(e->loc, base->what);
    if (base->kind == LValue::Kind::Stack || base->kind == LValue::Kind::StackElement)
      if (LValuePtr element = genStackLValue(e, base, member->member)) return element;  // gen_stack.cpp
    if (base->kind == LValue::Kind::Struct) {
      if (LValuePtr m = base->member(member->member)) return m;
    } else if (base->kind == LValue::Kind::Header) {
      HeaderSlot& h = *base->header;
      int index = h.type->fieldIndex(member->member);
      if (index >= 0) {
        if (!h.inPacket) return h.fields[index];
        auto lv = std::make_shared<LValue>();
        lv->kind = LValue::Kind::PacketField;
        lv->type = h.type->fields[index].type;
        lv->header = base->header;
        lv->field = index;
        return lv;
      }
    }
    unsupported(e->loc, "the member access '" + printExpr(*e) + "'");
  }
  if (auto* slice = dyn_cast<SliceExpr>(e)) {
    auto hi = sema_.constantValue(slice->hi.get());
    auto lo = sema_.constantValue(slice->lo.get());
    if (!hi || !lo) unsupported(e->loc, "slices with bounds that are not constants");
    auto lv = std::make_shared<LValue>();
    lv->kind = LValue::Kind::Slice;
    lv->type = e->type;
    lv->base = genLValue(slice->base.get());
    lv->hi = static_cast<int>(hi->get_si());
    lv->lo = static_cast<int>(lo->get_si());
    return lv;
  }
  if (auto* call = dyn_cast<CallExpr>(e))
    if (LValuePtr peeked = genLookaheadHeader(call)) return peeked;  // gen_parser.cpp
  if (auto* index = dyn_cast<IndexExpr>(e)) return genStackIndex(index);  // gen_stack.cpp
  unsupported(e->loc, "'" + printExpr(*e) + "' as a storage location");
}

llvm::Value* Generator::genValue(const Expr* e, const Type* target) {
  llvm::Type* type = lowerType(target, e->loc);
  if (auto v = sema_.constantValue(e)) return constant(*v, type);
  if (valueType(e->type) && valueType(e->type)->is(TypeKind::InfInt))
    unsupported(e->loc, "an integer expression of unknown width ('" + printExpr(*e) + "')");
  return convert(genExpr(e), type, isSigned(e->type));
}

llvm::Value* Generator::genCondition(const Expr* e) { return genValue(e, sema_.types().boolType()); }

llvm::Value* Generator::genExpr(const Expr* e) {
  setLocation(e->loc);
  const Type* vt = valueType(e->type);
  if (vt && (vt->is(TypeKind::Bits) || vt->is(TypeKind::Bool)))
    if (auto v = sema_.constantValue(e)) return constant(*v, lowerType(vt, e->loc));
  switch (e->kind) {
    case NodeKind::BoolLit:
      return b_->getInt1(cast<BoolLit>(e)->value);
    case NodeKind::PathExpr: {
      auto* path = cast<PathExpr>(e);
      if (auto* c = dyn_cast<ConstDecl>(path->decl)) {
        if (auto v = sema_.constantValue(c)) return constant(*v, lowerType(e->type, e->loc));
        unsupported(e->loc, "the constant '" + c->name + "' of this type");
      }
      return readLValue(genLValue(e), e->loc);
    }
    case NodeKind::MemberExpr:
      return genMember(cast<MemberExpr>(e));
    case NodeKind::SliceExpr: {
      auto* slice = cast<SliceExpr>(e);
      auto hi = sema_.constantValue(slice->hi.get());
      auto lo = sema_.constantValue(slice->lo.get());
      if (!hi || !lo) unsupported(e->loc, "slices with bounds that are not constants");
      llvm::Value* base = genExpr(slice->base.get());
      if (lo->get_si()) base = b_->CreateLShr(base, lo->get_si());
      return b_->CreateTrunc(base, b_->getIntNTy(hi->get_si() - lo->get_si() + 1));
    }
    case NodeKind::UnaryExpr: {
      auto* u = cast<UnaryExpr>(e);
      llvm::Value* v = genValue(u->operand.get(), e->type);
      switch (u->op) {
        case UnaryOp::Not: return b_->CreateNot(v);
        case UnaryOp::Complement: return b_->CreateNot(v);
        case UnaryOp::Negate: return b_->CreateNeg(v);
        case UnaryOp::Plus: return v;
      }
      break;
    }
    case NodeKind::BinaryExpr:
      return genBinary(cast<BinaryExpr>(e));
    case NodeKind::TernaryExpr: {
      auto* t = cast<TernaryExpr>(e);
      llvm::Type* type = lowerType(e->type, e->loc);
      llvm::Value* cond = genCondition(t->cond.get());
      llvm::BasicBlock* thenBlock = newBlock("cond.then");
      llvm::BasicBlock* elseBlock = newBlock("cond.else");
      llvm::BasicBlock* done = newBlock("cond.done");
      b_->CreateCondBr(cond, thenBlock, elseBlock);
      b_->SetInsertPoint(thenBlock);
      llvm::Value* a = genValue(t->thenExpr.get(), e->type);
      llvm::BasicBlock* aEnd = b_->GetInsertBlock();
      b_->CreateBr(done);
      b_->SetInsertPoint(elseBlock);
      llvm::Value* c = genValue(t->elseExpr.get(), e->type);
      llvm::BasicBlock* cEnd = b_->GetInsertBlock();
      b_->CreateBr(done);
      b_->SetInsertPoint(done);
      auto* phi = b_->CreatePHI(type, 2);
      phi->addIncoming(a, aEnd);
      phi->addIncoming(c, cEnd);
      return phi;
    }
    case NodeKind::CastExpr:
      return genCast(cast<CastExpr>(e));
    case NodeKind::CallExpr: {
      llvm::Value* v = genCall(cast<CallExpr>(e));
      if (!v) unsupported(e->loc, "a call without a value used as a value");
      return v;
    }
    case NodeKind::DefaultValueExpr:
      // The default of a scalar is all zero bits: 0, false, the first member of an enum,
      // error.NoError (code 0).
      if (vt && (vt->is(TypeKind::Enum) || vt->is(TypeKind::Error)))
        return llvm::Constant::getNullValue(lowerType(vt, e->loc));
      break;
    default:
      break;
  }
  unsupported(e->loc, std::string("the expression '") + printExpr(*e) + "'");
}

llvm::Value* Generator::genMember(const MemberExpr* e) {
  const Type* baseType = e->base->type;
  if (baseType && baseType->is(TypeKind::ApplyResult)) {
    auto* call = dyn_cast<CallExpr>(e->base.get());
    const CallTarget* target = call ? sema_.callTarget(call) : nullptr;
    if (!target || target->kind != CallTarget::Kind::TableApply)
      unsupported(e->loc, "this use of an apply result");
    ApplyResult r = genTableApply(cast<TableDecl>(target->decl), e->loc);
    if (e->member == "hit") return r.hit;
    if (e->member == "miss") return b_->CreateNot(r.hit);
    unsupported(e->loc, "'." + e->member + "' outside a switch statement");
  }
  const Type* type = underlyingType(e->type);
  if (type && type->is(TypeKind::Error))
    if (const Decl* member = sema_.memberDecl(e); member && isa<EnumMember>(member))
      return b_->getInt32(errors_->code(member));
  if (auto* enumType = dyn_cast<EnumType>(type)) {
    if (const Decl* member = sema_.memberDecl(e); member && isa<EnumMember>(member)) {
      if (enumType->underlying) {
        if (auto v = sema_.constantValue(e)) return constant(*v, lowerType(type, e->loc));
        if (auto v = sema_.constantValue(member)) return constant(*v, lowerType(type, e->loc));
        unsupported(e->loc, "this enum member");
      }
      uint32_t index = 0;
      for (const auto& m : enumType->decl->members) {
        if (m.get() == member) return b_->getInt32(index);
        ++index;
      }
    }
  }
  if (baseType && underlyingType(baseType) && underlyingType(baseType)->is(TypeKind::Stack))
    return genStackMember(e);  // gen_stack.cpp
  return readLValue(genLValue(e), e->loc);
}

llvm::Value* Generator::genShift(const BinaryExpr* e, llvm::Value* l, llvm::Value* r, bool left,
                                 bool sign) {
  auto* type = llvm::cast<llvm::IntegerType>(l->getType());
  unsigned width = type->getBitWidth();
  if (auto amount = sema_.constantValue(e->rhs.get())) {
    if (*amount < 0) unsupported(e->loc, "negative shift amounts");
    if (*amount >= width) {
      if (!left && sign) return b_->CreateAShr(l, width - 1);
      return llvm::Constant::getNullValue(type);
    }
    uint64_t n = amount->get_ui();
    return left ? b_->CreateShl(l, n) : sign ? b_->CreateAShr(l, n) : b_->CreateLShr(l, n);
  }
  // A run-time amount: P4 defines shifts past the width (0, or the sign for >> on int),
  // LLVM does not, so clamp.
  unsigned rw = r->getType()->getIntegerBitWidth();
  unsigned cw = std::max(rw, width);
  llvm::Value* wideAmount = b_->CreateZExt(r, b_->getIntNTy(cw));
  llvm::Value* tooFar = b_->CreateICmpUGE(wideAmount, llvm::ConstantInt::get(b_->getIntNTy(cw), width));
  llvm::Value* amount = b_->CreateZExtOrTrunc(r, type);
  llvm::Value* safe = b_->CreateSelect(tooFar, llvm::Constant::getNullValue(type), amount);
  if (!left && sign) {
    safe = b_->CreateSelect(tooFar, llvm::ConstantInt::get(type, width - 1), amount);
    return b_->CreateAShr(l, safe);
  }
  llvm::Value* shifted = left ? b_->CreateShl(l, safe) : b_->CreateLShr(l, safe);
  return b_->CreateSelect(tooFar, llvm::Constant::getNullValue(type), shifted);
}

llvm::Value* Generator::genBinary(const BinaryExpr* e) {
  BinaryOp op = e->op;
  if (op == BinaryOp::LogicalAnd || op == BinaryOp::LogicalOr) {
    llvm::Value* l = genCondition(e->lhs.get());
    llvm::BasicBlock* from = b_->GetInsertBlock();
    llvm::BasicBlock* rhs = newBlock(op == BinaryOp::LogicalAnd ? "and.rhs" : "or.rhs");
    llvm::BasicBlock* done = newBlock("logic.done");
    if (op == BinaryOp::LogicalAnd) b_->CreateCondBr(l, rhs, done);
    else b_->CreateCondBr(l, done, rhs);
    b_->SetInsertPoint(rhs);
    llvm::Value* r = genCondition(e->rhs.get());
    llvm::BasicBlock* rEnd = b_->GetInsertBlock();
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    auto* phi = b_->CreatePHI(b_->getInt1Ty(), 2);
    phi->addIncoming(b_->getInt1(op == BinaryOp::LogicalOr), from);
    phi->addIncoming(r, rEnd);
    return phi;
  }
  if (op == BinaryOp::Mask || op == BinaryOp::Range)
    unsupported(e->loc, "'&&&' and '..' outside select and table entries");
  if (op == BinaryOp::Concat) {
    int lw = widthOf(e->lhs->type, e->loc), rw = widthOf(e->rhs->type, e->loc);
    auto* type = b_->getIntNTy(lw + rw);
    llvm::Value* hi = b_->CreateShl(b_->CreateZExt(genExpr(e->lhs.get()), type), rw);
    return b_->CreateOr(hi, b_->CreateZExt(genExpr(e->rhs.get()), type));
  }
  if (op == BinaryOp::Shl || op == BinaryOp::Shr) {
    llvm::Value* l = genValue(e->lhs.get(), e->type);
    llvm::Value* r = nullptr;
    if (!sema_.constantValue(e->rhs.get())) r = genExpr(e->rhs.get());
    return genShift(e, l, r, op == BinaryOp::Shl, isSigned(e->type));
  }
  // Operands share a type after sema, except that an int literal may stand on one side.
  const Type* operandType = e->lhs->type;
  if (!valueType(operandType) || valueType(operandType)->is(TypeKind::InfInt)) operandType = e->rhs->type;
  llvm::Value* l = genValue(e->lhs.get(), operandType);
  llvm::Value* r = genValue(e->rhs.get(), operandType);
  bool sign = isSigned(operandType);
  auto* type = l->getType();
  switch (op) {
    case BinaryOp::Add: return b_->CreateAdd(l, r);
    case BinaryOp::Sub: return b_->CreateSub(l, r);
    case BinaryOp::Mul:
      if (type->getIntegerBitWidth() > 64) unsupported(e->loc, "multiplication wider than 64 bits");
      return b_->CreateMul(l, r);
    case BinaryOp::Div:
    case BinaryOp::Mod: {
      if (type->getIntegerBitWidth() > 64) unsupported(e->loc, "division wider than 64 bits");
      if (sign) unsupported(e->loc, "division of signed values");
      // BPF defines x / 0 = 0 and x % 0 = x; LLVM calls it undefined, so guard.
      llvm::Value* zero = llvm::Constant::getNullValue(type);
      llvm::Value* isZero = b_->CreateICmpEQ(r, zero);
      llvm::Value* divisor = b_->CreateSelect(isZero, llvm::ConstantInt::get(type, 1), r);
      llvm::Value* q = op == BinaryOp::Div ? b_->CreateUDiv(l, divisor) : b_->CreateURem(l, divisor);
      return b_->CreateSelect(isZero, op == BinaryOp::Div ? zero : l, q);
    }
    case BinaryOp::AddSat:
      return b_->CreateBinaryIntrinsic(sign ? llvm::Intrinsic::sadd_sat : llvm::Intrinsic::uadd_sat, l, r);
    case BinaryOp::SubSat:
      return b_->CreateBinaryIntrinsic(sign ? llvm::Intrinsic::ssub_sat : llvm::Intrinsic::usub_sat, l, r);
    case BinaryOp::BitAnd: return b_->CreateAnd(l, r);
    case BinaryOp::BitOr: return b_->CreateOr(l, r);
    case BinaryOp::BitXor: return b_->CreateXor(l, r);
    case BinaryOp::Eq: return b_->CreateICmpEQ(l, r);
    case BinaryOp::Ne: return b_->CreateICmpNE(l, r);
    case BinaryOp::Lt: return sign ? b_->CreateICmpSLT(l, r) : b_->CreateICmpULT(l, r);
    case BinaryOp::Le: return sign ? b_->CreateICmpSLE(l, r) : b_->CreateICmpULE(l, r);
    case BinaryOp::Gt: return sign ? b_->CreateICmpSGT(l, r) : b_->CreateICmpUGT(l, r);
    case BinaryOp::Ge: return sign ? b_->CreateICmpSGE(l, r) : b_->CreateICmpUGE(l, r);
    default: break;
  }
  unsupported(e->loc, std::string("the operator '") + binaryOpSpelling(op) + "'");
}

llvm::Value* Generator::genCast(const CastExpr* e) {
  const Type* to = valueType(e->type);
  const Type* from = valueType(e->expr->type);
  llvm::Type* type = lowerType(to, e->loc);
  if (auto v = sema_.constantValue(e->expr.get())) {
    // Casting a constant: normalise through its value (bool -> 0/1).
    return constant(*v, type);
  }
  if (from && from->is(TypeKind::InfInt)) unsupported(e->loc, "casting an int of unknown value");
  llvm::Value* v = genExpr(e->expr.get());
  if (to->is(TypeKind::Bool)) return b_->CreateICmpNE(v, llvm::Constant::getNullValue(v->getType()));
  return convert(v, type, isSigned(from));
}

void Generator::flattenLValue(const LValuePtr& lv, SourceLoc loc,
                              std::vector<std::pair<llvm::Value*, int>>& out, int depth) {
  if (depth > kMaxTypeDepth) unsupported(loc, "types nested this deeply");
  switch (lv->kind) {
    case LValue::Kind::Struct:
      for (const auto& [name, member] : lv->members) flattenLValue(member, loc, out, depth + 1);
      return;
    case LValue::Kind::Header: {
      HeaderSlot& h = *lv->header;
      for (size_t i = 0; i < h.type->fields.size(); ++i) {
        LValuePtr field = h.inPacket ? nullptr : h.fields[i];
        if (!field) {
          field = std::make_shared<LValue>();
          field->kind = LValue::Kind::PacketField;
          field->type = h.type->fields[i].type;
          field->header = lv->header;
          field->field = static_cast<int>(i);
        }
        flattenLValue(field, loc, out, depth + 1);
      }
      return;
    }
    default: {
      llvm::Value* v = readLValue(lv, loc);
      out.emplace_back(v, static_cast<int>(v->getType()->getIntegerBitWidth()));
    }
  }
}

void Generator::flattenLeaves(const Expr* e, std::vector<std::pair<llvm::Value*, int>>& out, int depth) {
  if (depth > kMaxTypeDepth) unsupported(e->loc, "expressions nested this deeply");
  if (auto* list = dyn_cast<ListExpr>(e)) {
    for (const auto& element : list->elements) flattenLeaves(element.get(), out, depth + 1);
    return;
  }
  if (auto* st = dyn_cast<StructExpr>(e)) {
    for (const auto& field : st->fields) flattenLeaves(field.value.get(), out, depth + 1);
    return;
  }
  const Type* t = underlyingType(e->type);
  if (t && (t->isStructLike() || t->is(TypeKind::Tuple))) {
    flattenLValue(genLValue(e), e->loc, out, depth + 1);
    return;
  }
  llvm::Value* v = genExpr(e);
  out.emplace_back(v, static_cast<int>(v->getType()->getIntegerBitWidth()));
}

}  // namespace p4nfc::codegen
