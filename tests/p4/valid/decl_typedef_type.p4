// typedef aliases mix freely with their base type; `type` makes a distinct type that needs casts
#include <core.p4>
#include <pna.p4>

typedef bit<48> mac_addr_t;
typedef mac_addr_t mac_alias_t;   // a typedef of a typedef
typedef bit<16> ether_type_t;
type bit<32> flow_id_t;           // a new type: no arithmetic without casts
type flow_id_t flow_tag_t;        // a new type made from another new type
typedef flow_id_t flow_ref_t;     // a typedef of a new type is the same new type

header ethernet_t {
    mac_addr_t   dst_addr;
    mac_alias_t  src_addr;
    ether_type_t ether_type;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32>   value;
    flow_id_t flow;
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
    apply {
        mac_addr_t m = hdr.eth.dst_addr;
        bit<48> raw = m + 48w1;              // typedef and base type mix
        hdr.eth.src_addr = raw;
        meta.flow = (flow_id_t)meta.value;    // new type: explicit cast in
        flow_id_t other = (flow_id_t)32w7;
        flow_ref_t same = other;              // typedef of the new type: no cast
        if (meta.flow == same) {              // == is defined on a new type
            meta.value = (bit<32>)meta.flow + 32w1;  // cast out for arithmetic
        }
        flow_tag_t tag = (flow_tag_t)meta.flow;
        meta.value = (bit<32>)(flow_id_t)tag;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
