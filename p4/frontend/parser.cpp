// The parser's core: token access, error recovery, lookahead scans, annotations and types.
// Expressions, statements and declarations live in parser_exprs.cpp, parser_stmts.cpp and
// parser_decls.cpp.
#include "frontend/parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "frontend/lexer.h"

namespace p4nfc {

namespace {

// Lookahead never looks further than this; real constructs are far shorter, and the bound
// keeps pathological input linear.
constexpr size_t kMaxScan = 4096;
constexpr size_t npos = static_cast<size_t>(-1);

}  // namespace

bool ParserNames::isType(const std::string& name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) return found->second;
  }
  return false;
}

Parser::DepthGuard::DepthGuard(Parser& p) : parser(p) {
  ok = ++parser.depth_ <= kMaxDepth;
  if (!ok) parser.error(parser.cur().loc, "nesting too deep");
}

Parser::Parser(TokenList tokens, Diagnostics& diags, ParserNames* names)
    : tokens_(std::move(tokens.tokens)),
      intLiterals_(std::move(tokens.ints)),
      stringLiterals_(std::move(tokens.strings)),
      diags_(diags),
      names_(names ? names : &ownNames_) {
  if (tokens_.empty() || tokens_.back().kind != Tok::End) {
    Token end;
    if (!tokens_.empty()) end.loc = tokens_.back().loc;
    tokens_.push_back(std::move(end));
  }
}

std::unique_ptr<Program> parseP4(std::string_view text, uint32_t fileId, Diagnostics& diags) {
  Lexer lexer(text, fileId, diags);
  std::vector<DeferredDiagnostic> lexerDiagnostics;
  lexer.deferDiagnostics(&lexerDiagnostics);
  Parser parser(lexer.tokenize(), diags);
  parser.setDeferredDiagnostics(std::move(lexerDiagnostics));
  return parser.parseProgram();
}

std::unique_ptr<Program> Parser::parseProgram() {
  auto program = std::make_unique<Program>(cur().loc);
  parseDeclarationList(Context::TopLevel, program->decls);
  flushDeferred(static_cast<size_t>(-1));
  return program;
}

void Parser::flushDeferred(size_t upToToken) {
  while (nextDeferred_ < deferred_.size() && deferred_[nextDeferred_].tokenIndex <= upToToken) {
    auto& d = deferred_[nextDeferred_++];
    switch (d.severity) {
      case Severity::Error:
        diags_.error(d.loc, std::move(d.message));
        break;
      case Severity::Warning:
        diags_.warning(d.loc, std::move(d.message));
        break;
      case Severity::Note:
        diags_.note(d.loc, std::move(d.message));
        break;
    }
  }
}

ExprPtr Parser::parseExpressionOnly() {
  ExprPtr e = parseExpr();
  if (!e || panic_) return nullptr;
  if (!at(Tok::End)) {
    expected("the end of the expression");
    return nullptr;
  }
  return e;
}

// ---------------------------------------------------------------------------------------
// Tokens

const Token& Parser::tokAt(size_t index) const {
  return tokens_[std::min(index, tokens_.size() - 1)];
}

const Token& Parser::peekTok(size_t ahead) const { return tokAt(pos_ + ahead); }

void Parser::advance() {
  if (at(Tok::End)) return;
  if (at(Tok::LBrace)) ++braceDepth_;
  if (at(Tok::RBrace) && braceDepth_ > 0) --braceDepth_;
  ++pos_;
  if (nextDeferred_ < deferred_.size() && deferred_[nextDeferred_].tokenIndex <= pos_)
    flushDeferred(pos_);
}

bool Parser::accept(Tok k) {
  if (!at(k)) return false;
  advance();
  return true;
}

// Where to report a problem with the current token: the token itself, or at the end of
// the input just after the last real token (End has no useful position of its own).
SourceLoc Parser::errorLoc() const {
  if (!at(Tok::End) || pos_ == 0) return cur().loc;
  return afterToken(tokens_[pos_ - 1]);
}

