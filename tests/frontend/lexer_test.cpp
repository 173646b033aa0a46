// The lexer: tokens, literals, widths, line markers and column recovery.
#include "frontend/lexer.h"

#include <gtest/gtest.h>

namespace p4nfc {
namespace {

struct Lexed {
  SourceManager sources;
  Diagnostics diags{sources};
  TokenList lexed;
  std::vector<Token>& tokens = lexed.tokens;
  uint32_t file = 0;

  explicit Lexed(std::string_view text, const std::string& name = "test.p4") {
    file = sources.fileId(name);
    sources.setFileContents(file, std::string(text));
    lexed = tokenize(text, file, diags);
  }
  const IntLiteralValue& literal(size_t i) const { return lexed.intValue(tokens[i]); }
  std::vector<Tok> kinds() const {
    std::vector<Tok> out;
    for (auto& t : tokens) out.push_back(t.kind);
    return out;
  }
  std::string firstError() const {
    for (auto& d : diags.all())
      if (d.severity == Severity::Error) return d.message;
    return "";
  }
};

TEST(Lexer, EmptyInputIsJustEnd) {
  Lexed l("");
  ASSERT_EQ(l.tokens.size(), 1u);
  EXPECT_EQ(l.tokens[0].kind, Tok::End);
  EXPECT_FALSE(l.diags.hasErrors());
}

TEST(Lexer, KeywordsAndIdentifiers) {
  Lexed l("header struct control apply key actions state type _ _x bit<8> value_set");
  std::vector<Tok> expected = {Tok::KwHeader,   Tok::KwStruct, Tok::KwControl,  Tok::Ident,
                               Tok::Ident,      Tok::Ident,    Tok::Ident,      Tok::Ident,
                               Tok::Underscore, Tok::Ident,    Tok::KwBit,      Tok::Lt,
                               Tok::Int,        Tok::Gt,       Tok::KwValueSet, Tok::End};
  EXPECT_EQ(l.kinds(), expected);
  EXPECT_EQ(l.tokens[3].text, "apply");
  EXPECT_EQ(l.tokens[9].text, "_x");
}

TEST(Lexer, Operators) {
  Lexed l("&&& && & |+| |-| || | .. . ++ + << <= < >= > > == = != ! : ; , ? @ # ~ ^ % / * -");
  std::vector<Tok> expected = {
      Tok::Mask,  Tok::AndAnd,  Tok::Amp,      Tok::PlusSat,  Tok::MinusSat, Tok::OrOr, Tok::Pipe,
      Tok::Range, Tok::Dot,     Tok::PlusPlus, Tok::Plus,     Tok::Shl,      Tok::Le,   Tok::Lt,
      Tok::Ge,    Tok::Gt,      Tok::Gt,       Tok::EqEq,     Tok::Assign,   Tok::Ne,   Tok::Not,
      Tok::Colon, Tok::Semi,    Tok::Comma,    Tok::Question, Tok::At,       Tok::Hash, Tok::Tilde,
      Tok::Caret, Tok::Percent, Tok::Slash,    Tok::Star,     Tok::Minus,    Tok::End};
  EXPECT_EQ(l.kinds(), expected);
}

TEST(Lexer, ShiftRightIsTwoAdjacentGreaterThans) {
  Lexed l("a >> b > > c");
  ASSERT_EQ(l.tokens.size(), 8u);
  EXPECT_EQ(l.tokens[1].kind, Tok::Gt);
  EXPECT_EQ(l.tokens[2].kind, Tok::Gt);
  EXPECT_FALSE(l.tokens[2].spaceBefore);  // adjacent: a shift
  EXPECT_TRUE(l.tokens[5].spaceBefore);   // `> >`: two comparisons' worth
}

TEST(Lexer, DecimalHexOctalBinaryLiterals) {
  Lexed l("42 0x2A 0X2a 0o52 0O52 0b101010 0B10_1010 0d42 1_000_000");
  std::vector<long> values = {42, 42, 42, 42, 42, 42, 42, 42, 1000000};
  ASSERT_EQ(l.tokens.size(), values.size() + 1);
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(l.tokens[i].kind, Tok::Int) << i;
    EXPECT_EQ(l.literal(i).value, values[i]) << l.tokens[i].text;
    EXPECT_FALSE(l.literal(i).width.has_value());
  }
  EXPECT_FALSE(l.diags.hasErrors());
}

TEST(Lexer, WidthPrefixes) {
  Lexed l("8w255 16s0x7fff 32w0b1 4w0o7 128w0xffffffffffffffffffffffffffffffff");
  EXPECT_EQ(l.literal(0).width, 8);
  EXPECT_FALSE(l.literal(0).isSigned);
  EXPECT_EQ(l.literal(0).value, 255);
  EXPECT_EQ(l.literal(1).width, 16);
  EXPECT_TRUE(l.literal(1).isSigned);
  EXPECT_EQ(l.literal(1).value, 0x7fff);
  EXPECT_EQ(l.literal(2).value, 1);
  EXPECT_EQ(l.literal(3).value, 7);
  EXPECT_EQ(l.literal(4).width, 128);
  EXPECT_EQ(l.literal(4).value, mpz_class("ffffffffffffffffffffffffffffffff", 16));
  EXPECT_EQ(l.tokens[4].text, "128w0xffffffffffffffffffffffffffffffff");
}

TEST(Lexer, RangeBetweenIntegers) {
  Lexed l("1..5");
  std::vector<Tok> expected = {Tok::Int, Tok::Range, Tok::Int, Tok::End};
  EXPECT_EQ(l.kinds(), expected);
}

TEST(Lexer, BadLiteralsAreReported) {
  EXPECT_EQ(Lexed("0x1G").firstError(), "invalid digit 'G' in hexadecimal integer literal '0x1G'");
  EXPECT_EQ(Lexed("0b102").firstError(), "invalid digit '2' in binary integer literal '0b102'");
  EXPECT_EQ(Lexed("0x").firstError(), "integer literal '0x' has no digits");
  EXPECT_EQ(Lexed("12abc").firstError(), "invalid digit 'a' in decimal integer literal '12abc'");
  EXPECT_EQ(Lexed("99999999999w1").firstError(),
            "width of integer literal '99999999999w1' is too large");
}

TEST(Lexer, StringLiterals) {
  Lexed l(R"("plain" "a\"b\\c\n")");
  ASSERT_EQ(l.tokens.size(), 3u);
  EXPECT_EQ(l.lexed.stringValue(l.tokens[0]), "plain");
  EXPECT_EQ(l.tokens[0].text, "\"plain\"");
  EXPECT_EQ(l.lexed.stringValue(l.tokens[1]), "a\"b\\c\n");
  EXPECT_FALSE(l.diags.hasErrors());
}

TEST(Lexer, UnterminatedStringIsReported) {
  Lexed l("x = \"abc\ny");
  EXPECT_EQ(l.firstError(), "unterminated string literal");
  EXPECT_EQ(l.diags.all()[0].loc.col, 5u);
  EXPECT_EQ(l.tokens.back().kind, Tok::End);
  EXPECT_EQ(l.tokens[l.tokens.size() - 2].text, "y");
}

TEST(Lexer, CommentsAreSkipped) {
  Lexed l("a // line\n/* block\n spanning */ b /**/c");
  ASSERT_EQ(l.tokens.size(), 4u);
  EXPECT_EQ(l.tokens[1].text, "b");
  EXPECT_EQ(l.tokens[1].loc.line, 3u);
  EXPECT_EQ(l.tokens[1].loc.col, 14u);
  EXPECT_EQ(l.tokens[2].text, "c");
}

TEST(Lexer, UnterminatedCommentIsReported) {
  Lexed l("a /* never closed");
  EXPECT_EQ(l.firstError(), "unterminated comment");
}

TEST(Lexer, UnknownCharactersAreReportedAndSkipped) {
  Lexed l("a $ b \x01 c");
  EXPECT_EQ(l.diags.errorCount(), 2u);
  EXPECT_EQ(l.diags.all()[0].message, "unexpected character '$'");
  EXPECT_EQ(l.diags.all()[0].loc.col, 3u);
  EXPECT_EQ(l.diags.all()[1].message, "unexpected character '\\x01'");
  std::vector<Tok> expected = {Tok::Ident, Tok::Ident, Tok::Ident, Tok::End};
  EXPECT_EQ(l.kinds(), expected);
}

TEST(Lexer, NonAsciiCharacterIsOneError) {
  Lexed l("a \xc3\xa9 b");
  EXPECT_EQ(l.diags.errorCount(), 1u);
  EXPECT_EQ(l.tokens.size(), 3u);
}

TEST(Lexer, LocationsAreOneBasedLineAndColumn) {
  Lexed l("header h {\n    bit<8> f;\n}");
  EXPECT_EQ(l.tokens[0].loc.line, 1u);
  EXPECT_EQ(l.tokens[0].loc.col, 1u);
  EXPECT_EQ(l.tokens[3].text, "bit");
  EXPECT_EQ(l.tokens[3].loc.line, 2u);
  EXPECT_EQ(l.tokens[3].loc.col, 5u);
  EXPECT_EQ(l.tokens[7].text, "f");
  EXPECT_EQ(l.tokens[7].loc.col, 12u);
  EXPECT_EQ(l.tokens[0].loc.file, l.file);
}

TEST(Lexer, LineMarkersSwitchFileAndLine) {
  std::string text =
      "# 1 \"main.p4\"\n"
      "a\n"
      "# 1 \"inc/lib.p4\" 1\n"
      "b\n"
      "c\n"
      "# 3 \"main.p4\" 2\n"
      "d\n";
  Lexed l(text, "<cpp output>");
  ASSERT_EQ(l.tokens.size(), 5u);
  EXPECT_EQ(l.sources.fileName(l.tokens[0].loc.file), "main.p4");
  EXPECT_EQ(l.tokens[0].loc.line, 1u);
  EXPECT_EQ(l.sources.fileName(l.tokens[1].loc.file), "inc/lib.p4");
  EXPECT_EQ(l.tokens[1].loc.line, 1u);
  EXPECT_EQ(l.tokens[2].loc.line, 2u);
  EXPECT_EQ(l.sources.fileName(l.tokens[3].loc.file), "main.p4");
  EXPECT_EQ(l.tokens[3].loc.line, 3u);
  EXPECT_FALSE(l.diags.hasErrors());
}

TEST(Lexer, LineMarkerWithEscapedFileName) {
  Lexed l("# 7 \"dir with space/q\\\"uote.p4\"\nx\n#line 20 \"other.p4\"\ny\n");
  EXPECT_EQ(l.sources.fileName(l.tokens[0].loc.file), "dir with space/q\"uote.p4");
  EXPECT_EQ(l.tokens[0].loc.line, 7u);
  EXPECT_EQ(l.sources.fileName(l.tokens[1].loc.file), "other.p4");
  EXPECT_EQ(l.tokens[1].loc.line, 20u);
}

TEST(Lexer, ColumnsAreRecoveredFromTheOriginalLine) {
  // cpp collapsed the runs of spaces of the original line; the lexer finds each token in
  // the original, in order.
  SourceManager sources;
  Diagnostics diags(sources);
  uint32_t orig = sources.fileId("orig.p4");
  sources.setFileContents(orig, "header h_t {   bit<8>    f; /* note */ bit<8> g;\n");
  std::string cppOutput = "# 1 \"orig.p4\"\nheader h_t { bit<8> f; bit<8> g;\n";
  auto tokens = tokenize(cppOutput, sources.fileId("<cpp>"), diags).tokens;
  auto find = [&](const std::string& text, int nth = 0) -> const Token& {
    for (auto& t : tokens)
      if (t.text == text && nth-- == 0) return t;
    return tokens.back();
  };
  EXPECT_EQ(find("bit").loc.col, 16u);
  EXPECT_EQ(find("f").loc.col, 26u);
  EXPECT_EQ(find("bit", 1).loc.col, 40u);
  EXPECT_EQ(find("g").loc.col, 47u);
  EXPECT_EQ(find("g").loc.line, 1u);
}

TEST(Lexer, ColumnFallsBackToCppColumnForMacroText) {
  SourceManager sources;
  Diagnostics diags(sources);
  uint32_t orig = sources.fileId("orig.p4");
  sources.setFileContents(orig, "bit<W> x;\n");
  auto tokens = tokenize("# 1 \"orig.p4\"\nbit<32> x;\n", sources.fileId("<cpp>"), diags).tokens;
  ASSERT_GE(tokens.size(), 6u);
  EXPECT_EQ(tokens[2].text, "32");
  EXPECT_EQ(tokens[2].loc.col, 5u);  // not in the original line: cpp's column
  EXPECT_EQ(tokens[4].text, "x");
  EXPECT_EQ(tokens[4].loc.col, 8u);
}

TEST(Lexer, PragmaLinesWarnAndOtherDirectivesAreErrors) {
  Lexed l("#pragma once\na\n#include <x.p4>\nb\n");
  EXPECT_EQ(l.diags.warningCount(), 1u);
  EXPECT_EQ(l.diags.errorCount(), 1u);
  std::vector<Tok> expected = {Tok::Ident, Tok::Ident, Tok::End};
  EXPECT_EQ(l.kinds(), expected);
}

TEST(Lexer, InvalidHeaderLiteralKeepsTheHash) {
  Lexed l("h = {#};");
  std::vector<Tok> expected = {Tok::Ident,  Tok::Assign, Tok::LBrace, Tok::Hash,
                               Tok::RBrace, Tok::Semi,   Tok::End};
  EXPECT_EQ(l.kinds(), expected);
}

TEST(Lexer, DescribeToken) {
  Lexed l("apply 42 \"s\" ;");
  EXPECT_EQ(describeToken(l.tokens[0]), "'apply'");
  EXPECT_EQ(describeToken(l.tokens[1]), "'42'");
  EXPECT_EQ(describeToken(l.tokens[2]), "string literal \"s\"");
  EXPECT_EQ(describeToken(l.tokens[3]), "';'");
  EXPECT_EQ(describeToken(l.tokens[4]), "end of file");
}

TEST(Lexer, DeferredDiagnosticsRememberTheirToken) {
  SourceManager sources;
  Diagnostics diags(sources);
  Lexer lexer("a b $ c", sources.fileId("t.p4"), diags);
  std::vector<DeferredDiagnostic> deferred;
  lexer.deferDiagnostics(&deferred);
  auto tokens = lexer.tokenize().tokens;
  EXPECT_FALSE(diags.hasErrors());
  ASSERT_EQ(deferred.size(), 1u);
  EXPECT_EQ(deferred[0].tokenIndex, 2u);  // before `c`
}

}  // namespace
}  // namespace p4nfc
