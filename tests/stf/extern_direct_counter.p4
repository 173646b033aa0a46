// STF feature test: DirectCounter (pna_direct_counter), one packet and byte count per
// table entry, kept in the entry's value: an exact table whose actions count the packet's
// length or a fixed increment, and whose default action counts in the default map's
// value; a ternary table counting at the entry its tuple-space search chose (an entry
// whose range expanded into several prefixes counts in several cells, which
// check_counter sums). tests/codegen/programs/direct_counter.p4 is this program without
// the range key, for table_state_test.cpp.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h eth; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) hits;
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) rule_hits;

    action forward(PortId_t port) {
        hits.count();
        send_to_port(port);
    }
    action forward_fixed(PortId_t port) {
        hits.count(1000);
        send_to_port(port);
    }
    action drop() {
        hits.count();
        drop_packet();
    }

    table macs {
        key = { hdr.eth.dst : exact; }
        actions = { forward; forward_fixed; drop; }
        default_action = drop();
        pna_direct_counter = hits;
        size = 64;
    }

    action deny() {
        rule_hits.count();
        drop_packet();
    }

    // A ternary table counts at the entry the tuple-space search chose.
    table rules {
        key = { hdr.eth.src : ternary; hdr.eth.ether_type : range; }
        actions = { deny; NoAction; }
        default_action = NoAction();
        pna_direct_counter = rule_hits;
        size = 16;
    }

    apply {
        if (!rules.apply().hit) {
            macs.apply();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
