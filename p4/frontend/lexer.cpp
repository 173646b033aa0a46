#include "frontend/lexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <unordered_map>

namespace p4nfc {

namespace {

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

const char* baseName(int base) {
  switch (base) {
    case 2:
      return "binary";
    case 8:
      return "octal";
    case 16:
      return "hexadecimal";
    default:
      return "decimal";
  }
}

std::string printableChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  return fmt::format("\\x{:02x}", u);
}

struct Punct {
  const char* spelling;
  Tok kind;
};

// Longest spellings first, so the first match is the longest one.
constexpr Punct kPunctuation[] = {
    {"|+|=", Tok::PlusSatAssign}, {"|-|=", Tok::MinusSatAssign}, {"<<=", Tok::ShlAssign},
    {"...", Tok::Dots},   {"+=", Tok::PlusAssign},  {"-=", Tok::MinusAssign},
    {"*=", Tok::StarAssign},   {"/=", Tok::SlashAssign}, {"%=", Tok::PercentAssign},
    {"&=", Tok::AmpAssign},    {"|=", Tok::PipeAssign},  {"^=", Tok::CaretAssign},
    {"&&&", Tok::Mask},   {"|+|", Tok::PlusSat}, {"|-|", Tok::MinusSat}, {"&&", Tok::AndAnd},
    {"||", Tok::OrOr},    {"..", Tok::Range},    {"++", Tok::PlusPlus},  {"<<", Tok::Shl},
    {"<=", Tok::Le},      {">=", Tok::Ge},       {"==", Tok::EqEq},      {"!=", Tok::Ne},
    {"(", Tok::LParen},   {")", Tok::RParen},    {"{", Tok::LBrace},     {"}", Tok::RBrace},
    {"[", Tok::LBracket}, {"]", Tok::RBracket},  {"<", Tok::Lt},         {">", Tok::Gt},
    {"+", Tok::Plus},     {"-", Tok::Minus},     {"*", Tok::Star},       {"/", Tok::Slash},
    {"%", Tok::Percent},  {"|", Tok::Pipe},      {"&", Tok::Amp},        {"^", Tok::Caret},
    {"~", Tok::Tilde},    {"!", Tok::Not},       {":", Tok::Colon},      {",", Tok::Comma},
    {"?", Tok::Question}, {".", Tok::Dot},       {"=", Tok::Assign},     {";", Tok::Semi},
    {"@", Tok::At},       {"#", Tok::Hash},
};

struct Keyword {
  const char* spelling;
  Tok kind;
};

constexpr Keyword kKeywords[] = {
    {"abstract", Tok::KwAbstract},
    {"action", Tok::KwAction},
    {"bit", Tok::KwBit},
    {"bool", Tok::KwBool},
    {"const", Tok::KwConst},
    {"control", Tok::KwControl},
    {"default", Tok::KwDefault},
    {"else", Tok::KwElse},
    {"enum", Tok::KwEnum},
    {"error", Tok::KwError},
    {"exit", Tok::KwExit},
    {"extern", Tok::KwExtern},
    {"false", Tok::KwFalse},
    {"header", Tok::KwHeader},
    {"header_union", Tok::KwHeaderUnion},
    {"if", Tok::KwIf},
    {"in", Tok::KwIn},
    {"inout", Tok::KwInout},
    {"int", Tok::KwInt},
    {"match_kind", Tok::KwMatchKind},
    {"out", Tok::KwOut},
    {"package", Tok::KwPackage},
    {"parser", Tok::KwParser},
    {"return", Tok::KwReturn},
    {"select", Tok::KwSelect},
    {"string", Tok::KwString},
    {"struct", Tok::KwStruct},
    {"switch", Tok::KwSwitch},
    {"table", Tok::KwTable},
    {"this", Tok::KwThis},
    {"transition", Tok::KwTransition},
    {"true", Tok::KwTrue},
    {"tuple", Tok::KwTuple},
    {"typedef", Tok::KwTypedef},
    {"value_set", Tok::KwValueSet},
    {"varbit", Tok::KwVarbit},
    {"void", Tok::KwVoid},
};

}  // namespace

