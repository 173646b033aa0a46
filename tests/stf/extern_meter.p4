// STF feature test: Meter<bit<8>> (PACKETS and BYTES), colour-blind and colour-aware.
// The colours go out in data.value: byte 1 the packet meter, byte 2 the byte meter, byte
// 3 the packet meter called colour-aware with YELLOW (1 GREEN, 2 YELLOW, 3 RED). Meters
// the control plane did not configure colour GREEN; tests/codegen/externs_test.cpp
// configures them and checks the token buckets.
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
    Meter<bit<8>>(4, PNA_MeterType_t.PACKETS) packets;
    Meter<bit<8>>(4, PNA_MeterType_t.BYTES) bytes;
    Meter<bit<8>>(4, PNA_MeterType_t.PACKETS) aware;

    action code(in PNA_MeterColor_t c, out bit<8> v) {
        if (c == PNA_MeterColor_t.GREEN) {
            v = 1;
        } else if (c == PNA_MeterColor_t.YELLOW) {
            v = 2;
        } else {
            v = 3;
        }
    }

    apply {
        bit<8> p;
        bit<8> b;
        bit<8> a;
        code(packets.execute(hdr.data.index), p);
        code(bytes.execute(hdr.data.index), b);
        code(aware.execute(hdr.data.index, PNA_MeterColor_t.YELLOW), a);
        hdr.data.value = 8w0 ++ p ++ b ++ a;
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
