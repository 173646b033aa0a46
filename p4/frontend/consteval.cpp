// Sema: compile-time constant evaluation.
//
// Values are GMP integers, so bit<128> and wider work like bit<8>. Each checked
// expression whose operands are constants gets its value recorded, normalised to its type:
// bit<W> in [0, 2^W), int<W> in [-2^(W-1), 2^(W-1)), bool as 0/1, serializable enums as
// their underlying value, `int` unbounded (but capped in size so that a chain of
// constants squaring each other cannot exhaust memory).
#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

namespace {

// Largest `int` constant we keep, in bits. Far beyond any real P4 program.
constexpr size_t kMaxConstantBits = 1 << 16;

const BitsType* representation(const Type* t) {
  t = underlyingType(t);
  if (auto* en = dyn_cast<EnumType>(t)) return en->underlying;
  return dyn_cast<BitsType>(t);
}

mpz_class pow2(unsigned long n) {
  mpz_class r;
  mpz_ui_pow_ui(r.get_mpz_t(), 2, n);
  return r;
}

mpz_class shiftLeft(const mpz_class& v, unsigned long n) {
  mpz_class r;
  mpz_mul_2exp(r.get_mpz_t(), v.get_mpz_t(), n);
  return r;
}

// Arithmetic (floor) shift right, which is two's complement for negative values.
mpz_class shiftRight(const mpz_class& v, unsigned long n) {
  mpz_class r;
  mpz_fdiv_q_2exp(r.get_mpz_t(), v.get_mpz_t(), n);
  return r;
}

}  // namespace

mpz_class Sema::normalize(const mpz_class& v, const Type* t) {
  const Type* u = underlyingType(t);
  if (u && u->kind == TypeKind::Bool) return v != 0 ? 1 : 0;
  const BitsType* b = representation(t);
  if (!b) return v;
  mpz_class r;
  mpz_fdiv_r_2exp(r.get_mpz_t(), v.get_mpz_t(), static_cast<unsigned long>(b->width));
  if (b->isSigned && b->width > 0 && r >= pow2(b->width - 1)) r -= pow2(b->width);
  return r;
}

bool Sema::fitsIn(const mpz_class& v, const Type* t) const {
  const BitsType* b = representation(t);
  if (!b) return true;
  if (b->width == 0) return v == 0;
  if (b->isSigned) {
    mpz_class half = pow2(b->width - 1);
    return v >= -half && v < half;
  }
  // Negative values that wrap around (`bit<8> x = -1`) are a common idiom, not a mistake.
  mpz_class full = pow2(b->width);
  return v >= -full && v < full;
}

std::optional<int64_t> Sema::smallConstant(const Expr* e) const {
  auto v = constantValue(e);
  if (!v || !v->fits_slong_p()) return std::nullopt;
  return v->get_si();
}

void Sema::foldConstant(Expr* e) {
  if (!e->type || e->type->isUnknown()) {
    constants_.erase(e);
    return;
  }
  if (constants_.count(e)) return;
  std::optional<mpz_class> v;
  switch (e->kind) {
    case NodeKind::UnaryExpr:
      v = foldUnary(cast<UnaryExpr>(e));
      break;
    case NodeKind::BinaryExpr:
      v = foldBinary(cast<BinaryExpr>(e));
      break;
    case NodeKind::CastExpr:
      v = foldCast(cast<CastExpr>(e));
      break;
    case NodeKind::TernaryExpr: {
      auto* t = cast<TernaryExpr>(e);
      if (auto c = constantValue(t->cond.get())) {
        Expr* chosen = *c != 0 ? t->thenExpr.get() : t->elseExpr.get();
        if (auto b = constantValue(chosen))
          v = normalize(*b, e->type);
        else if (isCompileTimeKnown(chosen))
          markKnown(e);
      }
      break;
    }
    case NodeKind::SliceExpr: {
      auto* s = cast<SliceExpr>(e);
      auto base = constantValue(s->base.get());
      auto lo = smallConstant(s->lo.get());
      auto* bits = dyn_cast<BitsType>(e->type);
      if (base && lo && bits && *lo >= 0)
        v = normalize(shiftRight(*base, static_cast<unsigned long>(*lo)), bits);
      break;
    }
    default:
      break;
  }
  if (!v) return;
  if (mpz_sizeinbase(v->get_mpz_t(), 2) > kMaxConstantBits) {
    diags_.error(e->loc, "constant value is too large (more than {} bits)", kMaxConstantBits);
    e->type = types_.unknown();
    return;
  }
  setConstant(e, *v);
}

std::optional<mpz_class> Sema::foldUnary(UnaryExpr* e) {
  auto v = constantValue(e->operand.get());
  if (!v) return std::nullopt;
  switch (e->op) {
    case UnaryOp::Not:
      return *v == 0 ? 1 : 0;
    case UnaryOp::Plus:
      return normalize(*v, e->type);
    case UnaryOp::Negate:
      return normalize(-*v, e->type);
    case UnaryOp::Complement:
      return normalize(-*v - 1, e->type);
  }
  return std::nullopt;
}

