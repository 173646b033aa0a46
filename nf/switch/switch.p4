// switch: a VLAN-aware learning switch, IEEE 802.1Q bridging (nf/switch/README.md says what
// it does and how to configure it).
//
//   input port -> ports (exact): the port's PVID (VLAN of untagged and priority-tagged
//                 frames, 0: none), what to do with link-local control frames
//   frame      -> its VLAN: the tag's VID, else the PVID
//   VLAN       -> vlans (exact): its member ports and which of them send it untagged
//                 (64-bit sets: PNA ports 0..63); a port that does not carry it drops
//   (VLAN, source MAC)      -> fdb: learned on a miss (add_on_miss, aging profile 1),
//                              a learned station seen on another port has moved: its
//                              entry expires at once and its next frame learns it again
//   (VLAN, destination MAC) -> fdb: the port; unknown, broadcast and multicast are
//                              flooded to every other member of the VLAN (send_to_ports)
//   egress: the tag is removed towards ports that send the VLAN untagged, added (the VID,
//   with the frame's priority) towards the others
//
// Every decision is counted by reason (`reasons`), frames by input port (`rx_port`),
// output port of unicast (`tx_port`), flooding input port (`flood_port`) and VLAN
// (`vlan_rx`).
#include <core.p4>
#include <pna.p4>

#include "../common/headers.p4"

const bit<32> REASON_FORWARD           = 0;   // known unicast to its port
const bit<32> REASON_FLOOD             = 1;   // broadcast, multicast, unknown unicast
const bit<32> REASON_HOST_CONTROL      = 2;   // link-local control frame to the host
const bit<32> REASON_DROP_CONTROL      = 3;   // link-local control frame dropped
const bit<32> REASON_DROP_NOT_A_PORT   = 4;   // the input port is not a switch port
const bit<32> REASON_DROP_NO_PVID      = 5;   // untagged on a port without a native VLAN
const bit<32> REASON_DROP_VLAN         = 6;   // a VLAN the input port does not carry
const bit<32> REASON_DROP_BAD_SOURCE   = 7;   // a group or zero source MAC
const bit<32> REASON_DROP_SAME_PORT    = 8;   // the destination is on the input port
const bit<32> REASON_DROP_EGRESS_VLAN  = 9;   // the destination's port does not carry the VLAN
const bit<32> REASON_DROP_TRUNCATED    = 10;  // shorter than its Ethernet (and tag) header
const bit<32> REASON_COUNT             = 11;

const bit<32> PORT_COUNT = 64;
const bit<32> VLAN_COUNT = 4096;


typedef bit<12> vlan_id_t;

header vlan_tag_h {
    bit<3>    pcp;
    bit<1>    dei;
    vlan_id_t vid;
    bit<16>   ether_type;
}

struct switch_headers_t {
    ethernet_h ethernet;
    vlan_tag_h vlan;
}

struct switch_metadata_t {
    vlan_id_t vid;
    bit<3>    pcp;
    bit<1>    dei;
    bool      learning;     // the fdb lookup by source (else by destination)
    MacAddr_t mac;          // the fdb key: the source, then the destination
    bool      known;        // the destination was found
    PortId_t  out_port;
    bit<64>   members;      // the VLAN's ports
    bit<64>   untagged;     // those of them that send it untagged
    bit<1>    control_to_host;
}

struct station_params_t {
    PortId_t port;
}

const ExpireTimeProfileId_t AGING = (ExpireTimeProfileId_t)8w1;  // aging_time (300 s)
const ExpireTimeProfileId_t MOVED = (ExpireTimeProfileId_t)8w2;  // at once

parser SwitchParser(packet_in pkt, out switch_headers_t hdr, inout switch_metadata_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            default: accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        transition accept;
    }
}

