// A small P4-like program built by hand with the back end's API, plus its hand-written
// manifest, so that the loader (table writer, packet runner, STF runner) is tested against
// the real kernel before the code generator exists. It follows the chain metadata
// contract of docs/manifest.md exactly as generated programs must.
//
//   table dmac (exact, key hdr.ethernet.dst: bit<48>), default map d_dmac
//   actions: forward(port: bit<16>, smac: bit<48>) id 1  rewrite the source MAC, send
//            drop()                                  id 2
//            to_host()                               id 3
//            reflect()                               id 4  send back to the ingress port
//   default: drop
// Program "dmac_fwd" (XDP or TC).
#pragma once

#include <string>

#include "bpf/bpf_program.h"

namespace p4nf::testing {

// The object's bytes (with the manifest section); empty after a test failure.
std::string buildForwarderObject(p4nfc::bpf::ProgramKind kind);
std::string forwarderManifest(p4nfc::bpf::ProgramKind kind);

}  // namespace p4nf::testing
