// table_action_profile.p4 -- pna_implementation with an ActionProfile, and with an ActionSelector and a selector key.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<8> version_ihl; bit<8> tos; bit<16> len; bit<32> id_frag;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { bit<16> nexthop_group; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); pkt.extract(hdr.ipv4); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    ActionProfile(128) group_profile;
    ActionSelector(PNA_HashAlgorithm_t.CRC16, 1024, 16) ecmp_selector;

    action set_group(bit<16> group) { meta.nexthop_group = group; }
    action set_nexthop(bit<48> dmac, PortId_t port) {
        hdr.eth.dst = dmac;
        send_to_port(port);
    }

    // Many prefixes share few groups: the action data lives in the profile.
    table routes {
        key = { hdr.ipv4.dst : lpm; }
        actions = { set_group; NoAction; }
        pna_implementation = group_profile;
        size = 65536;
    }

    // The selector hashes the selector keys to pick a member of the group.
    table ecmp {
        key = {
            meta.nexthop_group : exact;
            hdr.ipv4.src       : selector;
            hdr.ipv4.dst       : selector;
            hdr.ipv4.protocol  : selector;
        }
        actions = { set_nexthop; NoAction; }
        pna_implementation = ecmp_selector;
    }

    apply {
        if (routes.apply().hit) {
            ecmp.apply();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
