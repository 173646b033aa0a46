// set_entry_expire_time in an action of a table without pna_idle_timeout: PNA allows it
// only in tables whose pna_idle_timeout is NOTIFY_CONTROL or AUTO_DELETE.
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
    action keep() { set_entry_expire_time((ExpireTimeProfileId_t) 1); send_to_port((PortId_t) 1); }
    table t {
        key = { hdr.ethernet.dst : exact; }
        actions = { keep; NoAction; }
        default_action = NoAction;
    }
    apply { t.apply(); }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.ethernet); } }
PNA_NIC(P(), Pre(), C(), D()) main;
