// parser_value_set.p4 -- value_set declarations (control-plane filled) used as select keysets.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header tunnel_h   { bit<16> kind; bit<16> flags; bit<32> id; }
header udp_h      { bit<16> sport; bit<16> dport; bit<16> len; bit<16> csum; }

struct headers_t { ethernet_h eth; tunnel_h tunnel; udp_h udp; }
struct meta_t { bool tunnelled; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    // EtherTypes of the in-house tunnel protocol, configured at run time.
    value_set<bit<16>>(4) tunnel_types;
    // UDP ports that carry it, as a tuple of (protocol marker, port).
    @name("tunnel_ports") value_set<tuple<bit<16>, bit<16>>>(8) tunnel_ports;

    state start {
        meta.tunnelled = false;
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            tunnel_types: parse_tunnel;
            0x0800:       parse_udp_shortcut;
            default:      accept;
        }
    }
    state parse_udp_shortcut {
        // For the example the IPv4 header is assumed absent (raw UDP over Ethernet).
        pkt.extract(hdr.udp);
        transition select(hdr.udp.sport, hdr.udp.dport) {
            tunnel_ports: parse_tunnel;
            default:      accept;
        }
    }
    state parse_tunnel {
        pkt.extract(hdr.tunnel);
        meta.tunnelled = true;
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
        if (meta.tunnelled) {
            send_to_port((PortId_t)hdr.tunnel.id);
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
