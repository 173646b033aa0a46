// module_conntrack.p4 -- models a connection tracker: bidirectional 5-tuple
// flows for IPv4 and IPv6 (one entry per connection, keyed in a canonical
// order), entries created by the data plane (add_on_miss) with per-state
// expiry, a TCP state machine kept in Registers and driven by a const-entry
// transition table, UDP/ICMP pseudo-state, per-flow and per-state counters,
// and the resulting state handed on to later modules in the metadata.
#include <core.p4>
#include <pna.p4>

typedef bit<48>  MacAddr_t;
typedef bit<128> Addr_t;      // IPv4 addresses are zero-extended
typedef bit<16>  FlowSlot_t;  // index of a flow's registers

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<8>  IPPROTO_ICMP   = 1;
const bit<8>  IPPROTO_TCP    = 6;
const bit<8>  IPPROTO_UDP    = 17;
const bit<8>  IPPROTO_ICMPV6 = 58;
const bit<32> FLOW_SLOTS     = 65536;

// TCP flag bits.
const bit<8> TCP_FIN = 0x01;
const bit<8> TCP_SYN = 0x02;
const bit<8> TCP_RST = 0x04;
const bit<8> TCP_ACK = 0x10;

// Timeout profiles; the agent maps them to seconds from the config.
const ExpireTimeProfileId_t TIMEOUT_SYN         = (ExpireTimeProfileId_t)8w1;  // 120 s
const ExpireTimeProfileId_t TIMEOUT_ESTABLISHED = (ExpireTimeProfileId_t)8w2;  // 5 days
const ExpireTimeProfileId_t TIMEOUT_CLOSING     = (ExpireTimeProfileId_t)8w3;  // 120 s
const ExpireTimeProfileId_t TIMEOUT_UDP         = (ExpireTimeProfileId_t)8w4;  // 30 s
const ExpireTimeProfileId_t TIMEOUT_CLOSED      = (ExpireTimeProfileId_t)8w5;  // 10 s

// Connection states, shared with later modules of a chain.
enum bit<8> CtState_t {
    NONE        = 0,
    SYN_SENT    = 1,
    SYN_RECV    = 2,
    ESTABLISHED = 3,
    FIN_WAIT    = 4,
    LAST_ACK    = 5,
    TIME_WAIT   = 6,
    CLOSED      = 7,
    UDP_NEW     = 8,   // one direction seen
    UDP_REPLIED = 9,   // both directions seen
    INVALID     = 15
}

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
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

// The first 4 bytes of TCP and UDP: the ports.
header l4_ports_h {
    bit<16> src_port;
    bit<16> dst_port;
}

header tcp_rest_h {
    bit<32> seq_no;
    bit<32> ack_no;
    bit<4>  data_offset;
    bit<4>  reserved;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent_ptr;
}

header icmp_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
    bit<16> identifier;  // echo request/reply only
}

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     ipv4;
    ipv6_h     ipv6;
    l4_ports_h ports;
    tcp_rest_h tcp;
    icmp_h     icmp;
}

// The connection key: the side with the smaller (address, port) first.
struct ct_key_t {
    Addr_t  addr_a;
    Addr_t  addr_b;
    bit<8>  protocol;
    bit<16> port_a;
    bit<16> port_b;
}

struct ct_meta_t {
    ct_key_t              key;
    bit<1>                side;        // 0: the sender is side a, 1: side b
    bit<1>                reply;       // 1: sent by the side that did not open the flow
    bool                  trackable;
    bit<8>                tcp_flags;
    FlowSlot_t            slot;
    CtState_t             old_state;
    CtState_t             state;       // the result, for later modules
    ExpireTimeProfileId_t timeout;
    bool                  may_create;  // this packet may open a connection
}

// `ct_entry` has no parameters, so its add_entry action data is empty.
struct ct_entry_params_t {
}