SourceLoc Parser::afterToken(const Token& t) const {
  return SourceLoc{t.loc.file, t.loc.line, t.loc.col + static_cast<uint32_t>(t.text.size())};
}

bool Parser::expect(Tok k) {
  if (accept(k)) return true;
  SourceLoc loc = errorLoc();
  // A missing `;` at the end of a line is shown where it belongs, not on the next line.
  // It is also most likely just missing: carry on as if it were there, so that the next
  // line is parsed (and checked) normally.
  if (k == Tok::Semi && pos_ > 0 && !panic_) {
    const Token& prev = tokens_[pos_ - 1];
    if (!at(Tok::End) && (prev.loc.file != loc.file || prev.loc.line != loc.line)) {
      error(afterToken(prev), fmt::format("expected ';' but found {}", describeToken(cur())));
      panic_ = false;
      return true;
    }
  }
  error(loc, fmt::format("expected '{}' but found {}", tokSpelling(k), describeToken(cur())));
  return false;
}

// Closes a type-argument list. `>=` only occurs here when a declaration is written without
// a space (`bit<8>= ...` is not P4, but `>` followed by `=` must still split cleanly).
bool Parser::closeAngle() {
  if (accept(Tok::Gt)) return true;
  if (at(Tok::Ge)) {
    Token& t = tokens_[pos_];
    t.kind = Tok::Assign;
    t.text = "=";
    t.loc.col += 1;
    t.spaceBefore = false;
    return true;
  }
  expected("'>'");
  return false;
}

std::string Parser::takeName(std::string_view what, SourceLoc* loc) {
  if (!at(Tok::Ident)) {
    expected(what);
    return {};
  }
  if (loc) *loc = cur().loc;
  std::string name = cur().text;
  advance();
  return name;
}

// ---------------------------------------------------------------------------------------
// Errors and recovery

void Parser::error(SourceLoc loc, std::string message) {
  if (panic_) return;
  panic_ = true;
  flushDeferred(pos_);
  diags_.error(loc, std::move(message));
  // Past this many errors the rest of the input is not worth reading.
  if (diags_.errorCount() >= Diagnostics::kMaxErrors) {
    flushDeferred(static_cast<size_t>(-1));
    pos_ = tokens_.size() - 1;
  }
}

void Parser::expected(std::string_view what) {
  error(errorLoc(), fmt::format("expected {} but found {}", what, describeToken(cur())));
}

bool Parser::startsDeclarationKeyword() const {
  switch (cur().kind) {
    case Tok::KwAction:
    case Tok::KwTable:
    case Tok::KwControl:
    case Tok::KwParser:
    case Tok::KwHeader:
    case Tok::KwHeaderUnion:
    case Tok::KwStruct:
    case Tok::KwExtern:
    case Tok::KwPackage:
    case Tok::KwTypedef:
    case Tok::KwEnum:
    case Tok::KwMatchKind:
    case Tok::KwConst:
    case Tok::KwValueSet:
      return true;
    case Tok::KwError:
      return peekTok(1).is(Tok::LBrace);
    case Tok::Ident:
      return (cur().text == "state" && peekTok(1).is(Tok::Ident)) ||
             (cur().text == "apply" && (peekTok(1).is(Tok::LBrace) || peekTok(1).is(Tok::At)));
    default:
      return false;
  }
}

bool Parser::startsStatementKeyword() const {
  switch (cur().kind) {
    case Tok::KwIf:
    case Tok::KwSwitch:
    case Tok::KwReturn:
    case Tok::KwExit:
    case Tok::KwConst:
    case Tok::KwTransition:
      return true;
    default:
      return false;
  }
}

