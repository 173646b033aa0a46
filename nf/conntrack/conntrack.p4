// conntrack: stateful connection tracking with Linux nf_conntrack's TCP state machine and
// timeouts (nf/conntrack/README.md says what it does and how to configure it).
//
//   packet -> canonical key (family, smaller address/port first, protocol, ports or echo id)
//          -> connections (add_on_miss, exact, LRU, per-entry expiry)
//               hit:  ct_known: next state from the TCP table / UDP, ICMP, generic rules,
//                     counters per direction, written back in place (update_entry_data),
//                     timeout profile of the new state (set_entry_expire_time)
//               miss: ct_new: a packet that may open a connection adds it (add_entry_if)
//          -> ct state in the chain record (NEW, ESTABLISHED, INVALID, UNKNOWN), L3/L4
//             offsets; INVALID dropped or passed per config (settings); every packet
//             counted by reason (`reasons`) and by ct state (`states`).
#include <core.p4>
#include <pna.p4>

#include "../common/headers.p4"

const bit<16> ETHERTYPE_QINQ = 0x88a8;

typedef bit<128> addr_t;  // IPv4 addresses are zero-extended

// TCP flags.
const bit<8> TCP_FIN = 0x01;
const bit<8> TCP_SYN = 0x02;
const bit<8> TCP_RST = 0x04;
const bit<8> TCP_PSH = 0x08;
const bit<8> TCP_ACK = 0x10;
const bit<8> TCP_URG = 0x20;
const bit<8> TCP_ECE = 0x40;
const bit<8> TCP_CWR = 0x80;

// Connection states as stored in an entry (the numbers of Linux's enum tcp_conntrack for
// TCP; the others for UDP, ICMP and generic flows). IGNORE and INVALID are verdicts of the
// TCP table, never stored.
const bit<8> CT_NONE        = 0;
const bit<8> CT_SYN_SENT    = 1;
const bit<8> CT_SYN_RECV    = 2;
const bit<8> CT_ESTABLISHED = 3;
const bit<8> CT_FIN_WAIT    = 4;
const bit<8> CT_CLOSE_WAIT  = 5;
const bit<8> CT_LAST_ACK    = 6;
const bit<8> CT_TIME_WAIT   = 7;
const bit<8> CT_CLOSE       = 8;
const bit<8> CT_SYN_SENT2   = 9;
const bit<8> CT_IGNORE      = 10;
const bit<8> CT_INVALID     = 11;
const bit<8> CT_UNREPLIED   = 12;  // UDP, ICMP, generic: only the original direction seen
const bit<8> CT_REPLIED     = 13;  // UDP, ICMP, generic: the reply direction seen

// nf_conntrack's tcp_conntracks[direction][flag class][state]: one row per direction and
// class of flags, the next state of state s in nibble s (0..9; 0xa IGNORE, 0xb INVALID).
const bit<40> T_ORIG_SYN     = 0x911aaaaa11;
const bit<40> T_ORIG_SYNACK  = 0x2bbbbbb2bb;
const bit<40> T_ORIG_FIN     = 0xb8766644bb;
const bit<40> T_ORIG_ACK     = 0xb8775533b3;
const bit<40> T_REPLY_SYN    = 0x9b1bbbbb9b;
const bit<40> T_REPLY_SYNACK = 0x2aaaaaaa2b;
const bit<40> T_REPLY_FIN    = 0xb8766644bb;
const bit<40> T_REPLY_ACK    = 0xa8775532ab;
const bit<40> T_RST          = 0x888888888b;

// Timeout profiles: the TCP states are their own profile (1..9); the others follow.
// Defaults are Linux's (nf_conntrack's sysctls); the config overrides them.
const bit<8> TO_UDP_UNREPLIED = 10;
const bit<8> TO_UDP_REPLIED   = 11;
const bit<8> TO_ICMP          = 12;
const bit<8> TO_GENERIC       = 13;
const bit<8> TO_UNACK         = 14;  // ESTABLISHED with data not yet acknowledged
const bit<8> TO_KILL          = 15;  // removed at once (expired at its next lookup)

