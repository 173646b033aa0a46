// Where a deployment's kernel objects live: pins under /sys/fs/bpf/p4nf/<deployment>/ (bpffs
// cannot hold ordinary files) and the state file /run/p4nf/<deployment>/state.json that says
// what the pins are. Both roots can be moved for tests ($P4NF_BPFFS_ROOT, $P4NF_RUN_ROOT).
#pragma once

#include <string>

namespace p4nf::deploy {

// /sys/fs/bpf/p4nf, or $P4NF_BPFFS_ROOT; /run/p4nf, or $P4NF_RUN_ROOT.
std::string pinRoot();
std::string runRoot();
std::string pinDirectory(const std::string& deployment);
std::string stateFile(const std::string& deployment);

// Mounts bpffs on /sys/fs/bpf when nothing is mounted there (a bare container, an initrd),
// then creates `directory` and its parents. Throws LoaderError saying what to do.
void ensurePinDirectory(const std::string& directory);
// mkdir -p for ordinary folders (the state file's).
void makeDirectories(const std::string& directory);

// Removes an empty folder and its empty parents up to (not including) `stopAt`.
void removeEmptyDirectories(const std::string& directory, const std::string& stopAt);

}  // namespace p4nf::deploy
