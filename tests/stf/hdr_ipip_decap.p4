// STF feature test: IP-in-IP decapsulation. When an IPv4 packet carries IPv4 (protocol
// 4), the outer header is removed (setInvalid) and the inner one follows Ethernet.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len;
    bit<16> identification; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> checksum; bit<32> src; bit<32> dst;
}
header udp_h { bit<16> src_port; bit<16> dst_port; bit<16> length; bit<16> checksum; }

struct headers_t { ethernet_h ethernet; ipv4_h outer; ipv4_h inner; udp_h udp; }
struct meta_t { }

parser DecapParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                   in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_outer;
            default: accept;
        }
    }
    state parse_outer {
        pkt.extract(hdr.outer);
        transition select(hdr.outer.protocol) {
            4: parse_inner;
            17: parse_udp;
            default: accept;
        }
    }
    state parse_inner {
        pkt.extract(hdr.inner);
        transition select(hdr.inner.protocol) {
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
        if (hdr.inner.isValid()) {
            hdr.outer.setInvalid();
            hdr.inner.ttl = hdr.inner.ttl - 1;
            send_to_port((PortId_t)1);
        } else {
            send_to_port((PortId_t)2);
        }
        if (hdr.udp.isValid()) {
            hdr.udp.checksum = 0;
        }
    }
}

control DecapDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(DecapParser(), NoPre(), ingress(), DecapDeparser()) main;
