// core.p4 -- the P4-16 core library for p4nf.
//
// Written for p4nf from the P4-16 language specification (v1.2.x, appendix
// "core library"). Every P4-16 program includes it, directly or through the
// architecture file. The names and signatures are the standard ones, so that
// programs written for other P4-16 compilers compile unchanged.

#ifndef P4NF_CORE_P4
#define P4NF_CORE_P4

// The built-in error codes. Programs may add their own with further
// `error { ... }` declarations; all of them merge into the one error type.
error {
    NoError,               // no error happened
    PacketTooShort,        // extract ran past the end of the packet
    NoMatch,               // a select expression matched no case
    StackOutOfBounds,      // .next/.last or an index beyond a header stack
    HeaderTooShort,        // a varbit extract asked for more than the field holds
    ParserTimeout,         // the parser ran longer than the target allows
    ParserInvalidArgument  // a parser operation got an argument the target cannot do
}

// The packet as seen by a parser: a read cursor over the received bytes.
extern packet_in {
    // Copies a fixed-size header from the cursor and makes it valid;
    // moves the cursor past it.
    void extract<T>(out T hdr);
    // Same, for a header whose last field is a varbit: the second argument
    // is how many bits that field takes in this packet.
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    // Reads a value of type T at the cursor without moving it.
    T lookahead<T>();
    // Skips the given number of bits.
    void advance(in bit<32> sizeInBits);
    // Length of the whole packet in bytes (not always known to the target).
    bit<32> length();
}

// The packet being built by a deparser.
extern packet_out {
    // Appends hdr (a header, header stack, header union, struct of them)
    // to the output; invalid headers are skipped.
    void emit<T>(in T hdr);
}

// In a parser: when check is false, stop parsing with the given error.
extern void verify(in bool check, in error toSignal);

// The action that does nothing; the usual default of tables.
@noWarn("unused")
action NoAction() {}

// The match kinds every target understands.
match_kind {
    exact,    // the key equals the entry's value
    ternary,  // the key equals the value on the bits set in the entry's mask
    lpm       // longest prefix match
}

// Compile-time assertions: an error at compile time when check is false.
@pure extern bool static_assert(bool check, string message);
@pure extern bool static_assert(bool check);

#endif  // P4NF_CORE_P4
