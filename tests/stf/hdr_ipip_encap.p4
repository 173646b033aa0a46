// STF feature test: IP-in-IP encapsulation. IPv4 packets to 10.0.0.0/8 get an outer IPv4
// header (whole-header assignment to a header the parser did not extract) between
// Ethernet and the original IPv4 header, and leave on port 1.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len;
    bit<16> identification; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> checksum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h ethernet; ipv4_h outer; ipv4_h ipv4; }
struct meta_t { }

parser EncapParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
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
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action encap(bit<32> tunnel_src, bit<32> tunnel_dst) {
        hdr.outer = { version = 4, ihl = 5, diffserv = hdr.ipv4.diffserv,
                      total_len = hdr.ipv4.total_len + 20, identification = 0, flags = 2,
                      frag_offset = 0, ttl = 64, protocol = 4, checksum = 0,
                      src = tunnel_src, dst = tunnel_dst };
        send_to_port((PortId_t)1);
    }
    apply {
        if (hdr.ipv4.isValid() && hdr.ipv4.dst[31:24] == 10) {
            encap(0xc0a80001, 0xc0a80002);
        } else {
            send_to_port((PortId_t)2);
        }
    }
}

control EncapDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.outer);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(EncapParser(), NoPre(), ingress(), EncapDeparser()) main;
