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
};

struct Token {
  Tok kind = Tok::End;
  SourceLoc loc;
  std::string text;          // the spelling as written (strings keep their quotes)
  bool spaceBefore = false;  // whitespace, a comment or a line break precedes the token

  // Int tokens
  mpz_class value;
  std::optional<int> width;
  bool isSigned = false;
  // String tokens: the contents with escapes resolved
  std::string stringValue;

  bool is(Tok k) const { return kind == k; }
  bool isIdent(std::string_view spelling) const { return kind == Tok::Ident && text == spelling; }
  // An identifier or a reserved word: what may follow `@` or `.`.
  bool isWord() const {
    return kind == Tok::Ident || (kind >= Tok::KwAbstract && kind <= Tok::KwVoid);
  }
};

// "'apply'", "end of file", "integer '42'": how a message names a token.
std::string describeToken(const Token& t);
// The fixed spelling of a keyword or punctuation token ("" for Ident, Int, String, End).
const char* tokSpelling(Tok k);
// Reserved words: the kind for `word`, or Tok::Ident.
Tok keywordKind(std::string_view word);

}  // namespace p4nfc
