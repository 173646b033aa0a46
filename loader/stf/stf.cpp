#include "loader/stf/stf.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "loader/loader_error.h"

namespace p4nf::stf {
namespace {

struct Token {
  enum class Kind { Word, LParen, RParen, Comma };
  Kind kind = Kind::Word;
  std::string text;
  int column = 0;  // 1-based
};

// Words are runs of anything but blanks, parentheses and commas.
std::vector<Token> tokenize(const std::string& line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token token;
    token.column = static_cast<int>(i) + 1;
    if (c == '(' || c == ')' || c == ',') {
      token.kind = c == '(' ? Token::Kind::LParen : c == ')' ? Token::Kind::RParen : Token::Kind::Comma;
      token.text = std::string(1, c);
      ++i;
    } else {
      size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) &&
             line[i] != '(' && line[i] != ')' && line[i] != ',')
        ++i;
      token.text = line.substr(start, i - start);
    }
    tokens.push_back(token);
  }
  return tokens;
}

class LineParser {
 public:
  LineParser(const std::string& fileName, int line, std::vector<Token> tokens, int endColumn)
      : fileName_(fileName), line_(line), tokens_(std::move(tokens)), endColumn_(endColumn) {}

  Command parse() {
    const Token& word = next("a command");
    Command command;
    command.location = here(word);
    if (word.text == "add") {
      command.kind = Command::Kind::Add;
      parseTableCommand(command, true, true);
    } else if (word.text == "remove" || word.text == "delete") {
      command.kind = Command::Kind::Remove;
      parseTableCommand(command, true, false);
    } else if (word.text == "setdefault") {
      command.kind = Command::Kind::SetDefault;
      parseTableCommand(command, false, true);
    } else if (word.text == "packet") {
      command.kind = Command::Kind::Packet;
      parsePacket(command, false);
    } else if (word.text == "expect") {
      command.kind = Command::Kind::Expect;
      parsePacket(command, true);
    } else if (word.text == "check_counter") {
      command.kind = Command::Kind::CheckCounter;
      parseCheckCounter(command);
    } else if (word.text == "expire_timeout") {
      command.kind = Command::Kind::ExpireTimeout;
      parseExpireTimeout(command);
    } else {
      fail(word, "unknown command \"" + word.text +
                     "\" (add, remove, setdefault, packet, expect, check_counter, "
                     "expire_timeout, wait)");
    }
    return command;
  }

 private:
  [[noreturn]] void failAt(int column, const std::string& message) const {
    throw LoaderError(fileName_ + ":" + std::to_string(line_) + ":" + std::to_string(column) +
                      ": error: " + message);
  }
  [[noreturn]] void fail(const Token& token, const std::string& message) const {
    failAt(token.column, message);
  }
  Location here(const Token& token) const { return {line_, token.column}; }
  bool atEnd() const { return position_ >= tokens_.size(); }
  const Token* peek(size_t ahead = 0) const {
    return position_ + ahead < tokens_.size() ? &tokens_[position_ + ahead] : nullptr;
  }
  const Token& next(const std::string& what) {
    if (atEnd()) failAt(endColumn_, "expected " + what + " at the end of the line");
    return tokens_[position_++];
  }
  const Token& word(const std::string& what) {
    const Token& token = next(what);
    if (token.kind != Token::Kind::Word) fail(token, "expected " + what + ", found '" + token.text + "'");
    return token;
  }

  static bool isNumber(const std::string& text) {
    if (text.empty()) return false;
    for (char c : text)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
  }

  uint32_t number(const Token& token, const std::string& what) {
    uint64_t value = number64(token, token.text, what);
    if (value > UINT32_MAX) fail(token, what + " " + token.text + " does not fit in 32 bits");
    return static_cast<uint32_t>(value);
  }

