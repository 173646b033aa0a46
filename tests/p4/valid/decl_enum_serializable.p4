// serializable enums: bit and int underlying types, header fields, explicit and implicit casts
#include <core.p4>
#include <pna.p4>

enum bit<16> ether_type_t {
    IPV4 = 0x0800,
    ARP  = 0x0806,
    VLAN = 0x8100,
    IPV6 = 0x86dd
}

enum int<8> delta_t {
    Down = -1,
    Zero = 0,
    Up   = 1
}

typedef bit<8> code_base_t;
enum code_base_t code_t {   // the underlying type may be a typedef
    First  = 1,
    Second = 2,
    Alias  = 2              // two members may share a value
}

header ethernet_t {
    bit<48>      dst_addr;
    bit<48>      src_addr;
    ether_type_t ether_type;  // serializable enums may be header fields
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
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
        ether_type_t t = hdr.eth.ether_type;
        bit<16> raw = (bit<16>)t;                 // explicit cast to the underlying type
        bit<16> implicit_raw = ether_type_t.IPV4;  // implicit cast to the underlying type
        bit<16> next = ether_type_t.ARP + 16w1;    // implicit cast inside arithmetic
        if (t == ether_type_t.ARP || raw == implicit_raw) {
            hdr.eth.ether_type = (ether_type_t)16w0x86dd;  // cast from the underlying type
        }
        int<8> d = (int<8>)delta_t.Down;
        code_t c = code_t.Alias;
        if (c == code_t.Second && d < 8s0) {
            meta.value = (bit<32>)next;
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
