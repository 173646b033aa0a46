// Ways to instantiate an extern: through a typedef of its specialised type, as a
// constructor argument of another extern, and with don't-care type arguments (_) that
// the constructor's arguments or later uses decide.
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

typedef Register<bit<32>, bit<8>> counters_t;

extern Pair<T> {
    Pair(Register<T, bit<8>> store);
    T get(in bit<8> index);
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
    counters_t(256) counters;
    Pair<bit<32>>(Register<bit<32>, bit<8>>(16)) pair;
    Register<bit<32>, _>(8) loose;
    Hash<_>(PNA_HashAlgorithm_t.CRC32) hash;
    apply {
        bit<32> seen = counters.read(hdr.eth.dst_addr[7:0]);
        counters.write(hdr.eth.dst_addr[7:0], seen + 1);
        loose.write(8w1, pair.get(0));
        meta.value = hash.get_hash({ hdr.eth.src_addr });
        send_to_port(istd.input_port);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