Tok keywordKind(std::string_view word) {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string_view, Tok>();
    for (const auto& k : kKeywords) m->emplace(k.spelling, k.kind);
    return m;
  }();
  auto it = table->find(word);
  return it == table->end() ? Tok::Ident : it->second;
}

const char* tokSpelling(Tok k) {
  for (const auto& p : kPunctuation)
    if (p.kind == k) return p.spelling;
  for (const auto& kw : kKeywords)
    if (kw.kind == k) return kw.spelling;
  if (k == Tok::Underscore) return "_";
  return "";
}

std::string describeToken(const Token& t) {
  switch (t.kind) {
    case Tok::End:
      return "end of file";
    case Tok::String:
      return fmt::format("string literal {}", t.text);
    case Tok::Int:
      return fmt::format("'{}'", t.text);
    default:
      return fmt::format("'{}'", t.text.empty() ? tokSpelling(t.kind) : t.text);
  }
}

Lexer::Lexer(std::string_view text, uint32_t fileId, Diagnostics& diags)
    : text_(text), file_(fileId), diags_(diags), sources_(diags.sources()) {}

TokenList tokenize(std::string_view text, uint32_t fileId, Diagnostics& diags) {
  return Lexer(text, fileId, diags).tokenize();
}

TokenList Lexer::tokenize() {
  out_ = TokenList{};
  std::vector<Token>& tokens = out_.tokens;
  // P4 averages well over 4 bytes a token; one reservation saves the regrowth copies.
  tokens.reserve(text_.size() / 4 + 16);
  bool space = true;
  while (true) {
    space |= skipSpaceAndComments();
    Token t;
    t.spaceBefore = space || !lineHasToken_;
    if (atEnd()) {
      t.kind = Tok::End;
      t.loc = SourceLoc{file_, line_, static_cast<uint32_t>(pos_ - lineStart_ + 1)};
      tokens.push_back(std::move(t));
      return std::move(out_);
    }
    size_t before = pos_;
    lexToken(t);
    if (pos_ == before) ++pos_;  // defensive: never stall
    if (t.kind == Tok::End) {    // an unknown character: reported, skipped
      space = true;
      continue;
    }
    lineHasToken_ = true;
    space = false;
    tokens.push_back(std::move(t));
    tokenCount_ = tokens.size();
  }
}

void Lexer::report(Severity severity, SourceLoc loc, std::string message) {
  if (deferred_) {
    deferred_->push_back({tokenCount_, severity, loc, std::move(message)});
    return;
  }
  switch (severity) {
    case Severity::Error:
      diags_.error(loc, std::move(message));
      break;
    case Severity::Warning:
      diags_.warning(loc, std::move(message));
      break;
    case Severity::Note:
      diags_.note(loc, std::move(message));
      break;
  }
}

void Lexer::newline() {
  ++pos_;
  ++line_;
  lineStart_ = pos_;
  lineHasToken_ = false;
  cursor_ = 1;
}

bool Lexer::skipSpaceAndComments() {
  bool skipped = false;
  while (!atEnd()) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (c == '\n') {
      newline();
    } else if (c == '/' && peek(1) == '/') {
      while (!atEnd() && peek() != '\n') ++pos_;
    } else if (c == '/' && peek(1) == '*') {
      SourceLoc start = locate(pos_, "/*");
      pos_ += 2;
      while (!atEnd() && !(peek() == '*' && peek(1) == '/')) {
        if (peek() == '\n')
          newline();
        else
          ++pos_;
      }
      if (atEnd()) {
        error(start, "unterminated comment");
        return true;
      }
      pos_ += 2;
    } else if (c == '#' && !lineHasToken_) {
      if (!handleDirective()) return skipped;
    } else {
      return skipped;
    }
    skipped = true;
  }
  return skipped;
}

void Lexer::skipRestOfLine() {
  while (!atEnd() && peek() != '\n') ++pos_;
}

