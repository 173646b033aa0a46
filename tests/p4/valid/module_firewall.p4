// module_firewall.p4 -- models a stateful firewall for IPv4 and IPv6: a
// prefix blocklist (lpm), built-in sanity rules as const entries with
// priorities (bad TCP flag combinations, invalid connections), an ordered
// rule table on prefixes, protocol, port ranges, TCP flags, connection state
// and VLAN (ternary, range and optional keys with priorities), the actions
// accept / drop / reject, a DirectCounter per rule, and a default policy
// the control plane may change.
#include <core.p4>
#include <pna.p4>

typedef bit<48>  MacAddr_t;
typedef bit<128> Addr_t;  // IPv4 addresses are zero-extended

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<8>  IPPROTO_ICMP   = 1;
const bit<8>  IPPROTO_TCP    = 6;
const bit<8>  IPPROTO_UDP    = 17;
const bit<8>  IPPROTO_ICMPV6 = 58;

// Connection states as the conntrack module exports them.
const bit<8> CT_NONE        = 0;
const bit<8> CT_ESTABLISHED = 3;
const bit<8> CT_INVALID     = 15;

// Where rejected packets are copied to; the agent answers them with a TCP
// RST or an ICMP unreachable.
const MirrorSlotId_t    REJECT_SLOT    = (MirrorSlotId_t)8w1;
const MirrorSessionId_t REJECT_SESSION = (MirrorSessionId_t)16w100;

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

header vlan_h {
    bit<3>  pcp;
    bit<1>  dei;
    bit<12> vid;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  tos;
    bit<16> total_len;
    bit<16> identification;
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> hdr_checksum;
    bit<32> src_addr;
    bit<32> dst_addr;
}

header ipv6_h {
    bit<4>   version;
    bit<8>   traffic_class;
    bit<20>  flow_label;
    bit<16>  payload_len;
    bit<8>   next_hdr;
    bit<8>   hop_limit;
    bit<128> src_addr;
    bit<128> dst_addr;
}

header tcp_h {
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> seq_no;
    bit<32> ack_no;
    bit<4>  data_offset;
    bit<4>  reserved;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent_ptr;
}

header udp_h {
    bit<16> src_port;
    bit<16> dst_port;
    bit<16> length;
    bit<16> checksum;
}

header icmp_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
}

struct headers_t {
    ethernet_h ethernet;
    vlan_h     vlan;
    ipv4_h     ipv4;
    ipv6_h     ipv6;
    tcp_h      tcp;
    udp_h      udp;
    icmp_h     icmp;
}

// Everything the rules look at, in one shape for both IP versions.
struct fw_meta_t {
    bit<12> vid;
    bit<4>  ip_version;
    Addr_t  src_addr;
    Addr_t  dst_addr;
    bit<8>  protocol;
    bit<16> src_port;
    bit<16> dst_port;
    bit<8>  tcp_flags;
    bit<8>  icmp_type;
    bit<8>  ct_state;
    bool    decided;
}

parser FwParser(packet_in pkt,
                out headers_t hdr,
                inout fw_meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.vid = 0;
        meta.ip_version = 0;
        meta.src_port = 0;
        meta.dst_port = 0;
        meta.tcp_flags = 0;
        meta.icmp_type = 0;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            default: parse_l3;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan);
        meta.vid = hdr.vlan.vid;
        transition parse_l3;
    }

    state parse_l3 {
        bit<16> ether_type = hdr.vlan.isValid() ? hdr.vlan.ether_type : hdr.ethernet.ether_type;
        transition select(ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.ip_version = 4;
        meta.src_addr = (Addr_t)hdr.ipv4.src_addr;
        meta.dst_addr = (Addr_t)hdr.ipv4.dst_addr;
        meta.protocol = hdr.ipv4.protocol;
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.ihl) {
            (0, 5): parse_l4;
            default: accept;  // fragments and options: rules see no ports
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.ip_version = 6;
        meta.src_addr = hdr.ipv6.src_addr;
        meta.dst_addr = hdr.ipv6.dst_addr;
        meta.protocol = hdr.ipv6.next_hdr;
        transition parse_l4;
    }

    state parse_l4 {
        transition select(meta.protocol) {
            IPPROTO_TCP: parse_tcp;
            IPPROTO_UDP: parse_udp;
            IPPROTO_ICMP: parse_icmp;
            IPPROTO_ICMPV6: parse_icmp;
            default: accept;
        }
    }

    state parse_tcp {
        pkt.extract(hdr.tcp);
        meta.src_port = hdr.tcp.src_port;
        meta.dst_port = hdr.tcp.dst_port;
        meta.tcp_flags = hdr.tcp.flags;
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        meta.src_port = hdr.udp.src_port;
        meta.dst_port = hdr.udp.dst_port;
        transition accept;
    }

    state parse_icmp {
        pkt.extract(hdr.icmp);
        meta.icmp_type = hdr.icmp.type;
        transition accept;
    }
}

