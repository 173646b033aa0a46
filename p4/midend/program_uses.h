// What a program uses of the architecture's per-packet inputs and of the chain record,
// found by analysis of the typed program (sema's types and resolved calls), not by
// searching its text: the code generator reads the clock, looks the input port up and
// touches the chain record's words only for programs that use them.
#pragma once

#include "frontend/ast.h"

namespace p4nfc {
class Sema;
}

namespace p4nfc::midend {

struct ProgramUses {
  bool timestamp = false;  // pna_main_input_metadata_t.timestamp is read
  bool inputPort = false;  // input_port of the parser's or a control's input metadata is read
  bool chainMark = false;  // chain_get_mark() / chain_set_mark()
  bool chainFlow = false;  // the ct_state, l3_offset and l4_offset accessors
  bool sendToPorts = false;  // send_to_ports() (p4nf flooding)
};

// Every declaration of the program counts, reached or not (a field read in an action no
// table lists is still counted: the cost is a clock read, never a wrong result). A whole
// metadata struct used as a value (copied, passed to an extern) counts as reading all of
// its fields.
ProgramUses findProgramUses(const Program& program, const Sema& sema);

}  // namespace p4nfc::midend
