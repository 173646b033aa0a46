// Realistic module: a stateful firewall for IPv4 and IPv6, to run after the conntrack
// module in a chain (it reads the connection state from the chain metadata). Built-in
// sanity rules (const entries with priorities) drop invalid connections and impossible TCP
// flag combinations; then an ordered rule table matches family, source and destination
// prefixes (ternary), protocol, source and destination port ranges (range), TCP flags and
// connection state (ternary) and the VLAN (optional); the rule with the highest priority
// decides. Verdicts: accept (continue the chain), drop, and reject: a TCP segment is
// answered with a RST and a UDP datagram with an ICMP "administratively prohibited"
// error, both sent back out of the port the packet came in on; other rejected packets are
// dropped (no ICMP errors about ICMP). A miss runs the default policy, drop unless the
// control plane sets another. Every rule has a DirectCounter; a Counter counts verdicts.
//
// The RST takes its sequence numbers from the rejected segment and keeps its payload (a
// RST may carry data, RFC 1122 4.2.2.12); its checksum is updated incrementally. The ICMP
// error quotes the whole rejected datagram, so its checksum is the sum of the new headers
// and the datagram, which the datagram's own UDP checksum gives without reading its
// payload; UDP over IPv4 without a checksum is dropped instead.
#include <core.p4>
#include <pna.p4>

typedef bit<128> addr_t;  // IPv4 addresses are zero-extended

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<8>  PROTO_ICMP = 1;
const bit<8>  PROTO_TCP = 6;
const bit<8>  PROTO_UDP = 17;
const bit<8>  PROTO_ICMPV6 = 58;

const bit<8> TCP_FIN = 0x01;
const bit<8> TCP_SYN = 0x02;
const bit<8> TCP_RST = 0x04;
const bit<8> TCP_ACK = 0x10;

// Indices of the verdict counter.
const bit<8> V_ACCEPT = 0;
const bit<8> V_DROP = 1;
const bit<8> V_REJECT = 2;
const bit<8> V_BAD = 3;

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
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
    bit<16> id;
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> checksum;
    bit<32> src;
    bit<32> dst;
}

header ipv6_h {
    bit<4>   version;
    bit<8>   traffic_class;
    bit<20>  flow_label;
    bit<16>  payload_len;
    bit<8>   next_hdr;
    bit<8>   hop_limit;
    bit<128> src;
    bit<128> dst;
}

// The ICMP or ICMPv6 error header in front of a quoted datagram.
header icmp_error_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
    bit<32> unused;
}

header tcp_h {
    bit<16> sport;
    bit<16> dport;
    bit<32> seq;
    bit<32> ack;
    bit<4>  data_offset;
    bit<4>  reserved;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent;
}

header udp_h {
    bit<16> sport;
    bit<16> dport;
    bit<16> length;
    bit<16> checksum;
}

header icmp_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
}

struct headers_t {
    ethernet_h   ethernet;
    vlan_h       vlan;
    ipv4_h       error_ipv4;  // reject: the new headers in front of the quoted datagram
    ipv6_h       error_ipv6;
    icmp_error_h error_icmp;
    ipv4_h       ipv4;
    ipv6_h       ipv6;
    tcp_h        tcp;
    udp_h        udp;
    icmp_h       icmp;
}

// What the rules look at, in one shape for both families.
struct meta_t {
    bit<8>  family;     // 4, 6; 0: not IP
    addr_t  src;
    addr_t  dst;
    bit<8>  protocol;
    bit<16> sport;
    bit<16> dport;
    bit<1>  is_tcp;     // the TCP header was parsed (not a later fragment)
    bit<8>  tcp_flags;
    bit<8>  ct_state;
    bit<12> vid;        // 0: untagged
}

