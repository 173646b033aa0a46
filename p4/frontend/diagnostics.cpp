#include "frontend/diagnostics.h"

#include <ostream>

namespace p4nfc {

namespace {

const char* severityName(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// Tabs in the source line are kept so that the caret line lines up under the token in any
// terminal, whatever its tab width.
std::string caretLine(std::string_view source, uint32_t col) {
  std::string caret;
  for (uint32_t i = 1; i < col && i <= source.size(); ++i)
    caret += source[i - 1] == '\t' ? '\t' : ' ';
  caret += '^';
  return caret;
}

}  // namespace

void Diagnostics::error(SourceLoc loc, std::string message) {
  ++errorCount_;
  if (errorCount_ <= kMaxErrors) diags_.push_back({Severity::Error, loc, std::move(message)});
}

void Diagnostics::warning(SourceLoc loc, std::string message) {
  ++warningCount_;
  if (warningCount_ <= kMaxErrors) diags_.push_back({Severity::Warning, loc, std::move(message)});
}

void Diagnostics::note(SourceLoc loc, std::string message) {
  if (diags_.size() < 4 * kMaxErrors) diags_.push_back({Severity::Note, loc, std::move(message)});
}

std::string Diagnostics::render(const Diagnostic& d) const {
  std::string out =
      fmt::format("{}: {}: {}\n", sources_.describe(d.loc), severityName(d.severity), d.message);
  if (d.loc.valid()) {
    std::string_view line = sources_.lineText(d.loc.file, d.loc.line);
    if (!line.empty()) {
      out += fmt::format("{}\n", line);
      if (d.loc.col != 0) out += caretLine(line, d.loc.col) + "\n";
    }
  }
  return out;
}

void Diagnostics::print(std::ostream& out) const {
  for (const auto& d : diags_) out << render(d);
  if (errorCount_ > kMaxErrors)
    out << fmt::format("p4nfc: {} more errors not shown\n", errorCount_ - kMaxErrors);
}

}  // namespace p4nfc