// True at a keyword that cannot occur in the list being parsed (statements, or the members
// of a control, parser, extern or struct) but starts something at an outer level: the
// list's closing `}` is then most likely missing.
bool Parser::atOuterKeyword(SyncLevel level) const {
  if (level == SyncLevel::Statement)
    return startsDeclarationKeyword() && !at(Tok::KwConst) && closingBraceMissing();
  switch (cur().kind) {
    case Tok::KwControl:
    case Tok::KwParser:
    case Tok::KwHeader:
    case Tok::KwHeaderUnion:
    case Tok::KwStruct:
    case Tok::KwExtern:
    case Tok::KwPackage:
    case Tok::KwTypedef:
    case Tok::KwEnum:
    case Tok::KwMatchKind:
      return closingBraceMissing();
    case Tok::KwError:
      return peekTok(1).is(Tok::LBrace) && closingBraceMissing();
    default:
      return false;
  }
}

// Whether the `}` of the current list is missing, rather than the keyword misplaced: true
// when the rest of the input closes fewer braces than are open now. Only asked at such
// keywords (that is, in broken input); the answer is cached per position.
bool Parser::closingBraceMissing() const {
  if (braceScanPos_ == pos_) return braceScanResult_;
  // Each scan reads the rest of the input; a bounded number keeps broken input linear.
  if (++braceScans_ > 64) return false;
  long net = 0;
  for (size_t i = pos_; i < tokens_.size(); ++i) {
    if (tokens_[i].is(Tok::LBrace)) ++net;
    if (tokens_[i].is(Tok::RBrace)) --net;
  }
  braceScanPos_ = pos_;
  braceScanResult_ = braceDepth_ + net >= 1;
  return braceScanResult_;
}

bool Parser::listGoesOn(SyncLevel level) const {
  return !at(Tok::End) && !at(Tok::RBrace) && !atOuterKeyword(level);
}

// The `}` ending a list. When an outer keyword shows it is missing, report that and go on
// as if it were there, so that the rest of the file parses normally.
bool Parser::closeBrace(SyncLevel level) {
  if (accept(Tok::RBrace)) return true;
  if (atOuterKeyword(level)) {
    error(errorLoc(), fmt::format("expected '}}' but found {}", describeToken(cur())));
    panic_ = false;
    if (braceDepth_ > 0) --braceDepth_;
    return true;
  }
  return expect(Tok::RBrace);
}

// Skips what is left of a broken item: up to and including a `;` or the `}` that closes a
// block the item opened, or up to (not including) the `}` that closes the enclosing list or
// a keyword that starts the next item. Always consumes a token if the item consumed none.
void Parser::synchronize(size_t itemStart, int itemDepth, SyncLevel level) {
  // At the end of the input every enclosing construct is unfinished too: one error says it.
  if (at(Tok::End)) return;
  panic_ = false;
  bool mustConsume = pos_ == itemStart;
  while (!at(Tok::End)) {
    if (!mustConsume && braceDepth_ <= itemDepth) {
      if (at(Tok::RBrace)) return;
      if (level == SyncLevel::Declaration ? startsDeclarationKeyword() : startsStatementKeyword())
        return;
    }
    mustConsume = false;
    Tok k = cur().kind;
    int before = braceDepth_;
    advance();
    if (k == Tok::Semi && braceDepth_ <= itemDepth) return;
    // A `}` closing a block the item opened ends the item, unless the braces were an
    // expression (`f({1, 2}, x)`, `x = {1, 2};`) that goes on.
    if (k == Tok::RBrace && before == itemDepth + 1) {
      Tok next = cur().kind;
      if (next != Tok::RParen && next != Tok::Comma && next != Tok::RBracket && next != Tok::Semi &&
          next != Tok::Colon)
        return;
    }
    if (braceDepth_ < itemDepth) return;
  }
}

// ---------------------------------------------------------------------------------------
// Lookahead

