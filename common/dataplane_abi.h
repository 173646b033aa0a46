// The data-plane ABI: what p4nfc's objects and the loader agree on at run time, defined
// once. The compiler emits code against it, the loader and the tests read and write
// against it. docs/manifest.md describes the same contract in prose (the manifest itself,
// the JSON document, has its own schema: manifest/manifest.h).
//
// Dependency-free on purpose: it sits at the bottom of the build (target p4nf_common), so
// that p4/ and loader/ include it without depending on each other.
#pragma once

#include <cstdint>

namespace p4nf::abi {

// ---- the chain metadata record (docs/manifest.md, "Chain metadata layout") -----------
// Five u32 words in host byte order; XDP keeps it in the per-CPU map `kRecordMapName`,
// TC in skb->cb[0..4].
struct ChainRecord {
  uint32_t verdict = 0;      // Verdict below
  uint32_t egressPort = 0;   // the PNA port of send_to_port
  uint32_t ingressPort = 0;  // PNA input_port
  uint32_t mark = 0;         // free for modules
  uint8_t ctState = 0;       // conntrack state (CtState)
  uint8_t l3Offset = 0;      // bytes from the start of the frame; 0 unknown
  uint16_t l4Offset = 0;
};
inline constexpr uint32_t kChainRecordSize = 20;
static_assert(sizeof(ChainRecord) == kChainRecordSize);
// Byte offsets of the words (the u8/u8/u16 flow fields share the last word).
inline constexpr uint32_t kRecordVerdict = 0;
inline constexpr uint32_t kRecordEgressPort = 4;
inline constexpr uint32_t kRecordIngressPort = 8;
inline constexpr uint32_t kRecordMark = 12;
inline constexpr uint32_t kRecordFlow = 16;

enum Verdict : uint32_t {
  kVerdictNone = 0,  // nothing recorded yet
  kVerdictDrop = 1,
  kVerdictSendToPort = 2,
  kVerdictToHost = 3,
  kVerdictContinue = 4,
  kVerdictSendToPorts = 5,  // send_to_ports(): egressPort holds the sets of ports 0..15
};
// The egress word of a kVerdictSendToPorts record: ports 0..15 of the untagged set in the
// low half, of the tagged set in the high half (what a test can check; the program itself
// forwards to ports 0..63).
inline constexpr uint32_t kSendToPortsTaggedShift = 16;
// XDP send_to_ports(): the header in front of the broadcast frame that the devmap egress
// program p4nf_flood_egress reads and removes (docs/manifest.md, "Flooding"): u64 untagged
// set, u64 tagged set, u16 TCI (host order), 6 bytes of zeros. A test run's packet shows it.
inline constexpr uint32_t kFloodHeaderBytes = 24;
inline constexpr const char* kFloodPortsMapName = "p4nf_flood_ports";  // port id -> {ifindex, egress prog}
inline constexpr const char* kFloodEgressProgram = "p4nf_flood_egress";

// The verdict word of a record passed in says "the record is given" (how a test run hands
// position 0 a record: neither skb->cb nor the scratch map is cleared between packets).
inline constexpr uint32_t kRecordGivenMarker = 0xffffffff;

enum CtState : uint8_t {
  kCtUnknown = 0,
  kCtNew = 1,
  kCtEstablished = 2,
  kCtRelated = 3,
  kCtInvalid = 4,
};

// ---- the maps and variables every object carries (docs/manifest.md, "Chains") --------
inline constexpr const char* kChainMapName = "p4nf_chain";        // PROG_ARRAY
inline constexpr uint32_t kChainSlots = 64;                       // its slots: positions 0..63
inline constexpr const char* kRecordMapName = "p4nf_record";      // XDP: PERCPU_ARRAY, 1 record
inline constexpr const char* kPortsMapName = "p4nf_ports";        // port id -> ifindex
inline constexpr const char* kPortIdsMapName = "p4nf_port_ids";   // ifindex -> port id
inline constexpr uint32_t kPortsMapSize = 256;                    // port ids 0..255
inline constexpr uint32_t kPortIdsMapSize = 256;
// In front of p4nf_port_ids, a direct-mapped cache the verifier inlines (an ARRAY lookup
// is a few instructions, a HASH probe a helper call): slot ifindex % kPortSlots holds
// {u32 ifindex; u32 port} of one of the deployment's interfaces, ifindex 0 when empty. A
// packet whose ifindex is not in its slot (a collision) falls back to p4nf_port_ids.
inline constexpr const char* kPortSlotsMapName = "p4nf_port_slots";  // ARRAY
inline constexpr uint32_t kPortSlots = 256;  // a power of two: the slot is ifindex & kPortSlotMask
static_assert((kPortSlots & (kPortSlots - 1)) == 0);
inline constexpr uint32_t kPortSlotMask = kPortSlots - 1;
inline constexpr uint32_t kPortSlotSize = 8;
constexpr uint32_t portSlotOf(uint32_t ifindex) { return ifindex & kPortSlotMask; }
inline constexpr const char* kChainPositionVariable = "p4nf_chain_position";  // .rodata u32
inline constexpr const char* kRecordInVariable = "p4nf_record_in";            // .rodata u32

// ---- DIR-24-8 lpm tables (docs/manifest.md, "lpm, dir24") -----------------------------
namespace dir24 {
inline constexpr uint32_t kCells = 1u << 20;        // cells of the dir map
inline constexpr uint32_t kCellEntries = 16;        // u32 entries per cell: kCells * 16 = 2^24 blocks
inline constexpr uint32_t kCellShift = 4;           // block >> kCellShift = its cell
static_assert(kCells * kCellEntries == 1u << 24 && kCellEntries == 1u << kCellShift);
inline constexpr uint32_t kLongBit = 1u << 31;      // the block holds routes longer than /24
inline constexpr uint32_t kLengthShift = 25;        // bits 25-30: the covering route's length
inline constexpr uint32_t kSlotMask = (1u << 25) - 1;  // bits 0-24: slot + 1 (0: no route)
inline constexpr uint32_t kBlockCountLength = 33;   // index key length of "longer routes in a block"
inline constexpr uint32_t kMaxSlots = 1u << 25;     // what kSlotMask can address
// p4nfc's choice without @p4nf_lpm: dir24 from this many entries on (the arrays cost 64
// MiB whatever the size, which a small table should not pay).
inline constexpr uint32_t kMinSize = 65536;
}  // namespace dir24

}  // namespace p4nf::abi
