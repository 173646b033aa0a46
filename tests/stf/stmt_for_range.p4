// STF feature test: for loops over a constant range, a list and a header stack are
// unrolled; break
// leaves the loop, continue goes on with the next element. sum adds 1 .. 5 up to n, evens
// the even values of 0 .. 7, first_big is the first element of {n, 10, 20} that is at
// least 10, tagsum adds the values of the stack's valid tags (copied into the loop
// variable one by one). The egress port is sum.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> n;
    bit<8> sum;
    bit<8> evens;
    bit<8> first_big;
    bit<8> tagsum;
}

header tag_h {
    bit<8> v;
}

struct headers_t { ethernet_h ethernet; ops_h ops; tag_h[2] tags; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        pkt.extract(hdr.tags[0]);
        transition select(hdr.tags[0].v) {
            0: accept;
            default: second_tag;
        }
    }
    state second_tag {
        pkt.extract(hdr.tags[1]);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        bit<8> sum = 0;
        for (bit<8> i in 1 .. 5) {
            if (i > hdr.ops.n) {
                break;
            }
            sum += i;
        }
        bit<8> evens = 0;
        for (bit<8> i in 0 .. 7) {
            if (i[0:0] == 1) {
                continue;
            }
            evens += i;
        }
        bit<8> first_big = 0;
        for (bit<8> v in {hdr.ops.n, 8w10, 8w20}) {
            if (v >= 10) {
                first_big = v;
                break;
            }
        }
        bit<8> tagsum = 0;
        for (tag_h t in hdr.tags) {
            if (t.isValid()) {
                tagsum += t.v;
            }
        }
        hdr.ops.tagsum = tagsum;
        hdr.ops.sum = sum;
        hdr.ops.evens = evens;
        hdr.ops.first_big = first_big;
        send_to_port((PortId_t)(bit<32>)sum);
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
        pkt.emit(hdr.tags);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
