// parser_subparser.p4 -- sub-parsers: instantiation with constructor arguments, apply from a state, direct application.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header vlan_h     { bit<16> tci; bit<16> ether_type; }
header ipv4_h     { bit<8> version_ihl; bit<8> tos; bit<16> len; bit<128> rest; }

struct headers_t { ethernet_h eth; vlan_h outer_tag; vlan_h inner_tag; ipv4_h ipv4; }
struct meta_t { bit<16> ether_type; bool tag_ok; }

// Parses one VLAN tag and says whether its TPID was the expected one.
parser TagParser(packet_in pkt, out vlan_h tag, in bit<16> tpid, out bool ok)(bit<16> expected_tpid) {
    state start {
        ok = tpid == expected_tpid;
        pkt.extract(tag);
        transition accept;
    }
}

// Parses the IPv4 header; no state kept, so applied without an instance.
parser Ipv4Parser(packet_in pkt, out ipv4_h ipv4) {
    state start {
        pkt.extract(ipv4);
        transition accept;
    }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    TagParser(16w0x88a8) service_tag;   // 802.1ad outer tag
    TagParser(16w0x8100) customer_tag;  // 802.1Q inner tag

    state start {
        meta.tag_ok = true;
        pkt.extract(hdr.eth);
        meta.ether_type = hdr.eth.ether_type;
        transition select(hdr.eth.ether_type) {
            0x88a8: parse_outer;
            0x8100: parse_inner;
            default: parse_l3;
        }
    }
    state parse_outer {
        service_tag.apply(pkt, hdr.outer_tag, meta.ether_type, meta.tag_ok);
        meta.ether_type = hdr.outer_tag.ether_type;
        transition parse_inner;
    }
    state parse_inner {
        bool ok;
        customer_tag.apply(pkt, hdr.inner_tag, meta.ether_type, ok);
        meta.tag_ok = meta.tag_ok && ok;
        meta.ether_type = hdr.inner_tag.ether_type;
        transition parse_l3;
    }
    state parse_l3 {
        transition select(meta.ether_type) {
            0x0800: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        Ipv4Parser.apply(pkt, hdr.ipv4);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (!meta.tag_ok) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
