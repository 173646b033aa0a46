#!/usr/bin/env python3
"""kill -9 of the agent: the data path keeps forwarding (state lives in the kernel, pinned),
and a restarted `p4nf up` (same command line) adopts the pinned deployment without
reattaching anything: program ids and BPF link ids are the same before and after, and
traffic still flows. Then SIGTERM: the agent leaves, the data path stays. Throughout,
`p4nf status` names the running agent's pid (and none once it is gone), and a second
agent for the same deployment is refused while one runs."""
import os
import signal
import sys

from harness import (Deployment, Flood, PORT_A, PORT_B, bpf_links, chain_config, check,
                     hook_programs, log, main, our_program_ids, permanent_neighbours, ping, run,
                     wait_until)


def ids(deployment):
    status = deployment.status()
    programs = our_program_ids(status)
    per_module = {(m["instance"], p["chain"], p["position"]): p["program_id"]
                  for m in status["modules"] for p in m["programs"]}
    return per_module, programs, bpf_links(programs), hook_programs()


def exact_flood(tools, a, b, workdir, packets=10000):
    report = Flood(tools, a, b, packets, workdir).finish()
    check(report["received"] == packets and report["duplicates"] == 0, "flood: %s" % report)


def expect_agent(deployment, pid):
    """Waits until status names `pid` as the agent (None: no agent); the agent takes its
    lock right after its first apply, so status may show the deployment a moment before."""
    wait_until(lambda: deployment.status().get("agent_pid") == pid,
               "p4nf status to show agent pid %s" % pid)


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(chain_config(deployment.name, args.hook))
        deployment.up_agent()
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)
        ping(a, b, 3)
        expect_agent(deployment, deployment.agent.pid)
        # --sandbox: no HTTP endpoint unless asked for (docs/metrics.md).
        listening = run(["ss", "-Hltn", "sport = :9477"]).stdout.strip()
        check(listening == "", "an agent with --sandbox listens on 9477: %s" % listening)
        before = ids(deployment)
        log("programs %s, links %s" % (sorted(before[1]), before[2]))

        second = deployment.p4nf("up", "-f", deployment.config_path, "--sandbox", check_exit=False)
        check(second.returncode != 0 and "an agent already runs" in second.stderr,
              "a second agent was not refused (exit %d): %s" % (second.returncode, second.stderr))
        check(ids(deployment)[0] == before[0], "the refused second agent changed the programs")
        check(before[1], "p4nf status lists no program ids")
        if args.hook.startswith("xdp"):
            check(before[2], "no BPF link runs the deployment's XDP programs")

        deployment.agent.send_signal(signal.SIGKILL)
        deployment.agent.wait()
        log("agent killed (-9)")
        expect_agent(deployment, None)
        ping(a, b, 5)
        exact_flood(tools, a, b, workdir)

        deployment.up_agent()  # the same command line: p4nf up -f config --sandbox
        expect_agent(deployment, deployment.agent.pid)
        after = ids(deployment)
        check(after[0] == before[0], "program ids changed on adoption: %s -> %s" % (before[0], after[0]))
        check(after[2] == before[2], "BPF links changed on adoption: %s -> %s" % (before[2], after[2]))
        check(after[3] == before[3], "hooks changed on adoption:\n%s\n%s" % (before[3], after[3]))
        ping(a, b, 3)
        exact_flood(tools, a, b, workdir)

        deployment.agent.send_signal(signal.SIGTERM)
        code = deployment.agent.wait()
        check(code == 0, "the agent exited %d on SIGTERM" % code)
        expect_agent(deployment, None)
        agent_file = "/run/p4nf/%s/agent" % deployment.name
        check(not os.path.exists(agent_file), "the agent left " + agent_file + " behind")
        check(ids(deployment)[0] == before[0], "SIGTERM changed the programs")
        ping(a, b, 3)

        deployment.up_agent()
        deployment.agent.send_signal(signal.SIGKILL)
        deployment.agent.wait()
        deployment.p4nf("down", "--deployment", deployment.name)
        check(not os.path.exists(os.path.dirname(agent_file)),
              "p4nf down after kill -9 left " + os.path.dirname(agent_file))


if __name__ == "__main__":
    sys.exit(main(test))
