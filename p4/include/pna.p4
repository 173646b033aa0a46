// pna.p4 -- the Portable NIC Architecture (PNA) for p4nf.
//
// Written for p4nf from the PNA specification (v0.7 and the working draft that
// followed it). Type, extern and field names and signatures follow the spec,
// so that programs written for other PNA compilers compile unchanged. Where
// spec versions differ (packet direction vs. is_net_port, the pre control),
// this file offers the union of both, so that programs for either compile.
// p4nf's own additions live in the last section, clearly marked.
//
// The same file serves the variants of PNA that p4c's other PNA targets ship, selected
// by the files that include it (one macro each, set before the include):
//   <tc/pna.p4>   P4NF_PNA_TC: the P4TC architecture (three blocks, no pre control;
//                 skb metadata functions; tc_* control-path annotations and structs;
//                 Counter.count without an increment; SelectByDirection on a bool).
//   <dpdk/pna.p4> P4NF_PNA_DPDK: the DPDK architecture (TOEPLITZ hash, count(index,
//                 pkt_len), Meter.dpdk_execute, the IPsec accelerator extern).
// Without either, it is the PNA of the specification. Each variant section below says
// which it belongs to.

#ifndef P4NF_PNA_P4
#define P4NF_PNA_P4

// P4NF_TC(@annotation): the annotation in the P4TC variant only.
#ifdef P4NF_PNA_TC
#define P4NF_TC(annotation) annotation
#else
#define P4NF_TC(annotation)
#endif

#include <core.p4>

// ---------------------------------------------------------------------------
// Numeric types
//
// Each quantity has a plain `typedef` (..Uint_t), usable freely in arithmetic,
// and a distinct `type` (.._t) that the control plane API sees as its own
// kind. Converting between them takes an explicit cast. The widths are the
// ones the spec proposes; p4nf uses them as they are.
// ---------------------------------------------------------------------------

typedef bit<32> PortIdUint_t;
typedef bit<32> InterfaceIdUint_t;
typedef bit<32> MulticastGroupUint_t;
typedef bit<16> MirrorSessionIdUint_t;
typedef bit<8>  MirrorSlotIdUint_t;
typedef bit<8>  ClassOfServiceUint_t;
typedef bit<16> PacketLengthUint_t;
typedef bit<16> MulticastInstanceUint_t;
typedef bit<64> TimestampUint_t;
typedef bit<32> FlowIdUint_t;
typedef bit<8>  ExpireTimeProfileIdUint_t;
typedef bit<3>  PassNumberUint_t;
typedef bit<32> SecurityAssocIdUint_t;

@p4runtime_translation("p4.org/pna/v1/PortId_t", 32)
type PortIdUint_t PortId_t;                    // a network or host (vport) port
@p4runtime_translation("p4.org/pna/v1/InterfaceId_t", 32)
type InterfaceIdUint_t InterfaceId_t;          // an interface of the NIC
@p4runtime_translation("p4.org/pna/v1/MulticastGroup_t", 32)
type MulticastGroupUint_t MulticastGroup_t;    // a multicast group
@p4runtime_translation("p4.org/pna/v1/MirrorSessionId_t", 16)
type MirrorSessionIdUint_t MirrorSessionId_t;  // where mirrored copies go
@p4runtime_translation("p4.org/pna/v1/MirrorSlotId_t", 8)
type MirrorSlotIdUint_t MirrorSlotId_t;        // one of the per-packet mirror slots
@p4runtime_translation("p4.org/pna/v1/ClassOfService_t", 8)
type ClassOfServiceUint_t ClassOfService_t;    // a queueing class
@p4runtime_translation("p4.org/pna/v1/PacketLength_t", 16)
type PacketLengthUint_t PacketLength_t;        // a length in bytes
@p4runtime_translation("p4.org/pna/v1/MulticastInstance_t", 16)
type MulticastInstanceUint_t MulticastInstance_t;
@p4runtime_translation("p4.org/pna/v1/Timestamp_t", 64)
type TimestampUint_t Timestamp_t;              // a time; p4nf counts nanoseconds
@p4runtime_translation("p4.org/pna/v1/FlowId_t", 32)
type FlowIdUint_t FlowId_t;
@p4runtime_translation("p4.org/pna/v1/ExpireTimeProfileId_t", 8)
type ExpireTimeProfileIdUint_t ExpireTimeProfileId_t;  // selects an entry timeout
@p4runtime_translation("p4.org/pna/v1/PassNumber_t", 8)
type PassNumberUint_t PassNumber_t;            // how often the packet recirculated
@p4runtime_translation("p4.org/pna/v1/SecurityAssocId_t", 64)
type SecurityAssocIdUint_t SecurityAssocId_t;  // an IPsec security association