// Returns false when the `#` is not a directive after all (`{#}` split over lines).
bool Lexer::handleDirective() {
  size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  std::string_view line = text_.substr(pos_, end - pos_);
  std::string_view rest = line.substr(1);
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
  if (rest.empty() || rest[0] == '}') return false;
  if (!parseLineMarker(line)) {
    SourceLoc loc = locate(pos_, "#");
    if (rest.substr(0, 6) == "pragma")
      report(Severity::Warning, loc, "ignoring '#pragma': P4 programs use annotations instead");
    else
      error(loc, "unexpected preprocessor directive (the preprocessor did not run?)");
  }
  skipRestOfLine();
  return true;
}

// `# 12 "file" 1 3` or `#line 12 "file"`: the next line is line 12 of `file`.
bool Lexer::parseLineMarker(std::string_view line) {
  size_t i = 1;
  auto skipSpaces = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  skipSpaces();
  if (line.substr(i, 4) == "line") {
    i += 4;
    skipSpaces();
  }
  if (i >= line.size() || !isDigit(line[i])) return false;
  uint64_t number = 0;
  while (i < line.size() && isDigit(line[i])) {
    number = std::min<uint64_t>(number * 10 + (line[i] - '0'), UINT32_MAX);
    ++i;
  }
  skipSpaces();
  if (i < line.size() && line[i] == '"') {
    std::string name;
    ++i;
    while (i < line.size() && line[i] != '"') {
      char c = line[i++];
      if (c == '\\' && i < line.size()) {
        if (isDigit(line[i])) {  // cpp writes unusual bytes as octal escapes
          int v = 0;
          for (int n = 0; n < 3 && i < line.size() && line[i] >= '0' && line[i] <= '7'; ++n)
            v = v * 8 + (line[i++] - '0');
          c = static_cast<char>(v);
        } else {
          c = line[i++];
        }
      }
      name += c;
    }
    uint32_t previous = file_;
    file_ = sources_.fileId(name);
    if (i < line.size()) ++i;  // the closing quote
    // Flags follow: 1 marks the start of a file that `previous` includes.
    skipSpaces();
    if (i < line.size() && line[i] == '1' && (i + 1 == line.size() || line[i + 1] == ' '))
      sources_.setIncluder(file_, previous);
  }
  // The newline ending the marker advances to `number`.
  line_ = static_cast<uint32_t>(number) - 1;
  return true;
}

SourceLoc Lexer::locate(size_t start, std::string_view spelling) {
  auto cppCol = static_cast<uint32_t>(start - lineStart_ + 1);
  // cpp only shrinks a line (whitespace runs, comments), so the token is at or after cpp's
  // column. A macro expanded earlier in the line may have grown it, though: then look from
  // just after the previous token instead.
  uint32_t col = sources_.originalColumn(file_, line_, std::max(cppCol, cursor_), spelling);
  if (col == 0 && cursor_ < cppCol) col = sources_.originalColumn(file_, line_, cursor_, spelling);
  if (col == 0) return SourceLoc{file_, line_, cppCol};
  cursor_ = col + static_cast<uint32_t>(spelling.size());
  return SourceLoc{file_, line_, col};
}

void Lexer::lexToken(Token& t) {
  char c = peek();
  if (isIdentStart(c)) {
    size_t start = pos_;
    while (!atEnd() && isIdentChar(peek())) ++pos_;
    t.text = std::string(text_.substr(start, pos_ - start));
    t.kind = t.text == "_" ? Tok::Underscore : keywordKind(t.text);
    t.loc = locate(start, t.text);
  } else if (isDigit(c)) {
    lexNumber(t);
  } else if (c == '"') {
    lexString(t);
  } else {
    lexPunctuation(t);
  }
}

void Lexer::lexNumber(Token& t) {
  size_t start = pos_;
  while (!atEnd() && isIdentChar(peek())) ++pos_;
  std::string_view spelling = text_.substr(start, pos_ - start);
  t.kind = Tok::Int;
  t.text = std::string(spelling);
  t.loc = locate(start, spelling);
  t.literal = static_cast<uint32_t>(out_.ints.size());
  out_.ints.emplace_back();
  finishNumber(t, spelling);
}

