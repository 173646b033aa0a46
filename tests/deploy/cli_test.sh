#!/bin/bash
# The p4nf command end to end, in a network namespace of its own (unshare -n: its veths die
# with it): --help and exit codes of every command, up --once, status (text and json, every
# field), table dump/add/del with typed values (MACs, IPv4/IPv6 addresses and prefixes,
# integers, ranges, value&&&mask) and their errors, apply of a changed module, a bad config
# that must change nothing, an agent reloading on SIGHUP and leaving on SIGTERM with the
# data path in place, and down. The module `forward` serves two chains (main on XDP, side
# on TC), and `side` starts on two interfaces. Usage: cli_test.sh <p4nf> <test dir>
set -u
P4NF=$1
DIR=$(cd "$2" && pwd)
# shellcheck source=prologue.sh
source "$(dirname "$0")/prologue.sh"
p4nf_test_prologue cli "$@"
fail() { echo "FAIL: $*"; exit 1; }
expect_code() {  # expect_code CODE command...
  local want=$1; shift
  "$@" >"$WORK/out" 2>&1; local got=$?
  [ "$got" = "$want" ] || { cat "$WORK/out"; fail "'$*' exited $got, expected $want"; }
}

expect_says() {  # expect_says CODE TEXT command...: the exit code, and TEXT in the output
  local want=$1 text=$2; shift 2
  expect_code "$want" "$@"
  grep -qF -- "$text" "$WORK/out" || { cat "$WORK/out"; fail "'$*' did not say: $text"; }
}
json() {  # json EXPR: evaluates EXPR on the last command's JSON output (d), prints the result
  python3 -c "import json,sys; d=json.load(open('$WORK/out')); print($1)"
}
SCHEMAS=$DIR/../../docs/schemas
schema() {  # schema NAME: the last command's output is valid against docs/schemas/NAME.schema.json
  # Debian's python3, where python3-jsonschema (scripts/setup) lives, not a pyenv's.
  /usr/bin/python3 - "$SCHEMAS/$1.schema.json" "$WORK/out" <<'PY' || fail "the output does not follow docs/schemas/$1.schema.json"
import json, sys, jsonschema
try:
    jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])),
                        cls=jsonschema.Draft202012Validator)
except jsonschema.ValidationError as error:
    print(error)
    sys.exit(1)
PY
}

# --help everywhere (exit 0), the exit codes in the top-level help, usage errors exit 64.
for cmd in "" up apply down status table "table dump" "table add" "table del" counter test compile; do
  # shellcheck disable=SC2086  # $cmd is one or two words
  expect_says 0 "Usage:" "$P4NF" $cmd --help
done
expect_code 0 "$P4NF" --help
grep -q "Exit codes: 0 ok, 1 failed check" "$WORK/out" || { cat "$WORK/out"; fail "help has no exit codes"; }
expect_code 64 "$P4NF"
expect_code 64 "$P4NF" status --bogus
expect_code 64 "$P4NF" status -o yaml
expect_code 64 "$P4NF" up
expect_code 64 "$P4NF" up -f "$WORK/no-such-config.yaml"
expect_code 64 "$P4NF" table add
expect_code 4 "$P4NF" status --deployment "$TAG"
expect_code 4 "$P4NF" table dump --deployment "$TAG" forward.dmac

ip link add a$TAG type veth peer name a${TAG}p && ip link add b$TAG type veth peer name b${TAG}p || fail "veth"
for i in a$TAG a${TAG}p b$TAG b${TAG}p; do ip link set "$i" up; done

config() {  # config <forward module> <dmac entries...>
  cat <<YAML
deployment: $TAG
ports:
  1: a$TAG
  2: b$TAG
modules:
  filter:
    p4: $DIR/chain_filter.p4
  forward:
    p4: $DIR/$1
    tables:
      dmac:
        entries:
YAML
  shift
  for mac in "$@"; do echo "          - {key: {dst: $mac}, action: forward, args: {port: 2}}"; done
  cat <<YAML
  typed:
    p4: $DIR/chain_typed_tables.p4
chains:
  main:
    attach:
      - {interface: a$TAG, hook: xdp, mode: generic}
    modules: [filter, forward]
  side:
    attach:
      - {interface: b$TAG, hook: tc-ingress}
      - {interface: a$TAG, hook: tc-ingress}
    modules: [typed, forward]
YAML
}

