#!/usr/bin/env python3
"""The example configs of config/ (--example demo | demo-tc | wire), applied as a user
applies them: `p4nf up --sandbox` of the file itself (only the deployment is renamed, and
wire.yaml, which has no `sandbox:` section, gets one so that its hosts have addresses).
What must hold: the attach points are the ones the file names (hook and mode), ping
passes both ways (IPv6 too where the hosts have IPv6 addresses), and the per-port
counter of demo and demo-tc counted every ping."""
import os
import re
import sys

from harness import Deployment, check, log, main, permanent_neighbours, ping

EXAMPLES = {
    # name: (interfaces, the attach mode status must show, has IPv6)
    "demo": (("p4nf-a", "p4nf-b"), "native", True),
    "demo-tc": (("p4nf-a", "p4nf-b"), "tc", True),
    "wire": (("p4nf-a", "p4nf-b"), "generic", False),
}


def example_config(source_dir, example, name):
    with open(os.path.join(source_dir, "config", example + ".yaml")) as f:
        text = f.read()
    if re.search(r"^deployment:", text, re.M):
        text = re.sub(r"^deployment:.*$", "deployment: %s" % name, text, count=1, flags=re.M)
    else:
        text = "deployment: %s\n" % name + text
    if not re.search(r"^sandbox:", text, re.M):
        text += "sandbox:\n  p4nf-a: { addresses: [10.0.0.1/24] }\n  p4nf-b: { addresses: [10.0.0.2/24] }\n"
    return text


def test(tools, args, workdir):
    example = os.environ.get("P4NF_E2E_EXAMPLE", "")
    check(example in EXAMPLES, "unknown example %r (--example demo|demo-tc|wire)" % example)
    interfaces, mode, ipv6 = EXAMPLES[example]
    # The file's relative `p4:` paths (modules/...) resolve next to the written copy.
    os.symlink(os.path.join(args.source_dir, "config", "modules"), os.path.join(workdir, "modules"))
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(example_config(args.source_dir, example, deployment.name))
        deployment.up_agent()
        a, b = deployment.hosts[interfaces[0]], deployment.hosts[interfaces[1]]
        permanent_neighbours(a, b)

        status = deployment.status()
        modes = {attach["interface"]: attach["mode"] for chain in status["chains"] for attach in chain["attach"]}
        check(modes == {interfaces[0]: mode, interfaces[1]: mode},
              "attach points %s, expected %s on both ports" % (modes, mode))
        counting = any(m["instance"] == "count" for m in status["modules"])
        before = deployment.counter("count", "rx") if counting else 0

        pings = 10
        ping(a, b, pings)
        ping(b, a, pings)
        if ipv6:
            a.run("ping", "-6", "-c", "3", "-i", "0.05", "-W", "2", "fd00::2")
        if counting:
            counted = deployment.counter("count", "rx") - before
            # Requests and replies both ways cross the chain; the IPv6 hosts may add their
            # own neighbour discovery on top.
            check(counted >= 4 * pings, "count's rx counter went up by %d for %d pings" % (counted, 4 * pings))
            log("count's rx counter: +%d" % counted)
        log("example %s deployed and forwarding" % example)


if __name__ == "__main__":
    # --example NAME, taken out before harness.main parses the common options; kept in the
    # environment, which survives main's re-exec into a private network namespace.
    if "--example" in sys.argv:
        at = sys.argv.index("--example")
        os.environ["P4NF_E2E_EXAMPLE"] = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    sys.exit(main(test))