// Parser errors are the core `error` type.
typedef error ParserError_t;

// The same quantities at the widths used when they travel inside packet
// headers (e.g. to and from a CPU port). All widths are whole bytes.
typedef bit<32> PortIdInHeaderUint_t;
typedef bit<32> InterfaceIdInHeaderUint_t;
typedef bit<32> MulticastGroupInHeaderUint_t;
typedef bit<16> MirrorSessionIdInHeaderUint_t;
typedef bit<8>  MirrorSlotIdInHeaderUint_t;
typedef bit<8>  ClassOfServiceInHeaderUint_t;
typedef bit<16> PacketLengthInHeaderUint_t;
typedef bit<16> MulticastInstanceInHeaderUint_t;
typedef bit<64> TimestampInHeaderUint_t;
typedef bit<32> FlowIdInHeaderUint_t;
typedef bit<8>  ExpireTimeProfileIdInHeaderUint_t;
typedef bit<8>  PassNumberInHeaderUint_t;
typedef bit<32> SecurityAssocIdInHeaderUint_t;

type PortIdInHeaderUint_t              PortIdInHeader_t;
type InterfaceIdInHeaderUint_t         InterfaceIdInHeader_t;
type MulticastGroupInHeaderUint_t      MulticastGroupInHeader_t;
type MirrorSessionIdInHeaderUint_t     MirrorSessionIdInHeader_t;
type MirrorSlotIdInHeaderUint_t        MirrorSlotIdInHeader_t;
type ClassOfServiceInHeaderUint_t      ClassOfServiceInHeader_t;
type PacketLengthInHeaderUint_t        PacketLengthInHeader_t;
type MulticastInstanceInHeaderUint_t   MulticastInstanceInHeader_t;
type TimestampInHeaderUint_t           TimestampInHeader_t;
type FlowIdInHeaderUint_t              FlowIdInHeader_t;
type ExpireTimeProfileIdInHeaderUint_t ExpireTimeProfileIdInHeader_t;
type PassNumberInHeaderUint_t          PassNumberInHeader_t;
type SecurityAssocIdInHeaderUint_t     SecurityAssocIdInHeader_t;

