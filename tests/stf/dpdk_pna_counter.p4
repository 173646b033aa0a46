// STF feature test: a program written for p4c's DPDK PNA target: <dpdk/pna.p4>, its
// Counter.count(index, pkt_len) and DirectCounter.count(pkt_len) (the byte count given
// by the program), count(index) next to them, and the pre control of the four-block
// PNA_NIC.
#include <core.p4>
#include <dpdk/pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header len_h {
    bit<8>  index;
    bit<32> length;  // what the program counts as the packet's length
}

struct headers_t { ethernet_h eth; len_h len; }
struct meta_t { }

parser Parse(packet_in pkt, out headers_t hdr, inout meta_t meta,
             in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        pkt.extract(hdr.len);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
            inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control Main(inout headers_t hdr, inout meta_t meta,
             in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<8>>(8, PNA_CounterType_t.BYTES) given_bytes;
    Counter<bit<64>, bit<8>>(8, PNA_CounterType_t.PACKETS_AND_BYTES) packets;
    DirectCounter<bit<64>>(PNA_CounterType_t.BYTES) per_entry;

    action forward(PortId_t port) {
        per_entry.count(hdr.len.length);
        send_to_port(port);
    }

    table by_index {
        key = { hdr.len.index : exact; }
        actions = { forward; NoAction; }
        pna_direct_counter = per_entry;
        default_action = NoAction;
    }

    apply {
        given_bytes.count(hdr.len.index, hdr.len.length);
        packets.count(hdr.len.index);
        by_index.apply();
    }
}

control Deparse(packet_out pkt, in headers_t hdr, in meta_t meta,
                in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.len);
    }
}

PNA_NIC(Parse(), Pre(), Main(), Deparse()) main;