config chain_forward.p4 02:00:00:00:00:01 02:00:00:00:00:02 >"$WORK/v1.yaml"
config chain_forward_changed.p4 02:00:00:00:00:02 >"$WORK/v2.yaml"

# doctor: the kernel's features (this suite runs on kernels that have what p4nf needs).
expect_code 0 "$P4NF" doctor
grep -q "XDP chain record *per-CPU scratch map" "$WORK/out" || { cat "$WORK/out"; fail "doctor shows no mechanisms"; }
expect_code 0 "$P4NF" doctor -o json
schema doctor
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["features"], d' "$WORK/out" ||
  fail "doctor -o json"
# A helper the kernel would refuse (here: denied on top of forced mode) is named, and
# nothing is deployed: exit 2, because a denied feature is p4nf's fault, not the kernel's.
expect_code 2 env P4NF_KERNEL_DENY=helper:bpf_redirect_map "$P4NF" up --once -f "$WORK/v1.yaml"
grep -q "lacks the helper bpf_redirect_map for xdp programs" "$WORK/out" || { cat "$WORK/out"; fail "no feature named"; }
expect_code 4 "$P4NF" status --deployment "$TAG"

expect_code 0 "$P4NF" up --once -f "$WORK/v1.yaml"
expect_code 0 "$P4NF" status --deployment "$TAG"
grep -q "table ingress.dmac: 2/64" "$WORK/out" || { cat "$WORK/out"; fail "status shows no table fill"; }
expect_code 0 "$P4NF" status --deployment "$TAG" -o json
schema status
python3 - "$WORK/out" "$TAG" "$DIR" "$(ip -o link show a$TAG | cut -d: -f1)" "$(ip -o link show b$TAG | cut -d: -f1)" <<'PY' || fail "status json"
# Every field the issue names: ports, chains with their attach points (interface, hook,
# mode native/generic/tc, the program the hook runs), modules with their object and
# programs (chain, position, hook type, program id, attach point), table sizes and fill,
# and counters.
import json, sys
out, tag, src, ifa, ifb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
d = json.load(open(out))[0]
assert d["deployment"] == tag and d["problems"] == [], d
ports = {p["id"]: (p["interface"], p["ifindex"]) for p in d["ports"]}
assert ports == {1: ("a" + tag, ifa), 2: ("b" + tag, ifb)}, ports
chains = {c["name"]: c for c in d["chains"]}
assert list(chains) == ["main", "side"] and chains["main"]["modules"] == ["filter", "forward"], chains
attach = {(c, a["interface"]): a for c in chains for a in chains[c]["attach"]}
assert set(attach) == {("main", "a" + tag), ("side", "b" + tag), ("side", "a" + tag)}, attach
assert (attach["main", "a" + tag]["hook"], attach["main", "a" + tag]["mode"]) == ("xdp", "generic")
for i in ("a", "b"):
    a = attach["side", i + tag]
    assert (a["hook"], a["mode"], a["ifindex"]) == ("tc-ingress", "tc", ifa if i == "a" else ifb), a
mods = {m["instance"]: m for m in d["modules"]}
assert mods["typed"]["object"] == src + "/chain_typed_tables.p4", mods["typed"]
objects = {(m, o["target"]): o["sha256"] for m in mods for o in mods[m]["objects"]}
assert set(objects) == {("filter", "xdp"), ("forward", "xdp"), ("forward", "tc"), ("typed", "tc")}, objects
assert all(len(h) == 64 and int(h, 16) >= 0 for h in objects.values()), objects
assert objects["forward", "xdp"] != objects["forward", "tc"], objects
progs = {(m, p["chain"], p["position"]): p for m in mods for p in mods[m]["programs"]}
assert set(progs) == {("filter", "main", 0), ("forward", "main", 1), ("typed", "side", 0),
                      ("forward", "side", 1)}, sorted(progs)
assert progs["forward", "main", 1]["target"] == "xdp" and progs["forward", "side", 1]["target"] == "tc"
assert progs["filter", "main", 0]["program_id"] == attach["main", "a" + tag]["program_id"] > 0
for i in ("a", "b"):  # one chain, two interfaces, one program
    assert progs["typed", "side", 0]["program_id"] == attach["side", i + tag]["program_id"] > 0