// Conversions between the in-datapath and in-header forms. Each goes through
// the plain bit types: out of the first `type`, resize, into the second.
PortIdInHeader_t pna_PortId_int_to_header(in PortId_t x) {
    return (PortIdInHeader_t)(PortIdInHeaderUint_t)(PortIdUint_t)x;
}
PortId_t pna_PortId_header_to_int(in PortIdInHeader_t x) {
    return (PortId_t)(PortIdUint_t)(PortIdInHeaderUint_t)x;
}
InterfaceIdInHeader_t pna_InterfaceId_int_to_header(in InterfaceId_t x) {
    return (InterfaceIdInHeader_t)(InterfaceIdInHeaderUint_t)(InterfaceIdUint_t)x;
}
InterfaceId_t pna_InterfaceId_header_to_int(in InterfaceIdInHeader_t x) {
    return (InterfaceId_t)(InterfaceIdUint_t)(InterfaceIdInHeaderUint_t)x;
}
MulticastGroupInHeader_t pna_MulticastGroup_int_to_header(in MulticastGroup_t x) {
    return (MulticastGroupInHeader_t)(MulticastGroupInHeaderUint_t)(MulticastGroupUint_t)x;
}
MulticastGroup_t pna_MulticastGroup_header_to_int(in MulticastGroupInHeader_t x) {
    return (MulticastGroup_t)(MulticastGroupUint_t)(MulticastGroupInHeaderUint_t)x;
}
MirrorSessionIdInHeader_t pna_MirrorSessionId_int_to_header(in MirrorSessionId_t x) {
    return (MirrorSessionIdInHeader_t)(MirrorSessionIdInHeaderUint_t)(MirrorSessionIdUint_t)x;
}
MirrorSessionId_t pna_MirrorSessionId_header_to_int(in MirrorSessionIdInHeader_t x) {
    return (MirrorSessionId_t)(MirrorSessionIdUint_t)(MirrorSessionIdInHeaderUint_t)x;
}
ClassOfServiceInHeader_t pna_ClassOfService_int_to_header(in ClassOfService_t x) {
    return (ClassOfServiceInHeader_t)(ClassOfServiceInHeaderUint_t)(ClassOfServiceUint_t)x;
}
ClassOfService_t pna_ClassOfService_header_to_int(in ClassOfServiceInHeader_t x) {
    return (ClassOfService_t)(ClassOfServiceUint_t)(ClassOfServiceInHeaderUint_t)x;
}
PacketLengthInHeader_t pna_PacketLength_int_to_header(in PacketLength_t x) {
    return (PacketLengthInHeader_t)(PacketLengthInHeaderUint_t)(PacketLengthUint_t)x;
}
PacketLength_t pna_PacketLength_header_to_int(in PacketLengthInHeader_t x) {
    return (PacketLength_t)(PacketLengthUint_t)(PacketLengthInHeaderUint_t)x;
}
MulticastInstanceInHeader_t pna_MulticastInstance_int_to_header(in MulticastInstance_t x) {
    return (MulticastInstanceInHeader_t)(MulticastInstanceInHeaderUint_t)(MulticastInstanceUint_t)x;
}
MulticastInstance_t pna_MulticastInstance_header_to_int(in MulticastInstanceInHeader_t x) {
    return (MulticastInstance_t)(MulticastInstanceUint_t)(MulticastInstanceInHeaderUint_t)x;
}
TimestampInHeader_t pna_Timestamp_int_to_header(in Timestamp_t x) {
    return (TimestampInHeader_t)(TimestampInHeaderUint_t)(TimestampUint_t)x;
}
Timestamp_t pna_Timestamp_header_to_int(in TimestampInHeader_t x) {
    return (Timestamp_t)(TimestampUint_t)(TimestampInHeaderUint_t)x;
}
FlowIdInHeader_t pna_FlowId_int_to_header(in FlowId_t x) {
    return (FlowIdInHeader_t)(FlowIdInHeaderUint_t)(FlowIdUint_t)x;
}
FlowId_t pna_FlowId_header_to_int(in FlowIdInHeader_t x) {
    return (FlowId_t)(FlowIdUint_t)(FlowIdInHeaderUint_t)x;
}
ExpireTimeProfileIdInHeader_t pna_ExpireTimeProfileId_int_to_header(in ExpireTimeProfileId_t x) {
    return (ExpireTimeProfileIdInHeader_t)(ExpireTimeProfileIdInHeaderUint_t)(ExpireTimeProfileIdUint_t)x;
}
ExpireTimeProfileId_t pna_ExpireTimeProfileId_header_to_int(in ExpireTimeProfileIdInHeader_t x) {
    return (ExpireTimeProfileId_t)(ExpireTimeProfileIdUint_t)(ExpireTimeProfileIdInHeaderUint_t)x;
}
PassNumberInHeader_t pna_PassNumber_int_to_header(in PassNumber_t x) {
    return (PassNumberInHeader_t)(PassNumberInHeaderUint_t)(PassNumberUint_t)x;
}
PassNumber_t pna_PassNumber_header_to_int(in PassNumberInHeader_t x) {
    return (PassNumber_t)(PassNumberUint_t)(PassNumberInHeaderUint_t)x;
}

// Well-known values.
const InterfaceId_t PNA_PORT_CPU = (InterfaceId_t)32w0xfffffffd;        // the CPU port
const MirrorSessionId_t PNA_MIRROR_SESSION_TO_CPU = (MirrorSessionId_t)16w0;

// ---------------------------------------------------------------------------
// Match kinds and table properties
// ---------------------------------------------------------------------------

// Match kinds PNA adds to exact, ternary and lpm.
match_kind {
    range,     // lo..hi, inclusive
    selector,  // member choice in an ActionSelector group
    optional   // exact value, or wildcard for the whole field
}

// Values of the `pna_idle_timeout` table property.
enum PNA_IdleTimeout_t {
    NO_TIMEOUT,      // entries never expire
    NOTIFY_CONTROL,  // expired entries are reported to the control plane
    AUTO_DELETE      // expired entries are removed by the data plane
}

