// IPv4 router, the P4 twin of bench/baselines/ipv4_router.bpf.c.
//
// Longest-prefix match on the destination address gives the next hop (port, next-hop MAC,
// our MAC); the TTL is decremented with an incremental checksum update and both MACs are
// rewritten. Non-IPv4 (ARP among it) and packets whose TTL would expire go to the host,
// which answers ARP and sends ICMP time exceeded; a route miss drops. Table, action and
// parameter names match the baseline's, so one piece of code fills both.
#include <core.p4>
#include <pna.p4>

typedef bit<48> MacAddr_t;
typedef bit<32> Ipv4Addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;

header ethernet_t {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
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

struct headers_t {
    ethernet_t ethernet;
    ipv4_t     ipv4;
}

struct metadata_t { }

parser MainParserImpl(packet_in pkt,
                      out headers_t hdr,
                      inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
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
    InternetChecksum() ck;

    action forward(PortId_t port, MacAddr_t dst_mac, MacAddr_t src_mac) {
        // RFC 1624: take the old TTL/protocol word out of the checksum, put the new one in.
        ck.set_state(~hdr.ipv4.hdr_checksum);
        ck.subtract({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        ck.add({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.hdr_checksum = ck.get();

        hdr.ethernet.dst_addr = dst_mac;
        hdr.ethernet.src_addr = src_mac;
        send_to_port(port);
    }

    action drop() {
        drop_packet();
    }

    table ipv4_lpm {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { forward; drop; }
        default_action = drop();
        size = 131072;
    }

    apply {
        if (!hdr.ipv4.isValid() || hdr.ipv4.ttl <= 1) {
            send_to_host();  // ARP and other protocols; the host sends ICMP time exceeded
        } else {
            ipv4_lpm.apply();
        }
    }
}

control MainDeparserImpl(packet_out pkt,
                         in headers_t hdr,
                         in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
