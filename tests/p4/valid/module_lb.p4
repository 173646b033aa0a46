// module_lb.p4 -- models an L4 load balancer: VIP:port -> backend pool,
// Maglev-style consistent hashing of the 5-tuple into a per-pool lookup
// table, connection affinity kept in a data-plane-learned table
// (add_on_miss with expiry), DNAT with incremental checksums and reverse
// NAT on the way back, or direct server return through IP-in-IP
// encapsulation (a new outer IPv4 header inserted with setValid).
#include <core.p4>
#include <pna.p4>

typedef bit<48> MacAddr_t;
typedef bit<32> Ipv4Addr_t;
typedef bit<16> PoolId_t;
typedef bit<16> L4Port_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<8>  IPPROTO_IPIP = 4;
const bit<8>  IPPROTO_TCP  = 6;
const bit<8>  IPPROTO_UDP  = 17;

const ExpireTimeProfileId_t TCP_AFFINITY_PROFILE = (ExpireTimeProfileId_t)8w1;
const ExpireTimeProfileId_t UDP_AFFINITY_PROFILE = (ExpireTimeProfileId_t)8w2;

// How a backend is reached.
const bit<1> MODE_DNAT = 0;
const bit<1> MODE_IPIP = 1;

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

header ipv4_h {
    bit<4>     version;
    bit<4>     ihl;
    bit<6>     dscp;
    bit<2>     ecn;
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

header tcp_h {
    L4Port_t src_port;
    L4Port_t dst_port;
    bit<32>  seq_no;
    bit<32>  ack_no;
    bit<4>   data_offset;
    bit<4>   reserved;
    bit<8>   flags;
    bit<16>  window;
    bit<16>  checksum;
    bit<16>  urgent_ptr;
}

header udp_h {
    L4Port_t src_port;
    L4Port_t dst_port;
    bit<16>  length;
    bit<16>  checksum;
}

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     outer_ipv4;  // only ever made valid by the encapsulation
    ipv4_h     ipv4;
    tcp_h      tcp;
    udp_h      udp;
}

struct flow_t {
    Ipv4Addr_t src_addr;
    Ipv4Addr_t dst_addr;
    bit<8>     protocol;
    L4Port_t   src_port;
    L4Port_t   dst_port;
}

struct lb_meta_t {
    flow_t     flow;
    bool       is_l4;
    PoolId_t   pool;
    bit<16>    maglev_size;  // entries in the pool's lookup table
    bit<16>    maglev_slot;
    Ipv4Addr_t backend_addr;
    L4Port_t   backend_port;
    bit<1>     mode;
    bool       balanced;
    Ipv4Addr_t encap_src;
    Ipv4Addr_t route_addr;   // the address the next hop is chosen for
}

// Action data of an affinity entry: the parameters of `stick`, in order.
struct stick_params_t {
    Ipv4Addr_t backend_addr;
    L4Port_t   backend_port;
    bit<1>     mode;
}

parser LbParser(packet_in pkt,
                out headers_t hdr,
                inout lb_meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.is_l4 = false;
        meta.balanced = false;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.flow.src_addr = hdr.ipv4.src_addr;
        meta.flow.dst_addr = hdr.ipv4.dst_addr;
        meta.flow.protocol = hdr.ipv4.protocol;
        // Only unfragmented packets with a plain header are balanced;
        // the rest goes to the host untouched.
        transition select(hdr.ipv4.ihl, hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (5, 0, IPPROTO_TCP): parse_tcp;
            (5, 0, IPPROTO_UDP): parse_udp;
            default: accept;
        }
    }

    state parse_tcp {
        pkt.extract(hdr.tcp);
        meta.flow.src_port = hdr.tcp.src_port;
        meta.flow.dst_port = hdr.tcp.dst_port;
        meta.is_l4 = true;
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        meta.flow.src_port = hdr.udp.src_port;
        meta.flow.dst_port = hdr.udp.dst_port;
        meta.is_l4 = true;
        transition accept;
    }
}