// ---------------------------------------------------------------------------
// Hashing and checksums
// ---------------------------------------------------------------------------

enum PNA_HashAlgorithm_t {
    IDENTITY,           // the data itself, truncated to the output width
    CRC32,
    CRC32_CUSTOM,
    CRC16,
    CRC16_CUSTOM,
    ONES_COMPLEMENT16,  // the 16-bit one's complement sum of IP, TCP, UDP
#ifdef P4NF_PNA_DPDK
    TOEPLITZ,           // (dpdk) the RSS hash; p4nf: not supported yet
#endif
    TARGET_DEFAULT      // whatever the target does best
}

// A hash of arbitrary data, with result type O.
extern Hash<O> {
    Hash(PNA_HashAlgorithm_t algo);
    // The hash of data.
    O get_hash<D>(in D data);
    // base + (hash of data) % max: a hash folded into [base, base + max).
    O get_hash<T, D>(in T base, in D data, in T max);
}

// A checksum of result type W, accumulated with update() since clear().
// Its state is per packet: it starts cleared each time its block runs.
extern Checksum<W> {
    Checksum(PNA_HashAlgorithm_t hash);
    void clear();
    void update<T>(in T data);
    W get();
}

// The 16-bit one's complement checksum of IPv4, TCP and UDP, with
// subtraction for incremental updates (RFC 1624). Data given to add()
// and subtract() must be a whole number of 16-bit words.
extern InternetChecksum {
    InternetChecksum();
    void clear();
    void add<T>(in T data);
    void subtract<T>(in T data);
    // The checksum of what was added and not subtracted since clear().
    bit<16> get();
    // Save and restore the running sum, e.g. across the parser and a control.
    bit<16> get_state();
    void set_state(in bit<16> checksum_state);
}

// ---------------------------------------------------------------------------
// Counters, meters, registers and other stateful externs
// ---------------------------------------------------------------------------

enum PNA_CounterType_t {
    PACKETS,
    BYTES,
    PACKETS_AND_BYTES
}

#ifdef P4NF_PNA_TC
// (tc) The P4TC forms: no increment; the tc_* annotations name what the P4TC control
// path sees (p4nf accepts and ignores them).
@noWarn("unused") @tc_acl("RP:RUXP")
extern Counter<W, S> {
    Counter(@tc_numel bit<32> n_counters, PNA_CounterType_t type);
    // Counts one packet and its bytes at index.
    @tc_md_exec void count(in S index);
}

@noWarn("unused") @tc_acl("RP:RUXP")
extern DirectCounter<W> {
    DirectCounter(PNA_CounterType_t type);
    @tc_md_exec void count();
}

// (tc) What the P4TC control path reads and writes of each stateful extern: key fields
// (@tc_key) and data fields (@tc_data). Declared for programs that name them.
struct tc_ControlPath_Counter<W, S> {
    @tc_key  S index;
    @tc_data W pkts;
    @tc_data W bytes;
}
struct tc_ControlPath_DirectCounter<W> {
    @tc_key  bit<32> index;
    @tc_data W pkts;
    @tc_data W bytes;
}
#else
// An array of n_counters counters of width W, indexed by type S.
@noWarn("unused")
extern Counter<W, S> {
    Counter(bit<32> n_counters, PNA_CounterType_t type);
    // Counts one packet (and its bytes, or `increment` bytes) at index. (dpdk: the
    // increment is the packet length, `count(index, pkt_len)`.)
    void count(in S index, @optional in bit<32> increment);
}

// One counter per entry of the table that owns it (table property `pna_direct_counter`).
@noWarn("unused")
extern DirectCounter<W> {
    DirectCounter(PNA_CounterType_t type);
    // Counts at the entry that matched; only valid in that table's actions.
    void count(@optional in bit<32> increment);
}
#endif

enum PNA_MeterType_t {
    PACKETS,
    BYTES
}

// Colours of a two-rate three-colour meter (RFC 2698).
enum PNA_MeterColor_t { RED, GREEN, YELLOW }