parser CtParser(packet_in pkt,
                out headers_t hdr,
                inout ct_meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.trackable = false;
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
        meta.key.protocol = hdr.ipv4.protocol;
        // Later fragments carry no ports: leave them untracked.
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (0, 5, IPPROTO_TCP):  parse_tcp;
            (0, 5, IPPROTO_UDP):  parse_ports;
            (0, 5, IPPROTO_ICMP): parse_icmp;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.key.protocol = hdr.ipv6.next_hdr;
        transition select(hdr.ipv6.next_hdr) {
            IPPROTO_TCP:    parse_tcp;
            IPPROTO_UDP:    parse_ports;
            IPPROTO_ICMPV6: parse_icmp;
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

    state parse_ports {
        pkt.extract(hdr.ports);
        meta.trackable = true;
        transition accept;
    }

    state parse_icmp {
        pkt.extract(hdr.icmp);
        meta.trackable = true;
        transition accept;
    }
}

control CtPreControl(in headers_t hdr,
                     inout ct_meta_t meta,
                     in pna_pre_input_metadata_t istd,
                     inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control CtControl(inout headers_t hdr,
                  inout ct_meta_t meta,
                  in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    Hash<FlowSlot_t>(PNA_HashAlgorithm_t.CRC32) slot_hash;
    Register<CtState_t, FlowSlot_t>(FLOW_SLOTS, CtState_t.NONE) state_reg;
    Register<bit<1>, FlowSlot_t>(FLOW_SLOTS) opener_reg;  // which side opened the flow
    Counter<bit<64>, FlowSlot_t>(FLOW_SLOTS, PNA_CounterType_t.PACKETS_AND_BYTES) flow_counter;
    Counter<bit<64>, bit<8>>(16, PNA_CounterType_t.PACKETS) state_counter;

    // Builds the canonical key so both directions find the same entry.
    action make_key(Addr_t src, Addr_t dst, bit<16> sport, bit<16> dport) {
        if (src < dst || (src == dst && sport <= dport)) {
            meta.key.addr_a = src;  meta.key.port_a = sport;
            meta.key.addr_b = dst;  meta.key.port_b = dport;
            meta.side = 0;
        } else {
            meta.key.addr_a = dst;  meta.key.port_a = dport;
            meta.key.addr_b = src;  meta.key.port_b = sport;
            meta.side = 1;
        }
    }

    // --- the TCP state machine ------------------------------------------------

    action set_state(CtState_t state, ExpireTimeProfileId_t timeout) {
        meta.state = state;
        meta.timeout = timeout;
    }

    // Retransmissions and the like: no change, short timeout.
    action keep_state() {
        meta.state = meta.old_state;
        meta.timeout = TIMEOUT_CLOSING;
    }

    action mark_invalid() {
        meta.state = CtState_t.INVALID;
    }

    table tcp_transition {
        key = {
            meta.old_state : exact   @name("state");
            meta.reply     : ternary @name("reply");
            meta.tcp_flags : ternary @name("flags");
        }
        actions = { set_state; keep_state; mark_invalid; }
        const default_action = keep_state;
        // Larger priority wins. RST is handled before the table.
        largest_priority_wins = true;
        const entries = {
            priority = 90: (CtState_t.NONE, 0, TCP_SYN &&& 0x17) :
                set_state(CtState_t.SYN_SENT, TIMEOUT_SYN);
            priority = 10: (CtState_t.NONE, _, _) : mark_invalid();
            priority = 80: (CtState_t.SYN_SENT, 1, (TCP_SYN | TCP_ACK) &&& 0x17) :
                set_state(CtState_t.SYN_RECV, TIMEOUT_SYN);
            priority = 70: (CtState_t.SYN_RECV, 0, TCP_ACK &&& 0x17) :
                set_state(CtState_t.ESTABLISHED, TIMEOUT_ESTABLISHED);
            priority = 60: (CtState_t.ESTABLISHED, _, TCP_FIN &&& TCP_FIN) :
                set_state(CtState_t.FIN_WAIT, TIMEOUT_CLOSING);
            priority = 20: (CtState_t.ESTABLISHED, _, _) :
                set_state(CtState_t.ESTABLISHED, TIMEOUT_ESTABLISHED);
            priority = 50: (CtState_t.FIN_WAIT, _, TCP_FIN &&& TCP_FIN) :
                set_state(CtState_t.LAST_ACK, TIMEOUT_CLOSING);
            priority = 40: (CtState_t.LAST_ACK, _, TCP_ACK &&& TCP_ACK) :
                set_state(CtState_t.TIME_WAIT, TIMEOUT_CLOSING);
        }
    }

    // --- the connection table -----------------------------------------------------

    // Known connection: move its expiry to the profile of its new state.
    action ct_entry() {
        set_entry_expire_time(meta.timeout);
    }

    // Unknown connection: create it when this packet may open one.
    action ct_create() {
        if (meta.may_create) {
            add_entry("ct_entry", (ct_entry_params_t){}, meta.timeout);
        }
    }

    table connections {
        key = {
            meta.key.addr_a   : exact;
            meta.key.addr_b   : exact;
            meta.key.protocol : exact;
            meta.key.port_a   : exact;
            meta.key.port_b   : exact;
        }
        actions = {
            ct_entry;
            @defaultonly ct_create;
        }
        const default_action = ct_create;
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = FLOW_SLOTS;
    }

    apply {
        if (!meta.trackable || istd.parser_error != error.NoError) {
            return;
        }

        bit<16> sport = 0;
        bit<16> dport = 0;
        if (hdr.ports.isValid()) {
            sport = hdr.ports.src_port;
            dport = hdr.ports.dst_port;
        } else if (hdr.icmp.isValid()) {
            sport = hdr.icmp.identifier;  // echo id as pseudo port on both sides
            dport = hdr.icmp.identifier;
        }
        if (hdr.ipv4.isValid()) {
            make_key((Addr_t)hdr.ipv4.src_addr, (Addr_t)hdr.ipv4.dst_addr, sport, dport);
        } else {
            make_key(hdr.ipv6.src_addr, hdr.ipv6.dst_addr, sport, dport);
        }

        meta.slot = slot_hash.get_hash(meta.key);
        meta.old_state = state_reg.read(meta.slot);
        bit<1> opener = opener_reg.read(meta.slot);
        meta.reply = 0;
        if (meta.old_state != CtState_t.NONE && opener != meta.side) {
            meta.reply = 1;
        }

        if (meta.key.protocol == IPPROTO_TCP) {
            if ((meta.tcp_flags & TCP_RST) != 0) {
                set_state(CtState_t.CLOSED, TIMEOUT_CLOSED);
            } else {
                tcp_transition.apply();
            }
        } else if (meta.old_state == CtState_t.NONE) {
            set_state(CtState_t.UDP_NEW, TIMEOUT_UDP);
        } else if (meta.reply == 1) {
            set_state(CtState_t.UDP_REPLIED, TIMEOUT_UDP);
        } else {
            set_state(meta.old_state, TIMEOUT_UDP);
        }

        meta.may_create = meta.old_state == CtState_t.NONE &&
                          meta.state != CtState_t.INVALID;
        if (meta.state != CtState_t.INVALID) {
            connections.apply();
            if (meta.may_create) {
                opener_reg.write(meta.slot, meta.side);
            }
            state_reg.write(meta.slot, meta.state);
            flow_counter.count(meta.slot);
        }
        state_counter.count((bit<8>)meta.state);
        // No forwarding decision here: the chain goes on to the next module,
        // which reads meta.state.
    }
}

control CtDeparser(packet_out pkt,
                   in headers_t hdr,
                   in ct_meta_t meta,
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

PNA_NIC(CtParser(), CtPreControl(), CtControl(), CtDeparser()) main;
