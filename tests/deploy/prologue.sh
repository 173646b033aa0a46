# Sourced by the p4nf command's shell tests (cli_test.sh, capabilities_test.sh), which call
#   p4nf_test_prologue NAME "$@"
# first: without root the test is skipped (exit 77); otherwise the script runs again in a
# network namespace of its own (unshare -n: the veths it makes die with it), with
#   TAG    a name unique to this run (its deployment, its interfaces' suffix)
#   WORK   a temporary folder, and p4nf's roots (pins, state, compile cache) under it
#   AGENT  empty; a test that starts an agent in the background puts its pid here
# and on exit the agent is ended, the deployment taken down and both folders removed.
# $P4NF must name the command.

p4nf_test_prologue() {
  local name=$1
  shift
  if [ "$(id -u)" != 0 ]; then echo "needs root; skipped"; exit 77; fi
  if [ -z "${P4NF_IN_NETNS:-}" ]; then
    exec env P4NF_IN_NETNS=1 unshare -n "$0" "$@"
  fi
  TAG=${name:0:1}$$
  WORK=$(mktemp -d "/tmp/p4nf-$name-test-XXXXXX")
  export P4NF_BPFFS_ROOT=/sys/fs/bpf/p4nf-${name}test-$TAG P4NF_RUN_ROOT=$WORK/run XDG_CACHE_HOME=$WORK/cache
  AGENT=
  trap p4nf_test_cleanup EXIT
}

p4nf_test_cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null && wait "$AGENT"
  "$P4NF" down --deployment "$TAG" >/dev/null 2>&1
  rm -rf "$P4NF_BPFFS_ROOT" "$WORK"
}