// An array of n_meters meters, indexed by type S.
#ifdef P4NF_PNA_TC
@tc_acl("RUP:RUXP")
#endif
extern Meter<S> {
    Meter(P4NF_TC(@tc_numel) bit<32> n_meters, PNA_MeterType_t type);
    // Colour-aware: the packet arrives already coloured `color`.
    P4NF_TC(@tc_md_exec) PNA_MeterColor_t execute(in S index, in PNA_MeterColor_t color);
    // Colour-blind: same as execute(index, GREEN).
    P4NF_TC(@tc_md_exec) PNA_MeterColor_t execute(in S index);
#ifdef P4NF_PNA_DPDK
    // (dpdk) execute with the length to meter given; p4nf: not supported yet.
    PNA_MeterColor_t dpdk_execute(in S index, in PNA_MeterColor_t color, in bit<32> pkt_len);
    PNA_MeterColor_t dpdk_execute(in S index, in bit<32> pkt_len);
#endif
}

// One meter per entry of the table that owns it (table property `pna_direct_meter`).
#ifdef P4NF_PNA_TC
@tc_acl("RUP:RUXP")
#endif
extern DirectMeter {
    DirectMeter(PNA_MeterType_t type);
    P4NF_TC(@tc_md_exec) PNA_MeterColor_t execute(in PNA_MeterColor_t color);
    P4NF_TC(@tc_md_exec) PNA_MeterColor_t execute();
#ifdef P4NF_PNA_DPDK
    PNA_MeterColor_t dpdk_execute(in PNA_MeterColor_t color, in bit<32> pkt_len);
    PNA_MeterColor_t dpdk_execute(in bit<32> pkt_len);
#endif
}

// An array of `size` values of type T that persist across packets, indexed by S.
extern Register<T, S> {
    // The initial values are unspecified (p4nf: zero).
    Register(P4NF_TC(@tc_numel) bit<32> size);
    // Every element starts as initial_value.
    Register(P4NF_TC(@tc_numel) bit<32> size, P4NF_TC(@tc_init_val) T initial_value);
    P4NF_TC(@tc_md_read) T read(P4NF_TC(@tc_key) in S index);
    P4NF_TC(@tc_md_write) void write(P4NF_TC(@tc_key) in S index, P4NF_TC(@tc_data) in T value);
}

#ifdef P4NF_PNA_TC
struct tc_ControlPath_Meter<S> {
    @tc_key  S index;
    @tc_data bit<64> cir;  // committed rate and burst
    @tc_data bit<64> cbs;
    @tc_data bit<64> pir;  // peak rate and burst
    @tc_data bit<64> pbs;
}
struct tc_ControlPath_DirectMeter {
    @tc_key  bit<32> index;
    @tc_data bit<64> cir;
    @tc_data bit<64> cbs;
    @tc_data bit<64> pir;
    @tc_data bit<64> pbs;
}
struct tc_ControlPath_Register<T> {
    @tc_key  bit<32> index;
    @tc_data T a_value;
}
#endif

// Uniformly distributed values in [min, max]; portable programs keep
// max - min + 1 a power of two.
extern Random<T> {
    Random(T min, T max);
    T read();
}

// A shared pool of action entries for tables (property `pna_implementation`).
extern ActionProfile {
    ActionProfile(bit<32> size);
}

// An action profile whose groups pick a member by hashing the table's
// `selector` key fields with algo into outputWidth bits.
extern ActionSelector {
    ActionSelector(PNA_HashAlgorithm_t algo, bit<32> size, bit<32> outputWidth);
}

// A stream of messages of type T to the control plane.
extern Digest<T> {
    Digest();
    P4NF_TC(@tc_md_exec) void pack(in T data);
}

#ifdef P4NF_PNA_TC
struct tc_ControlPath_Digest<T> {
    @tc_key  bit<32> index;
    @tc_data T data;
}
#endif

#ifdef P4NF_PNA_DPDK
// (dpdk) The inline IPsec accelerator. p4nf: declared, not supported yet.
enum ipsec_status {
    IPSEC_SUCCESS,
    IPSEC_ERROR
}
extern ipsec_accelerator {
    ipsec_accelerator();
    void set_sa_index<T>(in T sa_index);         // the security association to use
    void set_ip_header_offset<T>(in T offset);   // where the IP header starts
    void enable();                               // run IPsec after the deparser
    void disable();
    bool from_ipsec(out ipsec_status status);    // the packet came back from the accelerator
}
#endif

// ---------------------------------------------------------------------------
// Packet metadata
// ---------------------------------------------------------------------------