assert "a%s tc-ingress" % tag in progs["typed", "side", 0]["attached_to"], progs["typed", "side", 0]
assert "b%s tc-ingress" % tag in progs["typed", "side", 0]["attached_to"], progs["typed", "side", 0]
assert progs["filter", "main", 0]["attached_to"] == "a%s xdp generic" % tag
assert progs["forward", "main", 1]["run_cnt"] is None  # reached by tail call: not counted
assert len({p["program_id"] for p in progs.values()}) == 4, progs
for (m, chain, position), p in progs.items():  # each program names the object it runs
    assert p["sha256"] == objects[m, p["target"]], (m, chain, p)
tables = {(m, t["name"]): (t["entries"], t["size"]) for m in mods for t in mods[m]["tables"]}
assert tables["forward", "ingress.dmac"] == (2, 64), tables
assert tables["typed", "ingress.acl"] == (0, 32) and tables["typed", "ingress.v6_routes"] == (0, 16), tables
counters = {(m, c["name"]): c["packets"] for m in mods for c in mods[m]["counters"]}
assert counters == {("typed", "ingress.probes"): 0}, counters
PY
FIRST_ID=$(python3 -c "import json,sys; print(json.load(open('$WORK/out'))[0]['chains'][0]['attach'][0]['program_id'])")

# Counters with packets: frames of EtherType 0x88b6 sent into both interfaces of chain
# `side` are counted by typed's Counter `probes` (a's pass main's XDP chain first).
probe() {  # probe <interface> <count>: sends frames from the far end of a veth
  python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
frame = bytes.fromhex("ffffffffffff" "020000000099" "88b6") + bytes(46)
for _ in range(int(sys.argv[2])):
    s.send(frame)
PY
}
probe b${TAG}p 5 && probe a${TAG}p 3 || fail "sending probes"
for _ in $(seq 100); do  # the frames are counted as the receiving side's softirq runs
  "$P4NF" status --deployment "$TAG" -o json >"$WORK/out" 2>&1
  [ "$(json "[c['packets'] for m in d[0]['modules'] for c in m['counters']][0]")" -ge 8 ] && break
  sleep 0.1
done
PROBES=$(json "[(c['packets'], c['bytes']) for m in d[0]['modules'] for c in m['counters']][0]")
[ "$PROBES" = "(8, 480)" ] || { cat "$WORK/out"; fail "probes counted $PROBES, expected (8, 480)"; }
schema status  # with packets counted
expect_code 0 "$P4NF" counter --deployment "$TAG" typed.probes -o json
schema counter
[ "$(json "sum(c['packets'] for c in d['cells'])")" = 8 ] || { cat "$WORK/out"; fail "counter -o json"; }
# With -o json, an error is still text on stderr (stdout holds nothing) and its exit code.
"$P4NF" counter --deployment "$TAG" typed.nosuch -o json >"$WORK/stdout" 2>"$WORK/stderr"
[ $? = 64 ] && [ ! -s "$WORK/stdout" ] && grep -q '^p4nf: module typed has no counter' "$WORK/stderr" ||
  fail "counter -o json of a bad name: not 64, text on stderr, nothing on stdout"
"$P4NF" table dump --deployment nosuch-$TAG -o json forward.dmac >"$WORK/stdout" 2>"$WORK/stderr"
[ $? = 4 ] && [ ! -s "$WORK/stdout" ] && grep -q "is not up" "$WORK/stderr" ||
  fail "table dump -o json of no deployment: not 4, text on stderr, nothing on stdout"

# Table commands: a run-time entry, then dump (text and json), then delete.
expect_code 0 "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:07 'forward(port=1)'
expect_code 0 "$P4NF" table dump --deployment "$TAG" forward.dmac
grep -q "hdr.ethernet.dst=0x0a0000000007 -> ingress.forward(port=0x00000001)\|hdr.ethernet.dst=0x0a0000000007 -> ingress.forward(port=1)" "$WORK/out" \
  || { cat "$WORK/out"; fail "dump lacks the added entry"; }
