// An entry's priority given twice (`@priority` and `priority =`), and an @priority without
// its number.
#include <core.p4>

control C(inout bit<8> x) {
    action set(bit<8> v) { x = v; }
    table t {
        key = { x : ternary; }
        actions = { set; }
        const entries = {
            @priority(2) priority = 3: 0x01 &&& 0xff : set(1);
            @priority 0x02 &&& 0xff : set(2);
        }
    }
    apply { t.apply(); }
}
