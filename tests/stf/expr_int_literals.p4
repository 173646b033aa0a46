// STF feature test: integer literal forms: width-prefixed (8w, 16s), hex, octal, binary,
// decimal with `_` separators, and infinite-precision int constants that fit a field
// only after folding. The egress port is 0b101 (5).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  hex;
    bit<8>  oct;
    bit<16> bin;
    bit<32> dec;
    int<16> neg;
    bit<64> big;
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
        hdr.ops.hex = 8w0xA5;
        hdr.ops.oct = 0o17;
        hdr.ops.bin = 16w0b1010_0101_1111_0000;
        hdr.ops.dec = 1_000_000;
        hdr.ops.neg = -16s2;
        hdr.ops.big = (1 << 63) + 64w0x1_0000_0000 - 1;
        send_to_port((PortId_t)0b101);
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
