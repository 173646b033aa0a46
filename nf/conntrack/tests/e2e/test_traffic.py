#!/usr/bin/env python3
"""nf/conntrack in front of nf/router, deployed from the example config/conntrack.yaml
(only the deployment is renamed; --hook tc: on TC hooks instead of XDP native) with
`p4nf up --sandbox`, the namespace's own kernel forwarding off (so every packet between the hosts went through both modules):

    h1 10.0.1.2 / 2001:db8:1::2 --- p4nf-c1 [ct -> r] p4nf-c2 --- h2 10.0.2.2 / 2001:db8:2::2

First a TCP connection is opened while only the router runs; then `p4nf apply` puts
conntrack in front with `loose: false`, and the connection's next segment is INVALID and
dropped (counted); with `loose: true` its retransmission is picked up and goes through;
a further apply with a changed `conntrack:` keeps the connection (the map is reused) and
sets the ICMP timeout, which the listing then shows; so do a kill -9 of the agent and a
new `p4nf up` adopting the deployment.
Then ping, ping -6, iperf3 TCP and UDP. After each step conntrack's `reasons` counter
moved as the traffic says: one NEW per connection, the rest ESTABLISHED, nothing INVALID
(the config drops INVALID: a wrong verdict would also break the traffic), and
`p4nf conntrack list` shows each flow in the state Linux would show it in (count,
delete, flush and events too)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "e2e"))

import re  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402

from harness import (Deployment, check, configure_router_hosts,  # noqa: E402
                     configure_router_namespace, iperf3, log, main, ping_address, router_links,
                     wait_until)

INVALID = ("invalid_flags", "invalid_new", "invalid_state", "invalid_rst", "invalid_table",
           "invalid_dropped")


def example_config(source_dir, name, hook="xdp-native"):
    """config/conntrack.yaml, renamed, on `hook` (xdp-native as it is, or tc)."""
    with open(os.path.join(source_dir, "config", "conntrack.yaml")) as f:
        text = f.read()
    check("\ndeployment: conntrack\n" in text,
          "config/conntrack.yaml no longer names its deployment conntrack")
    text = text.replace("\ndeployment: conntrack\n", "\ndeployment: %s\n" % name)
    if hook == "tc":
        check(text.count("hook: xdp, mode: native") == 2, "config/conntrack.yaml: no XDP hooks to replace")
        text = text.replace("hook: xdp, mode: native", "hook: tc-ingress")
    return text


def reasons(deployment):
    import json
    out = deployment.p4nf("counter", "ct.reasons", "-o", "json", "--deployment", deployment.name).stdout
    return {c.get("name", str(c["index"])): c["packets"] for c in json.loads(out)["cells"]}


def delta(after, before):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


ECHO_SERVER = """
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 7000))
s.listen(1)
print("listening", flush=True)
c, _ = s.accept()
while True:
    d = c.recv(100)
    if not d:
        break
    c.sendall(d)
"""

ECHO_CLIENT = """
import socket, sys
c = socket.create_connection((sys.argv[1], 7000))
for line in sys.stdin:
    c.sendall(line.encode())
    print(c.recv(100).decode().strip(), flush=True)