// `i` is at `open`; returns the index after the matching `close`.
size_t Parser::skipBalanced(size_t i, Tok open, Tok close) const {
  if (!tokAt(i).is(open)) return npos;
  int depth = 0;
  int braces = 0;
  for (size_t n = 0; n < kMaxScan; ++n, ++i) {
    const Token& t = tokAt(i);
    if (t.is(Tok::End)) return npos;
    if (open != Tok::LBrace) {
      if (t.is(Tok::Semi)) return npos;
      if (t.is(Tok::LBrace)) ++braces;
      if (t.is(Tok::RBrace) && --braces < 0) return npos;
    }
    if (t.is(open)) ++depth;
    if (t.is(close) && --depth == 0) return i + 1;
  }
  return npos;
}

// `i` is at `<`; returns the index after the matching `>`.
size_t Parser::scanTypeArgs(size_t i) const {
  if (!tokAt(i).is(Tok::Lt)) return npos;
  int depth = 0;
  for (size_t n = 0; n < kMaxScan; ++n) {
    const Token& t = tokAt(i);
    switch (t.kind) {
      case Tok::End:
      case Tok::Semi:
      case Tok::LBrace:
      case Tok::RBrace:
        return npos;
      case Tok::Lt:
        ++depth;
        break;
      case Tok::Gt:
        if (--depth == 0) return i + 1;
        break;
      case Tok::LParen: {
        size_t after = skipBalanced(i, Tok::LParen, Tok::RParen);
        if (after == npos) return npos;
        i = after;
        continue;
      }
      default:
        break;
    }
    ++i;
  }
  return npos;
}

bool Parser::isBaseTypeKeyword(Tok k) const {
  switch (k) {
    case Tok::KwBit:
    case Tok::KwInt:
    case Tok::KwVarbit:
    case Tok::KwBool:
    case Tok::KwString:
    case Tok::KwTuple:
    case Tok::KwMatchKind:
      return true;
    default:
      return false;
  }
}

// `list<...>`: `list` is only a keyword in front of `<`.
bool Parser::isListTypeAt(size_t i) const {
  return tokAt(i).isIdent("list") && tokAt(i + 1).is(Tok::Lt);
}

bool Parser::isTypeNameAt(size_t i) const {
  if (tokAt(i).is(Tok::Dot)) ++i;
  const Token& t = tokAt(i);
  return t.is(Tok::Ident) && names_->isType(t.text);
}

// The shape of a type, without building it: `T`, `.T`, `T<...>`, `bit<...>`, then `[...]`.
size_t Parser::scanType(size_t i) const {
  const Token& t = tokAt(i);
  if (isBaseTypeKeyword(t.kind) || t.is(Tok::KwError)) {
    ++i;
  } else {
    if (tokAt(i).is(Tok::Dot)) ++i;
    if (!tokAt(i).is(Tok::Ident)) return npos;
    ++i;
  }
  if (tokAt(i).is(Tok::Lt)) {
    i = scanTypeArgs(i);
    if (i == npos) return npos;
  }
  if (tokAt(i).is(Tok::LBracket)) i = skipBalanced(i, Tok::LBracket, Tok::RBracket);
  return i;
}

// At the start of a statement or local element: `T x ...`, `T<...> x`, `T(args) x`, `bit<8> x`.
// Expression statements never have a name right after their first (type-like) part.
bool Parser::looksLikeDeclaration() const {
  const Token& t = cur();
  if (isBaseTypeKeyword(t.kind)) return true;
  if (t.is(Tok::KwError)) return peekTok(1).is(Tok::Ident);
  if (!t.is(Tok::Ident) && !t.is(Tok::Dot)) return false;
  size_t end = scanType(pos_);
  if (end == npos) return false;
  if (tokAt(end).is(Tok::Ident)) return true;
  if (tokAt(end).is(Tok::LParen)) {
    size_t afterArgs = skipBalanced(end, Tok::LParen, Tok::RParen);
    return afterArgs != npos && tokAt(afterArgs).is(Tok::Ident);
  }
  return false;
}

