// Small XDP and TC programs built by hand with the back end's API, the way the code
// generator will build them from P4: each exercises one map kind or packet-access shape
// against the real verifier. Builders return the module unfinished (the test calls
// finish() and emitObject(), or looks at the IR first).
#pragma once

#include <cstdint>
#include <memory>

#include "bpf/bpf_module.h"

namespace p4nfc::testing {

using bpf::BpfModule;
using bpf::BpfTarget;
using bpf::ProgramKind;
using bpf::RecordLayout;

// Action ids stored in the test tables' values.
inline constexpr uint32_t kActionForward = 1;  // XDP_TX / TC_ACT_OK with MACs swapped
inline constexpr uint32_t kActionDrop = 2;

// mac_table (HASH, key {dst_mac: bit<48>}, value {action, port, hits}):
// short packet -> drop; miss -> pass; action 1 -> swap MACs, TX (TC: OK);
// action 2 -> drop (TC: SHOT); hits counts with an atomic add. Program "mac_fwd".
std::unique_ptr<BpfModule> buildMacTable(const BpfTarget& target, ProgramKind kind);
RecordLayout macKeyLayout();
RecordLayout macValueLayout();

// routes (LPM_TRIE, key {prefixlen, dst_addr}, value {action, port}): IPv4 only (else
// pass); miss -> drop; TTL <= 1 -> pass; else TTL-1 with an incremental checksum update,
// TX. Program "router".
std::unique_ptr<BpfModule> buildLpmRouter(const BpfTarget& target);
RecordLayout lpmKeyLayout();

// tx_ports (DEVMAP): bpf_redirect_map(tx_ports, last byte of dst MAC, XDP_PASS). Program
// "forward".
std::unique_ptr<BpfModule> buildDevmapForwarder(const BpfTarget& target);

// stats (PERCPU_ARRAY, value {packets, bytes}), updated by a static BPF-to-BPF function
// count_packet(len); len = data_end - data. Program "counter", returns XDP_PASS.
std::unique_ptr<BpfModule> buildPacketCounter(const BpfTarget& target);

// Drops UDP to port 53 found behind IPv4 options (variable offset: ihl * 4), passes the
// rest; short -> drop. Program "udp_filter".
std::unique_ptr<BpfModule> buildUdpPortFilter(const BpfTarget& target);

// learned (LRU_HASH, key {src_mac}, value {last_seen}): bpf_map_update_elem from the data
// plane with ktime_get_ns. Program "learn", returns XDP_PASS.
std::unique_ptr<BpfModule> buildMacLearning(const BpfTarget& target);

// digests (RINGBUF): sends {src_mac, ether_type} per packet with bpf_ringbuf_output.
// Program "digest", returns XDP_PASS.
std::unique_ptr<BpfModule> buildDigest(const BpfTarget& target);
RecordLayout digestLayout();

// chain (PROG_ARRAY): "chain_entry" tail-calls slot 0 and drops if it is empty;
// "chain_next" returns XDP_TX.
std::unique_ptr<BpfModule> buildTailCallChain(const BpfTarget& target);

// mac_table (as above) looked up with the key pointing straight into the packet (no
// copy to the stack): hit -> XDP_TX, miss -> XDP_PASS. Program "packet_key".
std::unique_ptr<BpfModule> buildPacketKeyedLookup(const BpfTarget& target);

// Pushes an 802.1Q tag (VID 100) with bpf_xdp_adjust_head(-4): packet pointers are
// reloaded and re-checked after the helper, the MACs move to the new front. Returns XDP_TX;
// XDP_ABORTED if the helper fails; short -> drop. Program "vlan_push".
std::unique_ptr<BpfModule> buildVlanPush(const BpfTarget& target);

}  // namespace p4nfc::testing
