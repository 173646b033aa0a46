// STF feature test: header fields rewritten in place, no bytes moved: MAC swap (48 bits),
// a sub-byte field (DSCP, 6 bits), a 13-bit field across bytes, TTL, addresses (32 bits)
// and a UDP port. The deparser emits the parsed layout, guarded by isValid() as many
// programs write it, and the emitted layout is the parsed one, so it costs nothing.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<6> dscp; bit<2> ecn; bit<16> total_len;
    bit<16> identification; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> checksum; bit<32> src; bit<32> dst;
}
header udp_h { bit<16> src_port; bit<16> dst_port; bit<16> length; bit<16> checksum; }

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; udp_h udp; }
struct meta_t { }

parser RewriteParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                     in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            17: parse_udp;
            default: accept;
        }
    }
    state parse_udp {
        pkt.extract(hdr.udp);
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
        bit<48> mac = hdr.ethernet.dst;
        hdr.ethernet.dst = hdr.ethernet.src;
        hdr.ethernet.src = mac;
        if (hdr.ipv4.isValid()) {
            hdr.ipv4.dscp = 46;
            hdr.ipv4.frag_offset = hdr.ipv4.frag_offset + 0x101;
            hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
            bit<32> address = hdr.ipv4.src;
            hdr.ipv4.src = hdr.ipv4.dst;
            hdr.ipv4.dst = address;
        }
        if (hdr.udp.isValid()) {
            hdr.udp.dst_port = 4789;
        }
        send_to_port((PortId_t)3);
    }
}

control RewriteDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                        in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        if (hdr.ipv4.isValid()) {
            pkt.emit(hdr.ipv4);
        }
        pkt.emit(hdr.udp);
    }
}

PNA_NIC(RewriteParser(), NoPre(), ingress(), RewriteDeparser()) main;
