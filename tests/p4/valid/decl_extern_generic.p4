// generic extern objects and functions: type arguments on instances, generic methods, inference
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

extern Accumulator<T> {
    Accumulator(T initial);
    void add(in T amount);
    T read();
    R convert<R>(in T value);   // a generic method: R given at the call
}

extern Store<K, V> {
    Store(bit<32> size);
    void put(in K key, in V value);
    V get(in K key);
}

extern void record<T>(in T data);   // a generic extern function

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
    Accumulator<bit<32>>(32w0) total;
    Accumulator<bit<16>>(16w5) small;
    Store<bit<48>, bit<16>>(32w1024) by_mac;

    apply {
        total.add(meta.value);
        small.add(hdr.eth.ether_type);
        meta.value = total.read();
        bit<8> narrowed = total.convert<bit<8>>(meta.value);
        record(hdr.eth);              // T inferred as ethernet_t
        record<bit<8>>(narrowed);     // T given explicitly
        by_mac.put(hdr.eth.src_addr, hdr.eth.ether_type);
        hdr.eth.ether_type = by_mac.get(hdr.eth.dst_addr);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