// Which way a packet crosses the NIC (PNA v0.7). Newer drafts replace it
// with is_net_port()/is_host_port(); p4nf offers both.
enum PNA_Direction_t {
    NET_TO_HOST,
    HOST_TO_NET
}

// Where a packet came from (newer drafts).
enum PNA_Source_t {
    FROM_HOST,
    FROM_NET
}

// How a packet reached the main parser.
enum PNA_PacketPath_t {
    FROM_NET_PORT,
    FROM_NET_LOOPEDBACK,
    FROM_NET_RECIRCULATED,
    FROM_HOST,
    FROM_HOST_LOOPEDBACK,
    FROM_HOST_RECIRCULATED
}

// True when p is a network port / a host-facing port (vport).
extern bool is_net_port(in PortId_t p);
extern bool is_host_port(in PortId_t p);

#ifndef P4NF_PNA_TC
// Input of the pre control (the block that decides on inline decryption).
struct pna_pre_input_metadata_t {
    PortId_t        input_port;
    ParserError_t   parser_error;
    PNA_Direction_t direction;
    PassNumber_t    pass;
    bool            loopedback;
}

// Output of the pre control.
struct pna_pre_output_metadata_t {
    bool              decrypt;               // decrypt this packet inline
    SecurityAssocId_t said;                  // with this security association
    bit<16>           decrypt_start_offset;  // starting at this byte
}
#endif

// Input of the main parser.
struct pna_main_parser_input_metadata_t {
    PNA_Direction_t direction;
    PassNumber_t    pass;          // 0 on first arrival, +1 per recirculation
    bool            loopedback;
    bool            recirculated;  // pass != 0, as newer drafts name it
    PortId_t        input_port;    // network port, or host vport, it came in on
}

// Input of the main control.
struct pna_main_input_metadata_t {
    PNA_Direction_t  direction;
    PassNumber_t     pass;
    bool             loopedback;
    bool             recirculated;
    Timestamp_t      timestamp;      // when the packet arrived
    ParserError_t    parser_error;   // error.NoError unless the parser rejected
    ClassOfService_t class_of_service;
    PortId_t         input_port;
}

// Output of the main control; the forwarding decision itself is made with
// the extern functions below, not with fields.
struct pna_main_output_metadata_t {
    ClassOfService_t class_of_service;
}

// ---------------------------------------------------------------------------
// Forwarding and table-modifying functions (main control only)
// ---------------------------------------------------------------------------

// Forwarding decisions: the last call made for a packet wins.
extern void drop_packet();                         // drop when the main control ends
extern void send_to_port(in PortId_t dest_port);   // send out of dest_port

// Sends a copy of the packet to a mirror session, from a mirror slot.
extern void mirror_packet(in MirrorSlotId_t mirror_slot_id,
                          in MirrorSessionId_t mirror_session_id);

// Runs the packet through the pipeline once more after this pass.
extern void recirculate();

// Result of add_entry when a target reports a status code.
typedef bit<1> AddEntryErrorStatus_t;
const AddEntryErrorStatus_t ADD_ENTRY_SUCCESS = 0;
const AddEntryErrorStatus_t ADD_ENTRY_NOT_DONE = 1;

#ifdef P4NF_PNA_TC
// (tc) add_entry reports ADD_ENTRY_SUCCESS or ADD_ENTRY_NOT_DONE.
#define P4NF_ADD_ENTRY_RESULT AddEntryErrorStatus_t
#else
#define P4NF_ADD_ENTRY_RESULT bool
#endif

// In the default (miss) action of a table with `add_on_miss = true`: adds an
// entry for the key just missed, running action `action_name` with the
// parameters in struct action_params (one field per action parameter, same
// names and order), with the given initial timeout profile. True on success.
extern P4NF_ADD_ENTRY_RESULT add_entry<T>(string action_name,
                         in T action_params,
                         in ExpireTimeProfileId_t expire_time_profile_id);

// add_entry, done only when do_add_entry is true.
extern P4NF_ADD_ENTRY_RESULT add_entry_if<T>(in bool do_add_entry,
                            string action_name,
                            in T action_params,
                            in ExpireTimeProfileId_t expire_time_profile_id);

// A fresh flow id.
extern FlowId_t allocate_flow_id();

