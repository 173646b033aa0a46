// add_entry naming an action that its table does not list: an error, said once although
// the action's body is generated for each place it runs (here the table's default).
#include <core.p4>
#include <pna.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h ethernet; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.ethernet); transition accept; }
}
control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) { apply { } }
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action fwd() { }
    action fwd2() { }
    action learn() { add_entry(action_name = "fwd2", action_params = {}, expire_time_profile_id = 0); }
    table t {
        key = { hdr.ethernet.dst : exact; }
        actions = { fwd; learn; }
        add_on_miss = true;
        default_action = learn();
    }
    apply { t.apply(); }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.ethernet); } }
PNA_NIC(P(), Pre(), C(), D()) main;