expect_code 0 "$P4NF" table dump --deployment "$TAG" -o json forward.dmac
python3 -c "import json; d=json.load(open('$WORK/out')); assert len(d['entries']) == 3, d" || fail "dump json"
expect_code 1 "$P4NF" table del --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:99
expect_says 64 'has no action "nosuch"' "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:08 'nosuch(1)'
expect_code 0 "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:08 'host()'
expect_says 2 "already exists" "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:08 'host()'

# Typed values, each dumped back (JSON) in a form `table add` accepts.
T() { "$P4NF" table "$1" --deployment "$TAG" "${@:2}"; }  # T add|dump|del ...
expect_code 0 T add typed.v4_routes dst=10.1.0.0/16 'via(port=2, dmac=02:00:00:00:00:09)'
expect_code 0 T add typed.v4_routes 192.168.7.0/24 'via(1, 0x0a0b0c0d0e0f)'  # by position
expect_code 0 T dump -o json typed.v4_routes
schema table-dump
[ "$(json "sorted((e['keys']['hdr.ipv4.dst'], e['action'], e['args']['port'], e['args']['dmac']) for e in d['entries'])")" = \
  "[('0x0a010000/16', 'ingress.via', '0x00000002', '0x020000000009'), ('0xc0a80700/24', 'ingress.via', '0x00000001', '0x0a0b0c0d0e0f')]" ] \
  || { cat "$WORK/out"; fail "v4 routes dump"; }
[ "$(json "(d['default']['action'], d['size'])")" = "('ingress.drop', 16)" ] || { cat "$WORK/out"; fail "v4 default"; }
expect_code 0 T add typed.v6_routes dst=2001:db8:100::/48 'via(port=1, dmac=02:00:00:00:00:0a)'
expect_code 0 T dump -o json typed.v6_routes
[ "$(json "d['entries'][0]['keys']['hdr.ipv6.dst']")" = "0x20010db8010000000000000000000000/48" ] \
  || { cat "$WORK/out"; fail "v6 routes dump"; }
expect_code 0 T add typed.neighbours src=fe80::1 vlan=100 'via(3, 00:11:22:33:44:55)'
expect_code 0 T dump -o json typed.neighbours
[ "$(json "tuple(d['entries'][0][part][name] for part, name in (('keys', 'hdr.ipv6.src'), ('keys', 'meta.vlan'), ('args', 'dmac')))")" = \
  "('0xfe800000000000000000000000000001', '100', '0x001122334455')" ] || { cat "$WORK/out"; fail "neighbours dump"; }
expect_code 0 T del typed.neighbours src=fe80:0:0:0:0:0:0:1 vlan=0x64  # the same key, written otherwise
expect_code 0 T dump -o json typed.neighbours
[ "$(json "len(d['entries'])")" = 0 ] || { cat "$WORK/out"; fail "neighbour not deleted"; }
# Ternary, range and optional keys: the range 1000..1999 expands to 7 prefixes.
expect_code 0 T add typed.acl src=10.0.0.0/8 dport=1000..1999 protocol=6 'deny(code=7)' --priority 10
expect_code 0 T dump -o json typed.acl
schema table-dump  # with priorities
python3 - "$WORK/out" <<'PY' || fail "acl dump"
import json, sys
d = json.load(open(sys.argv[1]))
e = d["entries"]
assert len(e) == 7, e
assert {(x["keys"]["hdr.ipv4.src"], x["keys"]["hdr.ipv4.protocol"], x["priority"], x["action"], x["args"]["code"])
        for x in e} == {("0x0a000000&&&0xff000000", "6", 10, "ingress.deny", "7")}, e
