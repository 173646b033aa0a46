// error declarations (merged, compared, verified, stored) and the core match kinds
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

error { BadEtherType, TooManyTags }
error { NotForUs }   // a second error declaration adds to the same namespace

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
    error   last_error;   // error values may be stored in structs
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        verify(hdr.eth.ether_type != 16w0, error.BadEtherType);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    error seen = error.NoError;

    table classify {
        key = {
            hdr.eth.ether_type : exact;
            hdr.eth.dst_addr   : ternary;
            hdr.eth.src_addr   : lpm;
        }
        actions = { NoAction; }
        default_action = NoAction;
    }

    apply {
        error e = error.TooManyTags;
        if (e != error.NoError && e == error.TooManyTags) {
            seen = error.NotForUs;
        }
        meta.last_error = seen;
        if (meta.last_error == error.PacketTooShort) {
            meta.value = 32w1;
        }
        classify.apply();
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
