// parser_advance_verify.p4 -- advance over bytes, verify with built-in and user errors, parser_error in the control.
#include <core.p4>
#include <pna.p4>

error { BadVersion, TooManyOptions }

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header shim_h     { bit<4> version; bit<4> opt_words; bit<8> next; bit<16> reserved; }
header inner_h    { bit<32> id; }

struct headers_t { ethernet_h eth; shim_h shim; inner_h inner; }
struct meta_t { bit<32> skipped_bits; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        verify(hdr.eth.ether_type == 0x88b5, error.NoMatch);
        pkt.extract(hdr.shim);
        verify(hdr.shim.version == 1, error.BadVersion);
        verify(hdr.shim.opt_words <= 10, error.TooManyOptions);
        // Options are not interpreted: skip them (32-bit words).
        meta.skipped_bits = (bit<32>)hdr.shim.opt_words * 32;
        pkt.advance(meta.skipped_bits);
        // A fixed pad of two bytes follows the options.
        pkt.advance(16);
        pkt.extract(hdr.inner);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (istd.parser_error == error.BadVersion || istd.parser_error == error.TooManyOptions) {
            drop_packet();
        } else if (istd.parser_error == error.PacketTooShort) {
            drop_packet();
        } else if (istd.parser_error != error.NoError) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
