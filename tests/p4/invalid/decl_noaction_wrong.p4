// NoAction is the action a table runs when it has no default action: a program that
// declares it itself (here without core.p4) must declare it as the action that takes
// nothing and does nothing.
match_kind { exact }

action NoAction(bit<8> unused) { }

control C(inout bit<8> value) {
    table t {
        key = { value : exact; }
        actions = { NoAction; }
    }
    apply {
        t.apply();
    }
}