  // Decimal or 0x hex, at most 64 bits; `text` is the number's part of `token`.
  uint64_t number64(const Token& token, const std::string& number, const std::string& what) {
    std::string text = number;
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      text = text.substr(2);
      base = 16;
    }
    bool fits = !text.empty() && text.size() <= (base == 16 ? 16u : 20u);
    for (char c : text)
      if (!(base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c))))
        fail(token, what + " \"" + number + "\" is not a number");
    if (!fits) fail(token, what + " \"" + number + "\" is not a number of at most 64 bits");
    errno = 0;
    unsigned long long value = std::strtoull(text.c_str(), nullptr, base);
    if (errno == ERANGE) fail(token, what + " " + number + " does not fit in 64 bits");
    return value;
  }

  // `port:1` names its parameter, `00:11:22:33:44:55` is a positional MAC: a name is an
  // identifier (with dots for keys) before the first ':'.
  static bool hasNamePrefix(const std::string& text) {
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    if (!std::isalpha(static_cast<unsigned char>(text[0])) && text[0] != '_') return false;
    for (size_t i = 0; i < colon; ++i)
      if (!std::isalnum(static_cast<unsigned char>(text[i])) && text[i] != '_' && text[i] != '.') return false;
    return true;
  }

  // name:value or value; the name ends at the first ':' (values may contain more).
  Argument argument(const Token& token, bool named) {
    Argument argument;
    argument.location = here(token);
    size_t colon = token.text.find(':');
    if (named && colon == std::string::npos)
      fail(token, "expected <key>:<value>, found \"" + token.text + "\"");
    if (colon != std::string::npos && named) {
      argument.name = token.text.substr(0, colon);
      argument.value = token.text.substr(colon + 1);
      if (argument.name.empty()) fail(token, "missing key name before ':'");
      if (argument.value.empty()) failAt(token.column + static_cast<int>(colon) + 1, "missing value after ':'");
    } else {
      argument.value = token.text;
    }
    return argument;
  }

  void parseTableCommand(Command& command, bool hasKeys, bool hasAction) {
    const Token& table = word("a table name");
    command.table = table.text;
    command.tableLocation = here(table);
    while (!atEnd()) {
      const Token& token = word(hasAction ? "a key, a priority or an action" : "a key");
      const Token* after = peek();
      bool isCall = after && after->kind == Token::Kind::LParen;
      if (hasAction && (isCall || (atEnd() && token.text.find(':') == std::string::npos &&
                                   !isNumber(token.text)))) {
        command.action = token.text;
        command.actionLocation = here(token);
        if (isCall) parseArguments(command);
        if (!atEnd()) fail(*peek(), "unexpected text after the action");
        return;
      }
      if (hasKeys && hasAction && isNumber(token.text)) {
        if (command.priority) fail(token, "a second priority");
        command.priority = number(token, "priority");
        continue;
      }
      if (!hasKeys) fail(token, "expected an action call such as drop() or fwd(port:1)");
      command.keys.push_back(argument(token, true));
    }
    if (hasAction) failAt(endColumn_, "missing the action, e.g. fwd(port:1)");
    if (command.keys.empty()) failAt(endColumn_, "missing the keys");
  }

  void parseArguments(Command& command) {
    next("'('");
    if (peek() && peek()->kind == Token::Kind::RParen) {
      next("')'");
      return;
    }
    while (true) {
      const Token& token = word("an argument");
      command.args.push_back(argument(token, hasNamePrefix(token.text)));
      const Token& separator = next("',' or ')'");
      if (separator.kind == Token::Kind::RParen) return;
      if (separator.kind != Token::Kind::Comma) fail(separator, "expected ',' or ')'");
    }
  }

  // `check_counter name(3) packets == 2 bytes == 120`; the comparisons may also be
  // written without blanks (`packets==2`).
  void parseCheckCounter(Command& command) {
    const Token& name = word("a counter name");
    command.table = name.text;
    command.tableLocation = here(name);
    if (!peek() || peek()->kind != Token::Kind::LParen)
      failAt(peek() ? peek()->column : endColumn_,
             "expected '(' and the counter's index, or its table entry's keys, e.g. c(3)");
    parseArguments(command);
    if (command.args.empty()) failAt(endColumn_, "missing the index or the keys inside '()'");
    std::string text;
    std::vector<int> columns;  // of each character of text
    while (!atEnd()) {
      const Token& token = word("packets == <n> or bytes == <n>");
      for (size_t i = 0; i < token.text.size(); ++i)
        columns.push_back(token.column + static_cast<int>(i));
      text += token.text;
    }
    if (text.empty()) failAt(endColumn_, "expected packets == <n> and/or bytes == <n>");
    size_t i = 0;
    while (i < text.size()) {
      Token at{Token::Kind::Word, "", columns[i]};
      std::optional<uint64_t>* slot = nullptr;
      for (const char* what : {"packets", "bytes"}) {
        std::string prefix = std::string(what) + "==";
        if (text.compare(i, prefix.size(), prefix) == 0) {
          slot = what[0] == 'p' ? &command.countPackets : &command.countBytes;
          i += prefix.size();
          break;
        }
      }
      if (!slot) fail(at, "expected packets == <n> or bytes == <n> (only == is supported)");
      if (*slot) fail(at, "packets or bytes given twice");
      size_t end = i;
      bool hex = text.compare(i, 2, "0x") == 0;
      if (hex) end += 2;
      while (end < text.size() && (hex ? std::isxdigit(static_cast<unsigned char>(text[end]))
                                        : std::isdigit(static_cast<unsigned char>(text[end]))))
        ++end;
      // "bytes" starts with a hex digit: a decimal number ends where a name starts.
      if (hex && text.compare(end - 1, 6, "bytes=") == 0) --end;
      if (end == i) fail(Token{Token::Kind::Word, "", i < columns.size() ? columns[i] : endColumn_},
                         "expected a number after ==");
      *slot = number64(at, text.substr(i, end - i), "count");
      i = end;
    }
  }

  // `expire_timeout <table> <profile> <nanoseconds>`
  void parseExpireTimeout(Command& command) {
    const Token& table = word("a table name");
    command.table = table.text;
    command.tableLocation = here(table);
    const Token& profile = word("a timeout profile id (0 .. 255)");
    command.profile = number(profile, "profile");
    if (command.profile > 255) fail(profile, "profile ids go from 0 to 255");
    const Token& ns = word("a timeout in nanoseconds");
    command.nanoseconds = number64(ns, ns.text, "timeout");
    if (!atEnd()) fail(*peek(), "unexpected text after the timeout");
  }

  // `mark:7`, `ct_state:2`, `l3_offset:14`, `l4_offset:34` (before the hex bytes).
  void parseChainField(Command& command, const Token& token) {
    size_t colon = token.text.find(':');
    std::string name = token.text.substr(0, colon);
    std::string valueText = token.text.substr(colon + 1);
    Token valueToken{Token::Kind::Word, valueText, token.column + static_cast<int>(colon) + 1};
    if (valueText.empty()) fail(valueToken, "missing value after ':'");
    uint64_t value = number64(valueToken, valueText, name);
    auto fits = [&](uint64_t max) {
      int bits = max == 0xff ? 8 : max == 0xffff ? 16 : 32;
      if (value > max)
        fail(valueToken, name + " " + valueText + " does not fit in its " + std::to_string(bits) + " bits");
    };
    ChainFields& chain = command.chain;
    bool again = false;
    if (name == "mark") {
      fits(UINT32_MAX);
      again = chain.mark.has_value();
      chain.mark = static_cast<uint32_t>(value);
    } else if (name == "ct_state") {
      fits(0xff);
      again = chain.ctState.has_value();
      chain.ctState = static_cast<uint8_t>(value);
    } else if (name == "l3_offset") {
      fits(0xff);
      again = chain.l3Offset.has_value();
      chain.l3Offset = static_cast<uint8_t>(value);
    } else if (name == "l4_offset") {
      fits(0xffff);
      again = chain.l4Offset.has_value();
      chain.l4Offset = static_cast<uint16_t>(value);
    } else {
      fail(token, "unknown chain metadata field \"" + name +
                      "\" (mark, ct_state, l3_offset, l4_offset)");
    }
    if (again) fail(token, name + " given twice");
  }

  void parsePacket(Command& command, bool isExpect) {
    const Token& port = word("a port number");
    if (isExpect && port.text == "host") {
      command.toHost = true;
    } else if (isExpect && port.text == "flood") {
      command.toPorts = true;
      const Token& sets = word("the port sets, e.g. 1+2/4");
      size_t slash = sets.text.find('/');
      if (slash == std::string::npos) fail(sets, "port sets are <untagged>/<tagged>, e.g. 1+2/4 or 3/-");
      auto parseSet = [&](const std::string& text) {
        uint32_t bits = 0;
        if (text == "-") return bits;
        size_t at = 0;
        while (at <= text.size()) {
          size_t comma = text.find('+', at);
          std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
          if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 2 ||
              std::stoul(item) > 15)
            fail(sets, "\"" + item + "\" is not a port 0..15");
          bits |= 1u << std::stoul(item);
          if (comma == std::string::npos) break;
          at = comma + 1;
        }
        return bits;
      };
      command.portSets = parseSet(sets.text.substr(0, slash)) | (parseSet(sets.text.substr(slash + 1)) << 16);
    } else {
      command.port = number(port, "port");
    }
    while (peek() && peek()->kind == Token::Kind::Word && peek()->text.find(':') != std::string::npos)
      parseChainField(command, next("a chain metadata field"));
    std::string nibbles;
    std::vector<int> columns;  // of each nibble, for errors
    while (!atEnd()) {
      const Token& token = next("hex data");
      if (token.kind != Token::Kind::Word) fail(token, "unexpected '" + token.text + "' in packet data");
      for (size_t i = 0; i < token.text.size(); ++i) {
        char c = token.text[i];
        int column = token.column + static_cast<int>(i);
        if (isExpect && c == '$' && i + 1 == token.text.size() && atEnd()) {
          command.exactLength = true;
          break;
        }
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || (isExpect && c == '*')))
          failAt(column, std::string("'") + c + "' is not a hex digit" +
                             (isExpect ? " or '*'" : ""));
        nibbles += c;
        columns.push_back(column);
      }
    }
    if (nibbles.size() % 2 != 0)
      failAt(columns.empty() ? endColumn_ : columns.back(),
             "odd number of hex digits (" + std::to_string(nibbles.size()) + "): a byte is missing a digit");
    for (size_t i = 0; i < nibbles.size(); i += 2) {
      uint8_t value = 0, care = 0;
      for (int half = 0; half < 2; ++half) {
        char c = nibbles[i + half];
        value <<= 4;
        care <<= 4;
        if (c != '*') {
          value |= static_cast<uint8_t>(std::stoi(std::string(1, c), nullptr, 16));
          care |= 0xf;
        }
      }
      command.bytes.push_back(value);
      command.careMask.push_back(care);
    }
  }

  const std::string& fileName_;
  int line_;
  std::vector<Token> tokens_;
  int endColumn_;
  size_t position_ = 0;
};

}  // namespace

Script parse(const std::string& text, const std::string& fileName) {
  Script script;
  script.fileName = fileName;
  std::istringstream input(text);
  std::string line;
  int lineNumber = 0;
  while (std::getline(input, line)) {
    ++lineNumber;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::vector<Token> tokens = tokenize(line);
    if (tokens.empty()) continue;
    if (tokens[0].kind == Token::Kind::Word && tokens[0].text == "wait" && tokens.size() == 1) continue;
    LineParser parser(fileName, lineNumber, std::move(tokens), static_cast<int>(line.size()) + 1);
    script.commands.push_back(parser.parse());
  }
  return script;
}

Script parseFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw LoaderError("cannot open " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return parse(text.str(), path);
}

std::string where(const Script& script, const Location& location) {
  return script.fileName + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) +
         ": error: ";
}

}  // namespace p4nf::stf
