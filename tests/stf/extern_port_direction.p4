// STF feature test: PNA's port and direction queries as p4nf answers them. Every p4nf port
// is a network port (is_net_port true, is_host_port false), every packet goes
// NET_TO_HOST, and SelectByDirection picks its first value, also for the values that
// make a key direction-independent (the source and destination swap).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_h {
    bit<8>  net;
    bit<8>  host;
    bit<8>  to_host;
    bit<16> selected;
    bit<48> peer;  // the MAC of the other side of the conversation
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
    apply {
        hdr.data.net = is_net_port(istd.input_port) ? 8w1 : 8w0;
        hdr.data.host = is_host_port(istd.input_port) ? 8w1 : 8w0;
        hdr.data.to_host = istd.direction == PNA_Direction_t.NET_TO_HOST ? 8w1 : 8w0;
        hdr.data.selected = SelectByDirection(istd.direction, 16w0x1111, 16w0x2222);
        hdr.data.peer = SelectByDirection(istd.direction, hdr.ethernet.src, hdr.ethernet.dst);
        send_to_port(istd.input_port);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
