#!/usr/bin/env python3
"""Hitless reload: while an exact UDP flood crosses the chain (host A -> host B), `p4nf
apply` replaces the forwarding module by a changed one (port_forward_v2.p4 stamps the
source MAC 02:00:00:00:00:fe). Not one packet may be lost or duplicated, frames of both
versions must arrive (the swap happened under traffic), and right after the apply every
frame shows the new behaviour."""
import sys

from harness import (Deployment, Failure, Flood, PORT_A, PORT_B, chain_config, check, log, main,
                     permanent_neighbours, ping, wait_until)

NEW_MAC = "02:00:00:00:00:fe"


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(chain_config(deployment.name, args.hook))
        deployment.up_agent()
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)
        ping(a, b, 3)
        old_mac = a.mac()
        changed = deployment.write_config(
            chain_config(deployment.name, args.hook, "port_forward_v2.p4"),
            path=workdir + "/changed.yaml")
        counted_before = deployment.counter("count", "packets")

        packets = 200000
        flood = Flood(tools, a, b, packets, workdir, pps=40000)
        try:
            wait_until(lambda: flood.received() >= packets // 10, "the flood to get going",
                       attempts=1500)
            deployment.apply(changed)
            sent_at_apply = flood.read()[0]
            log("apply done after %d of %d packets were sent" % (sent_at_apply, packets))
            if sent_at_apply >= packets:
                raise Failure("the flood ended before `p4nf apply` did: the reload was not "
                              "under traffic (raise the packet count)")
            report = flood.finish()
        finally:
            flood.kill()
        check(report["received"] == packets, "lost %d packets across the reload: %s" % (
            packets - report["received"], report))
        check(report["duplicates"] == 0, "duplicated packets across the reload: %s" % report)
        check(report["macs"].get(old_mac, 0) > 0 and report["macs"].get(NEW_MAC, 0) > 0,
              "expected frames of the old module (source %s) and of the new one (%s): %s" % (
                  old_mac, NEW_MAC, report["macs"]))

        after = Flood(tools, a, b, 1000, workdir).finish()
        check(after["received"] == 1000 and after["duplicates"] == 0, "after the reload: %s" % after)
        check(after["macs"] == {NEW_MAC: 1000},
              "after the reload every frame must carry %s: %s" % (NEW_MAC, after["macs"]))
        counted = deployment.counter("count", "packets") - counted_before
        check(counted == packets + 1000,
              "the unchanged module `count` counted %d of %d packets (its counter must survive "
              "the reload of its neighbour)" % (counted, packets + 1000))


if __name__ == "__main__":
    sys.exit(main(test))
