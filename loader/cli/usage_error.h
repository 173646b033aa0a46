// A mistake in what was typed on the command line (a module, table, counter, key, action or
// parameter name, a value that does not parse or fit), as opposed to the kernel or the
// deployment failing: commands report it with exit 64, like any other bad command line
// (exit_codes.h, kExitUsage).
#pragma once

#include "loader/loader_error.h"

namespace p4nf::cli {

class UsageError : public LoaderError {
 public:
  using LoaderError::LoaderError;
};

}  // namespace p4nf::cli