// Cells of the `reasons` counter (README.md lists them; the control plane names them).
const bit<32> R_NEW               = 0;   // a packet that created a connection
const bit<32> R_ESTABLISHED       = 1;   // a packet of a known connection
const bit<32> R_INVALID_FLAGS     = 2;   // a TCP flag combination no stack sends
const bit<32> R_INVALID_NEW       = 3;   // no connection, and the packet may not open one
const bit<32> R_INVALID_STATE     = 4;   // does not fit the TCP state machine
const bit<32> R_INVALID_RST       = 5;   // a RST outside the window
const bit<32> R_INVALID_TABLE     = 6;   // the connection could not be added
const bit<32> R_UNTRACKED         = 7;   // not IP, or an IP packet not tracked
const bit<32> R_IGNORED           = 8;   // TCP: passed without changing the state (IGNORE)
const bit<32> R_REOPENED          = 9;   // a SYN reopened a closed connection
const bit<32> R_INVALID_DROPPED   = 10;  // of the invalid ones, dropped per config
const bit<32> R_RELATED           = 11;  // an ICMP error quoting a known connection
const bit<32> R_INVALID_RELATED   = 12;  // an ICMP error quoting no known connection
const bit<32> REASON_COUNT        = 13;

// How far from the sender's last sequence number a RST may be and still close the
// connection: the receiver's largest window seen, at least this much.
const bit<32> RST_MIN_WINDOW = 65535;

// IPv4 options, as many as IHL says.
header ipv4_options_h {
    varbit<320> options;
}

// An IPv6 extension header of the hop-by-hop, routing or destination options form: its
// first 8 bytes, then the rest (up to 256 bytes in all).
header ipv6_ext_h {
    bit<8>  next_header;
    bit<8>  hdr_ext_len;  // in 8-byte units, not counting the first 8 bytes
    bit<48> first;
}

header ipv6_ext_rest_h {
    varbit<1984> more;
}

// The fragment header: only a first fragment (offset 0) carries the transport header.
header ipv6_frag_h {
    bit<8>  next_header;
    bit<8>  reserved;
    bit<13> offset;
    bit<2>  res;
    bit<1>  more_fragments;
    bit<32> id;
}

header vlan_h {
    bit<16> tci;
    bit<16> ether_type;
}

// The first 4 bytes of TCP and UDP.
header ports_h {
    bit<16> src;
    bit<16> dst;
}

header tcp_rest_h {
    bit<32> seq;
    bit<32> ack;
    bit<4>  data_offset;
    bit<4>  reserved;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent;
}

header icmp_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
    bit<16> id;   // echo request and reply
    bit<16> seq;
}

struct ct_headers_t {
    ethernet_h ethernet;
    vlan_h     vlan;
    ipv4_h     ipv4;
    ipv4_options_h ipv4_options;
    ipv6_h     ipv6;
    ipv6_ext_h ipv6_ext1;
    ipv6_ext_rest_h ipv6_ext1_rest;
    ipv6_ext_h ipv6_ext2;
    ipv6_ext_rest_h ipv6_ext2_rest;
    ipv6_frag_h ipv6_frag;
    ports_h    ports;
    tcp_rest_h tcp;
    icmp_h     icmp;
    // What an ICMP error quotes: the IP header and the first bytes of the transport header
    // of the packet it is about.
    ipv4_h     inner_ipv4;
    ipv6_h     inner_ipv6;
    ports_h    inner_ports;
    icmp_h     inner_icmp;
}

// A connection: side a has the smaller (address, port).
struct ct_key_t {
    bit<8>  family;
    addr_t  addr_a;
    addr_t  addr_b;
    bit<8>  protocol;
    bit<16> port_a;
    bit<16> port_b;
}

struct ct_metadata_t {
    ct_key_t key;
    bit<1>   side;        // the sender: 0 side a, 1 side b
    bool     tracked;
    bool     icmp_echo;
    bool     may_open;    // UDP, generic, ICMP echo request: may open a connection
    bool     related;     // an ICMP error: the key is the quoted packet's
    bit<8>   l3_offset;
    bit<16>  l4_offset;
    bit<32>  ip_length;   // the IP packet's length (the byte counters count it)
    bit<32>  l4_length;   // from the L4 header on
    bit<32>  reason;
    bit<8>   exported;    // P4NF_CT_*
    bool     loose;       // settings
    bool     drop_invalid;
}

// The action data of a connection (entries added by the data plane; their fields are the
// columns of `p4nf conntrack` listing). Directions: orig, the side that opened it; reply.
struct ct_entry_t {
    bit<1>  opener;        // the side (0 a, 1 b) that sent the first packet
    bit<8>  state;         // CT_*
    bit<1>  seen_reply;
    bit<1>  orig_seq_seen;
    bit<1>  reply_seq_seen;
    bit<1>  orig_unack;    // TCP: each side has sent data the other has not acknowledged
    bit<1>  reply_unack;
    bit<32> orig_end;      // TCP: the sequence number after the last segment each side sent
    bit<32> reply_end;
    bit<32> orig_maxwin;   // TCP: the largest window each side advertised (unscaled)
    bit<32> reply_maxwin;
    bit<64> orig_packets;
    bit<64> orig_bytes;
    bit<64> reply_packets;
    bit<64> reply_bytes;
}

