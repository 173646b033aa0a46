// Realistic program: an L2 switch with VLANs. Each port is an access port of one VLAN
// (untagged frames) or a trunk (tagged frames). Frames are forwarded by (VLAN, destination
// MAC) through an exact-match table; the tag is popped towards access ports and pushed
// towards trunks. Unknown destinations go to the host (no flooding in a NIC pipeline);
// frames that do not fit their port's mode are dropped.
// Not here yet: MAC learning (add_on_miss).
#include <core.p4>
#include <pna.p4>

typedef bit<48> mac_t;
typedef bit<12> vlan_id_t;

header ethernet_h { mac_t dst; mac_t src; bit<16> ether_type; }
header vlan_h { bit<3> pcp; bit<1> dei; vlan_id_t vid; bit<16> ether_type; }

struct headers_t { ethernet_h ethernet; vlan_h vlan; }
struct meta_t { vlan_id_t vid; bit<1> ingress_trunk; }

parser SwitchParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x8100: parse_vlan;
            default: accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control SwitchIngress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    action access(vlan_id_t vid) {
        meta.vid = vid;
        meta.ingress_trunk = 0;
    }
    action trunk() {
        meta.ingress_trunk = 1;
    }
    action bad_port() { drop_packet(); }

    // The mode of each ingress port.
    table port_mode {
        key = { istd.input_port : exact; }
        actions = { access; trunk; bad_port; }
        default_action = bad_port();
        size = 64;
    }

    action to_access(PortId_t port) {
        if (hdr.vlan.isValid()) {
            hdr.ethernet.ether_type = hdr.vlan.ether_type;
            hdr.vlan.setInvalid();
        }
        send_to_port(port);
    }
    action to_trunk(PortId_t port) {
        if (!hdr.vlan.isValid()) {
            hdr.vlan.setValid();
            hdr.vlan.pcp = 0;
            hdr.vlan.dei = 0;
            hdr.vlan.vid = meta.vid;
            hdr.vlan.ether_type = hdr.ethernet.ether_type;
            hdr.ethernet.ether_type = 0x8100;
        }
        send_to_port(port);
    }
    action unknown() { send_to_host(); }

    table dmac {
        key = { meta.vid : exact; hdr.ethernet.dst : exact; }
        actions = { to_access; to_trunk; unknown; }
        default_action = unknown();
        size = 1024;
    }

    apply {
        switch (port_mode.apply().action_run) {
            bad_port: { exit; }
            default: { }
        }
        if (meta.ingress_trunk == 1) {
            if (!hdr.vlan.isValid()) {
                drop_packet();  // trunks carry tagged frames only
                exit;
            }
            meta.vid = hdr.vlan.vid;
        } else if (hdr.vlan.isValid()) {
            drop_packet();  // access ports take untagged frames only
            exit;
        }
        dmac.apply();
    }
}

control SwitchDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
    }
}

PNA_NIC(SwitchParser(), NoPre(), SwitchIngress(), SwitchDeparser()) main;
