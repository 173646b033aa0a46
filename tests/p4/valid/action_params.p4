// action parameters: directional ones bound in the actions list, action data from the control plane
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
    bit<32> scratch = 32w0;

    // Directional parameters come first, action data (no direction) last.
    action set_both(inout bit<32> target, out bit<16> copy, bit<32> value, bit<16> tag) {
        target = value;
        copy = tag;
    }

    action add_to(inout bit<32> target, bit<32> amount) {
        target = target + amount;
    }

    action forward(bit<32> port) {
        send_to_port((PortId_t)port);
    }

    table route {
        key = { hdr.eth.dst_addr : exact; }
        actions = {
            set_both(meta.value, hdr.eth.ether_type);  // binds only the directional ones
            add_to(scratch);
            forward;
            @defaultonly NoAction;
        }
        default_action = add_to(scratch, 32w1);        // the action data given here
    }

    apply {
        route.apply();
        add_to(meta.value, 32w2);                      // a direct call supplies every argument
        set_both(scratch, hdr.eth.ether_type, meta.value, 16w0x0800);
        forward(scratch);                              // action data may be a run-time value
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
