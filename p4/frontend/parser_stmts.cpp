// Statements: blocks, if, switch, for, break, continue, return, exit, assignments (plain
// and compound), calls and local declarations.
#include <fmt/format.h>

#include <optional>

#include "frontend/parser.h"

namespace p4nfc {

StmtPtr Parser::parseStatement() {
  DepthGuard guard(*this);
  if (!guard.ok) return nullptr;
  SourceLoc loc = cur().loc;
  switch (cur().kind) {
    case Tok::At: {
      Annotations annotations = parseAnnotations();
      if (panic_) return nullptr;
      if (at(Tok::LBrace)) return parseBlock(std::move(annotations));
      if (atIdent("for") && peekTok(1).is(Tok::LParen)) return parseFor(std::move(annotations));
      if (at(Tok::KwConst) || looksLikeDeclaration())
        return parseLocalDeclaration(std::move(annotations));
      diags_.warning(loc, "annotations on this statement are ignored");
      return parseStatement();
    }
    case Tok::LBrace:
      return parseBlock({});
    case Tok::KwIf:
      return parseIf();
    case Tok::KwSwitch:
      return parseSwitch();
    case Tok::KwReturn: {
      advance();
      auto ret = std::make_unique<ReturnStmt>(loc);
      if (!at(Tok::Semi)) {
        ret->value = parseExpr();
        if (!ret->value) return nullptr;
      }
      if (!expect(Tok::Semi)) return nullptr;
      return ret;
    }
    case Tok::KwExit:
      advance();
      if (!expect(Tok::Semi)) return nullptr;
      return std::make_unique<ExitStmt>(loc);
    case Tok::Semi:
      advance();
      return std::make_unique<EmptyStmt>(loc);
    case Tok::KwConst:
      return parseLocalDeclaration({});
    default:
      break;
  }
  // `for`, `break` and `continue` are reserved only where they start these statements,
  // so that programs written before P4-16 1.2.4 may keep them as names.
  if (atIdent("for") && peekTok(1).is(Tok::LParen)) return parseFor({});
  if ((atIdent("break") || atIdent("continue")) && peekTok(1).is(Tok::Semi)) {
    bool isBreak = atIdent("break");
    advance();
    advance();
    if (isBreak) return std::make_unique<BreakStmt>(loc);
    return std::make_unique<ContinueStmt>(loc);
  }
  if (startsDeclarationKeyword() || at(Tok::KwTransition) || at(Tok::KwElse)) {
    expected("a statement");
    return nullptr;
  }
  if (looksLikeDeclaration()) return parseLocalDeclaration({});
  return parseExprStatement(true);
}

// `for (init; cond; update) body` or `for (T x in collection) body`. The loop's variables
// live in a scope of their own, around the body.
StmtPtr Parser::parseFor(Annotations annotations) {
  SourceLoc loc = cur().loc;
  advance();  // for
  if (!expect(Tok::LParen)) return nullptr;
  ScopeGuard scope(*this);
  // `T x in`: the element form (annotations may precede the type).
  size_t typeStart = pos_;
  while (tokAt(typeStart).is(Tok::At)) {
    size_t after = typeStart + 2;
    if (tokAt(after).is(Tok::LParen)) after = skipBalanced(after, Tok::LParen, Tok::RParen);
    if (after == static_cast<size_t>(-1)) break;
    typeStart = after;
  }
  size_t typeEnd = scanType(typeStart);
  bool elementForm = typeEnd != static_cast<size_t>(-1) && tokAt(typeEnd).is(Tok::Ident) &&
                     tokAt(typeEnd + 1).is(Tok::KwIn);
  if (elementForm) {
    auto loop = std::make_unique<ForInStmt>(loc);
    loop->annotations = std::move(annotations);
    Annotations varAnnotations = parseAnnotations();
    if (panic_) return nullptr;
    TypeRefPtr type = parseType();
    if (!type) return nullptr;
    SourceLoc nameLoc;
    std::string name = takeName("a loop variable name", &nameLoc);
    if (name.empty() || !expect(Tok::KwIn)) return nullptr;
    loop->var = std::make_unique<VarDecl>(nameLoc);
    loop->var->name = name;
    loop->var->annotations = std::move(varAnnotations);
    loop->var->typeRef = std::move(type);
    loop->collection = parseExpr();
    if (!loop->collection) return nullptr;
    if (at(Tok::Range)) {
      auto range = std::make_unique<BinaryExpr>(cur().loc, BinaryOp::Range);
      advance();
      range->lhs = std::move(loop->collection);
      range->rhs = parseExpr();
      if (!range->rhs) return nullptr;
      loop->collection = std::move(range);
    }
    if (!expect(Tok::RParen)) return nullptr;
    names_->declareValue(name);
    loop->body = parseStatement();
    if (!loop->body) return nullptr;
    return loop;
  }
  auto loop = std::make_unique<ForStmt>(loc);
  loop->annotations = std::move(annotations);
  if (!at(Tok::Semi)) {
    do {
      StmtPtr init;
      if (looksLikeDeclaration()) {
        auto decl = std::make_unique<DeclStmt>(cur().loc);
        decl->decl = parseVariableWithoutSemicolon({});
        if (decl->decl) init = std::move(decl);
      } else {
        init = parseExprStatement(false);
      }
      if (!init) return nullptr;
      loop->init.push_back(std::move(init));
    } while (accept(Tok::Comma));
  }
  if (!expect(Tok::Semi)) return nullptr;
  loop->cond = parseExpr();
  if (!loop->cond || !expect(Tok::Semi)) return nullptr;
  if (!at(Tok::RParen)) {
    do {
      StmtPtr update = parseExprStatement(false);
      if (!update) return nullptr;
      loop->update.push_back(std::move(update));
    } while (accept(Tok::Comma));
  }
  if (!expect(Tok::RParen)) return nullptr;
  loop->body = parseStatement();
  if (!loop->body) return nullptr;
  return loop;
}

// `T x` or `T x = e`, without the `;` (the init part of a for loop).
std::unique_ptr<VarDecl> Parser::parseVariableWithoutSemicolon(Annotations annotations) {
  TypeRefPtr type = parseType();
  if (!type) return nullptr;
  SourceLoc nameLoc;
  std::string name = takeName("a variable name", &nameLoc);
  if (name.empty()) return nullptr;
  auto var = parseVariableRest(std::move(type), name, nameLoc, std::move(annotations));
  if (var) names_->declareValue(name);
  return var;
}

// The variable whose type and name were just parsed, with its initializer if `=` follows.
std::unique_ptr<VarDecl> Parser::parseVariableRest(TypeRefPtr type, const std::string& name,
                                                   SourceLoc nameLoc, Annotations annotations) {
  auto var = std::make_unique<VarDecl>(nameLoc);
  var->name = name;
  var->annotations = std::move(annotations);
  var->typeRef = std::move(type);
  if (accept(Tok::Assign)) {
    var->init = parseExpr();
    if (!var->init) return nullptr;
  }
  return var;
}

std::unique_ptr<BlockStmt> Parser::parseBlock(Annotations annotations) {
  auto block = std::make_unique<BlockStmt>(cur().loc);
  if (!expect(Tok::LBrace)) return nullptr;
  block->annotations = std::move(annotations);
  ScopeGuard scope(*this);
  parseStatementList(block->stmts, false);
  if (!closeBrace(SyncLevel::Statement)) return nullptr;
  return block;
}

void Parser::parseStatementList(std::vector<StmtPtr>& out, bool inParserState) {
  while (listGoesOn(SyncLevel::Statement) && !(inParserState && at(Tok::KwTransition))) {
    size_t start = pos_;
    int depth = braceDepth_;
    StmtPtr stmt = parseStatement();
    if (panic_ || pos_ == start) {
      if (!panic_) expected("a statement");
      synchronize(start, depth, SyncLevel::Statement);
      continue;
    }
    if (stmt) out.push_back(std::move(stmt));
  }
}

StmtPtr Parser::parseIf() {
  auto stmt = std::make_unique<IfStmt>(cur().loc);
  advance();
  if (!expect(Tok::LParen)) return nullptr;
  stmt->cond = parseExpr();
  if (!stmt->cond || !expect(Tok::RParen)) return nullptr;
  stmt->thenStmt = parseStatement();
  if (!stmt->thenStmt) return nullptr;
  if (accept(Tok::KwElse)) {
    stmt->elseStmt = parseStatement();
    if (!stmt->elseStmt) return nullptr;
  }
  return stmt;
}

// `switch (e) { a: b: { ... } default: { ... } }`
StmtPtr Parser::parseSwitch() {
  auto stmt = std::make_unique<SwitchStmt>(cur().loc);
  advance();
  if (!expect(Tok::LParen)) return nullptr;
  stmt->expr = parseExpr();
  if (!stmt->expr || !expect(Tok::RParen) || !expect(Tok::LBrace)) return nullptr;
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    SwitchStmt::Case c;
    c.loc = cur().loc;
    if (at(Tok::KwDefault)) {
      c.label = std::make_unique<DefaultExpr>(cur().loc);
      advance();
    } else {
      c.label = parseExpr();
    }
    if (c.label && expect(Tok::Colon)) {
      if (at(Tok::LBrace) || at(Tok::At)) {
        Annotations annotations = parseAnnotations();
        if (!panic_) c.body = parseBlock(std::move(annotations));
        if (c.body) stmt->cases.push_back(std::move(c));
      } else {
        stmt->cases.push_back(std::move(c));  // falls through to the next label
      }
    }
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
  if (!closeBrace(SyncLevel::Statement)) return nullptr;
  return stmt;
}

namespace {

// The operator of a compound assignment token (`+=` is Add), if it is one.
std::optional<BinaryOp> compoundAssignOp(Tok k) {
  switch (k) {
    case Tok::PlusAssign: return BinaryOp::Add;
    case Tok::MinusAssign: return BinaryOp::Sub;
    case Tok::StarAssign: return BinaryOp::Mul;
    case Tok::SlashAssign: return BinaryOp::Div;
    case Tok::PercentAssign: return BinaryOp::Mod;
    case Tok::ShlAssign: return BinaryOp::Shl;
    case Tok::AmpAssign: return BinaryOp::BitAnd;
    case Tok::PipeAssign: return BinaryOp::BitOr;
    case Tok::CaretAssign: return BinaryOp::BitXor;
    case Tok::PlusSatAssign: return BinaryOp::AddSat;
    case Tok::MinusSatAssign: return BinaryOp::SubSat;
    default: return std::nullopt;
  }
}

}  // namespace

// An assignment (plain or compound) or a call; `withSemicolon` is false in the init and
// update parts of a for loop.
StmtPtr Parser::parseExprStatement(bool withSemicolon) {
  SourceLoc loc = cur().loc;
  ExprPtr lhs = parseExpr();
  if (!lhs) return nullptr;
  std::optional<BinaryOp> compound = compoundAssignOp(cur().kind);
  // `>>=` arrives as `>` `>=` (see token.h).
  bool shiftRight = at(Tok::Gt) && peekTok(1).is(Tok::Ge) && !peekTok(1).spaceBefore;
  if (shiftRight) {
    compound = BinaryOp::Shr;
    advance();
  }
  if (compound || at(Tok::Assign)) {
    advance();
    auto assign = std::make_unique<AssignStmt>(loc);
    assign->lhs = std::move(lhs);
    assign->compound = compound;
    assign->rhs = parseExpr();
    if (!assign->rhs || (withSemicolon && !expect(Tok::Semi))) return nullptr;
    return assign;
  }
  if (isa<CallExpr>(lhs.get())) {
    auto call = std::make_unique<CallStmt>(loc);
    call->call.reset(cast<CallExpr>(lhs.release()));
    if (withSemicolon && !expect(Tok::Semi)) return nullptr;
    return call;
  }
  if (at(Tok::Semi) || !withSemicolon)
    error(loc, "this expression is not a statement: expected an assignment or a call");
  else
    expected("'=' or '('");
  return nullptr;
}

StmtPtr Parser::parseLocalDeclaration(Annotations annotations) {
  auto stmt = std::make_unique<DeclStmt>(cur().loc);
  if (at(Tok::KwConst))
    stmt->decl = parseConst(std::move(annotations));
  else
    stmt->decl = parseTypedDeclaration(Context::Block, std::move(annotations));
  if (!stmt->decl) return nullptr;
  return stmt;
}

}  // namespace p4nfc
