// STF feature test: compile-time constants: arithmetic, shifts, casts and comparisons on
// consts, a const used as a bit width and in ?:. The egress port is a folded constant.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

const bit<16> BASE = 0x1200;
const bit<16> MAGIC = BASE + 0x34;
const int SHIFT = 4;
const bit<8> HIGH = (bit<8>)(MAGIC >> 8);
const bool FLAG = MAGIC > BASE && HIGH == 0x12;
const int WIDTH = 2 * SHIFT + 8;
const bit<WIDTH> ONES = ~(bit<WIDTH>)0 >> (WIDTH - SHIFT);
const bit<32> PORT = (bit<32>)(HIGH >> 1) + 32w1;

header ops_h {
    bit<16> magic;
    bit<WIDTH> wide;
    bit<8> ok;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        hdr.ops.wide = hdr.ops.wide + ONES;
        hdr.ops.ok = FLAG ? HIGH : 8w0;
        if (hdr.ops.magic == MAGIC) {
            send_to_port((PortId_t)PORT);
        } else {
            send_to_port((PortId_t)(PORT + 1));
        }
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
