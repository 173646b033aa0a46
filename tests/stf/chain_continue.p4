// STF feature test: the p4nf chain extensions in a module loaded alone. index 1 continues
// the chain (send_to_next_module): alone, that is the end of the chain, so the packet goes
// to the host. Otherwise the packet goes back out of the port it came in on (input_port
// from the chain record), carrying the mark it was given (0 at the first module) plus
// its value, written to the mark and read back. index 2 reads ct_state, l3_offset and
// l4_offset into the packet and leaves each one higher in the record.
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
    apply {
        if (hdr.data.index == 2) {
            // The other fields of the record: read as they came, written one higher.
            hdr.data.value = chain_get_ct_state() ++ chain_get_l3_offset() ++ chain_get_l4_offset();
            chain_set_ct_state(chain_get_ct_state() + 1);
            chain_set_l3_offset(chain_get_l3_offset() + 1);
            chain_set_l4_offset(chain_get_l4_offset() + 1);
            send_to_port(istd.input_port);
            return;
        }
        if (hdr.data.index == 1) {
            chain_set_mark(hdr.data.value);
            send_to_next_module();
            return;
        }
        chain_set_mark(chain_get_mark() + hdr.data.value);
        hdr.data.value = chain_get_mark();
        hdr.data.index = (bit<8>) istd.input_port;
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
