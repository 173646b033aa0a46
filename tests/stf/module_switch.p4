// Realistic program: an L2 switch with VLANs and MAC learning in the data plane. Each port
// is an access port of one VLAN (untagged frames) or a trunk (tagged frames). The
// forwarding database is one add_on_miss table keyed by (VLAN, MAC), looked up twice per
// frame: by source, where a miss learns the station on its ingress port (add_entry) and a
// hit restarts its aging timer (a station seen on another port has moved: its entry
// expires at once and the next frame learns it again); then by destination, which picks
// the egress port. The tag is popped towards access ports and pushed towards trunks of the
// VLAN; unknown and broadcast destinations go to the host (a NIC pipeline does not
// flood); frames that do not fit their port's mode, sent back out of their own port or to
// a port outside their VLAN are dropped. Entries from the control plane never age (but,
// like learned ones, are learned anew when their station shows up on another port).
#include <core.p4>
#include <pna.p4>

typedef bit<48> mac_t;
typedef bit<12> vlan_id_t;

header ethernet_h { mac_t dst; mac_t src; bit<16> ether_type; }
header vlan_h { bit<3> pcp; bit<1> dei; vlan_id_t vid; bit<16> ether_type; }

struct headers_t { ethernet_h ethernet; vlan_h vlan; }
struct meta_t {
    vlan_id_t vid;
    bit<1>    ingress_trunk;
    bool      learning;  // the fdb lookup by source (else by destination)
    mac_t     mac;       // the fdb key: the source, then the destination
    bool      known;     // the destination was found
    PortId_t  out_port;
}

struct station_params_t {
    PortId_t port;
}

const ExpireTimeProfileId_t AGING = (ExpireTimeProfileId_t)8w1;  // 300 s
const ExpireTimeProfileId_t MOVED = (ExpireTimeProfileId_t)8w2;  // at once

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

    // Learning: a known source restarts its timer, unless it moved to another port.
    // Forwarding: the destination's port.
    action station(PortId_t port) {
        if (meta.learning) {
            bool moved = port != istd.input_port;
            update_expire_info(true, moved, MOVED);
        } else {
            meta.known = true;
            meta.out_port = port;
        }
    }

    // A miss: learning adds the source on its ingress port; forwarding knows nothing.
    action unknown_station() {
        add_entry_if(meta.learning, "station", (station_params_t){ port = istd.input_port }, AGING);
    }

    @p4nf_expire_timeout(1, 300000000000)
    @p4nf_expire_timeout(2, 1)
    table fdb {
        key = { meta.vid : exact @name("vid"); meta.mac : exact @name("mac"); }
        actions = { station; @defaultonly unknown_station; }
        const default_action = unknown_station();
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = 4096;
    }

    action to_access(vlan_id_t vid) {
        if (vid != meta.vid) {
            drop_packet();  // not a member of the frame's VLAN
            return;
        }
        if (hdr.vlan.isValid()) {
            hdr.ethernet.ether_type = hdr.vlan.ether_type;
            hdr.vlan.setInvalid();
        }
        send_to_port(meta.out_port);
    }
    action to_trunk() {
        if (!hdr.vlan.isValid()) {
            hdr.vlan.setValid();
            hdr.vlan.pcp = 0;
            hdr.vlan.dei = 0;
            hdr.vlan.vid = meta.vid;
            hdr.vlan.ether_type = hdr.ethernet.ether_type;
            hdr.ethernet.ether_type = 0x8100;
        }
        send_to_port(meta.out_port);
    }
    action no_port() { drop_packet(); }

    // The mode of each egress port.
    table egress_mode {
        key = { meta.out_port : exact @name("port"); }
        actions = { to_access; to_trunk; no_port; }
        default_action = no_port();
        size = 64;
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
        // A group address is never a source: such frames are dropped, not learned.
        if (hdr.ethernet.src[40:40] == 1) {
            drop_packet();
            exit;
        }
        meta.learning = true;
        meta.mac = hdr.ethernet.src;
        fdb.apply();

        if (hdr.ethernet.dst[40:40] == 1) {
            send_to_host();  // broadcast and multicast
            exit;
        }
        meta.learning = false;
        meta.known = false;
        meta.mac = hdr.ethernet.dst;
        fdb.apply();
        if (!meta.known) {
            send_to_host();
        } else if (meta.out_port == istd.input_port) {
            drop_packet();  // it is where it wants to go
        } else {
            egress_mode.apply();
        }
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
