// A table entry in terms of the manifest: which key values, which action with which
// arguments. Built from user text (STF, CLI, config) or from the manifest's own `entries`,
// then handed to the TableWriter, which turns it into map bytes.
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loader/value_codec.h"
#include "manifest/manifest.h"

namespace p4nf {

struct Entry {
  std::vector<KeyMatch> keys;  // one per table key, in the manifest's key order
  std::optional<uint32_t> priority;
  const ManifestAction* action = nullptr;
  std::vector<mpz_class> args;  // one per action parameter
};

// A name (may be empty: positional) and a value as the user wrote them.
using NamedText = std::pair<std::string, std::string>;

// Resolves the action and checks every argument against its parameter's width.
// Arguments bind by name (any order) or, when unnamed, by position.
std::pair<const ManifestAction*, std::vector<mpz_class>> bindAction(
    const ManifestTable& table, const std::string& actionName, const std::vector<NamedText>& args);

// Keys by name: every key of the table must be given once, except ternary, range and
// optional keys, which default to "don't care".
std::vector<KeyMatch> bindKeys(const ManifestTable& table, const std::vector<NamedText>& keys);

Entry makeEntry(const ManifestTable& table, const std::vector<NamedText>& keys,
                std::optional<uint32_t> priority, const std::string& actionName,
                const std::vector<NamedText>& args);

// The manifest's pre-encoded `entries[i]` and `default_action` arguments.
Entry entryFromManifest(const ManifestTable& table, const ManifestEntry& entry);
std::vector<mpz_class> argsFromManifest(const ManifestTable& table, const ManifestAction& action,
                                        const std::vector<std::string>& hexArgs);

}  // namespace p4nf