control LbPreControl(in headers_t hdr,
                     inout lb_meta_t meta,
                     in pna_pre_input_metadata_t istd,
                     inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control LbControl(inout headers_t hdr,
                  inout lb_meta_t meta,
                  in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    Hash<bit<16>>(PNA_HashAlgorithm_t.CRC32) flow_hash;
    InternetChecksum() ck;
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) vip_counter;
    Counter<bit<64>, PoolId_t>(1024, PNA_CounterType_t.PACKETS) new_connections;

    action set_encap_source(Ipv4Addr_t addr) {
        meta.encap_src = addr;
    }

    table lb_config {
        actions = { set_encap_source; }
        default_action = set_encap_source(0);
    }

    // VIP:port -> pool.

    action set_pool(PoolId_t pool, bit<16> maglev_size) {
        vip_counter.count();
        meta.pool = pool;
        meta.maglev_size = maglev_size;
    }

    action not_a_vip() {
        vip_counter.count();
    }

    table vips {
        key = {
            hdr.ipv4.dst_addr  : exact @name("vip");
            hdr.ipv4.protocol  : exact @name("protocol");
            meta.flow.dst_port : exact @name("port");
        }
        actions = {
            set_pool;
            @defaultonly not_a_vip;
        }
        const default_action = not_a_vip;
        pna_direct_counter = vip_counter;
        size = 4096;
    }

    // Pool lookup table (filled by the agent with Maglev permutations).

    action set_backend(Ipv4Addr_t addr, L4Port_t port, bit<1> mode) {
        meta.backend_addr = addr;
        meta.backend_port = port;
        meta.mode = mode;
        meta.balanced = true;
    }

    table maglev {
        key = {
            meta.pool        : exact;
            meta.maglev_slot : exact;
        }
        actions = {
            set_backend;
            NoAction;
        }
        default_action = NoAction;  // empty pool: not balanced
        size = 1048576;
    }

    // Connection affinity.

    // Known connection: keep its backend even when the pool changed.
    action stick(Ipv4Addr_t backend_addr, L4Port_t backend_port, bit<1> mode) {
        restart_expire_timer();
        meta.backend_addr = backend_addr;
        meta.backend_port = backend_port;
        meta.mode = mode;
    }

    // New connection: remember the backend Maglev just chose.
    action remember() {
        ExpireTimeProfileId_t profile = UDP_AFFINITY_PROFILE;
        if (meta.flow.protocol == IPPROTO_TCP) {
            profile = TCP_AFFINITY_PROFILE;
        }
        add_entry(action_name = "stick",
                  action_params = (stick_params_t){ backend_addr = meta.backend_addr,
                                                    backend_port = meta.backend_port,
                                                    mode = meta.mode },
                  expire_time_profile_id = profile);
        new_connections.count(meta.pool);
    }

    table affinity {
        key = {
            meta.flow.src_addr : exact;
            meta.flow.dst_addr : exact;
            meta.flow.protocol : exact;
            meta.flow.src_port : exact;
            meta.flow.dst_port : exact;
        }
        actions = {
            stick;
            @defaultonly remember;
        }
        const default_action = remember();
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = 1048576;
    }

    // Reverse NAT: backend replies leave with the VIP as source.

    action restore_vip(Ipv4Addr_t vip, L4Port_t vip_port) {
        // IPv4 header checksum covers the address ...
        ck.clear();
        ck.subtract(hdr.ipv4.hdr_checksum);
        ck.subtract(hdr.ipv4.src_addr);
        ck.add(vip);
        hdr.ipv4.hdr_checksum = ck.get();
        // ... the L4 checksum covers the address (pseudo header) and the port.
        if (hdr.tcp.isValid()) {
            ck.clear();
            ck.subtract(hdr.tcp.checksum);
            ck.subtract({ hdr.ipv4.src_addr, hdr.tcp.src_port });
            ck.add({ vip, vip_port });
            hdr.tcp.checksum = ck.get();
            hdr.tcp.src_port = vip_port;
        } else if (hdr.udp.isValid()) {
            if (hdr.udp.checksum != 0) {
                ck.clear();
                ck.subtract(hdr.udp.checksum);
                ck.subtract({ hdr.ipv4.src_addr, hdr.udp.src_port });
                ck.add({ vip, vip_port });
                hdr.udp.checksum = ck.get();
            }
            hdr.udp.src_port = vip_port;
        }
        hdr.ipv4.src_addr = vip;
    }

    table reverse_nat {
        key = {
            hdr.ipv4.src_addr  : exact @name("backend");
            hdr.ipv4.protocol  : exact @name("protocol");
            meta.flow.src_port : exact @name("port");
        }
        actions = { restore_vip; NoAction; }
        default_action = NoAction;
        size = 65536;
    }

    // Next hop.

    action set_next_hop(MacAddr_t dst_mac, MacAddr_t src_mac, PortId_t port) {
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ethernet.src_addr = src_mac;
        send_to_port(port);
    }

    action drop() {
        drop_packet();
    }

    table next_hop {
        key = { meta.route_addr : lpm; }
        actions = { set_next_hop; drop; }
        default_action = drop;
        size = 1024;
    }

    // Rewriting.

    action dnat() {
        ck.clear();
        ck.subtract(hdr.ipv4.hdr_checksum);
        ck.subtract(hdr.ipv4.dst_addr);
        ck.add(meta.backend_addr);
        hdr.ipv4.hdr_checksum = ck.get();
        if (hdr.tcp.isValid()) {
            ck.clear();
            ck.subtract(hdr.tcp.checksum);
            ck.subtract({ hdr.ipv4.dst_addr, hdr.tcp.dst_port });
            ck.add({ meta.backend_addr, meta.backend_port });
            hdr.tcp.checksum = ck.get();
            hdr.tcp.dst_port = meta.backend_port;
        } else {
            if (hdr.udp.checksum != 0) {  // 0: the sender sent no checksum
                ck.clear();
                ck.subtract(hdr.udp.checksum);
                ck.subtract({ hdr.ipv4.dst_addr, hdr.udp.dst_port });
                ck.add({ meta.backend_addr, meta.backend_port });
                hdr.udp.checksum = ck.get();
            }
            hdr.udp.dst_port = meta.backend_port;
        }
        hdr.ipv4.dst_addr = meta.backend_addr;
    }

    // Direct server return: the client packet travels unchanged inside a
    // new IPv4 header to the backend, which answers the client directly.
    action ipip_encap() {
        hdr.outer_ipv4.setValid();
        hdr.outer_ipv4.version = 4;
        hdr.outer_ipv4.ihl = 5;
        hdr.outer_ipv4.dscp = hdr.ipv4.dscp;
        hdr.outer_ipv4.ecn = hdr.ipv4.ecn;
        hdr.outer_ipv4.total_len = hdr.ipv4.total_len + 20;
        hdr.outer_ipv4.identification = 0;
        hdr.outer_ipv4.flags = 0b010;  // don't fragment
        hdr.outer_ipv4.frag_offset = 0;
        hdr.outer_ipv4.ttl = 64;
        hdr.outer_ipv4.protocol = IPPROTO_IPIP;
        hdr.outer_ipv4.hdr_checksum = 0;
        hdr.outer_ipv4.src_addr = meta.encap_src;
        hdr.outer_ipv4.dst_addr = meta.backend_addr;
        ck.clear();
        ck.add(hdr.outer_ipv4);
        hdr.outer_ipv4.hdr_checksum = ck.get();
    }

    apply {
        if (!meta.is_l4 || istd.parser_error != error.NoError) {
            return;  // not ours: the chain continues
        }
        lb_config.apply();
        meta.route_addr = hdr.ipv4.dst_addr;

        bool route = false;
        if (vips.apply().hit) {
            meta.maglev_slot = flow_hash.get_hash(16w0, meta.flow, meta.maglev_size);
            maglev.apply();
            if (meta.balanced) {
                affinity.apply();
                if (meta.mode == MODE_IPIP) {
                    ipip_encap();
                    meta.route_addr = hdr.outer_ipv4.dst_addr;
                } else {
                    dnat();
                    meta.route_addr = hdr.ipv4.dst_addr;
                }
                route = true;
            }
        } else {
            route = reverse_nat.apply().hit;
        }
        if (route) {
            next_hop.apply();
        }
    }
}

control LbDeparser(packet_out pkt,
                   in headers_t hdr,
                   in lb_meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.outer_ipv4);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.udp);
    }
}

PNA_NIC(LbParser(), LbPreControl(), LbControl(), LbDeparser()) main;
