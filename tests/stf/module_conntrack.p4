// Realistic module: a connection tracker for IPv4 and IPv6. A connection is one entry of
// an add_on_miss table keyed by its 5-tuple in a canonical order (the smaller address and
// port first), so both directions find it; the first packet of a connection creates the
// entry from the data plane (add_entry, with the side that opened it as action data) and
// every later one moves its expiry to the timeout profile of its new state. TCP runs a
// state machine (SYN, SYN-ACK, ACK, FIN, RST) whose state lives in a Register cell picked
// by a CRC32 hash of the key; UDP and ICMP echo have a pseudo-state (one direction seen,
// both seen). The verdict goes to later modules of the chain through chain_set_ct_state
// (P4NF_CT_NEW, _ESTABLISHED, _INVALID; _UNKNOWN for traffic it does not track), with the
// L3 and L4 offsets; the packet itself always continues unchanged: dropping is the
// firewall's job. Counters: packets and bytes per exported state and per connection slot.
//
// Not tracked: IPv4 fragments and options, IPv6 extension headers, protocols other than
// TCP, UDP and ICMP echo; ICMP errors are UNKNOWN (RELATED would need a second lookup).
// Two live connections whose keys hash to the same slot share a TCP state.
#include <core.p4>
#include <pna.p4>

typedef bit<128> addr_t;  // IPv4 addresses are zero-extended

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<8>  PROTO_ICMP = 1;
const bit<8>  PROTO_TCP = 6;
const bit<8>  PROTO_UDP = 17;
const bit<8>  PROTO_ICMPV6 = 58;

const bit<8> TCP_FIN = 0x01;
const bit<8> TCP_SYN = 0x02;
const bit<8> TCP_RST = 0x04;
const bit<8> TCP_ACK = 0x10;
const bit<8> TCP_STATE_FLAGS = 0x17;  // FIN, SYN, RST, ACK: the flags the state machine reads

// Connection states, as kept in the state register. INVALID is a verdict, never stored.
const bit<8> CT_NONE = 0;
const bit<8> CT_SYN_SENT = 1;         // the opener's SYN seen
const bit<8> CT_SYN_RECV = 2;         // the SYN-ACK seen
const bit<8> CT_ESTABLISHED = 3;      // the opener's ACK seen
const bit<8> CT_FIN_WAIT_OPENER = 4;  // the opener sent the first FIN
const bit<8> CT_FIN_WAIT_REPLIER = 5; // the other side did
const bit<8> CT_LAST_ACK = 6;         // both FINs seen
const bit<8> CT_TIME_WAIT = 7;        // the last ACK seen
const bit<8> CT_CLOSED = 8;           // reset
const bit<8> CT_ONE_WAY = 9;          // UDP, ICMP echo: only the opener has sent
const bit<8> CT_TWO_WAY = 10;         // UDP, ICMP echo: the other side answered
const bit<8> CT_INVALID = 15;

// Timeout profiles. The defaults follow Linux's nf_conntrack; the table's profiles map
// (the config) overrides them.
const bit<8> TO_SYN = 1;
const bit<8> TO_ESTABLISHED = 2;
const bit<8> TO_CLOSING = 3;
const bit<8> TO_TIME_WAIT = 4;
const bit<8> TO_CLOSED = 5;
const bit<8> TO_ONE_WAY = 6;
const bit<8> TO_TWO_WAY = 7;

header ethernet_h {
    bit<48> dst;
    bit<48> src;
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

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     ipv4;
    ipv6_h     ipv6;
    ports_h    ports;
    tcp_rest_h tcp;
    icmp_h     icmp;
}

// A connection: the side with the smaller (address, port) is side a.
struct ct_key_t {
    bit<8>  family;
    addr_t  addr_a;
    addr_t  addr_b;
    bit<8>  protocol;
    bit<16> port_a;
    bit<16> port_b;
}

struct meta_t {
    ct_key_t key;
    bit<1>   side;        // the sender: 0 side a, 1 side b
    bool     trackable;
    bool     may_open;    // UDP, ICMP echo request: this packet may open a connection
    bit<8>   tcp_flags;
    bit<16>  l4_offset;
    bit<16>  slot;        // the connection's state register cell
    bit<8>   state;       // after this packet
    bit<1>   reply;       // sent by the side that did not open the connection
}

struct ct_known_params_t {
    bit<1> opener;
}

