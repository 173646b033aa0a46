// A multi-table pipeline, the P4 twin of bench/baselines/pipeline.bpf.c: the shape of a
// small L3 switch, five tables in a row and a per-port counter.
//
//   port_rx     counts every frame by input port (packets and bytes)
//   vlan_in     (input port, tag valid, VLAN id) -> the frame's VLAN, else drop
//   routable    (destination MAC, VLAN) -> the frame is for the router (our MAC)
//   ipv4_lpm    destination address -> next hop: TTL and checksum, both MACs, out VLAN
//   dmac        (destination MAC, VLAN) -> output port; a miss goes to the host
//   acl         the 5-tuple, exact -> deny; the benchmark's packet misses it
//
// The frame leaves with its tag rewritten to the out VLAN. Table, action and parameter
// names match the baseline's manifest, so one piece of code fills both (bench/scenarios.cpp).
#include <core.p4>
#include <pna.p4>

typedef bit<48> MacAddr_t;
typedef bit<32> Ipv4Addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_VLAN = 0x8100;

header ethernet_t {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

header vlan_t {
    bit<3>  pcp;
    bit<1>  dei;
    bit<12> vid;
    bit<16> ether_type;
}

header ipv4_t {
    bit<4>     version;
    bit<4>     ihl;
    bit<8>     diffserv;
    bit<16>    total_len;
    bit<16>    identification;
    bit<3>     flags;
    bit<13>    frag_offset;
    bit<8>     ttl;
    bit<8>     protocol;
    bit<16>    hdr_checksum;
    Ipv4Addr_t src_addr;
    Ipv4Addr_t dst_addr;
}

header l4_ports_t {
    bit<16> src_port;
    bit<16> dst_port;
}

struct headers_t {
    ethernet_t ethernet;
    vlan_t     vlan;
    ipv4_t     ipv4;
    l4_ports_t ports;
}

struct metadata_t {
    bit<12> vid;
    bool    routable;
}

parser MainParserImpl(packet_in pkt,
                      out headers_t hdr,
                      inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan);
        transition select(hdr.vlan.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            6: parse_ports;
            17: parse_ports;
            default: accept;
        }
    }

    state parse_ports {
        pkt.extract(hdr.ports);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr,
                       inout metadata_t meta,
                       in pna_pre_input_metadata_t istd,
                       inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr,
                        inout metadata_t meta,
                        in pna_main_input_metadata_t istd,
                        inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, PortId_t>(256, PNA_CounterType_t.PACKETS_AND_BYTES) port_rx;
    InternetChecksum() ck;

    action drop() {
        drop_packet();
    }

    action set_vid(bit<12> vid) {
        meta.vid = vid;
    }

    table vlan_in {
        key = {
            istd.input_port     : exact;
            hdr.vlan.isValid()  : exact;
            hdr.vlan.vid        : exact;
        }
        actions = { set_vid; drop; }
        default_action = drop();
        size = 4096;
    }

    action route() {
        meta.routable = true;
    }

    table routable {
        key = {
            hdr.ethernet.dst_addr : exact;
            meta.vid              : exact;
        }
        actions = { route; NoAction; }
        default_action = NoAction();
        size = 1024;
    }

    action forward_l3(MacAddr_t dst_mac, MacAddr_t src_mac, bit<12> vid) {
        ck.set_state(~hdr.ipv4.hdr_checksum);
        ck.subtract({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        ck.add({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.hdr_checksum = ck.get();
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ethernet.src_addr = src_mac;
        meta.vid = vid;
    }

    table ipv4_lpm {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { forward_l3; drop; }
        default_action = drop();
        size = 65536;
    }

    action forward_l2(PortId_t port) {
        send_to_port(port);
    }

    action to_host() {
        send_to_host();
    }

    table dmac {
        key = {
            hdr.ethernet.dst_addr : exact;
            meta.vid              : exact;
        }
        actions = { forward_l2; to_host; }
        default_action = to_host();
        size = 65536;
    }

    action deny() {
        drop_packet();
    }

    table acl {
        key = {
            hdr.ipv4.src_addr  : exact;
            hdr.ipv4.dst_addr  : exact;
            hdr.ipv4.protocol  : exact;
            hdr.ports.src_port : exact;
            hdr.ports.dst_port : exact;
        }
        actions = { deny; NoAction; }
        default_action = NoAction();
        size = 65536;
    }

    apply {
        port_rx.count(istd.input_port);
        if (!hdr.ipv4.isValid() || hdr.ipv4.ttl <= 1) {
            send_to_host();
        } else if (vlan_in.apply().hit) {
            routable.apply();
            bool routed = true;  // a route miss drops (ipv4_lpm's default action)
            if (meta.routable) {
                routed = ipv4_lpm.apply().hit;
            }
            if (routed && dmac.apply().hit) {
                acl.apply();
                if (hdr.vlan.isValid()) {
                    hdr.vlan.vid = meta.vid;
                }
            }
        }
    }
}

control MainDeparserImpl(packet_out pkt,
                         in headers_t hdr,
                         in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ports);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
