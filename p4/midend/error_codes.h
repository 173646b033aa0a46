// Numbers for the members of `error`: NoError is 0, the others follow in declaration
// order. The data plane stores parser errors as these u32 codes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "frontend/ast.h"

namespace p4nfc::midend {

class ErrorCodes {
 public:
  explicit ErrorCodes(const Program& program);
  // The code of an error member; 0 for NoError and for anything unknown.
  uint32_t code(const Decl* member) const;
  uint32_t codeOf(const std::string& name) const;

 private:
  std::unordered_map<const Decl*, uint32_t> codes_;
  std::unordered_map<std::string, uint32_t> byName_;
};

}  // namespace p4nfc::midend
