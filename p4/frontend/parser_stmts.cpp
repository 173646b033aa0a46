// Statements: blocks, if, switch, return, exit, assignments, calls and local declarations.
#include <fmt/format.h>

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
  if (atIdent("for") && peekTok(1).is(Tok::LParen)) {
    diags_.error(loc, "'for' loops are not supported");
    skipUnsupportedLoop();
    return nullptr;
  }
  if (startsDeclarationKeyword() || at(Tok::KwTransition) || at(Tok::KwElse)) {
    expected("a statement");
    return nullptr;
  }
  if (looksLikeDeclaration()) return parseLocalDeclaration({});
  return parseExprStatement();
}

// Skips `for (...) statement` as a whole, so that one unsupported loop is one error.
void Parser::skipUnsupportedLoop() {
  advance();  // for
  int parens = 0;
  do {
    if (at(Tok::LParen)) ++parens;
    if (at(Tok::RParen)) --parens;
    advance();
  } while (parens > 0 && !at(Tok::End));
  int base = braceDepth_;
  bool block = at(Tok::LBrace);
  while (!at(Tok::End)) {
    Tok k = cur().kind;
    if (k == Tok::RBrace && braceDepth_ == base) return;  // not ours
    advance();
    if (block ? (k == Tok::RBrace && braceDepth_ == base) : (k == Tok::Semi && braceDepth_ == base))
      return;
  }
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

StmtPtr Parser::parseExprStatement() {
  SourceLoc loc = cur().loc;
  ExprPtr lhs = parseExpr();
  if (!lhs) return nullptr;
  if (accept(Tok::Assign)) {
    auto assign = std::make_unique<AssignStmt>(loc);
    assign->lhs = std::move(lhs);
    assign->rhs = parseExpr();
    if (!assign->rhs || !expect(Tok::Semi)) return nullptr;
    return assign;
  }
  if (isa<CallExpr>(lhs.get())) {
    auto call = std::make_unique<CallStmt>(loc);
    call->call.reset(cast<CallExpr>(lhs.release()));
    if (!expect(Tok::Semi)) return nullptr;
    return call;
  }
  if (at(Tok::Semi))
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
