// Expressions, keysets and select.
//
// Binary operators, loosest first (as in the P4-16 grammar, which differs from C: the
// bitwise operators bind tighter than the comparisons, and `++` sits with `+`):
//   ?:  ||  &&  == !=  < > <= >=  |  ^  &  << >>  ++ + - |+| |-|  * / %
// then the prefix operators and casts, then postfix `.`, `[]`, `()`.
// `&&&` and `..` exist only in keysets (parseSimpleKeyset).
#include <fmt/format.h>

#include "frontend/parser.h"

namespace p4nfc {

namespace {

constexpr size_t npos = static_cast<size_t>(-1);

struct BinaryInfo {
  int precedence = 0;  // 0: not a binary operator
  BinaryOp op = BinaryOp::Add;
  int tokens = 1;  // `>>` is two `>` tokens
};

BinaryInfo binaryInfo(const Token& t, const Token& next) {
  switch (t.kind) {
    case Tok::OrOr:
      return {1, BinaryOp::LogicalOr};
    case Tok::AndAnd:
      return {2, BinaryOp::LogicalAnd};
    case Tok::EqEq:
      return {3, BinaryOp::Eq};
    case Tok::Ne:
      return {3, BinaryOp::Ne};
    case Tok::Lt:
      return {4, BinaryOp::Lt};
    case Tok::Le:
      return {4, BinaryOp::Le};
    case Tok::Ge:
      return {4, BinaryOp::Ge};
    case Tok::Gt:
      if (next.is(Tok::Gt) && !next.spaceBefore) return {8, BinaryOp::Shr, 2};
      if (next.is(Tok::Ge) && !next.spaceBefore) return {};  // `>>=` ends the expression
      return {4, BinaryOp::Gt};
    case Tok::Pipe:
      return {5, BinaryOp::BitOr};
    case Tok::Caret:
      return {6, BinaryOp::BitXor};
    case Tok::Amp:
      return {7, BinaryOp::BitAnd};
    case Tok::Shl:
      return {8, BinaryOp::Shl};
    case Tok::PlusPlus:
      return {9, BinaryOp::Concat};
    case Tok::Plus:
      return {9, BinaryOp::Add};
    case Tok::Minus:
      return {9, BinaryOp::Sub};
    case Tok::PlusSat:
      return {9, BinaryOp::AddSat};
    case Tok::MinusSat:
      return {9, BinaryOp::SubSat};
    case Tok::Star:
      return {10, BinaryOp::Mul};
    case Tok::Slash:
      return {10, BinaryOp::Div};
    case Tok::Percent:
      return {10, BinaryOp::Mod};
    default:
      return {};
  }
}

}  // namespace

ExprPtr Parser::parseExpr() {
  DepthGuard guard(*this);
  if (!guard.ok) return nullptr;
  ExprPtr cond = parseBinary(1);
  if (!cond || !at(Tok::Question)) return cond;
  auto ternary = std::make_unique<TernaryExpr>(cur().loc);
  advance();
  ternary->cond = std::move(cond);
  ternary->thenExpr = parseExpr();
  if (!ternary->thenExpr || !expect(Tok::Colon)) return nullptr;
  ternary->elseExpr = parseExpr();
  if (!ternary->elseExpr) return nullptr;
  return ternary;
}

ExprPtr Parser::parseBinary(int minPrecedence) {
  ExprPtr lhs = parseUnary();
  while (lhs) {
    BinaryInfo info = binaryInfo(cur(), peekTok(1));
    if (info.precedence == 0 || info.precedence < minPrecedence) break;
    auto bin = std::make_unique<BinaryExpr>(cur().loc, info.op);
    for (int i = 0; i < info.tokens; ++i) advance();
    bin->lhs = std::move(lhs);
    bin->rhs = parseBinary(info.precedence + 1);
    if (!bin->rhs) return nullptr;
    lhs = std::move(bin);
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  SourceLoc loc = cur().loc;
  UnaryOp op;
  switch (cur().kind) {
    case Tok::Not:
      op = UnaryOp::Not;
      break;
    case Tok::Tilde:
      op = UnaryOp::Complement;
      break;
    case Tok::Minus:
      op = UnaryOp::Negate;
      break;
    case Tok::Plus:
      op = UnaryOp::Plus;
      break;
    case Tok::LParen:
      if (looksLikeCast()) {
        DepthGuard guard(*this);
        if (!guard.ok) return nullptr;
        advance();
        auto cast = std::make_unique<CastExpr>(loc);
        cast->target = parseType();
        if (!cast->target || !expect(Tok::RParen)) return nullptr;
        cast->expr = parseUnary();
        if (!cast->expr) return nullptr;
        return cast;
      }
      return parsePostfix(parsePrimary());
    default:
      return parsePostfix(parsePrimary());
  }
  DepthGuard guard(*this);
  if (!guard.ok) return nullptr;
  advance();
  auto unary = std::make_unique<UnaryExpr>(loc, op);
  unary->operand = parseUnary();
  if (!unary->operand) return nullptr;
  return unary;
}

ExprPtr Parser::parsePrimary() {
  const Token& t = cur();
  SourceLoc loc = t.loc;
  switch (t.kind) {
    case Tok::Int: {
      auto lit = std::make_unique<IntLit>(loc);
      const IntLiteralValue& value = intLiterals_.at(t.literal);
      lit->value = value.value;
      lit->width = value.width;
      lit->isSigned = value.isSigned;
      lit->text = t.text;
      advance();
      return lit;
    }
    case Tok::String: {
      auto lit = std::make_unique<StringLit>(loc, stringLiterals_.at(t.literal));
      advance();
      return lit;
    }
    case Tok::KwTrue:
    case Tok::KwFalse: {
      auto lit = std::make_unique<BoolLit>(loc, t.is(Tok::KwTrue));
      advance();
      return lit;
    }
    case Tok::KwThis: {
      advance();
      return std::make_unique<PathExpr>(loc, Path{"this", false});
    }
    case Tok::KwError: {
      advance();
      return std::make_unique<TypeNameExpr>(
          loc, std::make_unique<BaseTypeRef>(loc, BaseTypeRef::Base::Error));
    }
    case Tok::Underscore: {
      advance();
      return std::make_unique<DontCareExpr>(loc);
    }
    case Tok::Dots: {
      advance();
      return std::make_unique<DefaultValueExpr>(loc);
    }
    case Tok::Dot:
    case Tok::Ident: {
      Path path;
      path.global = accept(Tok::Dot);
      if (!at(Tok::Ident)) {
        expected("a name after '.'");
        return nullptr;
      }
      path.name = cur().text;
      bool isType = names_->isType(path.name);
      advance();
      if (!isType) return std::make_unique<PathExpr>(loc, std::move(path));
      // A type in expression position: `E.A`, `T.apply(...)`, `Register<bit<8>>(4)`.
      auto type = std::make_unique<NamedTypeRef>(loc, std::move(path));
      if (at(Tok::Lt)) {
        type->args = parseTypeArgs();
        if (panic_) return nullptr;
      }
      return std::make_unique<TypeNameExpr>(loc, std::move(type));
    }
    case Tok::LParen: {
      advance();
      ExprPtr inner = parseExpr();
      if (!inner || !expect(Tok::RParen)) return nullptr;
      return inner;
    }
    case Tok::LBrace:
      return parseBraceExpr();
    default:
      expected("an expression");
      return nullptr;
  }
}

ExprPtr Parser::parsePostfix(ExprPtr base) {
  while (base) {
    SourceLoc loc = base->loc;
    if (at(Tok::Dot)) {
      advance();
      if (!cur().isWord()) {
        expected("a member name after '.'");
        return nullptr;
      }
      auto member = std::make_unique<MemberExpr>(loc);
      member->base = std::move(base);
      member->member = cur().text;
      member->memberLoc = cur().loc;
      advance();
      base = std::move(member);
    } else if (at(Tok::LBracket)) {
      advance();
      ExprPtr first = parseExpr();
      if (!first) return nullptr;
      if (accept(Tok::Colon)) {
        auto slice = std::make_unique<SliceExpr>(loc);
        slice->base = std::move(base);
        slice->hi = std::move(first);
        slice->lo = parseExpr();
        if (!slice->lo || !expect(Tok::RBracket)) return nullptr;
        base = std::move(slice);
      } else {
        auto index = std::make_unique<IndexExpr>(loc);
        index->base = std::move(base);
        index->index = std::move(first);
        if (!expect(Tok::RBracket)) return nullptr;
        base = std::move(index);
      }
    } else if (at(Tok::LParen) || (at(Tok::Lt) && typeArgsFollow())) {
      auto call = std::make_unique<CallExpr>(loc);
      call->callee = std::move(base);
      if (at(Tok::Lt)) {
        call->typeArgs = parseTypeArgs();
        if (panic_) return nullptr;
      }
      if (!parseArgs(call->args)) return nullptr;
      base = std::move(call);
    } else {
      break;
    }
  }
  return base;
}

// `(a, b = 1, _)`
bool Parser::parseArgs(std::vector<Argument>& out) {
  if (!expect(Tok::LParen)) return false;
  if (accept(Tok::RParen)) return true;
  do {
    Argument arg;
    arg.loc = cur().loc;
    if (at(Tok::Ident) && peekTok(1).is(Tok::Assign)) {
      arg.name = cur().text;
      advance();
      advance();
    }
    arg.value = parseExpr();
    if (!arg.value) return false;
    out.push_back(std::move(arg));
  } while (accept(Tok::Comma));
  return expect(Tok::RParen);
}

// `{#}`, `{}`, `{a, b}`, `{f = a, g = b}` (a trailing comma is accepted); `{a, ...}` and
// `{f = a, ...}` give the rest their default values, so `...` must come last.
ExprPtr Parser::parseBraceExpr() {
  SourceLoc loc = cur().loc;
  advance();
  if (at(Tok::Hash) && peekTok(1).is(Tok::RBrace)) {
    advance();
    advance();
    return std::make_unique<InvalidHeaderExpr>(loc);
  }
  // `...` as the last item, before an optional trailing comma.
  auto restFollows = [&] {
    return at(Tok::Dots) &&
           (peekTok(1).is(Tok::RBrace) || (peekTok(1).is(Tok::Comma) && peekTok(2).is(Tok::RBrace)));
  };
  auto takeRest = [&] {
    if (!at(Tok::Dots)) return false;
    if (!restFollows()) {
      error(cur().loc, "'...' must be the last item of an initializer");
      return false;
    }
    advance();
    accept(Tok::Comma);
    return true;
  };
  if (at(Tok::Ident) && peekTok(1).is(Tok::Assign)) {
    auto st = std::make_unique<StructExpr>(loc);
    do {
      if (at(Tok::RBrace)) break;
      if (at(Tok::Dots)) {
        if (!takeRest()) return nullptr;
        st->defaultRest = true;
        break;
      }
      StructExpr::FieldInit field;
      field.loc = cur().loc;
      field.name = takeName("a field name", nullptr);
      if (field.name.empty() || !expect(Tok::Assign)) return nullptr;
      field.value = parseExpr();
      if (!field.value) return nullptr;
      st->fields.push_back(std::move(field));
    } while (accept(Tok::Comma));
    if (!expect(Tok::RBrace)) return nullptr;
    return st;
  }
  auto list = std::make_unique<ListExpr>(loc);
  while (!at(Tok::RBrace)) {
    if (at(Tok::Dots)) {
      if (!takeRest()) return nullptr;
      list->defaultRest = true;
      break;
    }
    ExprPtr e = parseExpr();
    if (!e) return nullptr;
    list->elements.push_back(std::move(e));
    if (!accept(Tok::Comma)) break;
  }
  if (!expect(Tok::RBrace)) return nullptr;
  return list;
}

// A keyset of a select case or a table entry: a simple keyset, or a parenthesised tuple
// `(k1, k2)` of simple keysets. `(e)` alone stays an ordinary parenthesised expression, so
// that `(A + 1) &&& M` works; `(v &&& m)` and `(_)` are one-element tuples and yield their
// element.
ExprPtr Parser::parseKeyset() {
  if (at(Tok::LParen)) {
    size_t close = skipBalanced(pos_, Tok::LParen, Tok::RParen);
    bool tuple = peekTok(1).is(Tok::Underscore) || peekTok(1).is(Tok::KwDefault);
    if (close != npos && !tuple) {
      int depth = 0;
      for (size_t i = pos_; i + 1 < close; ++i) {
        Tok k = tokAt(i).kind;
        if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++depth;
        if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --depth;
        if (depth == 1 && (k == Tok::Comma || k == Tok::Mask || k == Tok::Range)) {
          tuple = true;
          break;
        }
      }
    }
    if (tuple) {
      auto list = std::make_unique<ListExpr>(cur().loc);
      advance();
      do {
        ExprPtr e = parseSimpleKeyset();
        if (!e) return nullptr;
        list->elements.push_back(std::move(e));
      } while (accept(Tok::Comma));
      if (!expect(Tok::RParen)) return nullptr;
      if (list->elements.size() == 1) return std::move(list->elements.front());
      return list;
    }
  }
  return parseSimpleKeyset();
}

ExprPtr Parser::parseSimpleKeyset() {
  if (at(Tok::KwDefault)) {
    auto d = std::make_unique<DefaultExpr>(cur().loc);
    advance();
    return d;
  }
  ExprPtr e = parseExpr();
  if (!e) return nullptr;
  if (at(Tok::Mask) || at(Tok::Range)) {
    auto bin =
        std::make_unique<BinaryExpr>(cur().loc, at(Tok::Mask) ? BinaryOp::Mask : BinaryOp::Range);
    advance();
    bin->lhs = std::move(e);
    bin->rhs = parseExpr();
    if (!bin->rhs) return nullptr;
    return bin;
  }
  return e;
}

// `select(e1, e2) { keyset: state; ... }`
ExprPtr Parser::parseSelect() {
  auto select = std::make_unique<SelectExpr>(cur().loc);
  advance();
  if (!expect(Tok::LParen)) return nullptr;
  if (!at(Tok::RParen)) {
    do {
      ExprPtr e = parseExpr();
      if (!e) return nullptr;
      select->selectors.push_back(std::move(e));
    } while (accept(Tok::Comma));
  }
  if (!expect(Tok::RParen) || !expect(Tok::LBrace)) return nullptr;
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    SelectExpr::Case c;
    c.loc = cur().loc;
    c.keyset = parseKeyset();
    if (c.keyset && expect(Tok::Colon)) {
      SourceLoc stateLoc;
      std::string state = takeName("a state name", &stateLoc);
      if (!state.empty() && expect(Tok::Semi)) {
        c.state = std::make_unique<PathExpr>(stateLoc, Path{state, false});
        select->cases.push_back(std::move(c));
      }
    }
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
  if (!closeBrace(SyncLevel::Statement)) return nullptr;
  return select;
}

}  // namespace p4nfc
