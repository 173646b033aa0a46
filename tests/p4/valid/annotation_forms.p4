// annotation forms: plain, with expressions, structured key=value and list bodies, unstructured bodies
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

@hidden
const bit<32> HIDDEN_CONST = 32w1;

@structured_kv[level = 3, label = "outer", on = true]
@structured_list["a", 1, false]
@free_form(any tokens + go here : 1 2 3)
@empty_parens()
struct annotated_t {
    @name("renamed_field") bit<8> field;
    @unchecked bit<8> other;
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
    @name("renamed_action")
    action set_value(@name("v") bit<32> value) {
        meta.value = value;
    }

    @name(".fully.qualified")
    table lookup {
        key = {
            hdr.eth.ether_type : ternary @name("etype");
        }
        actions = {
            set_value;
            @defaultonly NoAction;
        }
        const entries = {
            16w0x0800 : set_value(32w4) @priority(2);
            16w0x86dd &&& 16w0xFFFF : set_value(32w6) @priority(1);
        }
        default_action = NoAction;
    }

    apply {
        @hint("a block may be annotated")
        {
            annotated_t a = { field = 1, other = 2 };
            meta.value = (bit<32>)a.field + HIDDEN_CONST;
        }
        lookup.apply();
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
