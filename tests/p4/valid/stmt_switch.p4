// switch on values: bit<W>, serializable and plain enums, error; fall-through labels and default
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
}

enum bit<8> proto_t { Tcp = 6, Udp = 17, Icmp = 1 }
enum stage_t { Early, Middle, Late }

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

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        switch (hdr.eth.ether_type) {
            16w0x0800: { meta.value = 32w4; }
            0x86dd: { meta.value = 32w6; }      // an int label takes bit<16>
            0x8100:                             // falls through to the next body
            0x88a8: { meta.value = 32w1; }
            default: { meta.value = 32w0; }
        }
        proto_t p = (proto_t)meta.value[7:0];
        switch (p) {
            proto_t.Tcp:
            proto_t.Udp: { meta.value = meta.value + 32w100; }
            proto_t.Icmp: { }
        }
        stage_t s = stage_t.Middle;
        switch (s) {
            stage_t.Early: { meta.value = 32w10; }
            default: { }
        }
        error e = error.NoError;
        switch (e) {
            error.PacketTooShort: { meta.value = 32w20; }
            error.NoMatch:                      // the last label may have no body
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
