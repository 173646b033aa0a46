// table_keys.p4 -- key forms: every match kind, slices, casts, isValid(), SelectByDirection, @name on keys.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header vlan_h     { bit<3> pcp; bit<1> dei; bit<12> vid; bit<16> ether_type; }
header ipv4_h {
    bit<8> version_ihl; bit<8> tos; bit<16> len; bit<32> id_frag;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}
header l4_h { bit<16> sport; bit<16> dport; }

struct headers_t { ethernet_h eth; vlan_h vlan; ipv4_h ipv4; l4_h l4; }
struct meta_t { bit<8> verdict; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x8100: parse_vlan; default: parse_ipv4; }
    }
    state parse_vlan { pkt.extract(hdr.vlan); transition parse_ipv4; }
    state parse_ipv4 { pkt.extract(hdr.ipv4); pkt.extract(hdr.l4); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action set_verdict(bit<8> v) { meta.verdict = v; }

    table acl {
        key = {
            // The "outside" address: source for packets from the network,
            // destination for packets from the host.
            SelectByDirection(istd.direction, hdr.ipv4.src, hdr.ipv4.dst) : lpm @name("outside");
            hdr.ipv4.protocol          : exact;
            hdr.l4.dport               : range;
            hdr.eth.dst[47:40]         : ternary @name("dst_oui_hi");
            hdr.vlan.isValid()         : exact   @name("tagged");
            hdr.vlan.vid               : optional;
            (bit<16>)hdr.ipv4.tos      : ternary @name("tos16");
            hdr.eth.src ++ hdr.eth.dst : ternary @name("mac_pair");
        }
        actions = { set_verdict; }
        default_action = set_verdict(0);
        size = 1024;
    }

    apply {
        acl.apply();
        if (meta.verdict == 1) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
