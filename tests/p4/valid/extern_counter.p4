// extern_counter.p4 -- indexed Counter of each PNA_CounterType_t, count() with and without the optional increment.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h     { bit<8> version_ihl; bit<8> tos; bit<16> total_len; bit<128> rest; }

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x0800: parse_ipv4; default: accept; }
    }
    state parse_ipv4 { pkt.extract(hdr.ipv4); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<32>, bit<8>>(256, PNA_CounterType_t.PACKETS) by_tos;
    Counter<bit<64>, bit<16>>(65536, PNA_CounterType_t.BYTES) by_ether_type;
    Counter<bit<64>, PortIdUint_t>(64, PNA_CounterType_t.PACKETS_AND_BYTES) by_port;
    Counter<bit<64>, bit<1>>(2, PNA_CounterType_t.BYTES) l3_bytes;

    action count_port() {
        by_port.count((PortIdUint_t)istd.input_port);
    }

    apply {
        count_port();
        by_ether_type.count(hdr.eth.ether_type);
        if (hdr.ipv4.isValid()) {
            by_tos.count(hdr.ipv4.tos);
            // Count only the IP bytes, not the Ethernet framing.
            l3_bytes.count(1, (bit<32>)hdr.ipv4.total_len);
            l3_bytes.count(increment = 14, index = 0);
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
