#include "midend/error_codes.h"

namespace p4nfc::midend {

ErrorCodes::ErrorCodes(const Program& program) {
  uint32_t next = 1;
  for (const auto& decl : program.decls) {
    auto* errors = dyn_cast<ErrorDecl>(decl.get());
    if (!errors) continue;
    for (const auto& member : errors->members) {
      uint32_t code = member->name == "NoError" ? 0 : next++;
      codes_[member.get()] = code;
      byName_.emplace(member->name, code);
    }
  }
}

uint32_t ErrorCodes::code(const Decl* member) const {
  auto it = codes_.find(member);
  if (it != codes_.end()) return it->second;
  return member ? codeOf(member->name) : 0;
}

uint32_t ErrorCodes::codeOf(const std::string& name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? 0 : it->second;
}

}  // namespace p4nfc::midend
