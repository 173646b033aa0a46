// Chain test, second module: acts only on packets the first module marked. It writes
// the input port it was told and the connection state into the frame and sends the
// packet to port 7; unmarked packets are dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    apply {
        if (chain_get_mark() == 0x1234abcd) {
            hdr.ethernet.src = 8w0xee ++ chain_get_ct_state() ++ chain_get_l3_offset() ++
                               chain_get_l4_offset()[7:0] ++ (bit<16>) istd.input_port;
            chain_set_mark(0x77);
            send_to_port((PortId_t) 7);
        } else {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