control SwitchPre(in switch_headers_t hdr, inout switch_metadata_t meta, in pna_pre_input_metadata_t istd,
                  inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control SwitchIngress(inout switch_headers_t hdr, inout switch_metadata_t meta,
                      in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<32>, bit<32>>(REASON_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) reasons;
    Counter<bit<32>, bit<32>>(PORT_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) rx_port;
    Counter<bit<32>, bit<32>>(PORT_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) tx_port;
    Counter<bit<32>, bit<32>>(PORT_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) flood_port;
    Counter<bit<32>, bit<32>>(VLAN_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) vlan_rx;

    action drop_for(bit<32> reason) {
        reasons.count(reason);
        drop_packet();
    }

    // The ingress port: its PVID (0: untagged frames are dropped) and the control frame
    // policy (1: to the host).
    action switch_port(vlan_id_t pvid, bit<1> control_to_host) {
        meta.vid = pvid;
        meta.control_to_host = control_to_host;
    }
    action not_a_port() { }

    table ports {
        key = { istd.input_port : exact @name("port"); }
        actions = { switch_port; @defaultonly not_a_port; }
        default_action = not_a_port();
        size = 64;
    }

    action vlan(bit<64> members, bit<64> untagged) {
        meta.members = members;
        meta.untagged = untagged;
    }
    action no_vlan() {
        meta.members = 0;
        meta.untagged = 0;
    }

    table vlans {
        key = { meta.vid : exact @name("vid"); }
        actions = { vlan; @defaultonly no_vlan; }
        default_action = no_vlan();
        size = 4096;
    }

    // Learning: a known source restarts its aging timer, unless it moved to another
    // port. Forwarding: the destination's port.
    action station(PortId_t port) {
        if (meta.learning) {
            bool moved = port != istd.input_port;
            update_expire_info(true, moved, MOVED);
        } else {
            meta.known = true;
            meta.out_port = port;
        }
    }
    // A static entry (from the config): never ages, never moves.
    action static_station(PortId_t port) {
        if (!meta.learning) {
            meta.known = true;
            meta.out_port = port;
        }
    }
    // A miss: learning adds the source on its input port; forwarding knows nothing.
    action unknown_station() {
        add_entry_if(meta.learning, "station", (station_params_t){ port = istd.input_port }, AGING);
    }

    @p4nf_expire_timeout(1, 300000000000)
    @p4nf_expire_timeout(2, 1)
    table fdb {
        key = { meta.vid : exact @name("vid"); meta.mac : exact @name("mac"); }
        actions = { station; static_station; @defaultonly unknown_station; }
        const default_action = unknown_station();
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = 65536;
    }

    apply {
        if (istd.parser_error != error.NoError) {
            drop_for(REASON_DROP_TRUNCATED);
            exit;
        }
        switch (ports.apply().action_run) {
            not_a_port: {
                drop_for(REASON_DROP_NOT_A_PORT);
                exit;
            }
            default: { }
        }
        rx_port.count((bit<32>)istd.input_port);

        // Link-local control frames (01:80:c2:00:00:00-0f: STP, LACP, LLDP, ...) are
        // never forwarded.
        if (hdr.ethernet.dst_addr[47:4] == 0x0180c200000) {
            if (meta.control_to_host == 1) {
                reasons.count(REASON_HOST_CONTROL);
                send_to_host();
            } else {
                drop_for(REASON_DROP_CONTROL);
            }
            exit;
        }

        // The frame's VLAN: its tag's, or the port's for untagged and priority-tagged
        // frames (VID 0), whose priority is kept.
        meta.pcp = 0;
        meta.dei = 0;
        if (hdr.vlan.isValid()) {
            meta.pcp = hdr.vlan.pcp;
            meta.dei = hdr.vlan.dei;
            if (hdr.vlan.vid != 0) meta.vid = hdr.vlan.vid;
        }
        if (meta.vid == 0) {
            drop_for(REASON_DROP_NO_PVID);
            exit;
        }
        vlans.apply();
        bit<64> in_bit = (bit<64>)1 << (bit<8>)istd.input_port;
        if ((bit<32>)istd.input_port >= PORT_COUNT || meta.members & in_bit == 0) {
            drop_for(REASON_DROP_VLAN);
            exit;
        }
        vlan_rx.count((bit<32>)meta.vid);

        // A group or zero address is never a source: such frames are dropped, not learned.
        if (hdr.ethernet.src_addr[40:40] == 1 || hdr.ethernet.src_addr == 0) {
            drop_for(REASON_DROP_BAD_SOURCE);
            exit;
        }
        meta.learning = true;
        meta.mac = hdr.ethernet.src_addr;
        fdb.apply();

        meta.learning = false;
        meta.known = false;
        if (hdr.ethernet.dst_addr[40:40] == 0) {
            meta.mac = hdr.ethernet.dst_addr;
            fdb.apply();
        }

        // Every frame leaves untagged or tagged with its VLAN: the tag is rebuilt below.
        if (hdr.vlan.isValid()) {
            hdr.ethernet.ether_type = hdr.vlan.ether_type;
            hdr.vlan.setInvalid();
        }
        if (!meta.known) {
            reasons.count(REASON_FLOOD);
            flood_port.count((bit<32>)istd.input_port);
            send_to_ports(meta.members & meta.untagged, meta.members & ~meta.untagged,
                          meta.pcp ++ meta.dei ++ meta.vid);
            exit;
        }
        if (meta.out_port == istd.input_port) {
            drop_for(REASON_DROP_SAME_PORT);
            exit;
        }
        bit<64> out_bit = (bit<64>)1 << (bit<8>)meta.out_port;
        if ((bit<32>)meta.out_port >= PORT_COUNT || meta.members & out_bit == 0) {
            drop_for(REASON_DROP_EGRESS_VLAN);
            exit;
        }
        if (meta.untagged & out_bit == 0) {
            hdr.vlan.setValid();
            hdr.vlan.pcp = meta.pcp;
            hdr.vlan.dei = meta.dei;
            hdr.vlan.vid = meta.vid;
            hdr.vlan.ether_type = hdr.ethernet.ether_type;
            hdr.ethernet.ether_type = ETHERTYPE_VLAN;
        }
        reasons.count(REASON_FORWARD);
        tx_port.count((bit<32>)meta.out_port);
        send_to_port(meta.out_port);
    }
}

control SwitchDeparser(packet_out pkt, in switch_headers_t hdr, in switch_metadata_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
    }
}

PNA_NIC(SwitchParser(), SwitchPre(), SwitchIngress(), SwitchDeparser()) main;
