// functions: return values of several types, out parameters, calls from functions and actions
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

bit<32> max32(in bit<32> a, in bit<32> b) {
    return a > b ? a : b;
}

bool is_ip(in bit<16> ether_type) {
    return ether_type == 16w0x0800 || ether_type == 16w0x86dd;
}

struct split_t {
    bit<8> hi;
    bit<8> lo;
}

split_t split(in bit<16> v) {
    return (split_t){ hi = v[15:8], lo = v[7:0] };  // a struct value
}

ethernet_t flipped(in ethernet_t e) {
    ethernet_t r = e;
    r.dst_addr = e.src_addr;
    r.src_addr = e.dst_addr;
    return r;                                  // a header value
}

void split_out(in bit<16> v, out bit<8> hi, out bit<8> lo) {
    hi = v[15:8];
    lo = v[7:0];
}

bit<32> clamp(in bit<32> v, in bit<32> limit) {
    if (v > limit) {
        return limit;
    } else {
        return max32(v, 32w1);                 // every path returns
    }
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
    action use_functions() {
        meta.value = clamp(meta.value, 32w1000);
    }

    apply {
        split_t s = split(hdr.eth.ether_type);
        bit<8> hi;
        bit<8> lo;
        split_out(hdr.eth.ether_type, hi, lo);
        if (is_ip(hdr.eth.ether_type) && s.hi == hi && s.lo == lo) {
            hdr.eth = flipped(hdr.eth);
        }
        meta.value = max32(meta.value, (bit<32>)hi);
        use_functions();
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