// At `(`: is this `(T) e`? Base types always are; a name only when it is a type in scope
// and the closing parenthesis is followed by something that can start an operand.
bool Parser::looksLikeCast() const {
  size_t first = pos_ + 1;
  const Token& t = tokAt(first);
  if (t.is(Tok::KwError)) return tokAt(first + 1).is(Tok::RParen);
  bool base = isBaseTypeKeyword(t.kind) || isListTypeAt(first);
  if (!base && !isTypeNameAt(first)) return false;
  size_t end = scanType(first);
  if (end == npos || !tokAt(end).is(Tok::RParen)) return false;
  if (base) return true;
  switch (tokAt(end + 1).kind) {
    case Tok::Ident:
    case Tok::Int:
    case Tok::String:
    case Tok::KwTrue:
    case Tok::KwFalse:
    case Tok::KwThis:
    case Tok::KwError:
    case Tok::LParen:
    case Tok::LBrace:
    case Tok::Not:
    case Tok::Tilde:
    case Tok::Minus:
    case Tok::Plus:
      return true;
    default:
      return false;
  }
}

// At `<` after an expression: `f<T>(...)` rather than a comparison?
bool Parser::typeArgsFollow() const {
  const Token& next = peekTok(1);
  bool typeStart = isBaseTypeKeyword(next.kind) || isListTypeAt(pos_ + 1) || next.is(Tok::KwVoid) ||
                   next.is(Tok::KwError) || next.is(Tok::Underscore) || isTypeNameAt(pos_ + 1);
  if (!typeStart) return false;
  size_t end = scanTypeArgs(pos_);
  return end != npos && tokAt(end).is(Tok::LParen);
}

// ---------------------------------------------------------------------------------------
// Annotations

Annotations Parser::parseAnnotations() {
  Annotations out;
  while (at(Tok::At) && !panic_) parseAnnotation(out);
  return out;
}

std::string Parser::spellTokens(size_t from, size_t to) const {
  std::string out;
  for (size_t i = from; i < to && i < tokens_.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens_[i].text;
  }
  return out;
}