// `42`, `0x2A`, `0b1010_1010`, `0o52`, `0d42`, `8w42`, `8s0x2A`.
void Lexer::finishNumber(Token& t, std::string_view spelling) {
  IntLiteralValue& literal = out_.ints[t.literal];
  size_t i = 0;
  while (i < spelling.size() && isDigit(spelling[i])) ++i;
  std::string_view digits = spelling;
  if (i < spelling.size() && (spelling[i] == 'w' || spelling[i] == 's') &&
      i + 1 < spelling.size() && isDigit(spelling[i + 1])) {
    uint64_t width = 0;
    for (size_t k = 0; k < i; ++k)
      width = std::min<uint64_t>(width * 10 + (spelling[k] - '0'), 1ull << 40);
    if (width > static_cast<uint64_t>(INT_MAX)) {
      error(t.loc, "width of integer literal '{}' is too large", spelling);
      width = 32;
    }
    literal.width = static_cast<int>(width);
    literal.isSigned = spelling[i] == 's';
    digits = spelling.substr(i + 1);
  }
  int base = 10;
  if (digits.size() >= 2 && digits[0] == '0') {
    switch (digits[1]) {
      case 'x':
      case 'X':
        base = 16;
        break;
      case 'o':
      case 'O':
        base = 8;
        break;
      case 'b':
      case 'B':
        base = 2;
        break;
      case 'd':
      case 'D':
        base = 10;
        break;
      default:
        base = 0;
    }
    if (base != 0)
      digits.remove_prefix(2);
    else
      base = 10;
  }
  std::string clean;
  clean.reserve(digits.size());
  for (char c : digits) {
    if (c == '_') continue;
    if (digitValue(c) >= base) {
      error(t.loc, "invalid digit '{}' in {} integer literal '{}'", printableChar(c),
            baseName(base), spelling);
      literal.value = 0;
      return;
    }
    clean += c;
  }
  if (clean.empty()) {
    error(t.loc, "integer literal '{}' has no digits", spelling);
    literal.value = 0;
    return;
  }
  literal.value.set_str(clean, base);
}

void Lexer::lexString(Token& t) {
  size_t start = pos_;
  SourceLoc loc{file_, line_, static_cast<uint32_t>(start - lineStart_ + 1)};
  ++pos_;
  std::string value;
  bool closed = false;
  while (!atEnd() && peek() != '\n') {
    char c = peek();
    ++pos_;
    if (c == '"') {
      closed = true;
      break;
    }
    if (c == '\\' && !atEnd() && peek() != '\n') {
      char e = peek();
      ++pos_;
      switch (e) {
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case '0':
          value += '\0';
          break;
        case '\\':
          value += '\\';
          break;
        case '"':
          value += '"';
          break;
        default:
          value += '\\';
          value += e;
      }
      continue;
    }
    value += c;
  }
  t.kind = Tok::String;
  t.text = std::string(text_.substr(start, pos_ - start));
  t.literal = static_cast<uint32_t>(out_.strings.size());
  out_.strings.push_back(std::move(value));
  t.loc = locate(start, t.text);
  if (!closed) {
    if (t.loc.col == 0) t.loc = loc;
    error(t.loc, "unterminated string literal");
  }
}

void Lexer::lexPunctuation(Token& t) {
  std::string_view rest = text_.substr(pos_);
  for (const auto& p : kPunctuation) {
    size_t n = std::strlen(p.spelling);
    if (rest.substr(0, n) == p.spelling) {
      t.kind = p.kind;
      t.text = p.spelling;
      t.loc = locate(pos_, t.text);
      pos_ += n;
      return;
    }
  }
  // Not a token: report it and let tokenize() skip the byte.
  SourceLoc loc = locate(pos_, rest.substr(0, 1));
  error(loc, "unexpected character '{}'", printableChar(rest[0]));
  t.kind = Tok::End;
  ++pos_;
  // One report for a whole non-ASCII (UTF-8) character.
  while (!atEnd() && static_cast<unsigned char>(peek()) >= 0x80 &&
         static_cast<unsigned char>(rest[0]) >= 0x80)
    ++pos_;
}

}  // namespace p4nfc