parser CtParser(packet_in pkt, out ct_headers_t hdr, inout ct_metadata_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.tracked = false;
        meta.icmp_echo = false;
        meta.may_open = false;
        meta.related = false;
        meta.l3_offset = 14;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            ETHERTYPE_QINQ: parse_vlan;
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan);
        meta.l3_offset = 18;
        transition select(hdr.vlan.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.key.family = 4;
        meta.key.protocol = hdr.ipv4.protocol;
        meta.ip_length = (bit<32>)hdr.ipv4.total_len;
        meta.l4_offset = (bit<16>)meta.l3_offset + ((bit<16>)hdr.ipv4.ihl << 2);
        meta.l4_length = (bit<32>)hdr.ipv4.total_len - ((bit<32>)hdr.ipv4.ihl << 2);
        transition select(hdr.ipv4.version, hdr.ipv4.ihl) {
            (4, 5): ipv4_transport;
            (4, 6 .. 15): parse_ipv4_options;
            default: accept;  // not IPv4, or IHL < 5: not tracked
        }
    }

    state parse_ipv4_options {
        pkt.extract(hdr.ipv4_options, ((bit<32>)hdr.ipv4.ihl - 5) * 32);
        transition ipv4_transport;
    }

    // Later fragments carry no ports: not tracked.
    state ipv4_transport {
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (0, IPPROTO_TCP): parse_tcp;
            (0, IPPROTO_UDP): parse_udp;
            (0, IPPROTO_ICMP): parse_icmp;
            (0, _): generic;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.key.family = 6;
        meta.key.protocol = hdr.ipv6.next_header;
        meta.ip_length = (bit<32>)hdr.ipv6.payload_len + 40;
        meta.l4_offset = (bit<16>)meta.l3_offset + 40;
        meta.l4_length = (bit<32>)hdr.ipv6.payload_len;
        transition select(hdr.ipv6.version) {
            6: ipv6_next;
            default: accept;
        }
    }

    // The transport header after up to two option/routing headers and a fragment header.
    state ipv6_next {
        transition select(meta.key.protocol) {
            IPPROTO_TCP: parse_tcp;
            IPPROTO_UDP: parse_udp;
            IPPROTO_ICMPV6: parse_icmp;
            0: parse_ipv6_ext1;
            43: parse_ipv6_ext1;
            60: parse_ipv6_ext1;
            44: parse_ipv6_frag;
            59: accept;  // no next header
            default: generic;
        }
    }

    state parse_ipv6_ext1 {
        pkt.extract(hdr.ipv6_ext1);
        pkt.extract(hdr.ipv6_ext1_rest, (bit<32>)hdr.ipv6_ext1.hdr_ext_len * 64);
        meta.key.protocol = hdr.ipv6_ext1.next_header;
        bit<16> bytes = ((bit<16>)hdr.ipv6_ext1.hdr_ext_len + 1) << 3;
        meta.l4_offset = meta.l4_offset + bytes;
        meta.l4_length = meta.l4_length - (bit<32>)bytes;
        transition select(meta.key.protocol) {
            0: parse_ipv6_ext2;
            43: parse_ipv6_ext2;
            60: parse_ipv6_ext2;
            44: parse_ipv6_frag;
            IPPROTO_TCP: parse_tcp;
            IPPROTO_UDP: parse_udp;
            IPPROTO_ICMPV6: parse_icmp;
            59: accept;
            default: generic;
        }
    }

    state parse_ipv6_ext2 {
        pkt.extract(hdr.ipv6_ext2);
        pkt.extract(hdr.ipv6_ext2_rest, (bit<32>)hdr.ipv6_ext2.hdr_ext_len * 64);
        meta.key.protocol = hdr.ipv6_ext2.next_header;
        bit<16> bytes = ((bit<16>)hdr.ipv6_ext2.hdr_ext_len + 1) << 3;
        meta.l4_offset = meta.l4_offset + bytes;
        meta.l4_length = meta.l4_length - (bit<32>)bytes;
        transition select(meta.key.protocol) {
            44: parse_ipv6_frag;
            IPPROTO_TCP: parse_tcp;
            IPPROTO_UDP: parse_udp;
            IPPROTO_ICMPV6: parse_icmp;
            0: accept;  // a third: not tracked
            43: accept;
            60: accept;
            59: accept;
            default: generic;
        }
    }

    state parse_ipv6_frag {
        pkt.extract(hdr.ipv6_frag);
        meta.key.protocol = hdr.ipv6_frag.next_header;
        meta.l4_offset = meta.l4_offset + 8;
        meta.l4_length = meta.l4_length - 8;
        transition select(hdr.ipv6_frag.offset, hdr.ipv6_frag.next_header) {
            (0, IPPROTO_TCP): parse_tcp;
            (0, IPPROTO_UDP): parse_udp;
            (0, IPPROTO_ICMPV6): parse_icmp;
            (0, 0): accept;
            (0, 43): accept;
            (0, 60): accept;
            (0, 59): accept;
            (0, _): generic;
            default: accept;  // a later fragment: no ports
        }
    }

    state generic {
        meta.tracked = true;
        meta.may_open = true;
        transition accept;
    }

    state parse_tcp {
        pkt.extract(hdr.ports);
        pkt.extract(hdr.tcp);
        meta.tracked = true;
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.ports);
        meta.tracked = true;
        meta.may_open = true;
        transition accept;
    }

    // Echo request and reply are tracked by their id; errors (destination unreachable,
    // time exceeded, parameter problem, source quench, packet too big) by the connection
    // of the packet they quote; other ICMP messages are not tracked.
    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition select(meta.key.family, hdr.icmp.type) {
            (4, 8): echo_request;
            (6, 128): echo_request;
            (4, 0): echo_reply;
            (6, 129): echo_reply;
            (4, 3): icmp_error4;
            (4, 4): icmp_error4;
            (4, 11): icmp_error4;
            (4, 12): icmp_error4;
            (6, 1): icmp_error6;
            (6, 2): icmp_error6;
            (6, 3): icmp_error6;
            (6, 4): icmp_error6;
            default: accept;
        }
    }

    // The quoted packet: IPv4 without options and not a later fragment, IPv6 without
    // extension headers; its TCP/UDP ports or its echo request's id.
    state icmp_error4 {
        pkt.extract(hdr.inner_ipv4);
        meta.key.protocol = hdr.inner_ipv4.protocol;
        transition select(hdr.inner_ipv4.ihl, hdr.inner_ipv4.frag_offset, hdr.inner_ipv4.protocol) {
            (5, 0, IPPROTO_TCP): inner_ports;
            (5, 0, IPPROTO_UDP): inner_ports;
            (5, 0, IPPROTO_ICMP): inner_icmp;
            default: accept;
        }
    }

    state icmp_error6 {
        pkt.extract(hdr.inner_ipv6);
        meta.key.protocol = hdr.inner_ipv6.next_header;
        transition select(hdr.inner_ipv6.next_header) {
            IPPROTO_TCP: inner_ports;
            IPPROTO_UDP: inner_ports;
            IPPROTO_ICMPV6: inner_icmp;
            default: accept;
        }
    }

    state inner_ports {
        pkt.extract(hdr.inner_ports);
        meta.tracked = true;
        meta.related = true;
        transition accept;
    }

    state inner_icmp {
        pkt.extract(hdr.inner_icmp);
        transition select(hdr.inner_icmp.type) {
            8: inner_echo;
            128: inner_echo;
            default: accept;
        }
    }

    state inner_echo {
        meta.tracked = true;
        meta.related = true;
        meta.icmp_echo = true;
        transition accept;
    }

    state echo_request {
        meta.tracked = true;
        meta.icmp_echo = true;
        meta.may_open = true;
        transition accept;
    }

    state echo_reply {
        meta.tracked = true;
        meta.icmp_echo = true;
        transition accept;
    }
}