ranges = sorted(tuple(int(v) for v in x["keys"]["hdr.l4.dport"].split("..")) for x in e)
assert ranges[0][0] == 1000 and ranges[-1][1] == 1999, ranges
assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:])), ranges
PY
expect_code 0 "$P4NF" status --deployment "$TAG"
grep -q "table ingress.acl: 7/32" "$WORK/out" || { cat "$WORK/out"; fail "status shows no acl fill"; }
expect_code 0 T add typed.acl src=0x0a000100\&\&\&0xffffff00 'permit()'
expect_code 0 T dump -o json typed.acl
MASKED=$(json "' '.join(k + '=' + v for x in d['entries'] if x['action'] == 'ingress.permit' for k, v in x['keys'].items())")
[ "$MASKED" = "hdr.ipv4.protocol=* hdr.ipv4.src=0x0a000100&&&0xffffff00 hdr.l4.dport=*" ] || fail "masked entry dumped as: $MASKED"
# shellcheck disable=SC2086  # the dumped keys are words
expect_code 0 T del typed.acl $MASKED  # what dump prints, table del takes back
expect_code 0 T del typed.acl src=10.0.0.0/8 dport=1000..1999 protocol=6
expect_code 0 T dump -o json typed.acl
[ "$(json "len(d['entries'])")" = 0 ] || { cat "$WORK/out"; fail "acl entries left"; }

# Bad values: exit 64 and a message naming the key or parameter and what is wrong.
expect_says 64 'key hdr.ipv4.dst (lpm, bit<32>): bad value "10.0.0.256": not an IPv4 address' T add typed.v4_routes dst=10.0.0.256/8 'drop()'
expect_says 64 'prefix length 33 is longer than the key' T add typed.v4_routes dst=10.0.0.0/33 'drop()'
expect_says 64 'bits are set after the first 8 bits' T add typed.v4_routes dst=10.0.0.1/8 'drop()'
expect_says 64 'prefix length 129 is longer than the key' T add typed.v6_routes dst=2001:db8::/129 'drop()'
expect_says 64 'key hdr.ipv6.dst (lpm, bit<128>): bad value "2001:db8:::1"' T add typed.v6_routes dst=2001:db8:::1/64 'drop()'
expect_says 64 'does not fit in 16 bits' T add typed.neighbours src=fe80::1 vlan=70000 'drop()'
expect_says 64 'does not fit in 128 bits' T add typed.neighbours src=0x1ffffffffffffffffffffffffffffffff vlan=1 'drop()'
expect_says 64 'parameter dmac (bit<48>) of ingress.via: bad value "02:00:00:00:00:zz"' T add typed.v4_routes dst=10.2.0.0/16 'via(port=1, dmac=02:00:00:00:00:zz)'
expect_says 64 'parameter dmac (bit<48>) of ingress.via: value 0x1000000000000 does not fit' T add typed.v4_routes dst=10.2.0.0/16 'via(port=1, dmac=0x1000000000000)'
expect_says 64 'lo..hi needs a range key' T add typed.acl src=1..5 'permit()'
expect_says 64 'value&&&mask needs a ternary key' T add typed.acl dport=0x10\&\&\&0xf0 'permit()'
expect_says 64 'the value has bits set outside the mask' T add typed.acl src=0x0a000001\&\&\&0xff000000 'permit()'
expect_says 64 'the range is empty (low > high)' T add typed.acl dport=2000..1000 'permit()'
expect_says 64 'key hdr.ipv4.dst (lpm) is missing' T add typed.v4_routes 'drop()'
expect_says 64 'has no key "dest"' T add typed.v4_routes dest=10.0.0.0/8 'drop()'
expect_says 64 'takes 2 arguments, got 1' T add typed.v4_routes dst=10.3.0.0/16 'via(1)'
expect_says 64 'bad action' T add typed.v4_routes dst=10.3.0.0/16 'via(1, 2'
expect_says 64 'no table "nosuch"' T dump typed.nosuch
expect_says 64 "has no module nosuch" T dump nosuch.dmac
expect_says 64 "write <module>.<table>" T dump typed
expect_says 64 "--priority is only for tables with ternary" T add typed.v4_routes dst=10.3.0.0/16 'drop()' --priority 5
expect_says 64 "--priority 0 is out of range" T add typed.acl 'permit()' --priority 0
expect_says 64 "table del takes keys only" T del typed.v4_routes dst=10.1.0.0/16 'drop()'
# The counter command's names are typed too: the same exit 64.
expect_says 64 'module typed has no counter "nosuch" (its counters: ingress.probes)' "$P4NF" counter --deployment "$TAG" typed.nosuch
expect_says 64 "has no module nosuch" "$P4NF" counter --deployment "$TAG" nosuch.probes
expect_says 64 "write <module>.<counter>" "$P4NF" counter --deployment "$TAG" typed