parser FwParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.family = 0;
        meta.src = 0;
        meta.dst = 0;
        meta.protocol = 0;
        meta.sport = 0;
        meta.dport = 0;
        meta.is_tcp = 0;
        meta.tcp_flags = 0;
        meta.vid = 0;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan);
        meta.vid = hdr.vlan.vid;
        transition select(hdr.vlan.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.family = 4;
        meta.src = (addr_t)hdr.ipv4.src;
        meta.dst = (addr_t)hdr.ipv4.dst;
        meta.protocol = hdr.ipv4.protocol;
        // Later fragments have no L4 header; options are not parsed.
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.ihl) {
            (0, 5): parse_l4;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.family = 6;
        meta.src = hdr.ipv6.src;
        meta.dst = hdr.ipv6.dst;
        meta.protocol = hdr.ipv6.next_hdr;
        transition parse_l4;
    }

    state parse_l4 {
        transition select(meta.protocol) {
            PROTO_TCP: parse_tcp;
            PROTO_UDP: parse_udp;
            PROTO_ICMP: parse_icmp;
            PROTO_ICMPV6: parse_icmp;
            default: accept;
        }
    }

    state parse_tcp {
        pkt.extract(hdr.tcp);
        meta.sport = hdr.tcp.sport;
        meta.dport = hdr.tcp.dport;
        meta.is_tcp = 1;
        meta.tcp_flags = hdr.tcp.flags;
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        meta.sport = hdr.udp.sport;
        meta.dport = hdr.udp.dport;
        transition accept;
    }

    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control FwControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) rule_counter;
    Counter<bit<64>, bit<8>>(4, PNA_CounterType_t.PACKETS_AND_BYTES) verdict_counter;
    InternetChecksum() ck;

    action bad_packet() {
        verdict_counter.count(V_BAD);
        drop_packet();
    }

    // Impossible TCP flag combinations and invalid connections, whatever the rules say.
    table sanity {
        key = {
            meta.is_tcp    : ternary @name("is_tcp");
            meta.tcp_flags : ternary @name("tcp_flags");
            meta.ct_state  : ternary @name("ct_state");
        }
        actions = { bad_packet; NoAction; }
        const default_action = NoAction();
        const entries = {
            priority = 100: (_, _, P4NF_CT_INVALID) : bad_packet();
            priority = 90: (1, 0x03 &&& 0x03, _) : bad_packet();  // SYN and FIN
            priority = 90: (1, 0x06 &&& 0x06, _) : bad_packet();  // SYN and RST
            priority = 80: (1, 0x00 &&& 0x3f, _) : bad_packet();  // no flag at all
            priority = 80: (1, 0x29 &&& 0x3f, _) : bad_packet();  // FIN, PSH, URG ("xmas")
        }
        size = 8;
    }

    // --- reject ------------------------------------------------------------------

    // Swaps the Ethernet addresses: the answer goes back where the packet came from.
    action reverse_ethernet() {
        bit<48> mac = hdr.ethernet.dst;
        hdr.ethernet.dst = hdr.ethernet.src;
        hdr.ethernet.src = mac;
    }

    // The rejected segment becomes a RST to its sender (RFC 9293 3.10.7.1): with the
    // segment's acknowledgment as its sequence number when it has one, else acknowledging
    // everything it sent.
    action tcp_reset(in bit<16> payload_len) {
        ck.set_state(~hdr.tcp.checksum);
        ck.subtract({hdr.tcp.seq, hdr.tcp.ack, hdr.tcp.data_offset, hdr.tcp.reserved,
                     hdr.tcp.flags, hdr.tcp.window, hdr.tcp.urgent});
        bit<16> port = hdr.tcp.sport;
        hdr.tcp.sport = hdr.tcp.dport;
        hdr.tcp.dport = port;
        if ((hdr.tcp.flags & TCP_ACK) != 0) {
            hdr.tcp.seq = hdr.tcp.ack;
            hdr.tcp.ack = 0;
            hdr.tcp.flags = TCP_RST;
        } else {
            bit<32> seq_len = (bit<32>)payload_len;
            if ((hdr.tcp.flags & TCP_SYN) != 0) {
                seq_len = seq_len + 1;
            }
            if ((hdr.tcp.flags & TCP_FIN) != 0) {
                seq_len = seq_len + 1;
            }
            hdr.tcp.ack = hdr.tcp.seq + seq_len;
            hdr.tcp.seq = 0;
            hdr.tcp.flags = TCP_RST | TCP_ACK;
        }
        hdr.tcp.reserved = 0;
        hdr.tcp.window = 0;
        hdr.tcp.urgent = 0;
        // Swapping ports and addresses leaves the sum as it was.
        ck.add({hdr.tcp.seq, hdr.tcp.ack, hdr.tcp.data_offset, hdr.tcp.reserved,
                hdr.tcp.flags, hdr.tcp.window, hdr.tcp.urgent});
        hdr.tcp.checksum = ck.get();
    }

    action reject_tcp() {
        reverse_ethernet();
        if (hdr.ipv4.isValid()) {
            bit<32> addr = hdr.ipv4.src;
            hdr.ipv4.src = hdr.ipv4.dst;
            hdr.ipv4.dst = addr;
            ck.set_state(~hdr.ipv4.checksum);
            ck.subtract({hdr.ipv4.ttl, hdr.ipv4.protocol});
            hdr.ipv4.ttl = 64;
            ck.add({hdr.ipv4.ttl, hdr.ipv4.protocol});
            hdr.ipv4.checksum = ck.get();
            tcp_reset(hdr.ipv4.total_len - 20 - ((bit<16>)hdr.tcp.data_offset << 2));
        } else {
            bit<128> addr = hdr.ipv6.src;
            hdr.ipv6.src = hdr.ipv6.dst;
            hdr.ipv6.dst = addr;
            hdr.ipv6.hop_limit = 64;
            tcp_reset(hdr.ipv6.payload_len - ((bit<16>)hdr.tcp.data_offset << 2));
        }
        send_to_port(istd.input_port);
    }

    // The ICMP error quoting the whole datagram. The sum of a UDP datagram as sent is the
    // complement of its pseudo-header's sum (that is what its checksum makes it), so the
    // error's checksum needs the datagram's headers only.
    action reject_udp() {
        reverse_ethernet();
        hdr.error_icmp.setValid();
        hdr.error_icmp.checksum = 0;
        hdr.error_icmp.unused = 0;
        if (hdr.ipv4.isValid()) {
            hdr.error_ipv4.setValid();
            hdr.error_ipv4 = { version = 4, ihl = 5, tos = 0, total_len = hdr.ipv4.total_len + 28,
                               id = 0, flags = 2, frag_offset = 0, ttl = 64, protocol = PROTO_ICMP,
                               checksum = 0, src = hdr.ipv4.dst, dst = hdr.ipv4.src };
            ck.clear();
            ck.add({hdr.error_ipv4.version, hdr.error_ipv4.ihl, hdr.error_ipv4.tos,
                    hdr.error_ipv4.total_len, hdr.error_ipv4.id, hdr.error_ipv4.flags,
                    hdr.error_ipv4.frag_offset, hdr.error_ipv4.ttl, hdr.error_ipv4.protocol,
                    hdr.error_ipv4.src, hdr.error_ipv4.dst});
            hdr.error_ipv4.checksum = ck.get();
            hdr.error_icmp.type = 3;   // destination unreachable
            hdr.error_icmp.code = 13;  // communication administratively prohibited
            // The quoted IPv4 header sums to zero with its own checksum.
            ck.clear();
            ck.add({hdr.error_icmp.type, hdr.error_icmp.code});
            ck.subtract({hdr.ipv4.src, hdr.ipv4.dst, 8w0, PROTO_UDP, hdr.udp.length});
        } else {
            hdr.error_ipv6.setValid();
            hdr.error_ipv6 = { version = 6, traffic_class = 0, flow_label = 0,
                               payload_len = hdr.ipv6.payload_len + 48, next_hdr = PROTO_ICMPV6,
                               hop_limit = 64, src = hdr.ipv6.dst, dst = hdr.ipv6.src };
            hdr.error_icmp.type = 1;   // destination unreachable
            hdr.error_icmp.code = 1;   // communication administratively prohibited
            ck.clear();
            // The ICMPv6 pseudo-header, the error header, the quoted IPv6 header.
            ck.add({hdr.error_ipv6.src, hdr.error_ipv6.dst, 16w0, hdr.error_ipv6.payload_len,
                    24w0, PROTO_ICMPV6});
            ck.add({hdr.error_icmp.type, hdr.error_icmp.code});
            ck.add({hdr.ipv6.version, hdr.ipv6.traffic_class, hdr.ipv6.flow_label,
                    hdr.ipv6.payload_len, hdr.ipv6.next_hdr, hdr.ipv6.hop_limit,
                    hdr.ipv6.src, hdr.ipv6.dst});
            ck.subtract({hdr.ipv6.src, hdr.ipv6.dst, 16w0, hdr.udp.length, 24w0, PROTO_UDP});
        }
        hdr.error_icmp.checksum = ck.get();
        send_to_port(istd.input_port);
    }

    // --- the rules ---------------------------------------------------------------------

    action fw_accept() {
        rule_counter.count();
        verdict_counter.count(V_ACCEPT);
        send_to_next_module();
    }

    action fw_drop() {
        rule_counter.count();
        verdict_counter.count(V_DROP);
        drop_packet();
    }

    action fw_reject() {
        rule_counter.count();
        verdict_counter.count(V_REJECT);
        if (hdr.tcp.isValid()) {
            reject_tcp();
        } else if (hdr.udp.isValid() && (hdr.ipv6.isValid() || hdr.udp.checksum != 0)) {
            reject_udp();
        } else {
            drop_packet();
        }
    }

    table rules {
        key = {
            meta.family    : exact    @name("family");
            meta.src       : ternary  @name("src");
            meta.dst       : ternary  @name("dst");
            meta.protocol  : ternary  @name("protocol");
            meta.sport     : range    @name("sport");
            meta.dport     : range    @name("dport");
            meta.tcp_flags : ternary  @name("tcp_flags");
            meta.ct_state  : ternary  @name("ct_state");
            meta.vid       : optional @name("vlan");
        }
        actions = { fw_accept; fw_drop; fw_reject; }
        default_action = fw_drop();  // the default policy
        pna_direct_counter = rule_counter;
        size = 4096;
    }

    apply {
        if (meta.family == 0) {
            send_to_next_module();  // not IP: not the firewall's business
            return;
        }
        meta.ct_state = chain_get_ct_state();
        switch (sanity.apply().action_run) {
            bad_packet: { return; }
            default: { }
        }
        rules.apply();
    }
}

control FwDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.error_ipv4);
        pkt.emit(hdr.error_ipv6);
        pkt.emit(hdr.error_icmp);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.udp);
        pkt.emit(hdr.icmp);
    }
}

PNA_NIC(FwParser(), NoPre(), FwControl(), FwDeparser()) main;