parser CtParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.trackable = false;
        meta.may_open = false;
        meta.tcp_flags = 0;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.key.family = 4;
        meta.key.protocol = hdr.ipv4.protocol;
        meta.l4_offset = 34;
        // Later fragments carry no ports; options are not parsed.
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (0, 5, PROTO_TCP): parse_tcp;
            (0, 5, PROTO_UDP): parse_udp;
            (0, 5, PROTO_ICMP): parse_icmp;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.key.family = 6;
        meta.key.protocol = hdr.ipv6.next_hdr;
        meta.l4_offset = 54;
        transition select(hdr.ipv6.next_hdr) {
            PROTO_TCP: parse_tcp;
            PROTO_UDP: parse_udp;
            PROTO_ICMPV6: parse_icmp;
            default: accept;
        }
    }

    state parse_tcp {
        pkt.extract(hdr.ports);
        pkt.extract(hdr.tcp);
        meta.tcp_flags = hdr.tcp.flags;
        meta.trackable = true;
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.ports);
        meta.trackable = true;
        meta.may_open = true;
        transition accept;
    }

    // Echo request and reply are tracked by their id; other ICMP messages are not.
    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition select(meta.key.family, hdr.icmp.type) {
            (4, 8): echo_request;
            (6, 128): echo_request;
            (4, 0): echo_reply;
            (6, 129): echo_reply;
            default: accept;
        }
    }

    state echo_request {
        meta.trackable = true;
        meta.may_open = true;
        transition accept;
    }

    state echo_reply {
        meta.trackable = true;
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

// The state after a TCP packet of a known connection. `reply`: the packet is from the
// side that did not open it. CT_INVALID: the packet does not fit the state (which stays).
bit<8> tcp_next_state(in bit<8> state, in bit<1> reply, in bit<8> tcp_flags) {
    bit<8> flags = tcp_flags & TCP_STATE_FLAGS;
    if ((flags & TCP_RST) != 0) {
        return CT_CLOSED;
    }
    if (state == CT_SYN_SENT) {
        if (reply == 1 && flags == (TCP_SYN | TCP_ACK)) {
            return CT_SYN_RECV;
        }
        if (reply == 0 && flags == TCP_SYN) {
            return CT_SYN_SENT;  // a retransmitted SYN
        }
        return CT_INVALID;
    }
    if (state == CT_SYN_RECV) {
        if (reply == 0 && flags == TCP_ACK) {
            return CT_ESTABLISHED;
        }
        if (reply == 1 && flags == (TCP_SYN | TCP_ACK)) {
            return CT_SYN_RECV;  // a retransmitted SYN-ACK
        }
        return CT_INVALID;
    }
    if ((flags & TCP_SYN) != 0) {
        // A closed connection may be opened again by its opener; any other SYN is out of place.
        if ((state == CT_CLOSED || state == CT_TIME_WAIT) && reply == 0 && flags == TCP_SYN) {
            return CT_SYN_SENT;
        }
        return CT_INVALID;
    }
    if ((flags & TCP_ACK) == 0) {
        return CT_INVALID;  // after the handshake every segment but a RST carries an ACK
    }
    bool fin = (flags & TCP_FIN) != 0;
    if (state == CT_ESTABLISHED) {
        if (fin) {
            return reply == 0 ? CT_FIN_WAIT_OPENER : CT_FIN_WAIT_REPLIER;
        }
        return CT_ESTABLISHED;
    }
    if (state == CT_FIN_WAIT_OPENER) {
        return fin && reply == 1 ? CT_LAST_ACK : CT_FIN_WAIT_OPENER;
    }
    if (state == CT_FIN_WAIT_REPLIER) {
        return fin && reply == 0 ? CT_LAST_ACK : CT_FIN_WAIT_REPLIER;
    }
    if (state == CT_LAST_ACK) {
        return fin ? CT_LAST_ACK : CT_TIME_WAIT;
    }
    if (state == CT_TIME_WAIT) {
        return CT_TIME_WAIT;
    }
    return CT_INVALID;  // CT_CLOSED: only a new SYN opens it again
}

bit<8> timeout_profile(in bit<8> state) {
    if (state == CT_SYN_SENT || state == CT_SYN_RECV) {
        return TO_SYN;
    }
    if (state == CT_ESTABLISHED) {
        return TO_ESTABLISHED;
    }
    if (state == CT_TIME_WAIT) {
        return TO_TIME_WAIT;
    }
    if (state == CT_CLOSED) {
        return TO_CLOSED;
    }
    if (state == CT_ONE_WAY) {
        return TO_ONE_WAY;
    }
    if (state == CT_TWO_WAY) {
        return TO_TWO_WAY;
    }
    return TO_CLOSING;  // FIN_WAIT, LAST_ACK
}

control CtControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    Hash<bit<16>>(PNA_HashAlgorithm_t.CRC32) slot_hash;
    Register<bit<8>, bit<16>>(65536) state_reg;
    // Indexed by the exported P4NF_CT_* state.
    Counter<bit<64>, bit<8>>(8, PNA_CounterType_t.PACKETS_AND_BYTES) state_counter;
    Counter<bit<64>, bit<16>>(65536, PNA_CounterType_t.PACKETS_AND_BYTES) slot_counter;

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

    // A known connection: the next state, and the timeout that goes with it. An invalid
    // packet leaves the connection as it was, timer included.
    action ct_known(bit<1> opener) {
        meta.reply = opener ^ meta.side;
        bit<8> old = state_reg.read(meta.slot);
        if (meta.key.protocol == PROTO_TCP) {
            meta.state = tcp_next_state(old, meta.reply, meta.tcp_flags);
        } else if (meta.reply == 1 || old == CT_TWO_WAY) {
            meta.state = CT_TWO_WAY;
        } else {
            meta.state = CT_ONE_WAY;
        }
        if (meta.state != CT_INVALID) {
            set_entry_expire_time((ExpireTimeProfileId_t)timeout_profile(meta.state));
        }
    }

    // An unknown connection: a TCP SYN (alone), a UDP datagram or an ICMP echo request
    // opens it; anything else is invalid and leaves no entry behind.
    action ct_new() {
        meta.reply = 0;
        if (meta.key.protocol == PROTO_TCP) {
            meta.state = (meta.tcp_flags & TCP_STATE_FLAGS) == TCP_SYN ? CT_SYN_SENT : CT_INVALID;
        } else {
            meta.state = meta.may_open ? CT_ONE_WAY : CT_INVALID;
        }
        add_entry_if(meta.state != CT_INVALID, "ct_known",
                     (ct_known_params_t){ opener = meta.side },
                     (ExpireTimeProfileId_t)timeout_profile(meta.state));
    }

    @p4nf_expire_timeout(1, 120000000000)
    @p4nf_expire_timeout(2, 432000000000000)
    @p4nf_expire_timeout(3, 120000000000)
    @p4nf_expire_timeout(4, 120000000000)
    @p4nf_expire_timeout(5, 10000000000)
    @p4nf_expire_timeout(6, 30000000000)
    @p4nf_expire_timeout(7, 120000000000)
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
        // Tracked or not, the packet goes on to the next module, unchanged.
        send_to_next_module();
        if (!meta.trackable) {
            chain_set_ct_state(P4NF_CT_UNKNOWN);
            return;
        }
        bit<16> sport;
        bit<16> dport;
        if (hdr.icmp.isValid()) {
            sport = hdr.icmp.id;  // the echo id is the port of both sides
            dport = hdr.icmp.id;
        } else {
            sport = hdr.ports.src;
            dport = hdr.ports.dst;
        }
        if (hdr.ipv4.isValid()) {
            make_key((addr_t)hdr.ipv4.src, (addr_t)hdr.ipv4.dst, sport, dport);
            chain_set_l3_offset(14);
        } else {
            make_key(hdr.ipv6.src, hdr.ipv6.dst, sport, dport);
            chain_set_l3_offset(14);
        }
        chain_set_l4_offset(meta.l4_offset);
        meta.slot = slot_hash.get_hash(meta.key);

        connections.apply();

        bit<8> exported;
        if (meta.state == CT_INVALID) {
            exported = P4NF_CT_INVALID;
        } else {
            state_reg.write(meta.slot, meta.state);
            slot_counter.count(meta.slot);
            // NEW until the other side has answered (as nf_conntrack says).
            if (meta.state == CT_SYN_SENT || meta.state == CT_ONE_WAY) {
                exported = P4NF_CT_NEW;
            } else {
                exported = P4NF_CT_ESTABLISHED;
            }
        }
        chain_set_ct_state(exported);
        state_counter.count(exported);
    }
}

control CtDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.ports);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.icmp);
    }
}

PNA_NIC(CtParser(), NoPre(), CtControl(), CtDeparser()) main;
