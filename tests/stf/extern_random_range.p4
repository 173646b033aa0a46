// STF feature test: Random<bit<8>>(0, 3). Values outside the range drop the packet, so
// every packet must leave with a value 0..3 in data.value's last byte (the expects accept
// only those); over 16 packets at least two different values must appear, checked by
// the register of seen values.
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
    Random<bit<8>>(0, 3) rng;
    Register<bit<32>, bit<8>>(1) seen;  // bit v set when value v came up
    apply {
        bit<8> v = rng.read();
        if (v > 3) {
            drop_packet();
            return;
        }
        bit<32> mask = seen.read(0) | (32w1 << v);
        seen.write(0, mask);
        if (hdr.data.index == 0xff) {
            // The report packet: how many distinct values have come up.
            bit<32> count = (bit<32>) mask[0:0] + (bit<32>) mask[1:1] + (bit<32>) mask[2:2] +
                            (bit<32>) mask[3:3];
            if (count >= 2) {
                hdr.data.value = 0x600d;
            } else {
                hdr.data.value = 0xbad;
            }
        } else {
            hdr.data.value = (bit<32>) v;
        }
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
