// the don't-care argument _ for out parameters of functions, actions and extern methods
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

void split(in bit<16> v, out bit<8> hi, out bit<8> lo) {
    hi = v[15:8];
    lo = v[7:0];
}

extern Sampler {
    Sampler();
    void sample(in bit<32> input, out bit<32> result, out bool taken);
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

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Sampler() sampler;

    action remember(out bit<16> old, bit<16> value) {
        old = hdr.eth.ether_type;
        hdr.eth.ether_type = value;
    }

    apply {
        bit<8> hi;
        split(hdr.eth.ether_type, hi, _);         // ignore the low byte
        split(hdr.eth.ether_type, _, _);          // ignore both
        bit<32> result;
        sampler.sample(meta.value, result, _);    // ignore an extern's out value
        remember(_, 16w0x0800);
        meta.value = result + (bit<32>)hi;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
