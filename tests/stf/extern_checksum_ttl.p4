// STF feature test: InternetChecksum incremental update (RFC 1624) of an IPv4 TTL
// decrement: set_state(~checksum), subtract the old TTL/protocol word, add the new one,
// get() the new checksum. Packets with TTL 0 go to the host untouched.
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

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
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
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    InternetChecksum() ck;
    apply {
        if (!hdr.ipv4.isValid() || hdr.ipv4.ttl == 0) {
            send_to_host();
            return;
        }
        ck.set_state(~hdr.ipv4.checksum);
        ck.subtract({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        ck.add({hdr.ipv4.ttl, hdr.ipv4.protocol});
        hdr.ipv4.checksum = ck.get();
        send_to_port((PortId_t) 2);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
