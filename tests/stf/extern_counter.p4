// STF feature test: Counter<bit<64>, bit<8>>(16, PACKETS_AND_BYTES) indexed by a packet
// field. The packets are forwarded; check_counter reads the counts back, as
// tests/codegen/externs_test.cpp does.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_h {
    bit<8>  index;
    bit<32> value;
}

struct headers_t { ethernet_h ethernet; data_h data; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<8>>(16, PNA_CounterType_t.PACKETS_AND_BYTES) per_index;
    apply {
        per_index.count(hdr.data.index);
        send_to_port((PortId_t) 1);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