void Parser::parseAnnotation(Annotations& out) {
  Annotation a;
  a.loc = cur().loc;
  advance();  // @
  if (!cur().isWord()) {
    expected("an annotation name");
    return;
  }
  a.name = cur().text;
  advance();

  if (at(Tok::LParen)) {
    // Unstructured body: any balanced tokens. Keep the text; if it happens to be a list of
    // expressions (as for @name, @match, ...), keep those too. Never an error otherwise.
    a.form = Annotation::Form::Parens;
    size_t open = pos_;
    size_t i = open + 1;
    int depth = 1;
    for (; i < tokens_.size() && !tokens_[i].is(Tok::End); ++i) {
      if (tokens_[i].is(Tok::LParen)) ++depth;
      if (tokens_[i].is(Tok::RParen) && --depth == 0) break;
    }
    size_t close = i;
    if (depth != 0) {
      // Unbalanced (often an unterminated string swallowed the `)`): end the body with its
      // line, so that what follows still parses. The lexer has usually said why already.
      const SourceLoc& openLoc = tokens_[open].loc;
      close = open + 1;
      while (close < tokens_.size() - 1 && tokens_[close].loc.file == openLoc.file &&
             tokens_[close].loc.line == openLoc.line)
        ++close;
      bool explained = false;
      for (auto& d : deferred_)
        explained |= d.loc.file == openLoc.file && d.loc.line == openLoc.line;
      if (!explained)
        diags_.error(a.loc, "unterminated body of annotation '@{}': expected ')'", a.name);
      a.body = spellTokens(open + 1, close);
      pos_ = close;
      out.push_back(std::move(a));
      return;
    }
    a.body = spellTokens(open + 1, close);
    // The body's tokens, with the literal values they use renumbered into its own tables.
    TokenList body;
    for (size_t i = open + 1; i < close; ++i) {
      Token t = tokens_[i];
      if (t.kind == Tok::Int) {
        body.ints.push_back(intLiterals_.at(t.literal));
        t.literal = static_cast<uint32_t>(body.ints.size() - 1);
      } else if (t.kind == Tok::String) {
        body.strings.push_back(stringLiterals_.at(t.literal));
        t.literal = static_cast<uint32_t>(body.strings.size() - 1);
      }
      body.tokens.push_back(std::move(t));
    }
    Token end;
    end.loc = tokens_[close].loc;
    body.tokens.push_back(std::move(end));
    Diagnostics quiet(diags_.sources());
    Parser sub(std::move(body), quiet, names_);
    sub.depth_ = depth_;
    std::vector<ExprPtr> args;
    bool ok = true;
    if (!sub.at(Tok::End)) {
      do {
        ExprPtr e = sub.parseExpr();
        if (!e || sub.panic_) {
          ok = false;
          break;
        }
        args.push_back(std::move(e));
      } while (sub.accept(Tok::Comma));
    }
    if (ok && sub.at(Tok::End) && !quiet.hasErrors()) a.args = std::move(args);
    pos_ = close + 1;  // not advance(): unbalanced braces in the body must not count
    out.push_back(std::move(a));
    return;
  }

  if (at(Tok::LBracket)) {
    // Structured body: `[k = v, ...]` or `[expr, ...]`.
    a.form = Annotation::Form::Brackets;
    advance();
    size_t start = pos_;
    if (!at(Tok::RBracket)) {
      bool kv = at(Tok::Ident) && peekTok(1).is(Tok::Assign);
      do {
        if (at(Tok::RBracket)) break;  // trailing comma
        if (kv) {
          std::string key = takeName("a key", nullptr);
          if (key.empty() || !expect(Tok::Assign)) return;
          ExprPtr value = parseExpr();
          if (!value) return;
          a.kvs.emplace_back(std::move(key), std::move(value));
        } else {
          ExprPtr value = parseExpr();
          if (!value) return;
          a.args.push_back(std::move(value));
        }
      } while (accept(Tok::Comma));
    }
    a.body = spellTokens(start, pos_);
    if (!expect(Tok::RBracket)) return;
  }
  out.push_back(std::move(a));
}

// ---------------------------------------------------------------------------------------
// Types

TypeRefPtr Parser::parseType() {
  DepthGuard guard(*this);
  if (!guard.ok) return nullptr;
  SourceLoc loc = cur().loc;
  TypeRefPtr type;
  auto base = [&](BaseTypeRef::Base b) {
    advance();
    return std::make_unique<BaseTypeRef>(loc, b);
  };
  switch (cur().kind) {
    case Tok::KwBool:
      type = base(BaseTypeRef::Base::Bool);
      break;
    case Tok::KwError:
      type = base(BaseTypeRef::Base::Error);
      break;
    case Tok::KwMatchKind:
      type = base(BaseTypeRef::Base::MatchKind);
      break;
    case Tok::KwString:
      type = base(BaseTypeRef::Base::String);
      break;
    case Tok::KwVoid:
      type = base(BaseTypeRef::Base::Void);
      break;
    case Tok::Underscore:
      type = base(BaseTypeRef::Base::DontCare);
      break;
    case Tok::KwBit:
    case Tok::KwInt:
    case Tok::KwVarbit: {
      Tok kw = cur().kind;
      bool sized = peekTok(1).is(Tok::Lt);
      auto b = base(kw == Tok::KwBit      ? BaseTypeRef::Base::Bit
                    : kw == Tok::KwVarbit ? BaseTypeRef::Base::Varbit
                    : sized               ? BaseTypeRef::Base::SignedInt
                                          : BaseTypeRef::Base::Int);
      if (kw == Tok::KwVarbit && !sized) {
        expected("'<' after 'varbit'");
        return nullptr;
      }
      if (sized) {
        advance();
        b->width = parseWidth();
        if (!b->width || !closeAngle()) return nullptr;
      }
      type = std::move(b);
      break;
    }
    case Tok::KwTuple: {
      advance();
      auto tuple = std::make_unique<TupleTypeRef>(loc);
      if (!at(Tok::Lt)) {
        expected("'<' after 'tuple'");
        return nullptr;
      }
      tuple->elements = parseTypeArgs();
      if (panic_) return nullptr;
      type = std::move(tuple);
      break;
    }
    case Tok::Ident:
    case Tok::Dot: {
      if (atIdent("list") && peekTok(1).is(Tok::Lt)) {
        advance();
        advance();
        auto list = std::make_unique<ListTypeRef>(loc);
        list->element = parseType();
        if (!list->element || !closeAngle()) return nullptr;
        type = std::move(list);
        break;
      }
      Path path;
      path.global = accept(Tok::Dot);
      path.name = takeName("a type name", nullptr);
      if (path.name.empty()) return nullptr;
      auto named = std::make_unique<NamedTypeRef>(loc, std::move(path));
      if (at(Tok::Lt)) {
        named->args = parseTypeArgs();
        if (panic_) return nullptr;
      }
      type = std::move(named);
      break;
    }
    default:
      expected("a type");
      return nullptr;
  }
  if (at(Tok::LBracket)) {
    auto stack = std::make_unique<StackTypeRef>(loc);
    advance();
    stack->element = std::move(type);
    stack->size = parseExpr();
    if (!stack->size || !expect(Tok::RBracket)) return nullptr;
    type = std::move(stack);
  }
  return type;
}

