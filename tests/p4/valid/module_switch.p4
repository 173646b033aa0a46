// module_switch.p4 -- models an L2 learning switch: 802.1Q access and trunk
// ports (tag push/pop), MAC learning in the data plane with aging
// (add_on_miss + idle timeout), static and learned forwarding entries,
// flooding of broadcast and unknown unicast, per-port and per-reason counters.
#include <core.p4>
#include <pna.p4>

typedef bit<48> MacAddr_t;
typedef bit<12> VlanId_t;

const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<16> ETHERTYPE_QINQ = 0x88a8;
const MacAddr_t BROADCAST_MAC = 0xffffffffffff;

// Learned MACs move to this profile; the control plane maps it to the aging
// time of the config (300 s by default).
const ExpireTimeProfileId_t FDB_AGING_PROFILE = (ExpireTimeProfileId_t)8w1;
// Mirror slot used for flood copies.
const MirrorSlotId_t FLOOD_SLOT = (MirrorSlotId_t)8w0;

// Why a frame was dropped; indexes the drop counter.
enum bit<8> DropReason_t {
    NONE           = 0,
    PARSE_ERROR    = 1,
    PORT_DISABLED  = 2,
    VLAN_MISMATCH  = 3,
    SOURCE_IS_MCAST = 4,
    SAME_PORT      = 5
}

error { DoubleTagged }

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

header vlan_h {
    bit<3>   pcp;
    bit<1>   dei;
    VlanId_t vid;
    bit<16>  ether_type;  // type of what follows the tag
}

struct headers_t {
    ethernet_h ethernet;
    vlan_h     vlan;
}

struct switch_meta_t {
    VlanId_t     vid;         // the VLAN the frame belongs to inside the switch
    bit<3>       pcp;
    PortId_t     out_port;
    bool         forward;     // a single output port was chosen
    bool         unknown_unicast;  // flooded because the destination is unknown
    DropReason_t drop_reason;
}

// Action data of a learned FDB entry, one field per parameter of `learned`.
struct learned_params_t {
    PortId_t port;
}

// A station moved to another port: reported to the agent.
struct mac_move_t {
    VlanId_t  vid;
    MacAddr_t mac;
    PortId_t  old_port;
    PortId_t  new_port;
}

parser SwitchParser(packet_in pkt,
                    out headers_t hdr,
                    inout switch_meta_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.drop_reason = DropReason_t.NONE;
        meta.forward = false;
        meta.unknown_unicast = false;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            ETHERTYPE_QINQ: parse_vlan;
            default: accept;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan);
        // Stacked tags are not switched; the agent sees the parser error.
        verify(hdr.vlan.ether_type != ETHERTYPE_VLAN, error.DoubleTagged);
        transition accept;
    }
}

