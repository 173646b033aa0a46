// The recursive-descent parser: tokens -> AST (frontend/ast.h).
//
// P4 is not context free: `T<...>` is a type specialization only when T names a type, and
// `(T) e` is a cast only when T is one. Like p4c, the parser therefore keeps a scoped table
// of the names declared so far, each marked as a type (header, struct, enum, extern,
// typedef, parser, control, package, type parameter) or a value (constant, variable,
// parameter, instance, action, function, table), so that a value can shadow a type name.
// Where the grammar itself decides (a statement that starts `Name Name` is a declaration),
// the parser looks ahead over the tokens instead, which also accepts unknown type names
// and leaves their reporting to semantic analysis.
//
// Errors: the first error of a construct is reported ("expected ';' but found 'apply'"),
// further ones are suppressed until the parser has resynchronised at a `;`, a `}` of the
// right depth or the next declaration keyword, so one run shows several independent
// errors. Every loop consumes a token or stops, and nesting deeper than kMaxDepth is refused,
// so no input can make the parser hang or overflow the stack.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/ast.h"
#include "frontend/diagnostics.h"
#include "frontend/lexer.h"
#include "frontend/token.h"

namespace p4nfc {

// The names in scope while parsing, innermost scope last.
class ParserNames {
 public:
  ParserNames() { scopes_.emplace_back(); }
  void push() { scopes_.emplace_back(); }
  void pop() {
    if (scopes_.size() > 1) scopes_.pop_back();
  }
  void declareType(const std::string& name) { scopes_.back()[name] = true; }
  void declareValue(const std::string& name) { scopes_.back()[name] = false; }
  bool isType(const std::string& name) const;

 private:
  std::vector<std::unordered_map<std::string, bool>> scopes_;
};

class Parser {
 public:
  static constexpr int kMaxDepth = 200;

  // `tokens` must end with Tok::End (as Lexer::tokenize returns them).
  Parser(TokenList tokens, Diagnostics& diags, ParserNames* names = nullptr);

  std::unique_ptr<Program> parseProgram();
  // One expression up to the end of the tokens (tests, annotation bodies); null on error.
  ExprPtr parseExpressionOnly();

  ParserNames& names() { return *names_; }

  // Lexer diagnostics to report as the parser passes the tokens they precede.
  void setDeferredDiagnostics(std::vector<DeferredDiagnostic> deferred) {
    deferred_ = std::move(deferred);
  }

 private:
  // Counts recursion; `ok` is false (and an error reported) beyond kMaxDepth.
  struct DepthGuard {
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
    bool ok;
  };
  // A scope of names for the lifetime of a declaration or block.
  struct ScopeGuard {
    explicit ScopeGuard(Parser& p) : parser(p) { parser.names_->push(); }
    ~ScopeGuard() { parser.names_->pop(); }
    Parser& parser;
  };
  enum class Context { TopLevel, ControlLocal, ParserLocal, ObjInitializer, Block };
  enum class SyncLevel { Statement, Declaration };

  // ---- tokens (parser.cpp)
  const Token& cur() const { return tokens_[pos_]; }
  const Token& peekTok(size_t ahead) const;
  const Token& tokAt(size_t index) const;
  bool at(Tok k) const { return cur().kind == k; }
  bool atIdent(std::string_view spelling) const { return cur().isIdent(spelling); }
  void advance();
  bool accept(Tok k);
  bool expect(Tok k);
  bool closeAngle();                                            // `>`, splitting `>=`
  std::string takeName(std::string_view what, SourceLoc* loc);  // an identifier, or error

  // ---- errors and recovery (parser.cpp)
  void error(SourceLoc loc, std::string message);
  void flushDeferred(size_t upToToken);
  void expected(std::string_view what);
  SourceLoc errorLoc() const;
  SourceLoc afterToken(const Token& t) const;
  bool startsDeclarationKeyword() const;
  bool startsStatementKeyword() const;
  void synchronize(size_t itemStart, int itemDepth, SyncLevel level);
  bool atOuterKeyword(SyncLevel level) const;
  bool closingBraceMissing() const;
  bool listGoesOn(SyncLevel level) const;
  bool closeBrace(SyncLevel level);

  // ---- lookahead scans: index after the construct, or npos (parser.cpp)
  size_t skipBalanced(size_t i, Tok open, Tok close) const;
  size_t scanTypeArgs(size_t i) const;
  size_t scanType(size_t i) const;
  bool isBaseTypeKeyword(Tok k) const;
  bool looksLikeDeclaration() const;
  bool looksLikeCast() const;
  bool typeArgsFollow() const;
  bool isTypeNameAt(size_t i) const;
  bool isListTypeAt(size_t i) const;