// The width of bit<W>, int<W>, varbit<W>: an integer, `(expression)`, or (leniently) a name.
ExprPtr Parser::parseWidth() {
  if (at(Tok::Int) || at(Tok::Ident)) return parsePrimary();
  if (at(Tok::LParen)) {
    advance();
    ExprPtr e = parseExpr();
    if (!e || !expect(Tok::RParen)) return nullptr;
    return e;
  }
  expected("an integer width");
  return nullptr;
}

std::vector<TypeRefPtr> Parser::parseTypeArgs() {
  std::vector<TypeRefPtr> args;
  advance();  // <
  if (!at(Tok::Gt)) {
    do {
      TypeRefPtr t = parseType();
      if (!t) return args;
      args.push_back(std::move(t));
    } while (accept(Tok::Comma));
  }
  closeAngle();
  return args;
}

TypeParams Parser::parseOptTypeParams() {
  TypeParams params;
  if (!at(Tok::Lt)) return params;
  advance();
  do {
    SourceLoc loc;
    std::string name = takeName("a type parameter name", &loc);
    if (name.empty()) return params;
    auto p = std::make_unique<TypeParamDecl>(loc);
    p->name = name;
    names_->declareType(name);
    params.push_back(std::move(p));
  } while (accept(Tok::Comma));
  closeAngle();
  return params;
}

bool Parser::parseParams(Parameters& out) {
  if (!expect(Tok::LParen)) return false;
  if (accept(Tok::RParen)) return true;
  do {
    auto annotations = parseAnnotations();
    Direction dir = Direction::None;
    if (accept(Tok::KwIn))
      dir = Direction::In;
    else if (accept(Tok::KwOut))
      dir = Direction::Out;
    else if (accept(Tok::KwInout))
      dir = Direction::InOut;
    TypeRefPtr type = parseType();
    if (!type) return false;
    SourceLoc loc;
    std::string name = takeName("a parameter name", &loc);
    if (name.empty()) return false;
    auto p = std::make_unique<Parameter>(loc);
    p->name = name;
    p->annotations = std::move(annotations);
    p->direction = dir;
    p->typeRef = std::move(type);
    if (accept(Tok::Assign)) {
      p->defaultValue = parseExpr();
      if (!p->defaultValue) return false;
    }
    names_->declareValue(name);
    out.push_back(std::move(p));
  } while (accept(Tok::Comma));
  return expect(Tok::RParen);
}

}  // namespace p4nfc
