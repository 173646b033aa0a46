// annotation_unknown.p4 -- annotations p4nfc does not know: each is a warning, the program stays valid.
#include <core.p4>
#include <pna.p4>

@vendor_layout("packed")
header ethernet_h { bit<48> dst; bit<48> src; @wire_order(3) bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { }

@some_tool_hint
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    @unroll_hint(4) state start { pkt.extract(hdr.eth); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    @frobnicate(level = 3, "free text" + 1) action fwd(PortId_t port) { send_to_port(port); }

    @placement[stage = 2, memory = "sram"]
    table t {
        key = { hdr.eth.dst : exact @hw_key_slot(0); }
        actions = { @cheap fwd; NoAction; }
        default_action = NoAction;
        @tuning(fast) size = 128;
    }

    apply {
        @likely { t.apply(); }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

@target_flavour("ebpf")
PNA_NIC(P(), Pre(), C(), D()) main;