std::optional<mpz_class> Sema::foldBinary(BinaryExpr* e) {
  auto l = constantValue(e->lhs.get());
  auto r = constantValue(e->rhs.get());
  const Type* t = e->type;
  bool isInt = t->kind == TypeKind::InfInt;

  // Division by a constant zero is an error even when the dividend is not constant.
  if ((e->op == BinaryOp::Div || e->op == BinaryOp::Mod) && r && *r == 0) {
    diags_.error(e->loc, "division by zero");
    e->type = types_.unknown();
    return std::nullopt;
  }
  // && and || short-circuit: `false && x` is false whatever x is.
  if (e->op == BinaryOp::LogicalAnd && l && *l == 0) return 0;
  if (e->op == BinaryOp::LogicalOr && l && *l != 0) return 1;
  if (!l || !r) {
    // Equality of compile-time known non-integer values (enum members, errors) is known.
    if ((e->op == BinaryOp::Eq || e->op == BinaryOp::Ne) && isCompileTimeKnown(e->lhs.get()) &&
        isCompileTimeKnown(e->rhs.get()))
      markKnown(e);
    return std::nullopt;
  }
  switch (e->op) {
    case BinaryOp::Add:
      return normalize(*l + *r, t);
    case BinaryOp::Sub:
      return normalize(*l - *r, t);
    case BinaryOp::Mul: {
      if (isInt && mpz_sizeinbase(l->get_mpz_t(), 2) + mpz_sizeinbase(r->get_mpz_t(), 2) >
                       kMaxConstantBits + 2)
        return mpz_class(pow2(kMaxConstantBits + 1));  // reported as too large by the caller
      return normalize(*l * *r, t);
    }
    case BinaryOp::Div:
    case BinaryOp::Mod: {
      if (*l < 0 || *r < 0) {
        diags_.error(e->loc, "operator {} is only defined on positive values, not {} and {}",
                     binaryOpSpelling(e->op), l->get_str(), r->get_str());
        e->type = types_.unknown();
        return std::nullopt;
      }
      mpz_class q = e->op == BinaryOp::Div ? mpz_class(*l / *r) : mpz_class(*l % *r);
      return normalize(q, t);
    }
    case BinaryOp::AddSat:
    case BinaryOp::SubSat: {
      mpz_class sum = e->op == BinaryOp::AddSat ? mpz_class(*l + *r) : mpz_class(*l - *r);
      const BitsType* b = representation(t);
      if (!b) return std::nullopt;
      if (b->width == 0) return mpz_class(0);
      mpz_class lo = b->isSigned ? mpz_class(-pow2(b->width - 1)) : mpz_class(0);
      mpz_class hi =
          b->isSigned ? mpz_class(pow2(b->width - 1) - 1) : mpz_class(pow2(b->width) - 1);
      if (sum < lo) return lo;
      if (sum > hi) return hi;
      return sum;
    }
    case BinaryOp::Shl:
    case BinaryOp::Shr: {
      if (*r < 0) return std::nullopt;
      const BitsType* b = representation(t);
      // Anything shifted by at least its width is 0 (or all sign bits, shifting right).
      unsigned long limit = b ? static_cast<unsigned long>(b->width) : kMaxConstantBits + 1;
      unsigned long amount = r->fits_ulong_p() && *r < limit ? r->get_ui() : limit;
      if (e->op == BinaryOp::Shl) {
        if (!b && amount > kMaxConstantBits) return mpz_class(pow2(kMaxConstantBits + 1));
        return normalize(shiftLeft(*l, amount), t);
      }
      return normalize(shiftRight(*l, amount), t);
    }
    case BinaryOp::BitAnd:
      return normalize(*l & *r, t);
    case BinaryOp::BitOr:
      return normalize(*l | *r, t);
    case BinaryOp::BitXor:
      return normalize(*l ^ *r, t);
    case BinaryOp::Concat: {
      auto* rb = representation(e->rhs->type);
      if (!rb) return std::nullopt;
      mpz_class low;
      mpz_fdiv_r_2exp(low.get_mpz_t(), r->get_mpz_t(), static_cast<unsigned long>(rb->width));
      return normalize(shiftLeft(*l, static_cast<unsigned long>(rb->width)) | low, t);
    }
    case BinaryOp::Eq:
      return *l == *r ? 1 : 0;
    case BinaryOp::Ne:
      return *l != *r ? 1 : 0;
    case BinaryOp::Lt:
      return *l < *r ? 1 : 0;
    case BinaryOp::Le:
      return *l <= *r ? 1 : 0;
    case BinaryOp::Gt:
      return *l > *r ? 1 : 0;
    case BinaryOp::Ge:
      return *l >= *r ? 1 : 0;
    case BinaryOp::LogicalAnd:
      return (*l != 0 && *r != 0) ? 1 : 0;
    case BinaryOp::LogicalOr:
      return (*l != 0 || *r != 0) ? 1 : 0;
    default:
      return std::nullopt;
  }
}

std::optional<mpz_class> Sema::foldCast(CastExpr* e) {
  auto v = constantValue(e->expr.get());
  if (!v) return std::nullopt;
  const Type* target = underlyingType(e->type);
  if (target->kind == TypeKind::Bool || target->kind == TypeKind::InfInt || representation(target))
    return normalize(*v, e->type);
  return std::nullopt;
}

}  // namespace p4nfc
