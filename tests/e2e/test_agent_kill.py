#!/usr/bin/env python3
"""kill -9 of the agent: the data path keeps forwarding (state lives in the kernel, pinned),
and a restarted `p4nf up` (same command line) adopts the pinned deployment without
reattaching anything: program ids and BPF link ids are the same before and after, and
traffic still flows. Then SIGTERM: the agent leaves, the data path stays."""
import signal
import sys

from harness import (Deployment, Flood, PORT_A, PORT_B, bpf_links, chain_config, check,
                     hook_programs, log, main, our_program_ids, permanent_neighbours, ping)


def ids(deployment):
    status = deployment.status()
    programs = our_program_ids(status)
    per_module = {(m["instance"], p["chain"], p["position"]): p["program_id"]
                  for m in status["modules"] for p in m["programs"]}
    return per_module, programs, bpf_links(programs), hook_programs()


def exact_flood(tools, a, b, workdir, packets=10000):
    report = Flood(tools, a, b, packets, workdir).finish()
    check(report["received"] == packets and report["duplicates"] == 0, "flood: %s" % report)


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(chain_config(deployment.name, args.hook))
        deployment.up_agent()
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)
        ping(a, b, 3)
        before = ids(deployment)
        log("programs %s, links %s" % (sorted(before[1]), before[2]))
        check(before[1], "p4nf status lists no program ids")
        if args.hook.startswith("xdp"):
            check(before[2], "no BPF link runs the deployment's XDP programs")

        deployment.agent.send_signal(signal.SIGKILL)
        deployment.agent.wait()
        log("agent killed (-9)")
        ping(a, b, 5)
        exact_flood(tools, a, b, workdir)

        deployment.up_agent()  # the same command line: p4nf up -f config --sandbox
        after = ids(deployment)
        check(after[0] == before[0], "program ids changed on adoption: %s -> %s" % (before[0], after[0]))
        check(after[2] == before[2], "BPF links changed on adoption: %s -> %s" % (before[2], after[2]))
        check(after[3] == before[3], "hooks changed on adoption:\n%s\n%s" % (before[3], after[3]))
        ping(a, b, 3)
        exact_flood(tools, a, b, workdir)

        deployment.agent.send_signal(signal.SIGTERM)
        code = deployment.agent.wait()
        check(code == 0, "the agent exited %d on SIGTERM" % code)
        check(ids(deployment)[0] == before[0], "SIGTERM changed the programs")
        ping(a, b, 3)


if __name__ == "__main__":
    sys.exit(main(test))
