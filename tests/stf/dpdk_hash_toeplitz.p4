// STF feature test: dpdk/pna.p4's TOEPLITZ hash (RSS) with the key of Microsoft's RSS
// specification, checked against that specification's IPv4 example: the hash of the two
// addresses, and of the addresses and the two ports.
#include <core.p4>
#include <dpdk/pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header flow_h {
    bit<32> src_addr;
    bit<32> dst_addr;
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> hash_addrs;  // written by the program
    bit<32> hash_flow;
}

struct headers_t { ethernet_h eth; flow_h flow; }
struct meta_t { }

parser Parse(packet_in pkt, out headers_t hdr, inout meta_t meta,
             in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        pkt.extract(hdr.flow);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
            inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control Main(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
             inout pna_main_output_metadata_t ostd) {
    Hash<bit<32>>(PNA_HashAlgorithm_t.TOEPLITZ) rss;
    apply {
        hdr.flow.hash_addrs = rss.get_hash({hdr.flow.src_addr, hdr.flow.dst_addr});
        hdr.flow.hash_flow = rss.get_hash({hdr.flow.src_addr, hdr.flow.dst_addr,
                                           hdr.flow.src_port, hdr.flow.dst_port});
        send_to_port((PortId_t) 1);
    }
}

control Deparse(packet_out pkt, in headers_t hdr, in meta_t meta,
                in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.flow);
    }
}

PNA_NIC(Parse(), Pre(), Main(), Deparse()) main;