control FwPreControl(in headers_t hdr,
                     inout fw_meta_t meta,
                     in pna_pre_input_metadata_t istd,
                     inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control FwControl(inout headers_t hdr,
                  inout fw_meta_t meta,
                  in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) rule_counter;
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS) blocklist_counter;
    Counter<bit<64>, bit<2>>(4, PNA_CounterType_t.PACKETS_AND_BYTES) verdict_counter;

    // Verdicts outside the rule table (no per-rule counter).
    action deny() {
        meta.decided = true;
        verdict_counter.count(1);
        drop_packet();
    }

    action allow() {
        meta.decided = true;
        verdict_counter.count(0);
    }

    // --- connection state from the shared conntrack table ---------------------

    action set_ct_state(bit<8> ct_state) {
        meta.ct_state = ct_state;
    }

    table ct_lookup {
        key = {
            meta.src_addr : exact;
            meta.dst_addr : exact;
            meta.protocol : exact;
            meta.src_port : exact;
            meta.dst_port : exact;
        }
        actions = { set_ct_state; }
        default_action = set_ct_state(CT_NONE);
        size = 262144;
    }

    // --- blocklist: dropped before anything else --------------------------------

    action blocked() {
        blocklist_counter.count();
        deny();
    }

    action not_blocked() {
        blocklist_counter.count();
    }

    table blocklist {
        key = {
            meta.ip_version : exact;
            meta.src_addr   : lpm;
        }
        actions = { blocked; not_blocked; }
        const default_action = not_blocked;
        pna_direct_counter = blocklist_counter;
        size = 131072;
    }

    // --- sanity rules, fixed at compile time --------------------------------------

    table sanity {
        key = {
            meta.protocol  : ternary;
            meta.tcp_flags : ternary;
            meta.ct_state  : ternary;
        }
        actions = { deny; allow; NoAction; }
        const default_action = NoAction();
        const entries = {
            // Invalid connections never pass.
            priority = 100: (_, _, CT_INVALID) : deny();
            // SYN+FIN, SYN+RST, FIN without ACK, the null scan.
            priority = 90: (IPPROTO_TCP, 0x03 &&& 0x03, _) : deny();
            priority = 89: (IPPROTO_TCP, 0x06 &&& 0x06, _) : deny();
            priority = 88: (IPPROTO_TCP, 0x01 &&& 0x11, _) : deny();
            priority = 87: (IPPROTO_TCP, 0x00 &&& 0x3f, _) : deny();
            // Replies of known connections skip the rule table.
            priority = 10: (_, _, CT_ESTABLISHED) : allow();
        }
    }

    // --- the ordered rule table -------------------------------------------------------

    action fw_accept() {
        rule_counter.count();
        meta.decided = true;
        verdict_counter.count(0);
    }

    action fw_drop() {
        rule_counter.count();
        meta.decided = true;
        verdict_counter.count(1);
        drop_packet();
    }

    action fw_reject() {
        rule_counter.count();
        meta.decided = true;
        verdict_counter.count(2);
        mirror_packet(REJECT_SLOT, REJECT_SESSION);
        drop_packet();
    }

    table rules {
        key = {
            meta.ip_version : exact   @name("family");
            meta.src_addr   : ternary @name("src");
            meta.dst_addr   : ternary @name("dst");
            meta.protocol   : ternary @name("protocol");
            meta.src_port   : range   @name("sport");
            meta.dst_port   : range   @name("dport");
            meta.tcp_flags  : ternary @name("tcp_flags");
            meta.icmp_type  : ternary @name("icmp_type");
            meta.ct_state   : ternary @name("ct_state");
            meta.vid        : optional @name("vlan");
        }
        actions = { fw_accept; fw_drop; fw_reject; }
        // The default policy; the config may turn it into accept.
        default_action = fw_drop();
        pna_direct_counter = rule_counter;
        size = 16384;
    }

    apply {
        meta.decided = false;
        if (meta.ip_version == 0) {
            return;  // not IP: not the firewall's business
        }
        ct_lookup.apply();
        blocklist.apply();
        if (!meta.decided) {
            sanity.apply();
        }
        if (!meta.decided) {
            rules.apply();
        }
    }
}

control FwDeparser(packet_out pkt,
                   in headers_t hdr,
                   in fw_meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr);  // every valid header, in declaration order
    }
}

PNA_NIC(FwParser(), FwPreControl(), FwControl(), FwDeparser()) main;
