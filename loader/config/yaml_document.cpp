#include "loader/config/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <cstdio>
#include <sstream>

namespace p4nf::config {
namespace {

// Records where a document starts and where its first node is; drops everything else.
class DocumentMarks : public YAML::EventHandler {
 public:
  YAML::Mark start, firstNode;
  bool haveNode = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    haveNode = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (haveNode) return;
    firstNode = mark;
    haveNode = true;
  }
};

std::string describeCharacter(const std::string& text, int pos) {
  if (pos < 0 || static_cast<size_t>(pos) >= text.size()) return "the end of the file";
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", c);
  return std::string("the byte ") + hex;
}

}  // namespace

YamlDocument loadYamlDocument(const std::string& text) {
  // First pass: the documents' positions, stopping at the third (enough to tell a second
  // document from a parser that is stuck, without walking a long stream to its end).
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentMarks marks;
  YamlDocument result;
  std::optional<YAML::Mark> previousStart;
  for (int documents = 0; documents < 3 && parser.HandleNextDocument(marks); ++documents) {
    if (previousStart && previousStart->pos == marks.start.pos)
      throw YAML::ParserException(
          marks.start,
          "unexpected " + describeCharacter(text, marks.start.pos) + " at the start of a node");
    previousStart = marks.start;
    if (documents == 1 && !result.second)
      result.second = marks.haveNode ? marks.firstNode : marks.start;
  }
  // Second pass: the first document's nodes (YAML::Load reads one document, no loop).
  result.root = YAML::Load(text);
  return result;
}

}  // namespace p4nf::config
