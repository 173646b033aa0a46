// parser_select_range.p4 -- select cases with lo .. hi range keysets, alone and in tuples.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header llc_h      { bit<8> dsap; bit<8> ssap; bit<8> ctrl; }
header udp_h      { bit<16> src_port; bit<16> dst_port; bit<16> len; bit<16> csum; }

struct headers_t { ethernet_h eth; llc_h llc; udp_h udp; }
struct meta_t { bit<2> port_class; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        meta.port_class = 0;
        // Values up to 1500 are 802.3 lengths, not EtherTypes.
        transition select(hdr.eth.ether_type) {
            0 .. 1500:          parse_llc;
            1501 .. 0x05ff:     reject;   // neither a length nor a type
            0x0800:             parse_udp;
            default:            accept;
        }
    }
    state parse_llc {
        pkt.extract(hdr.llc);
        transition accept;
    }
    state parse_udp {
        pkt.extract(hdr.udp);
        transition select(hdr.udp.src_port, hdr.udp.dst_port) {
            (0 .. 1023, _):            well_known;
            (_, 16w1024 .. 16w49151):  registered;
            default:                   accept;
        }
    }
    state well_known {
        meta.port_class = 1;
        transition accept;
    }
    state registered {
        meta.port_class = 2;
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
        if (meta.port_class == 2) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
