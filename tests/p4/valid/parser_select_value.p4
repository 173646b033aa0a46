// parser_select_value.p4 -- select on a single field with constant, literal and default cases.
#include <core.p4>
#include <pna.p4>

const bit<16> TYPE_IPV4 = 0x0800;
const bit<16> TYPE_IPV6 = 0x86dd;

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h     { bit<8> version_ihl; bit<8> tos; bit<16> len; bit<64> rest; bit<64> addrs; }
header ipv6_h     { bit<32> head; bit<32> rest; bit<256> addrs; }
header arp_h      { bit<64> fixed; }

struct headers_t { ethernet_h eth; ipv4_h ipv4; ipv6_h ipv6; arp_h arp; }
struct meta_t { bit<8> l3_kind; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            TYPE_IPV4: parse_ipv4;         // named constant
            TYPE_IPV6: parse_ipv6;
            16w0x0806: parse_arp;          // width-typed literal
            0x88cc:    reject;             // LLDP is never forwarded
            default:   accept;
        }
    }
    state parse_ipv4 { pkt.extract(hdr.ipv4); meta.l3_kind = 4; transition accept; }
    state parse_ipv6 { pkt.extract(hdr.ipv6); meta.l3_kind = 6; transition accept; }
    state parse_arp  { pkt.extract(hdr.arp);  meta.l3_kind = 1; transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (meta.l3_kind == 0) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