# A bad config (unknown key) changes nothing and says where.
sed 's/    modules: \[filter, forward\]/    modules: [filter, forward]\n    colour: blue/' "$WORK/v2.yaml" >"$WORK/bad.yaml"
cp "$P4NF_RUN_ROOT/$TAG/state.json" "$WORK/state.before"
expect_code 3 "$P4NF" apply -f "$WORK/bad.yaml"
grep -q "bad.yaml:[0-9]*:[0-9]*:" "$WORK/out" || { cat "$WORK/out"; fail "no line:col"; }
cmp -s "$P4NF_RUN_ROOT/$TAG/state.json" "$WORK/state.before" || fail "a bad config changed the state"
expect_says 3 "bad.yaml:" "$P4NF" down -f "$WORK/bad.yaml"  # down needs a valid file too
cmp -s "$P4NF_RUN_ROOT/$TAG/state.json" "$WORK/state.before" || fail "down of a bad config changed the state"

# apply of the changed module: position 1 swapped, position 0 kept, run-time entries kept.
expect_code 0 "$P4NF" apply -f "$WORK/v2.yaml"
grep -q "load forward at main\[1\]" "$WORK/out" || { cat "$WORK/out"; fail "apply did not reload forward"; }
grep -q "load filter" "$WORK/out" && fail "apply reloaded the unchanged filter"
expect_code 0 "$P4NF" table dump --deployment "$TAG" -o json forward.dmac
python3 -c "import json; d=json.load(open('$WORK/out')); assert len(d['entries']) == 3, d" || fail "entries after apply"
expect_code 0 "$P4NF" apply -f "$WORK/v2.yaml"
grep -q "up to date" "$WORK/out" || { cat "$WORK/out"; fail "a second apply changed something"; }

# The agent adopts the deployment (no re-attach), reloads on SIGHUP, leaves on SIGTERM.
"$P4NF" up -f "$WORK/v1.yaml" >"$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 100); do grep -q "agent running" "$WORK/agent.log" && break; sleep 0.1; done
grep -q "agent running" "$WORK/agent.log" || { cat "$WORK/agent.log"; fail "agent did not start"; }
# Without --sandbox the agent serves its endpoint by default (docs/metrics.md).
ip link set lo up
curl -sf http://127.0.0.1:9477/readyz >"$WORK/out" || { cat "$WORK/agent.log"; fail "no /readyz on 127.0.0.1:9477"; }
curl -sf http://127.0.0.1:9477/metrics | grep -q "^p4nf_deployment_up{deployment=\"$TAG\"} 1$" ||
  fail "/metrics does not say the deployment is up"
kill -HUP "$AGENT"
for _ in $(seq 100); do grep -q "SIGHUP" "$WORK/agent.log" && grep -q "up to date" "$WORK/agent.log" && break; sleep 0.1; done
kill -TERM "$AGENT"; wait "$AGENT"; CODE=$?; AGENT=
[ "$CODE" = 0 ] || { cat "$WORK/agent.log"; fail "agent exit code $CODE"; }
grep -q "up to date" "$WORK/agent.log" || { cat "$WORK/agent.log"; fail "SIGHUP did not re-apply"; }
expect_code 0 "$P4NF" status --deployment "$TAG" -o json
NOW_ID=$(python3 -c "import json; print(json.load(open('$WORK/out'))[0]['chains'][0]['attach'][0]['program_id'])")
[ "$NOW_ID" = "$FIRST_ID" ] || fail "the first program changed ($FIRST_ID -> $NOW_ID): up re-attached"
ip -d link show a$TAG | grep -q "xdpgeneric" || fail "XDP is not on a$TAG after the agent left"

expect_code 0 "$P4NF" down --deployment "$TAG"
ip -d link show a$TAG | grep -q "xdp" && fail "XDP still attached after down"
for i in a$TAG b$TAG; do
  [ -z "$(tc filter show dev $i ingress)" ] || fail "a TC filter is left on $i after down"
done
[ -e "$P4NF_BPFFS_ROOT/$TAG" ] && fail "pins left after down"
expect_code 4 "$P4NF" status --deployment "$TAG"
expect_code 0 "$P4NF" down --deployment "$TAG"
echo "PASS"
