// Realistic module: a layer-4 load balancer. A packet to a virtual service (VIP, protocol,
// port) picks a backend from the service's pool by a CRC32 hash of its 5-tuple, so every
// packet of a flow goes to the same backend, and is tunnelled to it in IPIP (a new outer
// IPv4 header from the balancer to the backend, checksum computed) out of the backend's
// port. Other IPv4 traffic and non-IPv4 frames go to the host.
#include <core.p4>
#include <pna.p4>

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

header ports_h {
    bit<16> src;
    bit<16> dst;
}

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     outer;
    ipv4_h     ipv4;
    ports_h    ports;
}

struct meta_t {
    bit<32> pool_base;
    bit<32> pool_size;
}

parser LbParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: ipv4;
            default: accept;
        }
    }
    state ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (5, 6): ports;
            (5, 17): ports;
            default: accept;
        }
    }
    state ports {
        pkt.extract(hdr.ports);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control Lb(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
           inout pna_main_output_metadata_t ostd) {
    Hash<bit<32>>(PNA_HashAlgorithm_t.CRC32) flow_hash;
    InternetChecksum() ck;

    action to_pool(bit<32> base, bit<32> size) {
        meta.pool_base = base;
        meta.pool_size = size;
    }
    action to_host() { send_to_host(); }

    table services {
        key = {
            hdr.ipv4.dst      : exact;
            hdr.ipv4.protocol : exact;
            hdr.ports.dst     : exact;
        }
        actions = { to_pool; to_host; }
        default_action = to_host();
        size = 1024;
    }

    action tunnel(bit<32> lb_ip, bit<32> backend_ip, bit<48> smac, bit<48> dmac, PortId_t port) {
        hdr.outer.setValid();
        hdr.outer.version = 4;
        hdr.outer.ihl = 5;
        hdr.outer.tos = 0;
        hdr.outer.total_len = hdr.ipv4.total_len + 20;
        hdr.outer.id = 0;
        hdr.outer.flags = 0;
        hdr.outer.frag_offset = 0;
        hdr.outer.ttl = 64;
        hdr.outer.protocol = 4;  // IPIP
        hdr.outer.src = lb_ip;
        hdr.outer.dst = backend_ip;
        ck.clear();
        ck.add({hdr.outer.version, hdr.outer.ihl, hdr.outer.tos, hdr.outer.total_len,
                hdr.outer.id, hdr.outer.flags, hdr.outer.frag_offset, hdr.outer.ttl,
                hdr.outer.protocol, hdr.outer.src, hdr.outer.dst});
        hdr.outer.checksum = ck.get();
        hdr.ethernet.src = smac;
        hdr.ethernet.dst = dmac;
        send_to_port(port);
    }
    action no_backend() { drop_packet(); }

    table backends {
        key = { meta.pool_base : exact; }
        actions = { tunnel; no_backend; }
        default_action = no_backend();
        size = 4096;
    }

    apply {
        if (!hdr.ports.isValid()) {
            send_to_host();
            return;
        }
        meta.pool_size = 0;
        services.apply();
        if (meta.pool_size == 0) {
            return;
        }
        meta.pool_base = flow_hash.get_hash(meta.pool_base,
                                            {hdr.ipv4.src, hdr.ipv4.dst, hdr.ipv4.protocol,
                                             hdr.ports.src, hdr.ports.dst},
                                            meta.pool_size);
        backends.apply();
    }
}

control LbDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.outer);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ports);
    }
}

PNA_NIC(LbParser(), NoPre(), Lb(), LbDeparser()) main;
