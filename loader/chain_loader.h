// Loading p4nfc modules into a service chain (docs/manifest.md, "Chains").
//
// Every p4nfc object carries a prog array `p4nf_chain` (manifest `maps.chain`) and a
// `.rodata` variable `p4nf_chain_position` (`maps.chain_position`). A chain is one prog
// array shared by all its modules: the module at position i ends a "continue" with a tail
// call to slot i + 1, and an empty slot sends the packet to the host. So a module is
// loaded once per chain position it takes:
//
//   ChainModuleOptions first;                        // position 0: the program attached
//   auto a = loadChainModule(elfA, "a.o", first);    // to the hook; it brings the chain's
//   ChainMaps chain = chainMapsOf(*a);               // prog array and record map
//   ChainModuleOptions second{.position = 1, .chain = chain};
//   second.reusedMaps = {...};                       // e.g. a's tables, when shared
//   auto b = loadChainModule(elfB, "b.o", second);
//   putInChain(chain.progArray, 1, b->programFd());  // now a's "continue" reaches b
//
// The position (and p4nf_record_in) is written into `.rodata` before load; libbpf freezes
// the map, so the verifier sees a constant and drops the code of the other positions. Keep every
// LoadedObject alive while its program is in the chain (closing the object unloads it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/dataplane_abi.h"
#include "loader/object_loader.h"

namespace p4nf {

// The maps the modules of one chain share: the prog array of its tail calls, and (XDP) the
// per-CPU scratch map that carries the chain record from one module to the next. -1: none.
struct ChainMaps {
  int progArray = -1;  // manifest maps.chain
  int record = -1;     // manifest maps.record (XDP objects only)
};

struct ChainModuleOptions {
  uint32_t position = 0;  // p4nf_chain_position; 0 .. 63
  ChainMaps chain;        // the chain's maps to reuse; -1: the object's own
  // Map name (as in the manifest) -> fd of an existing map of the same shape to use
  // instead of a new one (bpf_map__reuse_fd): a module's tables shared between chains, or
  // kept across a reload.
  std::map<std::string, int> reusedMaps;
  // Whether position 0 may be handed a chain metadata record (`p4nf_record_in`,
  // docs/manifest.md; later positions always may): only test runs do that
  // (p4nf::runPacket), never a hook, so a module loaded for a deployment leaves it false
  // and the verifier drops position 0's record code. Objects loaded without this loader
  // keep the compiled-in "may".
  bool testRecords = false;
};


// Opens, prepares and loads one module. Throws LoaderError: the object has no chain maps
// (position > 0 or chain maps given), an unknown map in reusedMaps, a refused load.
std::unique_ptr<LoadedObject> loadChainModule(std::string elf, const std::string& name,
                                              const ChainModuleOptions& options);
std::unique_ptr<LoadedObject> loadChainModuleFile(const std::string& path,
                                                  const ChainModuleOptions& options);

// The BeforeLoad step of loadChainModule, for callers that load objects themselves.
void prepareChainModule(bpf_object* object, const Manifest& manifest, const ChainModuleOptions& options);

// The object's prog array (`maps.chain`) and record map (`maps.record`, XDP).
ChainMaps chainMapsOf(const LoadedObject& module);

// Puts a program in slot `position` of a chain (atomic for the data path: a packet sees
// the old or the new program); removeFromChain empties it (its packets go to the host).
void putInChain(int chainFd, uint32_t position, int programFd);
void removeFromChain(int chainFd, uint32_t position);

}  // namespace p4nf