control CtPreControl(in ct_headers_t hdr, inout ct_metadata_t meta,
                     in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

// The TCP flag class of nf_conntrack's table (get_conntrack_index): 0 SYN, 1 SYN-ACK,
// 2 FIN, 3 ACK, 4 RST, 5 none.
bit<8> tcp_flag_class(in bit<8> flags) {
    if ((flags & TCP_RST) != 0) { return 4; }
    if ((flags & TCP_SYN) != 0) { return (flags & TCP_ACK) != 0 ? 8w1 : 8w0; }
    if ((flags & TCP_FIN) != 0) { return 2; }
    if ((flags & TCP_ACK) != 0) { return 3; }
    return 5;
}

// nf_conntrack's tcp_valid_flags: the combinations (PSH, ECE, CWR aside) a stack sends.
bool tcp_flags_valid(in bit<8> flags) {
    bit<8> f = flags & ~(TCP_PSH | TCP_ECE | TCP_CWR);
    return f == TCP_SYN || f == (TCP_SYN | TCP_URG) || f == (TCP_SYN | TCP_ACK) ||
           f == TCP_RST || f == (TCP_RST | TCP_ACK) || f == (TCP_FIN | TCP_ACK) ||
           f == (TCP_FIN | TCP_ACK | TCP_URG) || f == TCP_ACK || f == (TCP_ACK | TCP_URG);
}

bit<8> tcp_next_state(in bit<8> state, in bit<1> reply, in bit<8> flag_class) {
    bit<40> row = 0xbbbbbbbbbb;  // class "none": INVALID from every state
    if (flag_class == 4) {
        row = T_RST;
    } else if (reply == 0) {
        if (flag_class == 0) { row = T_ORIG_SYN; }
        else if (flag_class == 1) { row = T_ORIG_SYNACK; }
        else if (flag_class == 2) { row = T_ORIG_FIN; }
        else if (flag_class == 3) { row = T_ORIG_ACK; }
    } else {
        if (flag_class == 0) { row = T_REPLY_SYN; }
        else if (flag_class == 1) { row = T_REPLY_SYNACK; }
        else if (flag_class == 2) { row = T_REPLY_FIN; }
        else if (flag_class == 3) { row = T_REPLY_ACK; }
    }
    bit<8> shift = (state & 0xf) << 2;
    return (bit<8>)((row >> shift) & 0xf);
}

// The timeout profile of a state (protocol decides for the non-TCP ones).
bit<8> timeout_profile(in bit<8> state, in bit<8> protocol, in bool icmp) {
    if (state <= CT_SYN_SENT2) { return state; }
    if (icmp) { return TO_ICMP; }
    if (protocol == IPPROTO_UDP) {
        return state == CT_REPLIED ? TO_UDP_REPLIED : TO_UDP_UNREPLIED;
    }
    return TO_GENERIC;
}

control CtControl(inout ct_headers_t hdr, inout ct_metadata_t meta,
                  in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<32>>(REASON_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) reasons;
    // Packets by the ct_state they left with (P4NF_CT_*: unknown, new, established,
    // related, invalid), what nftables' `ct state` counts.
    Counter<bit<64>, bit<8>>(5, PNA_CounterType_t.PACKETS_AND_BYTES) states;

    action make_key(in addr_t src, in addr_t dst, in bit<16> sport, in bit<16> dport) {
        if (src < dst || (src == dst && sport <= dport)) {
            meta.key.addr_a = src;
            meta.key.port_a = sport;
            meta.key.addr_b = dst;
            meta.key.port_b = dport;
            meta.side = 0;
        } else {
            meta.key.addr_a = dst;
            meta.key.port_a = dport;
            meta.key.addr_b = src;
            meta.key.port_b = sport;
            meta.side = 1;
        }
    }

    // The config's switches (the translator sets the default action).
    action set_settings(bit<1> loose, bit<1> drop_invalid) {
        meta.loose = loose == 1;
        meta.drop_invalid = drop_invalid == 1;
    }

    table settings {
        key = { }
        actions = { set_settings; }
        default_action = set_settings(1, 0);
        size = 1;
    }

    // A known connection: the next state; counters, sequence tracking and the timeout
    // move with a valid packet. An invalid packet leaves the connection as it was.
    action ct_known(bit<1> opener, bit<8> state, bit<1> seen_reply,
                    bit<1> orig_seq_seen, bit<1> reply_seq_seen,
                    bit<1> orig_unack, bit<1> reply_unack,
                    bit<32> orig_end, bit<32> reply_end,
                    bit<32> orig_maxwin, bit<32> reply_maxwin,
                    bit<64> orig_packets, bit<64> orig_bytes,
                    bit<64> reply_packets, bit<64> reply_bytes) {
        if (meta.related) {
            // An ICMP error about this connection: RELATED; the connection stays as it was.
            meta.exported = P4NF_CT_RELATED;
            meta.reason = R_RELATED;
        } else {
            bit<1> reply = opener ^ meta.side;
            bit<8> next = state;
            bit<1> now_replied = seen_reply | reply;
            bit<32> o_end = orig_end;
            bit<32> r_end = reply_end;
            bit<32> o_win = orig_maxwin;
            bit<32> r_win = reply_maxwin;
            bit<1> o_seen = orig_seq_seen;
            bit<1> r_seen = reply_seq_seen;
            bit<1> o_unack = orig_unack;
            bit<1> r_unack = reply_unack;
            bit<8> profile = 0;
            meta.reason = R_ESTABLISHED;
            if (meta.key.protocol == IPPROTO_TCP && !meta.icmp_echo) {
                bit<8> flags = hdr.tcp.flags;
                bit<8> cls = tcp_flag_class(flags);
                if (!tcp_flags_valid(flags)) {
                    next = CT_INVALID;
                    meta.reason = R_INVALID_FLAGS;
                } else {
                    next = tcp_next_state(state, reply, cls);
                    if (next == CT_INVALID) {
                        meta.reason = R_INVALID_STATE;
                    }
                }
                // A RST must be near the sequence number its sender is at (when known).
                if (next == CT_CLOSE && cls == 4) {
                    bit<1> sender_seen = reply == 0 ? o_seen : r_seen;
                    bit<32> sender_end = reply == 0 ? o_end : r_end;
                    bit<32> window = reply == 0 ? r_win : o_win;
                    if (window < RST_MIN_WINDOW) { window = RST_MIN_WINDOW; }
                    bit<32> distance = hdr.tcp.seq - sender_end;
                    if (sender_seen == 1 && distance > window && (0 - distance) > window) {
                        next = CT_INVALID;
                        meta.reason = R_INVALID_RST;
                    }
                }
                if (next == CT_IGNORE) {
                    // Passed as it is: no new state, no counters, no timer (as in Linux).
                    meta.reason = R_IGNORED;
                } else if (next == CT_SYN_SENT && reply == 0 &&
                           (state == CT_TIME_WAIT || state == CT_CLOSE)) {
                    // A new connection with the same ports: it starts afresh (Linux kills the
                    // old one and makes a new one).
                    now_replied = 0;
                    o_seen = 0;
                    r_seen = 0;
                    o_unack = 0;
                    r_unack = 0;
                    o_win = 0;
                    r_win = 0;
                    meta.reason = R_REOPENED;
                }
                if (next != CT_INVALID && next != CT_IGNORE) {
                    bit<8> syn_fin = (bit<8>)(hdr.tcp.flags & (TCP_SYN | TCP_FIN));
                    bit<32> seg = meta.l4_length - ((bit<32>)hdr.tcp.data_offset << 2);
                    bit<32> end = hdr.tcp.seq + seg + (syn_fin == 0 ? 32w0 : (syn_fin == 3 ? 32w2 : 32w1));
                    bit<32> win = (bit<32>)hdr.tcp.window;
                    bool acks = (hdr.tcp.flags & TCP_ACK) != 0;
                    // As tcp_in_window: a segment beyond what its sender sent before leaves
                    // data unacknowledged (not a side's first segment); an ACK of all the
                    // other side sent acknowledges it.
                    if ((hdr.tcp.flags & TCP_RST) == 0) {
                        if (reply == 0) {
                            if (o_seen == 0) {
                                o_end = end;
                            } else if ((int<32>)(end - o_end) > 0) {
                                o_end = end;
                                o_unack = 1;
                            }
                            if (acks && r_seen == 1 && hdr.tcp.ack == r_end) { r_unack = 0; }
                            if (win > o_win) { o_win = win; }
                            o_seen = 1;
                        } else {
                            if (r_seen == 0) {
                                r_end = end;
                            } else if ((int<32>)(end - r_end) > 0) {
                                r_end = end;
                                r_unack = 1;
                            }
                            if (acks && o_seen == 1 && hdr.tcp.ack == o_end) { o_unack = 0; }
                            if (win > r_win) { r_win = win; }
                            r_seen = 1;
                        }
                    }
                    if (next == CT_ESTABLISHED && (o_unack | r_unack) == 1) {
                        profile = TO_UNACK;
                    }
                    // A RST before any reply: the connection is gone at once (Linux deletes
                    // the conntrack: "if only reply is a RST").
                    if (cls == 4 && seen_reply == 0) {
                        profile = TO_KILL;
                    }
                }
            } else if (reply == 1 || state == CT_REPLIED) {
                next = CT_REPLIED;
            } else {
                next = CT_UNREPLIED;
            }

            if (next == CT_INVALID) {
                meta.exported = P4NF_CT_INVALID;
            } else {
                // IGNORE: the packet passes and changes nothing but, as any accepted packet
                // of the reply direction, marks the reply as seen (as Linux).
                bool ignored = next == CT_IGNORE;
                if (ignored) {
                    next = state;
                }
                if (now_replied == 1) {
                    meta.exported = P4NF_CT_ESTABLISHED;
                } else {
                    meta.exported = P4NF_CT_NEW;
                }
                bit<64> o_packets = orig_packets;
                bit<64> o_bytes = orig_bytes;
                bit<64> r_packets = reply_packets;
                bit<64> r_bytes = reply_bytes;
                if (meta.reason == R_REOPENED) {
                    o_packets = 0;
                    o_bytes = 0;
                    r_packets = 0;
                    r_bytes = 0;
                }
                if (ignored) {
                    // no counters
                } else if (reply == 0) {
                    o_packets = o_packets + 1;
                    o_bytes = o_bytes + (bit<64>)meta.ip_length;
                } else {
                    r_packets = r_packets + 1;
                    r_bytes = r_bytes + (bit<64>)meta.ip_length;
                }
                update_entry_data((ct_entry_t){
                    opener = opener, state = next, seen_reply = now_replied,
                    orig_seq_seen = o_seen, reply_seq_seen = r_seen,
                    orig_unack = o_unack, reply_unack = r_unack,
                    orig_end = o_end, reply_end = r_end,
                    orig_maxwin = o_win, reply_maxwin = r_win,
                    orig_packets = o_packets, orig_bytes = o_bytes,
                    reply_packets = r_packets, reply_bytes = r_bytes });
                if (!ignored) {
                    if (profile == 0) {
                        profile = timeout_profile(next, meta.key.protocol, meta.icmp_echo);
                    }
                    set_entry_expire_time((ExpireTimeProfileId_t)profile);
                }
            }
        }
    }

    // An unknown connection: a TCP SYN (or, with loose pickup, an ACK: a connection that
    // started before), a UDP or generic packet, an ICMP echo request opens it; anything
    // else is invalid and leaves no entry behind.
    action ct_new() {
        bit<8> state = CT_UNREPLIED;
        bit<1> seq_seen = 0;
        bit<32> end = 0;
        bit<32> win = 0;
        bit<1> unack = 0;
        meta.reason = R_NEW;
        if (meta.key.protocol == IPPROTO_TCP && !meta.icmp_echo && !meta.related) {
            bit<8> flags = hdr.tcp.flags;
            bit<8> cls = tcp_flag_class(flags);
            if (!tcp_flags_valid(flags)) {
                state = CT_INVALID;
                meta.reason = R_INVALID_FLAGS;
            } else if (cls == 0) {
                state = CT_SYN_SENT;
            } else if (cls == 3 && meta.loose) {
                // Picked up in the middle: its history is lost, so (as Linux) both sides
                // count as having data in flight until the other acknowledges it.
                state = CT_ESTABLISHED;
                unack = 1;
            } else {
                state = CT_INVALID;
                meta.reason = R_INVALID_NEW;
            }
            bit<8> syn_fin = (bit<8>)(flags & (TCP_SYN | TCP_FIN));
            bit<32> seg = meta.l4_length - ((bit<32>)hdr.tcp.data_offset << 2);
            end = hdr.tcp.seq + seg + (syn_fin == 0 ? 32w0 : 32w1);
            win = (bit<32>)hdr.tcp.window;
            seq_seen = 1;
        } else if (!meta.may_open) {
            state = CT_INVALID;
            meta.reason = R_INVALID_NEW;
        }
        if (meta.related) {
            state = CT_INVALID;  // an ICMP error about no known connection
            meta.reason = R_INVALID_RELATED;
        }
        bool added = add_entry_if(state != CT_INVALID, "ct_known",
            (ct_entry_t){
                opener = meta.side, state = state, seen_reply = 0,
                orig_seq_seen = seq_seen, reply_seq_seen = 0,
                orig_unack = unack, reply_unack = unack,
                orig_end = end, reply_end = 0, orig_maxwin = win, reply_maxwin = 0,
                orig_packets = 1, orig_bytes = (bit<64>)meta.ip_length,
                reply_packets = 0, reply_bytes = 0 },
            (ExpireTimeProfileId_t)(unack == 1 ? TO_UNACK
                                                : timeout_profile(state, meta.key.protocol, meta.icmp_echo)));
        if (state == CT_INVALID) {
            meta.exported = P4NF_CT_INVALID;
        } else if (added) {
            meta.exported = P4NF_CT_NEW;
        } else {
            meta.exported = P4NF_CT_INVALID;
            meta.reason = R_INVALID_TABLE;
        }
    }

    // Linux's defaults (nf_conntrack_tcp_timeout_*, _udp_timeout(_stream), _icmp_timeout,
    // _generic_timeout); the config's `conntrack: timeouts:` override them.
    @p4nf_expire_timeout(1, 120000000000)      // SYN_SENT 120 s
    @p4nf_expire_timeout(2, 60000000000)       // SYN_RECV 60 s
    @p4nf_expire_timeout(3, 432000000000000)   // ESTABLISHED 5 days
    @p4nf_expire_timeout(4, 120000000000)      // FIN_WAIT 120 s
    @p4nf_expire_timeout(5, 60000000000)       // CLOSE_WAIT 60 s
    @p4nf_expire_timeout(6, 30000000000)       // LAST_ACK 30 s
    @p4nf_expire_timeout(7, 120000000000)      // TIME_WAIT 120 s
    @p4nf_expire_timeout(8, 10000000000)       // CLOSE 10 s
    @p4nf_expire_timeout(9, 120000000000)      // SYN_SENT2 120 s
    @p4nf_expire_timeout(10, 30000000000)      // UDP unreplied 30 s
    @p4nf_expire_timeout(11, 120000000000)     // UDP replied (stream) 120 s
    @p4nf_expire_timeout(12, 30000000000)      // ICMP 30 s
    @p4nf_expire_timeout(13, 600000000000)     // generic 600 s
    @p4nf_expire_timeout(14, 300000000000)     // ESTABLISHED, data unacknowledged 300 s
    @p4nf_expire_timeout(15, 1)                // a connection reset before any reply: gone
    table connections {
        key = {
            meta.key.family   : exact @name("family");
            meta.key.addr_a   : exact @name("addr_a");
            meta.key.addr_b   : exact @name("addr_b");
            meta.key.protocol : exact @name("protocol");
            meta.key.port_a   : exact @name("port_a");
            meta.key.port_b   : exact @name("port_b");
        }
        actions = { ct_known; @defaultonly ct_new; }
        const default_action = ct_new();
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = 65536;
    }

    apply {
        send_to_next_module();
        // A frame that ends inside a header it announces is not tracked.
        if (!meta.tracked || istd.parser_error != error.NoError) {
            chain_set_ct_state(P4NF_CT_UNKNOWN);
            reasons.count(R_UNTRACKED);
            states.count(P4NF_CT_UNKNOWN);
            return;
        }
        settings.apply();
        bit<16> sport = 0;
        bit<16> dport = 0;
        if (meta.related) {
            // The quoted packet's connection (the key is the same both ways).
            if (hdr.inner_icmp.isValid()) {
                sport = hdr.inner_icmp.id;
                dport = hdr.inner_icmp.id;
            } else {
                sport = hdr.inner_ports.src;
                dport = hdr.inner_ports.dst;
            }
            if (hdr.inner_ipv4.isValid()) {
                make_key((addr_t)hdr.inner_ipv4.src_addr, (addr_t)hdr.inner_ipv4.dst_addr, sport, dport);
            } else {
                make_key(hdr.inner_ipv6.src_addr, hdr.inner_ipv6.dst_addr, sport, dport);
            }
        } else {
            if (meta.icmp_echo) {
                sport = hdr.icmp.id;  // the echo id is the "port" of both sides
                dport = hdr.icmp.id;
            } else if (hdr.ports.isValid()) {
                sport = hdr.ports.src;
                dport = hdr.ports.dst;
            }
            if (hdr.ipv4.isValid()) {
                make_key((addr_t)hdr.ipv4.src_addr, (addr_t)hdr.ipv4.dst_addr, sport, dport);
            } else {
                make_key(hdr.ipv6.src_addr, hdr.ipv6.dst_addr, sport, dport);
            }
        }
        chain_set_l3_offset(meta.l3_offset);
        chain_set_l4_offset(meta.l4_offset);

        connections.apply();

        chain_set_ct_state(meta.exported);
        reasons.count(meta.reason);
        states.count(meta.exported);
        if (meta.exported == P4NF_CT_INVALID && meta.drop_invalid) {
            reasons.count(R_INVALID_DROPPED);
            drop_packet();
        }
    }
}

control CtDeparser(packet_out pkt, in ct_headers_t hdr, in ct_metadata_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv4_options);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.ipv6_ext1);
        pkt.emit(hdr.ipv6_ext1_rest);
        pkt.emit(hdr.ipv6_ext2);
        pkt.emit(hdr.ipv6_ext2_rest);
        pkt.emit(hdr.ipv6_frag);
        pkt.emit(hdr.ports);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.icmp);
        pkt.emit(hdr.inner_ipv4);
        pkt.emit(hdr.inner_ipv6);
        pkt.emit(hdr.inner_ports);
        pkt.emit(hdr.inner_icmp);
    }
}

PNA_NIC(CtParser(), CtPreControl(), CtControl(), CtDeparser()) main;
