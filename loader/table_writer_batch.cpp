// TableWriter::addBatch: the bulk path for filling a table at apply time (a config with
// 100k routes). bpf_map_update_batch cannot refuse an existing key (its only element flag
// is BPF_F_LOCK, so it always overwrites), so the batch path is taken only for a map that
// is still empty, after checking the entries against each other; then it is exactly as
// strict as add() per entry. See docs/performance.md, "Applying large tables".
#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "loader/loader_error.h"
#include "loader/table_writer.h"

namespace p4nf {
namespace {

constexpr size_t kBatchChunk = 8192;  // entries per syscall: bounds the copy buffers
// The kernel-internal ENOTSUPP (524), which BPF commands return for map types without an
// operation; it has no name in user-space errno.h.
constexpr int kLinuxENOTSUPP = 524;

bool mapIsEmpty(int fd, size_t keySize) {
  std::vector<uint8_t> next(keySize);
  return bpf_map_get_next_key(fd, nullptr, next.data()) != 0 && errno == ENOENT;
}

// Errors that mean "this map type or kernel has no batch update", not "this entry is bad".
bool batchUnsupported(int error) { return error == EOPNOTSUPP || error == kLinuxENOTSUPP || error == EINVAL; }

}  // namespace

bool TableWriter::addBatch(const std::vector<Entry>& entries, bool fromControlPlane) {
  auto perEntry = [&] {
    for (const Entry& entry : entries) add(entry, fromControlPlane);
    return false;
  };
  // dir24 tables: every route also goes into the array (add() does both).
  if (table_.kind == TableKind::Ternary || table_.dir24 || entries.empty() || table_.keys.empty())
    return perEntry();
  if (!mapIsEmpty(entriesFd_, table_.keySize)) return perEntry();

  if (fromControlPlane && table_.constEntries)
    throw LoaderError("table " + table_.name + " has const entries; the control plane cannot add to it");
  if (entries.size() > table_.size)
    throw LoaderError("table " + table_.name + " is full (size " + std::to_string(table_.size) +
                      ", " + std::to_string(entries.size()) + " entries); raise its size in the P4 program");
  const size_t keySize = table_.keySize, valueSize = table_.valueSize;
  Bytes keys, values;
  keys.reserve(entries.size() * keySize);
  values.reserve(entries.size() * valueSize);
  std::set<Bytes> seen;
  for (const Entry& entry : entries) {
    if (!entry.action) throw LoaderError("table " + table_.name + ": entry without an action");
    if (entry.action->scope == ActionScope::DefaultOnly)
      throw LoaderError("action " + entry.action->name + " is @defaultonly in table " + table_.name);
    if (entry.keys.size() != table_.keys.size())
      throw LoaderError("table " + table_.name + ": entry has " + std::to_string(entry.keys.size()) +
                        " keys, the table " + std::to_string(table_.keys.size()));
    Bytes key = table_.kind == TableKind::Lpm ? encodeLpmKey(entry.keys) : encodeExactKey(entry.keys);
    if (!seen.insert(key).second)
      throw LoaderError("table " + table_.name + ": an entry with this key already exists (key " +
                        toHex(key) + ")");
    Bytes value = encodeValue(*entry.action, entry.args, 0);
    keys.insert(keys.end(), key.begin(), key.end());
    values.insert(values.end(), value.begin(), value.end());
  }

  size_t written = 0;
  int failure = 0;
  while (written < entries.size()) {
    __u32 count = static_cast<__u32>(std::min(kBatchChunk, entries.size() - written));
    bpf_map_batch_opts options{};
    options.sz = sizeof options;
    int result = bpf_map_update_batch(entriesFd_, keys.data() + written * keySize,
                                      values.data() + written * valueSize, &count, &options);
    written += count;  // on failure, `count` says how many of the chunk went in
    if (result != 0) {
      failure = errno;
      break;
    }
  }
  if (failure == 0) return true;

  // All or nothing: take out what went in, then report (or fall back when the kernel or
  // the map type cannot do batches at all).
  for (size_t i = 0; i < written; ++i) bpf_map_delete_elem(entriesFd_, keys.data() + i * keySize);
  if (written == 0 && batchUnsupported(failure)) return perEntry();
  if (failure == E2BIG || failure == ENOSPC || failure == ENOMEM)
    throw LoaderError("table " + table_.name + " is full (size " + std::to_string(table_.size) +
                      "); raise its size in the P4 program");
  throw LoaderError("table " + table_.name + ": cannot add " + std::to_string(entries.size()) +
                    " entries: " + std::strerror(failure));
}

}  // namespace p4nf