// In a hit action of a table with entry timeouts: gives the matched entry a
// new timeout profile (and restarts its timer).
extern void set_entry_expire_time(in ExpireTimeProfileId_t expire_time_profile_id);

// set_entry_expire_time, done only when condition is true.
extern void set_entry_expire_time_if(in bool condition,
                                     in ExpireTimeProfileId_t expire_time_profile_id);

// In a hit action of a table with entry timeouts: restarts the matched
// entry's timer.
extern void restart_expire_timer();

// if (update_aging_info) { if (update_expire_time) set_entry_expire_time(id);
//                          else restart_expire_timer(); }
extern void update_expire_info(in bool update_aging_info,
                               in bool update_expire_time,
                               in ExpireTimeProfileId_t expire_time_profile_id);

// p4nf extension. In a hit action of a table with `add_on_miss = true`: rewrites the
// matched entry's action data in place with action_params (one field per data parameter
// of the running action, by name, as for add_entry), so that the next packet that matches
// the entry runs the action with these values; the action's own parameters keep the
// values it was called with. On a miss it does nothing. Entries are shared by all CPUs
// and the write is not atomic with the read that preceded it.
extern void update_entry_data<T>(in T action_params);

#undef P4NF_ADD_ENTRY_RESULT

#ifdef P4NF_PNA_TC
// (tc) from_net_value when is_network_port (e.g. is_net_port(istd.input_port)), else
// from_host_value.
@pure
extern T SelectByDirection<T>(in bool is_network_port,
                              in T from_net_value,
                              in T from_host_value);
#else
// Picks n2h_value for packets going network-to-host and h2n_value for the
// other way; handy in table keys that must swap source and destination.
@pure
extern T SelectByDirection<T>(in PNA_Direction_t direction,
                              in T n2h_value,
                              in T h2n_value);
#endif

#ifdef P4NF_PNA_TC
// ---------------------------------------------------------------------------
// (tc) The Linux socket buffer's metadata
//
// P4TC programs run at the kernel's TC hook, on an skb, and read and write some of its
// fields. p4nf gives them that meaning on TC: each getter reads the field of the skb
// (the value at the time of the call) and each setter writes it at once, so that the
// host's stack (routing by mark, qdiscs by classid or priority) sees it after the
// program. skb_get_meta() and skb_set_meta() (P4TC's load and commit) have nothing
// to do. On XDP there is no skb: p4nfc rejects these calls there. Fields BPF cannot
// reach (skb_set_protocol, skb_get_tc_at_ingress, skb_get_from_ingress) are rejected.
// ---------------------------------------------------------------------------
extern void skb_get_meta();
extern void skb_set_meta();
extern bit<64> skb_get_tstamp();          // the skb's time stamp (ns)
extern bit<32> skb_get_mark();            // the firewall mark
extern bit<16> skb_get_tc_classid();      // the TC class id
extern bit<16> skb_get_tc_index();        // the TC index
extern bit<16> skb_get_queue_mapping();   // the transmit queue
extern bit<16> skb_get_protocol();        // the EtherType the stack saw (0x0800 for IPv4)
extern bit<1>  skb_get_tc_at_ingress();
extern bit<1>  skb_get_from_ingress();
extern void skb_set_tstamp(in bit<64> tstamp);
extern void skb_set_mark(in bit<32> mark);
extern void skb_set_tc_classid(in bit<16> classid);
extern void skb_set_tc_index(in bit<16> index);
extern void skb_set_queue_mapping(in bit<16> queue);
extern void skb_set_protocol(in bit<16> protocol);
#endif

// ---------------------------------------------------------------------------
// The programmable blocks and the package
// ---------------------------------------------------------------------------

#ifndef P4NF_PNA_TC
// Runs before the main parser on targets with inline decryption.
control PreControlT<PH, PM>(in    PH pre_hdr,
                            inout PM pre_user_meta,
                            in    pna_pre_input_metadata_t  istd,
                            inout pna_pre_output_metadata_t ostd);
#endif

// Parses the packet into the program's headers MH and metadata MM.
parser MainParserT<MH, MM>(packet_in pkt,
                           out   MH main_hdr,
                           inout MM main_user_meta,
                           in    pna_main_parser_input_metadata_t istd);

