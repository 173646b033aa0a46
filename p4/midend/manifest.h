// The compiler's side of the manifest (docs/manifest.md): the mid end's table layouts and
// the data plane's verdict codes in the terms of the manifest's one schema
// (manifest/manifest.h), which the code generator fills and serialises into the object.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>

#include "manifest/manifest.h"
#include "midend/table_layout.h"

namespace p4nfc::midend {

// The manifest's view of one table: maps, key and value layouts, actions, the default
// action and the program's entries (their values and arguments as hex).
p4nf::ManifestTable manifestTable(const TableLayout& table);

// The "verdict" block for a program of `target` ("xdp" or "tc").
p4nf::ManifestVerdict manifestVerdict(const std::string& target);

// `bytes` bytes of `value`, big-endian, as lowercase hex ("0a00").
std::string hexBytes(const mpz_class& value, uint32_t bytes);

}  // namespace p4nfc::midend
