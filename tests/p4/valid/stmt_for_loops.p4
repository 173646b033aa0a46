// for loops (P4-16 1.2.5): the three-part form, the element form over a range (both ends
// included), a list and a header stack, break and continue, annotations on loops, and a
// variable of the init part that ends with its loop.
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header tag_t {
    bit<8> value;
}

struct headers_t {
    ethernet_t eth;
    tag_t[3] tags;
}

struct metadata_t {
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

bit<32> sum_to(in bit<8> n) {
    bit<32> sum = 0;
    for (bit<8> i = 1; i <= n; i += 1) {
        sum += (bit<32>)i;
    }
    return sum;
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        bit<32> total = 0;
        for (bit<8> i in 1 .. 4) {
            if (i == 2) {
                continue;
            }
            total += (bit<32>)i;
        }
        for (bit<16> k in {16w3, 16w5, 16w7}) {
            if (k == hdr.eth.ether_type) {
                break;
            }
            total = total + 1;
        }
        for (tag_t t in hdr.tags) {
            if (t.isValid()) {
                total += (bit<32>)t.value;
            }
        }
        @unroll
        for (bit<8> j = 0, total = total + 1; j < 3; j = j + 1, total = total << 1) {
            hdr.eth.src_addr[7:0] = j;
        }
        bit<8> j = 9;  // the loop's j ended with the loop
        meta.value = total + sum_to(j);
        send_to_port(istd.input_port);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
