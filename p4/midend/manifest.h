// The `.p4nf.manifest` document (docs/manifest.md): what the loader knows of an object.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "midend/table_layout.h"

namespace p4nfc::midend {

struct ProgramInfo {
  std::string name;      // the program, from the file name
  std::string source;    // the P4 file
  std::string target;    // "xdp" / "tc"
  std::string section;   // ELF section of the entry point
  std::string function;  // the entry point's symbol
};

class Manifest {
 public:
  explicit Manifest(ProgramInfo program) : program_(std::move(program)) {}

  void addTable(const TableLayout& table);
  // An extern instance (Counter, Register ...), already in manifest form.
  void addExtern(nlohmann::json entry) { externs_.push_back(std::move(entry)); }
  void setMap(const std::string& role, const std::string& mapName) { maps_[role] = mapName; }

  nlohmann::json toJson() const;
  std::string text() const { return toJson().dump(); }

 private:
  ProgramInfo program_;
  nlohmann::json tables_ = nlohmann::json::array();
  nlohmann::json externs_ = nlohmann::json::array();
  nlohmann::json maps_ = nlohmann::json::object();
};

// `bytes` bytes of `value`, big-endian, as lowercase hex ("0a00").
std::string hexBytes(const mpz_class& value, uint32_t bytes);

}  // namespace p4nfc::midend