"""


class EchoSession:
    """One long-lived TCP connection h1 -> h2:7000; send() a line, wait for its echo."""

    def __init__(self, h1, h2):
        self.server = h2.popen("python3", "-c", ECHO_SERVER, h2.link.host_v4, stdout=subprocess.PIPE)
        check(self.server.stdout.readline().strip() == "listening", "the echo server did not start")
        self.client = h1.popen("python3", "-c", ECHO_CLIENT, h2.link.host_v4,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.echoed = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.client.stdout:
            self.echoed.append(line.strip())

    def send(self, word):
        self.client.stdin.write(word + "\n")
        self.client.stdin.flush()

    def wait_echo(self, word):
        # Bounded only so that a broken run ends: TCP's retransmission backs off.
        wait_until(lambda: word in self.echoed, "the echo of %r" % word, attempts=3000)

    def close(self):
        for p in (self.client, self.server):
            if p.poll() is None:
                p.kill()
            p.wait()


def without_conntrack(text):
    """config/conntrack.yaml with the router alone in the chain."""
    text = re.sub(r"\n  ct:\n    nf: conntrack\n    conntrack:\n(      .*\n)+", "\n", text)
    check("nf: conntrack" not in text, "config/conntrack.yaml: could not take ct out")
    return text.replace("modules: [ct, r]", "modules: [r]")


def with_conntrack(text, loose, invalid):
    text = re.sub(r"loose: \w+", "loose: %s" % loose, text)
    return re.sub(r"invalid: \w+", "invalid: %s" % invalid, text)


def conntrack(deployment, *argv):
    return deployment.p4nf("conntrack", *argv, "--deployment", deployment.name).stdout


def lines(deployment, *argv):
    return [line for line in conntrack(deployment, "list", *argv).splitlines() if line]


def deploy(deployment, text):
    """`p4nf up` of `text` (config/conntrack.yaml's topology); returns the hosts h1, h2 with
    the router namespace and the hosts configured."""
    deployment.write_config(text)
    deployment.up_agent()
    links = router_links(["p4nf-c1", "p4nf-c2"])
    configure_router_namespace(links)
    hosts = configure_router_hosts(deployment, links)
    return hosts[1], hosts[2]


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        example = example_config(args.source_dir, deployment.name, args.hook)
        h1, h2 = deploy(deployment, without_conntrack(example))

        # A connection that starts before conntrack is loaded.
        echo = EchoSession(h1, h2)
        try:
            echo.send("before")
            echo.wait_echo("before")
            strict = deployment.write_config(with_conntrack(example, "false", "drop"),
                                             os.path.join(workdir, "strict.yaml"))
            deployment.apply(strict)
            before = reasons(deployment)
            echo.send("strict")
            wait_until(lambda: delta(reasons(deployment), before).get("invalid_dropped", 0) > 0,
                       "conntrack to drop the old connection's segment (loose: false)", attempts=3000)
            moved = delta(reasons(deployment), before)
            check(moved.get("invalid_new", 0) == moved["invalid_dropped"] and not moved.get("new"),
                  "loose: false: the old connection's segments counted %s" % moved)
            check("strict" not in echo.echoed, "loose: false let the old connection's data through")
            log("loose: false: %s" % moved)

            loose = deployment.write_config(with_conntrack(example, "true", "drop"),
                                            os.path.join(workdir, "loose.yaml"))
            deployment.apply(loose)
            echo.wait_echo("strict")
            flows = lines(deployment, "-p", "tcp", "--dport", "7000")
            check(len(flows) == 1 and " ESTABLISHED " in flows[0] and "[ASSURED]" in flows[0],
                  "loose: true: the picked-up connection is listed as %s" % flows)
            log("loose: true: %s" % flows[0])

            # A changed config keeps the connections (the map is reused): same entry,
            # counters going on.
            # ... and sets a timeout (the agent writes it into the profiles map).
            passing = deployment.write_config(
                re.sub(r"(\n      invalid: \w+.*\n)", r"\1      timeouts: { icmp: 7 }\n",
                       with_conntrack(example, "true", "pass")),
                os.path.join(workdir, "pass.yaml"))
            deployment.apply(passing)
            kept = lines(deployment, "-p", "tcp", "--dport", "7000")
            check(len(kept) == 1 and kept[0].split("packets=")[1:] == flows[0].split("packets=")[1:],
                  "apply with a changed conntrack: lost the connection: %s -> %s" % (flows, kept))
            echo.send("after")
            echo.wait_echo("after")

            # kill -9 of the agent: the connection stays (pinned map, attached program),
            # and a new `p4nf up` adopts the deployment without losing it.
            deployment.kill_agent()
            echo.send("orphan")
            echo.wait_echo("orphan")
            with open(passing) as f:
                deployment.write_config(f.read())  # what `up` runs from: the last applied
            deployment.up_agent()
            adopted = lines(deployment, "-p", "tcp", "--dport", "7000")
            check(len(adopted) == 1 and " ESTABLISHED " in adopted[0],
                  "after kill -9 and up, the connection is listed as %s" % adopted)
            echo.send("adopted")
            echo.wait_echo("adopted")
        finally:
            echo.close()

        n = 10
        for what, address in (("ping", h2.link.host_v4), ("ping -6", h2.link.host_v6)):
            before = reasons(deployment)
            ping_address(h1, address, n)
            moved = delta(reasons(deployment), before)
            # One echo id: one connection, its first request NEW, the rest ESTABLISHED;
            # ARP and neighbour discovery are untracked.
            check(moved.get("new") == 1 and moved.get("established") == 2 * n - 1,
                  "%s: conntrack counted %s, expected 1 new and %d established" % (what, moved, 2 * n - 1))
            check(not any(moved.get(r) for r in INVALID), "%s: invalid packets: %s" % (what, moved))
            log("%s: %s" % (what, moved))
        # Listed as conntrack -L lists them: both directions, n packets each.
        pings = lines(deployment, "-p", "icmp", "--src", h1.link.host_v4)
        check(len(pings) == 1 and "type=8 code=0" in pings[0] and "type=0 code=0" in pings[0]
              and pings[0].count("packets=%d " % n) == 2,
              "the ping is listed as %s" % pings)
        check(len(lines(deployment, "-p", "icmpv6")) == 1, "the ping -6 is not listed")
        # The configured ICMP timeout (7 s, not Linux's 30 s), once the agent has written it.
        wait_until(lambda: int(lines(deployment, "-p", "icmp")[0].split()[2]) <= 7,
                   "the ICMP connection to show the configured timeout of 7 s")
        conntrack(deployment, "delete", "-p", "icmp")
        check(conntrack(deployment, "count", "-p", "icmp").strip() == "0", "delete -p icmp left some")

        # Events, like conntrack -E: a new ping's connection appears, and goes when deleted.
        events = subprocess.Popen([tools.p4nf, "conntrack", "events", "-p", "icmp", "--count", "2",
                                   "--deployment", deployment.name],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            check("following" in events.stderr.readline(), "p4nf conntrack events did not start")
            ping_address(h1, h2.link.host_v4, 1)
            new = events.stdout.readline()
            conntrack(deployment, "delete", "-p", "icmp")
            destroy = events.stdout.readline()
            check(new.startswith("    [NEW] icmp ") and destroy.startswith("[DESTROY] icmp "),
                  "conntrack events printed %r, %r" % (new, destroy))
            check(events.wait(timeout=60) == 0, "p4nf conntrack events --count 2 did not end")
        finally:
            if events.poll() is None:
                events.kill()
                events.wait()

        for udp in (False, True):
            before = reasons(deployment)
            iperf3(h1, h2, size="8M", udp=udp)
            moved = delta(reasons(deployment), before)
            what = "iperf3 UDP" if udp else "iperf3 TCP"
            # TCP: the control connection and the data connection (UDP: the control one
            # is TCP, the data one UDP).
            check(moved.get("new", 0) >= 2 and moved.get("established", 0) > 100,
                  "%s: conntrack counted %s" % (what, moved))
            check(not any(moved.get(r) for r in INVALID), "%s: invalid packets: %s" % (what, moved))
            log("%s: %s" % (what, moved))
            if not udp:
                # The control connection closed by both sides, the client first: TIME_WAIT;
                # the data connection too, or CLOSE when iperf3 resets it (as it may):
                # what Linux shows for them.
                flows = lines(deployment, "-p", "tcp", "--dport", "5201")
                check(len(flows) >= 2 and any(" TIME_WAIT " in f for f in flows)
                      and all(" TIME_WAIT " in f or " CLOSE " in f for f in flows),
                      "iperf3's connections are listed as %s" % flows)
            else:
                flows = lines(deployment, "-p", "udp", "--dport", "5201")
                check(len(flows) == 1 and "[ASSURED]" in flows[0],
                      "iperf3's UDP flow is listed as %s" % flows)

        conntrack(deployment, "flush")
        check(conntrack(deployment, "count").strip() == "0", "flush left connections")


if __name__ == "__main__":
    sys.exit(main(test))
