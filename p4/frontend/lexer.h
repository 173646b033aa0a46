// The lexer: preprocessed P4 text -> tokens with locations in the user's files.
//
// cpp's line markers (`# 12 "prog.p4" 1 3`) switch the file and line that following tokens
// are attributed to. Because cpp collapses whitespace, a token's column in cpp's output is
// only a lower bound: the lexer looks the token's spelling up in the original line, from
// that column and after the previous token of the same line, and falls back to cpp's column
// when the spelling is not there (text that came out of a macro).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontend/diagnostics.h"
#include "frontend/token.h"

namespace p4nfc {

// A lexer diagnostic held back until the parser reaches the token it precedes, so that
// lexical and syntax errors come out in source order.
struct DeferredDiagnostic {
  size_t tokenIndex;
  Severity severity;
  SourceLoc loc;
  std::string message;
};

class Lexer {
 public:
  // `fileId` names the text until the first line marker.
  Lexer(std::string_view text, uint32_t fileId, Diagnostics& diags);

  // Every token of the text; the last one is Tok::End.
  TokenList tokenize();

  // Collect diagnostics in `out` instead of reporting them at once.
  void deferDiagnostics(std::vector<DeferredDiagnostic>* out) { deferred_ = out; }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void newline();  // consumes '\n'
  bool skipSpaceAndComments();
  bool handleDirective();  // a `#` at the start of a line
  void skipRestOfLine();
  bool parseLineMarker(std::string_view line);

  void lexToken(Token& t);
  void lexNumber(Token& t);
  void lexString(Token& t);
  void lexPunctuation(Token& t);
  void finishNumber(Token& t, std::string_view spelling);

  SourceLoc locate(size_t start, std::string_view spelling);
  void report(Severity severity, SourceLoc loc, std::string message);
  template <typename... Args>
  void error(SourceLoc loc, fmt::format_string<Args...> f, Args&&... args) {
    report(Severity::Error, loc, fmt::format(f, std::forward<Args>(args)...));
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t lineStart_ = 0;  // offset of the current physical line
  bool lineHasToken_ = false;
  uint32_t file_;
  uint32_t line_ = 1;    // logical line in file_ of the current physical line
  uint32_t cursor_ = 1;  // column in the original line after the previous token
  size_t tokenCount_ = 0;
  Diagnostics& diags_;
  SourceManager& sources_;
  std::vector<DeferredDiagnostic>* deferred_ = nullptr;
  TokenList out_;
};

// Convenience for tests and tools.
TokenList tokenize(std::string_view text, uint32_t fileId, Diagnostics& diags);

}  // namespace p4nfc
