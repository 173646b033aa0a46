#!/usr/bin/env python3
"""One module instance serving two chains, with real traffic between two sandbox hosts.

`fwd` (port_forward.p4) is in chain `a_to_b` (after `count`, on port A) and alone in chain
`b_to_a` (on port B): every request a -> b crosses count and fwd, every reply crosses fwd
only. With --hook mixed, a_to_b is on XDP and b_to_a on TC, so the one instance is compiled
for both hooks. What must hold:
  - p4nf status shows fwd loaded once per chain position (a_to_b[1], b_to_a[0]) and the
    b_to_a hook running fwd's program;
  - both of fwd's programs use the same maps (its table and its counter): the kernel's map
    ids of each program include every map id of the instance they use;
  - the counters prove it with packets: after N pings, count saw N and fwd 2N;
  - a run-time `p4nf table del` on fwd cuts the replies (chain b_to_a), `table add` brings
    them back; iperf3 passes."""
import json
import sys

from harness import (HOOKS, PORT_A, PORT_B, TWO_PORT_SANDBOX, Deployment, check, iperf3, log,
                     main, permanent_neighbours, ping, run, two_port_head)


def shared_config(name, hook_a, hook_b):
    """Two chains, one per direction, sharing the module instance `fwd`."""
    return two_port_head(name) + """\
chains:
  a_to_b:
    attach:
      - %s
    modules: [count, fwd]
  b_to_a:
    attach:
      - %s
    modules: [fwd]
""" % (HOOKS[hook_a] % PORT_A, HOOKS[hook_b] % PORT_B) + TWO_PORT_SANDBOX


def program_map_ids(program_id):
    info = json.loads(run(["bpftool", "-j", "prog", "show", "id", str(program_id)]).stdout)
    return set(info.get("map_ids", []))


def test(tools, args, workdir):
    hook_a, hook_b = ("xdp-native", "tc") if args.hook == "mixed" else (args.hook, args.hook)
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(shared_config(deployment.name, hook_a, hook_b))
        deployment.up_agent()
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)

        status = deployment.status()
        chains = {c["name"]: c for c in status["chains"]}
        check(set(chains) == {"a_to_b", "b_to_a"}, "chains in status: %s" % list(chains))
        fwd = deployment.module("fwd")
        programs = {(p["chain"], p["position"]): p for p in fwd["programs"]}
        check(set(programs) == {("a_to_b", 1), ("b_to_a", 0)},
              "fwd's programs: %s (expected a_to_b[1] and b_to_a[0])" % sorted(programs))
        hook_b_program = chains["b_to_a"]["attach"][0]["program_id"]
        check(hook_b_program == programs[("b_to_a", 0)]["program_id"],
              "port B runs program %d, not fwd's b_to_a program" % hook_b_program)
        want_targets = {"xdp-native": "xdp", "xdp-generic": "xdp", "tc": "tc"}
        check(programs[("a_to_b", 1)]["target"] == want_targets[hook_a] and
              programs[("b_to_a", 0)]["target"] == want_targets[hook_b],
              "fwd's programs are for %s" % [p["target"] for p in fwd["programs"]])

        # The instance's maps, from the state file; both programs must use the same ones.
        with open("/run/p4nf/%s/state.json" % deployment.name) as f:
            state = json.load(f)
        instance_maps = {m["id"] for m in state["maps"] if m["key"].startswith("module.fwd.")}
        used = [program_map_ids(p["program_id"]) & instance_maps for p in fwd["programs"]]
        log("fwd's maps %s; used by its programs: %s" % (sorted(instance_maps), used))
        check(used[0] and used[0] == used[1],
              "fwd's two programs use different maps of the instance: %s" % used)

        pings = 20
        before = (deployment.counter("count", "packets"), deployment.counter("fwd", "forwarded"))
        ping(a, b, pings)
        after = (deployment.counter("count", "packets"), deployment.counter("fwd", "forwarded"))
        check(after[0] - before[0] == pings,
              "count saw %d packets for %d pings (requests only)" % (after[0] - before[0], pings))
        check(after[1] - before[1] == 2 * pings,
              "fwd forwarded %d packets for %d pings (requests and replies, two chains)" % (
                  after[1] - before[1], pings))

        # Run-time table changes reach the chain that uses the entry.
        deployment.p4nf("table", "del", "--deployment", deployment.name, "fwd.ports", "port=2")
        cut = a.run("ping", "-c", "3", "-i", "0.05", "-W", "1", b.address, check_exit=False)
        check(cut.returncode != 0, "replies crossed b_to_a without fwd's entry for port 2")
        deployment.p4nf("table", "add", "--deployment", deployment.name, "fwd.ports", "port=2",
                        "forward(port=1)")
        ping(a, b, 3)
        iperf3(a, b)
        log("one fwd instance served both chains")


if __name__ == "__main__":
    sys.exit(main(test))
