// STF feature test: pkt.lookahead<bit<W>>() reads the next bits without consuming them,
// at 8 and 16 bits, in a select and into a local; the header extracted afterwards starts
// at the same byte. The egress port is the looked-ahead byte for the parse_ops path;
// other packets go to the host.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  k1;
    bit<8>  k2;
    bit<16> peeked;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { bit<8> peek8; bit<16> peek16; }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        meta.peek16 = pkt.lookahead<bit<16>>();
        transition select(pkt.lookahead<bit<8>>()) {
            0 .. 0x7f: parse_ops;
            default: accept;
        }
    }
    state parse_ops {
        meta.peek8 = pkt.lookahead<bit<8>>();
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
        if (hdr.ops.isValid()) {
            hdr.ops.peeked = meta.peek16;
            send_to_port((PortId_t)(bit<32>)meta.peek8);
        } else {
            send_to_host();
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
