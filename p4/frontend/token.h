// Tokens of P4-16, as the lexer hands them to the parser.
//
// Words that P4 reserves only in some places (apply, key, actions, entries, state, type,
// priority, list) are lexed as identifiers: the parser recognises them by spelling where
// they have a meaning, so that they stay usable as field and variable names.
// `>>` is never one token: the parser joins two adjacent `>` into a shift, which lets
// `Register<bit<32>, bit<32>>` close two type-argument lists.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/source.h"

namespace p4nfc {

enum class Tok : uint8_t {
  End,
  Ident,
  Int,
  String,
  // reserved words
  KwAbstract,
  KwAction,
  KwBit,
  KwBool,
  KwConst,
  KwControl,
  KwDefault,
  KwElse,
  KwEnum,
  KwError,
  KwExit,
  KwExtern,
  KwFalse,
  KwHeader,
  KwHeaderUnion,
  KwIf,
  KwIn,
  KwInout,
  KwInt,
  KwMatchKind,
  KwOut,
  KwPackage,
  KwParser,
  KwReturn,
  KwSelect,
  KwString,
  KwStruct,
  KwSwitch,
  KwTable,
  KwThis,
  KwTransition,
  KwTrue,
  KwTuple,
  KwTypedef,
  KwValueSet,
  KwVarbit,
  KwVoid,
  // punctuation and operators
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Lt,
  Gt,
  Le,
  Ge,
  Shl,
  AndAnd,
  OrOr,
  Ne,
  EqEq,
  Plus,
  Minus,
  PlusSat,   // |+|
  MinusSat,  // |-|
  Star,
  Slash,
  Percent,
  Pipe,
  Amp,
  Caret,
  Tilde,
  Not,
  Colon,
  Comma,
  Question,
  Dot,
  Assign,
  Semi,
  At,
  Hash,      // only meaningful in `{#}`
  PlusPlus,  // ++ concatenation
  Underscore,
  Mask,   // &&&
  Range,  // ..
  Dots,   // ... (the default value)
  // compound assignments; `>>=` is lexed as `>` `>=` like `>>` (see above)
  PlusAssign,
  MinusAssign,
  StarAssign,
  SlashAssign,
  PercentAssign,
  ShlAssign,
  AmpAssign,
  PipeAssign,
  CaretAssign,
  PlusSatAssign,   // |+|=
  MinusSatAssign,  // |-|=
};

// The value of an integer literal. Literal values live beside the tokens (TokenList), not
// in them: an mpz_class and a second string would make every token large and costly to
// move, and all but a few tokens are words and punctuation.
struct IntLiteralValue {
  mpz_class value;
  std::optional<int> width;  // 8w1, 8s1; none for a plain 1
  bool isSigned = false;
};

struct Token {
  Tok kind = Tok::End;
  bool spaceBefore = false;  // whitespace, a comment or a line break precedes the token
  uint32_t literal = 0;      // Int: index into TokenList::ints; String: into ::strings
  SourceLoc loc;
  std::string text;  // the spelling as written (strings keep their quotes)

  bool is(Tok k) const { return kind == k; }
  bool isIdent(std::string_view spelling) const { return kind == Tok::Ident && text == spelling; }
  // An identifier or a reserved word: what may follow `@` or `.`.
  bool isWord() const {
    return kind == Tok::Ident || (kind >= Tok::KwAbstract && kind <= Tok::KwVoid);
  }
};

// What the lexer produces: the tokens (the last one is Tok::End) and the literal values
// they refer to.
struct TokenList {
  std::vector<Token> tokens;
  std::vector<IntLiteralValue> ints;
  std::vector<std::string> strings;  // the contents, with escapes resolved

  const IntLiteralValue& intValue(const Token& t) const { return ints.at(t.literal); }
  const std::string& stringValue(const Token& t) const { return strings.at(t.literal); }
};

// "'apply'", "end of file", "integer '42'": how a message names a token.
std::string describeToken(const Token& t);
// The fixed spelling of a keyword or punctuation token ("" for Ident, Int, String, End).
const char* tokSpelling(Tok k);
// Reserved words: the kind for `word`, or Tok::Ident.
Tok keywordKind(std::string_view word);

}  // namespace p4nfc