control SwitchPreControl(in headers_t hdr,
                         inout switch_meta_t meta,
                         in pna_pre_input_metadata_t istd,
                         inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control SwitchControl(inout headers_t hdr,
                      inout switch_meta_t meta,
                      in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, PortIdUint_t>(256, PNA_CounterType_t.PACKETS_AND_BYTES) rx_port_counter;
    Counter<bit<64>, PortIdUint_t>(256, PNA_CounterType_t.PACKETS_AND_BYTES) tx_port_counter;
    Counter<bit<64>, bit<8>>(16, PNA_CounterType_t.PACKETS) drop_counter;
    Counter<bit<64>, bit<1>>(1, PNA_CounterType_t.PACKETS) unknown_unicast_counter;
    Digest<mac_move_t>() mac_move_digest;

    action drop(DropReason_t reason) {
        meta.drop_reason = reason;
        drop_packet();
    }

    // --- ingress VLAN classification -------------------------------------

    // Access port: untagged frames belong to the port's VLAN.
    action access_port(VlanId_t vid) {
        meta.vid = vid;
        meta.pcp = 0;
    }

    // Trunk port: the tag says which VLAN; untagged frames use the native VLAN.
    action trunk_port(VlanId_t native_vid) {
        if (hdr.vlan.isValid()) {
            meta.vid = hdr.vlan.vid;
            meta.pcp = hdr.vlan.pcp;
        } else {
            meta.vid = native_vid;
            meta.pcp = 0;
        }
    }

    table port_vlan {
        key = {
            istd.input_port    : exact @name("port");
            hdr.vlan.isValid() : exact @name("tagged");
        }
        actions = {
            access_port;
            trunk_port;
            @defaultonly drop;
        }
        const default_action = drop(DropReason_t.PORT_DISABLED);
        size = 512;
    }

    // --- learning ------------------------------------------------------------

    // Hit: the source is known. Refresh its age, report a move.
    action learned(PortId_t port) {
        restart_expire_timer();
        if (port != istd.input_port) {
            mac_move_digest.pack({ vid = meta.vid, mac = hdr.ethernet.src_addr,
                                   old_port = port, new_port = istd.input_port });
        }
    }

    // Miss: learn the source on the port it came in on.
    action learn() {
        learned_params_t params = { port = istd.input_port };
        add_entry("learned", params, FDB_AGING_PROFILE);
    }

    table fdb_learn {
        key = {
            meta.vid               : exact @name("vid");
            hdr.ethernet.src_addr  : exact @name("mac");
        }
        actions = {
            learned;
            @defaultonly learn;
        }
        const default_action = learn;
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.NOTIFY_CONTROL;
        size = 65536;
    }

    // --- forwarding ----------------------------------------------------------

    action forward(PortId_t port) {
        meta.out_port = port;
        meta.forward = true;
    }

    // Broadcast and unknown unicast go to the VLAN's flood session: the
    // mirror copies fan out to every member port; the original is dropped.
    action flood(MirrorSessionId_t vlan_session) {
        mirror_packet(FLOOD_SLOT, vlan_session);
        drop_packet();
    }

    table fdb {
        key = {
            meta.vid              : exact @name("vid");
            hdr.ethernet.dst_addr : exact @name("mac");
        }
        actions = {
            forward;
            flood;
        }
        default_action = flood((MirrorSessionId_t)16w0);
        size = 65536;
    }

    // --- egress tagging ------------------------------------------------------

    action egress_untagged() {
        if (hdr.vlan.isValid()) {
            hdr.ethernet.ether_type = hdr.vlan.ether_type;
            hdr.vlan.setInvalid();
        }
    }

    action egress_tagged() {
        if (!hdr.vlan.isValid()) {
            hdr.vlan.setValid();
            hdr.vlan.ether_type = hdr.ethernet.ether_type;
            hdr.ethernet.ether_type = ETHERTYPE_VLAN;
        }
        hdr.vlan.pcp = meta.pcp;
        hdr.vlan.dei = 0;
        hdr.vlan.vid = meta.vid;
    }

    table port_egress {
        key = {
            meta.out_port : exact @name("port");
            meta.vid      : exact @name("vid");
        }
        actions = {
            egress_untagged;
            egress_tagged;
            @defaultonly drop;
        }
        const default_action = drop(DropReason_t.VLAN_MISMATCH);
        size = 4096;
    }

    apply {
        rx_port_counter.count((PortIdUint_t)istd.input_port);

        if (istd.parser_error != error.NoError) {
            drop(DropReason_t.PARSE_ERROR);
        } else if (hdr.ethernet.src_addr[40:40] == 1) {
            // A multicast source address is never legitimate.
            drop(DropReason_t.SOURCE_IS_MCAST);
        } else if (port_vlan.apply().hit) {
            fdb_learn.apply();
            // Broadcast never has an FDB entry, so it takes the flood default.
            switch (fdb.apply().action_run) {
                forward: {
                    if (meta.out_port == istd.input_port) {
                        drop(DropReason_t.SAME_PORT);
                    }
                }
                flood: {
                    if (hdr.ethernet.dst_addr != BROADCAST_MAC) {
                        meta.unknown_unicast = true;
                    }
                }
            }
        }

        if (meta.forward && meta.drop_reason == DropReason_t.NONE) {
            if (port_egress.apply().hit) {
                tx_port_counter.count((PortIdUint_t)meta.out_port);
                send_to_port(meta.out_port);
            }
        }
        if (meta.unknown_unicast) {
            unknown_unicast_counter.count(0);
        }
        if (meta.drop_reason != DropReason_t.NONE) {
            drop_counter.count((bit<8>)meta.drop_reason);
        }
    }
}

control SwitchDeparser(packet_out pkt,
                       in headers_t hdr,
                       in switch_meta_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
    }
}

PNA_NIC(SwitchParser(), SwitchPreControl(), SwitchControl(), SwitchDeparser()) main;