// The match-action pipeline.
control MainControlT<MH, MM>(inout MH main_hdr,
                             inout MM main_user_meta,
                             in    pna_main_input_metadata_t  istd,
                             inout pna_main_output_metadata_t ostd);

#ifdef P4NF_PNA_TC
// (tc) The deparser may still change the headers (inout).
control MainDeparserT<MH, MM>(packet_out pkt,
                              inout MH main_hdr,
                              in MM main_user_meta,
                              in pna_main_output_metadata_t ostd);

// (tc) A P4TC program: `PNA_NIC(MyParser(), MyControl(), MyDeparser()) main;`
package PNA_NIC<MH, MM>(MainParserT<MH, MM> main_parser,
                        MainControlT<MH, MM> main_control,
                        MainDeparserT<MH, MM> main_deparser);
#else
// Writes the headers back in front of the unparsed payload.
control MainDeparserT<MH, MM>(packet_out pkt,
                              in MH main_hdr,
                              in MM main_user_meta,
                              in pna_main_output_metadata_t ostd);

// A PNA program: `PNA_NIC(MyParser(), MyPreControl(), MyControl(), MyDeparser()) main;`
package PNA_NIC<MH, MM, PH, PM>(MainParserT<MH, MM> main_parser,
                                PreControlT<PH, PM> pre_control,
                                MainControlT<MH, MM> main_control,
                                MainDeparserT<MH, MM> main_deparser);
#endif

// ---------------------------------------------------------------------------
// p4nf extensions
//
// Not part of PNA. Programs that use them compile only with p4nfc.
// ---------------------------------------------------------------------------

// Forwarding decision: hand the packet to the host's network stack on the
// interface it arrived on (XDP_PASS / TC_ACT_OK). Like drop_packet() and
// send_to_port(), the last forwarding call made for a packet wins.
extern void send_to_host();

// Forwarding decision (p4nf): flooding and multicast. A copy of the packet, as the
// deparser emits it, goes out of every port of `ports` (bit i set: PNA port i, 0..63), and
// a copy with an 802.1Q tag of TCI `tci` (priority, DEI, VLAN id) added after the MAC
// addresses out of every port of `tagged_ports`; never out of the packet's input port.
// Ports without an interface are skipped. Like the other forwarding calls, the last one
// made for a packet wins. docs/p4-support.md, "p4nf extensions", tells how the kernel
// does it on each hook.
extern void send_to_ports(in bit<64> ports, in bit<64> tagged_ports, in bit<16> tci);

// For a packet the kernel carries as one buffer of several segments (on TC, a GSO or
// GRO-merged skb: what a host's TCP sends over a veth, what GRO makes of a NIC's
// frames), whether each segment fits the MTU of `port`'s interface, so that it may go
// out as it is: the kernel segments it on the way. Its length is that of all segments
// together, so compare it with an MTU only when this is false. False for every other
// packet, and always on XDP (frames are single segments there).
extern bool segments_fit_mtu(in PortId_t port);

// Forwarding decision: hand the packet to the next module of its service chain
// (a tail call through the chain's prog array). After the last module of a
// chain, "next" is the host's network stack, as with send_to_host().
extern void send_to_next_module();

// The chain metadata record that travels with the packet from module to module
// (docs/manifest.md, "Chain metadata layout"). PNA input_port comes from it too.
// Values set here are seen by the later modules of the chain; a module that
// sets nothing passes on what it received (zero at the first module).

// A value free for modules to pass down the chain.
extern bit<32> chain_get_mark();
extern void chain_set_mark(in bit<32> mark);

// The connection-tracking state, as a conntrack module left it.
const bit<8> P4NF_CT_UNKNOWN     = 0;
const bit<8> P4NF_CT_NEW         = 1;
const bit<8> P4NF_CT_ESTABLISHED = 2;
const bit<8> P4NF_CT_RELATED     = 3;
const bit<8> P4NF_CT_INVALID     = 4;
extern bit<8> chain_get_ct_state();
extern void chain_set_ct_state(in bit<8> state);

// Where L3 and L4 start, in bytes from the start of the frame (0: unknown).
extern bit<8> chain_get_l3_offset();
extern void chain_set_l3_offset(in bit<8> offset);
extern bit<16> chain_get_l4_offset();
extern void chain_set_l4_offset(in bit<16> offset);

#undef P4NF_TC

#endif  // P4NF_PNA_P4
