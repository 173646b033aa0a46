#!/bin/bash
# The p4nf command end to end, in a network namespace of its own (unshare -n: its veths die
# with it): up --once, status (text and json), table dump/add/del, apply of a changed
# module, a bad config that must change nothing, an agent reloading on SIGHUP and leaving
# on SIGTERM with the data path in place, and down. Usage: cli_test.sh <p4nf> <test dir>
set -u
P4NF=$1
DIR=$(cd "$2" && pwd)
if [ "$(id -u)" != 0 ]; then echo "needs root; skipped"; exit 0; fi
if [ -z "${P4NF_IN_NETNS:-}" ]; then
  exec env P4NF_IN_NETNS=1 unshare -n "$0" "$@"
fi
TAG=c$$
WORK=$(mktemp -d /tmp/p4nf-cli-test-XXXXXX)
export P4NF_BPFFS_ROOT=/sys/fs/bpf/p4nf-clitest-$TAG P4NF_RUN_ROOT=$WORK/run XDG_CACHE_HOME=$WORK/cache
AGENT=
cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null
  "$P4NF" down --deployment "$TAG" >/dev/null 2>&1
  rm -rf "$P4NF_BPFFS_ROOT" "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_code() {  # expect_code CODE command...
  local want=$1; shift
  "$@" >"$WORK/out" 2>&1; local got=$?
  [ "$got" = "$want" ] || { cat "$WORK/out"; fail "'$*' exited $got, expected $want"; }
}

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
chains:
  main:
    attach:
      - {interface: a$TAG, hook: xdp, mode: generic}
    modules: [filter, forward]
YAML
}

config chain_forward.p4 02:00:00:00:00:01 02:00:00:00:00:02 >"$WORK/v1.yaml"
config chain_forward_changed.p4 02:00:00:00:00:02 >"$WORK/v2.yaml"

expect_code 0 "$P4NF" up --once -f "$WORK/v1.yaml"
expect_code 0 "$P4NF" status --deployment "$TAG"
grep -q "table ingress.dmac: 2/64" "$WORK/out" || { cat "$WORK/out"; fail "status shows no table fill"; }
expect_code 0 "$P4NF" status --deployment "$TAG" -o json
python3 - "$WORK/out" <<'PY' || fail "status json"
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert d["chains"][0]["attach"][0]["mode"] == "generic", d
mods = {m["instance"]: m for m in d["modules"]}
assert mods["filter"]["programs"][0]["program_id"] == d["chains"][0]["attach"][0]["program_id"]
assert mods["forward"]["programs"][0]["position"] == 1
PY
FIRST_ID=$(python3 -c "import json,sys; print(json.load(open('$WORK/out'))[0]['chains'][0]['attach'][0]['program_id'])")

# Table commands: a run-time entry, then dump (text and json), then delete.
expect_code 0 "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:07 'forward(port=1)'
expect_code 0 "$P4NF" table dump --deployment "$TAG" forward.dmac
grep -q "hdr.ethernet.dst=0x0a0000000007 -> ingress.forward(port=0x00000001)\|hdr.ethernet.dst=0x0a0000000007 -> ingress.forward(port=1)" "$WORK/out" \
  || { cat "$WORK/out"; fail "dump lacks the added entry"; }
expect_code 0 "$P4NF" table dump --deployment "$TAG" -o json forward.dmac
python3 -c "import json; d=json.load(open('$WORK/out')); assert len(d['entries']) == 3, d" || fail "dump json"
expect_code 1 "$P4NF" table del --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:99
expect_code 2 "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:08 'nosuch(1)'
expect_code 0 "$P4NF" table add --deployment "$TAG" forward.dmac dst=0a:00:00:00:00:08 'host()'

# A bad config (unknown key) changes nothing and says where.
sed 's/    modules: \[filter, forward\]/    modules: [filter, forward]\n    colour: blue/' "$WORK/v2.yaml" >"$WORK/bad.yaml"
cp "$P4NF_RUN_ROOT/$TAG/state.json" "$WORK/state.before"
expect_code 3 "$P4NF" apply -f "$WORK/bad.yaml"
grep -q "bad.yaml:[0-9]*:[0-9]*:" "$WORK/out" || { cat "$WORK/out"; fail "no line:col"; }
cmp -s "$P4NF_RUN_ROOT/$TAG/state.json" "$WORK/state.before" || fail "a bad config changed the state"

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
[ -e "$P4NF_BPFFS_ROOT/$TAG" ] && fail "pins left after down"
expect_code 4 "$P4NF" status --deployment "$TAG"
expect_code 0 "$P4NF" down --deployment "$TAG"
echo "PASS"
