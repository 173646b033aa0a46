// The one error type of libp4nf. The loader's errors are for people: each says what went
// wrong, where (manifest path, STF line, table and key name) and, when it can, what to do.
// Callers at the edge (the p4nf command, the agent) catch it and print what().
#pragma once

#include <stdexcept>
#include <string>

namespace p4nf {

class LoaderError : public std::runtime_error {
 public:
  explicit LoaderError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace p4nf