  // ---- annotations and types (parser.cpp)
  Annotations parseAnnotations();
  void parseAnnotation(Annotations& out);
  std::string spellTokens(size_t from, size_t to) const;
  TypeRefPtr parseType();
  ExprPtr parseWidth();
  std::vector<TypeRefPtr> parseTypeArgs();
  TypeParams parseOptTypeParams();
  bool parseParams(Parameters& out);

  // ---- expressions (parser_exprs.cpp)
  ExprPtr parseExpr();
  ExprPtr parseBinary(int minPrecedence);
  ExprPtr parseUnary();
  ExprPtr parsePrimary();
  ExprPtr parsePostfix(ExprPtr base);
  ExprPtr parseBraceExpr();
  bool parseArgs(std::vector<Argument>& out);
  ExprPtr parseKeyset();
  ExprPtr parseSimpleKeyset();
  ExprPtr parseSelect();

  // ---- statements (parser_stmts.cpp)
  StmtPtr parseStatement();
  std::unique_ptr<BlockStmt> parseBlock(Annotations annotations);
  void parseStatementList(std::vector<StmtPtr>& out, bool inParserState);
  StmtPtr parseIf();
  StmtPtr parseSwitch();
  StmtPtr parseExprStatement(bool withSemicolon);
  StmtPtr parseFor(Annotations annotations);
  std::unique_ptr<VarDecl> parseVariableWithoutSemicolon(Annotations annotations);
  std::unique_ptr<VarDecl> parseVariableRest(TypeRefPtr type, const std::string& name,
                                             SourceLoc nameLoc, Annotations annotations);
  StmtPtr parseLocalDeclaration(Annotations annotations);

  // ---- declarations (parser_decls.cpp)
  void parseDeclaration(Context context, std::vector<DeclPtr>& out);
  void parseDeclarationList(Context context, std::vector<DeclPtr>& out);
  DeclPtr parseConst(Annotations annotations);
  void parseTypedef(Annotations annotations, std::vector<DeclPtr>& out);
  DeclPtr parseEnum(Annotations annotations);
  DeclPtr parseErrorOrMatchKind(Annotations annotations);
  DeclPtr parseStructLike(Annotations annotations);
  DeclPtr parseExtern(Annotations annotations);
  std::unique_ptr<MethodDecl> parseMethod(const std::string& externName);
  // `Name<type params>(params)`: the head that parser, control and package declarations
  // (and parser and control types) share. The name is declared as a type in the enclosing
  // scope; the type parameters and parameters live in the scope opened in `scope`, which
  // the caller keeps for the body.
  struct TypeDeclHead {
    SourceLoc nameLoc;
    std::string name;
    TypeParams typeParams;
    Parameters params;
  };
  bool parseTypeDeclHead(std::string_view what, TypeDeclHead& head, std::optional<ScopeGuard>& scope);
  DeclPtr parseParser(Annotations annotations);
  std::unique_ptr<ParserState> parseState(Annotations annotations);
  DeclPtr parseControl(Annotations annotations);
  DeclPtr parsePackage(Annotations annotations);
  DeclPtr parseAction(Annotations annotations);
  DeclPtr parseTable(Annotations annotations);
  bool parseTableProperty(TableProperty& prop);
  void parseKeyElements(TableProperty& prop);
  void parseActionRefs(TableProperty& prop);
  void parseEntries(TableProperty& prop);
  void takePriorityAnnotation(TableEntry& entry);
  DeclPtr parseValueSet(Annotations annotations);
  DeclPtr parseTypedDeclaration(Context context, Annotations annotations);
  DeclPtr parseInstantiationRest(TypeRefPtr type, Annotations annotations);

  std::vector<Token> tokens_;
  std::vector<IntLiteralValue> intLiterals_;  // Token::literal of Int tokens
  std::vector<std::string> stringLiterals_;   // Token::literal of String tokens
  size_t pos_ = 0;
  Diagnostics& diags_;
  ParserNames ownNames_;
  ParserNames* names_;
  std::vector<DeferredDiagnostic> deferred_;
  size_t nextDeferred_ = 0;
  bool panic_ = false;  // an error was reported and the parser has not resynchronised yet
  int braceDepth_ = 0;  // `{` consumed minus `}` consumed
  int depth_ = 0;       // recursion depth, see DepthGuard
  mutable size_t braceScanPos_ = static_cast<size_t>(-1);  // cache of closingBraceMissing
  mutable bool braceScanResult_ = false;
  mutable int braceScans_ = 0;
};

// Parses preprocessed text. Used by Compilation; convenient in tests.
std::unique_ptr<Program> parseP4(std::string_view text, uint32_t fileId, Diagnostics& diags);

}  // namespace p4nfc
