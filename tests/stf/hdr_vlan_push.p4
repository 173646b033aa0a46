// STF feature test: push a VLAN tag (setValid on a header the parser did not extract).
// Untagged IPv4 packets leave on port 1 with tag 100 between Ethernet and IPv4; tagged
// ones leave unchanged on port 2.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header vlan_h { bit<3> pcp; bit<1> dei; bit<12> vid; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len;
    bit<16> identification; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> checksum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h ethernet; vlan_h vlan; ipv4_h ipv4; }
struct meta_t { }

parser VlanParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x8100: parse_vlan;
            0x0800: parse_ipv4;
            default: accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        transition select(hdr.vlan.ether_type) {
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
    apply {
        if (hdr.vlan.isValid()) {
            send_to_port((PortId_t)2);
        } else if (hdr.ipv4.isValid()) {
            hdr.vlan.setValid();
            hdr.vlan.pcp = 5;
            hdr.vlan.dei = 0;
            hdr.vlan.vid = 100;
            hdr.vlan.ether_type = hdr.ethernet.ether_type;
            hdr.ethernet.ether_type = 0x8100;
            hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
            send_to_port((PortId_t)1);
        }
    }
}

control VlanDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(VlanParser(), NoPre(), ingress(), VlanDeparser()) main;
