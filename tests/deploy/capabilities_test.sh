#!/bin/bash
# The capabilities an agent needs (docs/fleet.md, "Capabilities"), shown rather than
# claimed: p4nf runs as root but with its capability bounding set cut to CAP_BPF,
# CAP_NET_ADMIN and CAP_PERFMON (setpriv), the set the Kubernetes DaemonSet and the
# systemd unit give it, and deploys nf/router on XDP native and generic and a P4 module on
# TC, writes and reads a table, reads a counter, serves /metrics as the agent, and takes
# it all down. Without CAP_SYS_ADMIN the one thing missing is the kernel's BPF run-time
# stats (the agent says so, and its metrics say stats are off); without CAP_NET_ADMIN the
# apply is refused before anything changes. In a network namespace of its own.
# Usage: capabilities_test.sh <p4nf> <source dir>
set -u
P4NF=$1
SRC=$(cd "$2" && pwd)
# shellcheck source=prologue.sh
source "$(dirname "$0")/prologue.sh"
p4nf_test_prologue caps "$@"
fail() { echo "FAIL: $*"; [ -f "$WORK/out" ] && cat "$WORK/out"; exit 1; }
# as CAPS command...: the command as root with only these capabilities.
as() { local caps=$1; shift; setpriv --bounding-set "-all,$caps" --inh-caps -all -- "$@"; }
FLEET=+bpf,+net_admin,+perfmon

ip link set lo up
ip link add a$TAG type veth peer name a${TAG}p && ip link add b$TAG type veth peer name b${TAG}p || fail "veth"
for i in a$TAG a${TAG}p b$TAG b${TAG}p; do ip link set "$i" up; done
cat >"$WORK/config.yaml" <<YAML
deployment: $TAG
ports:
  1: a$TAG
  2: b$TAG
modules:
  r:
    nf: router
    router:
      interfaces:
        - { interface: a$TAG, mac: "02:00:00:00:01:01", addresses: [10.0.1.1/24] }
        - { interface: b$TAG, mac: "02:00:00:00:02:01", addresses: [10.0.2.1/24] }
  count:
    p4: $SRC/tests/e2e/modules/count_continue.p4
chains:
  main:
    attach:
      - { interface: a$TAG, hook: xdp, mode: native }
      - { interface: b$TAG, hook: xdp, mode: generic }
    modules: [r]
  side:
    attach:
      - { interface: b$TAG, hook: tc-ingress }
    modules: [count]
agent:
  listen: 127.0.0.1:19479
YAML

# Compile the modules once with every capability: the compile cache is not the subject.
"$P4NF" up --once -f "$WORK/config.yaml" >"$WORK/out" 2>&1 || fail "up --once as full root"
"$P4NF" down --deployment "$TAG" >"$WORK/out" 2>&1 || fail "down as full root"

# Without CAP_NET_ADMIN nothing can be attached: refused, nothing deployed.
as +bpf,+perfmon,+sys_admin "$P4NF" up --once -f "$WORK/config.yaml" >"$WORK/out" 2>&1
[ $? = 5 ] && grep -q "nothing was changed" "$WORK/out" || fail "up without CAP_NET_ADMIN was not refused"
[ -e "$P4NF_RUN_ROOT/$TAG/state.json" ] && fail "up without CAP_NET_ADMIN left a state file"

# CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON: everything but the BPF stats.
as $FLEET "$P4NF" up --once -f "$WORK/config.yaml" >"$WORK/out" 2>&1 || fail "up --once with $FLEET"
as $FLEET "$P4NF" status --deployment "$TAG" >"$WORK/out" 2>&1 || fail "status with $FLEET"
as $FLEET "$P4NF" table add --deployment "$TAG" r.own_sources_ipv4 10.9.9.9 'own_source()' >"$WORK/out" 2>&1 ||
  fail "table add with $FLEET"
as $FLEET "$P4NF" table dump --deployment "$TAG" r.own_sources_ipv4 >"$WORK/out" 2>&1 || fail "table dump with $FLEET"
grep -q "0x0a090909\|10.9.9.9" "$WORK/out" || fail "the entry added is not in the dump"
as $FLEET "$P4NF" counter --deployment "$TAG" r.reasons -o json >"$WORK/out" 2>&1 || fail "counter with $FLEET"
# setpriv itself in the background (not the function `as`, a subshell), so that $! is the
# agent's pid: setpriv execs p4nf.
setpriv --bounding-set "-all,$FLEET" --inh-caps -all -- "$P4NF" up -f "$WORK/config.yaml" >"$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 100); do grep -q "agent running" "$WORK/agent.log" && break; sleep 0.1; done
grep -q "agent running" "$WORK/agent.log" || { cat "$WORK/agent.log"; fail "the agent did not start with $FLEET"; }
grep -q "cannot enable BPF stats (Operation not permitted)" "$WORK/agent.log" ||
  { cat "$WORK/agent.log"; fail "the agent did not say that the stats need more than $FLEET"; }
curl -sf http://127.0.0.1:19479/metrics >"$WORK/out" || fail "no /metrics with $FLEET"
sysctl_stats=$(cat /proc/sys/kernel/bpf_stats_enabled)
grep -q "^p4nf_bpf_stats_enabled{deployment=\"$TAG\"} $sysctl_stats\$" "$WORK/out" ||
  fail "p4nf_bpf_stats_enabled is not the sysctl's $sysctl_stats when the agent cannot hold the stats"
grep -q "^p4nf_attach_up{deployment=\"$TAG\",chain=\"side\",interface=\"b$TAG\",hook=\"tc-ingress\"} 1\$" "$WORK/out" ||
  fail "the TC hook is not up in /metrics"
curl -sf http://127.0.0.1:19479/readyz >/dev/null || fail "not ready with $FLEET"
kill -TERM "$AGENT"; wait "$AGENT" || fail "the agent exit code"
AGENT=
as $FLEET "$P4NF" down --deployment "$TAG" >"$WORK/out" 2>&1 || fail "down with $FLEET"
[ -e "$P4NF_RUN_ROOT/$TAG/state.json" ] && fail "down with $FLEET left the state file"
ip -d link show a$TAG | grep -q xdp && fail "XDP left on a$TAG"
echo "PASS"
