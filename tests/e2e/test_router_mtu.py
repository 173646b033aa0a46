#!/usr/bin/env python3
"""nf/router and the ports' MTUs (fib: static), with the router namespace's own forwarding
ON: the kernel does what Linux does with the packets too big for a port, which nf/router
hands to it (nf/router/README.md, "Behaviour"):

    h1 10.0.1.2 --- rm1 (MTU 1500) [router] rm2 (MTU 1280) --- h2 10.0.2.2 (eth0 MTU 1280)

  1. rm2's MTU is set after `p4nf up`, then `p4nf apply`: the apply reads it from the
     kernel into port_macs (the config gives no mtu:);
  2. packets that fit (1200 bytes with DF, IPv4 and IPv6) are forwarded in XDP both ways;
  3. ping -M dont -s 1400 (IPv4 without DF): nf/router hands the 1428-byte request to the
     kernel (host_mtu), which fragments it to h2; h2's fragmented reply is forwarded by
     nf/router; the ping is answered;
  4. ping -M do -s 1400 (IPv4, DF): the kernel answers with ICMP fragmentation needed,
     mtu 1280, which ping reports at h1 (path MTU discovery through nf/router works);
  5. ping -6 -M do -s 1400: ICMPv6 packet too big, mtu 1280, at h1;
  6. `mtu: 1000` for rm2 in the section wins over the kernel's 1280: a 1128-byte ping goes
     through the kernel (host_mtu, still answered), a 928-byte one through XDP.
Every step checks the router's counters exactly (`p4nf counter`)."""
import re
import functools
import sys

from harness import (Deployment, counted_step, check, configure_router_hosts,
                     configure_router_namespace, log, main, ping_address, router_config,
                     router_links, router_port_mtus, run)

SMALL_MTU = 1280


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        links = router_links(["rm1", "rm2"])
        config = router_config(deployment.name, links)
        deployment.write_config(config)
        deployment.up_once()
        configure_router_namespace(links)
        hosts = configure_router_hosts(deployment, links)
        h1, h2 = hosts[1], hosts[2]
        # The kernel must forward what nf/router hands to it (too big for a port): on.
        run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        run(["sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1"])
        # A link-local address on each port: the kernel solicits a neighbour for a packet it
        # forwards from a link-local source (Linux's ndisc_send_ns), and the harness's
        # ports have none.
        for link in links:
            run(["ip", "addr", "add", "fe80::1/64", "dev", link.interface, "nodad"])

        # 1. The kernel's MTU, read by an apply.
        check(router_port_mtus(deployment) == {1: 1500, 2: 1500},
              "port_macs before the MTU change: %s" % router_port_mtus(deployment))
        run(["ip", "link", "set", "rm2", "mtu", str(SMALL_MTU)])
        h2.run("ip", "link", "set", "eth0", "mtu", str(SMALL_MTU))
        deployment.apply(deployment.config_path)
        check(router_port_mtus(deployment) == {1: 1500, 2: SMALL_MTU},
              "the apply did not read rm2's MTU from the kernel: port_macs has %s" %
              router_port_mtus(deployment))

        step = functools.partial(counted_step, deployment)

        # ping -s takes the payload: the packet is 28 (IPv4 + ICMP) or 48 bytes longer.
        families = ((h2.link.host_v4, "forward_ipv4", 28), (h2.link.host_v6, "forward_ipv6", 48))

        # 2. What fits is forwarded in XDP.
        n = 5
        for address, family, header in families:
            step("%d pings of 1200 bytes with DF to %s" % (n, address),
                 lambda: ping_address(h1, address, n, extra=("-M", "do", "-s", str(1200 - header))),
                 tx={1: n, 2: n}, rx={1: n, 2: n}, **{family: 2 * n})

        # 3. IPv4 without DF: the kernel fragments the request; h2 fragments its reply (2
        #    fragments of at most 1280 bytes), which nf/router forwards.
        step("a 1428-byte ping without DF",
             lambda: ping_address(h1, h2.link.host_v4, 1, extra=("-M", "dont", "-s", "1400")),
             rx={1: 1, 2: 2}, tx={1: 2}, forward_ipv4=2, reasons={"host_mtu": 1})

        # 4, 5. With DF, and IPv6: the ICMP error reaches the sender.
        for address, error in ((h2.link.host_v4, r"mtu ?= ?%d" % SMALL_MTU),
                               (h2.link.host_v6, r"mtu ?= ?%d" % SMALL_MTU)):
            def too_big(address=address):
                return h1.run("ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1400", address,
                              check_exit=False)
            result = step("a 1400-byte ping with DF to %s" % address, too_big,
                          rx={1: 1}, reasons={"host_mtu": 1})
            output = result.stdout + result.stderr
            check(re.search(error, output),
                  "ping -M do -s 1400 %s: no ICMP error with mtu %d reached h1:\n%s" % (
                      address, SMALL_MTU, output))
            log("ping -M do -s 1400 %s at h1: %s" % (address, output.strip().splitlines()[1]))

        # 6. The section's mtu: wins over the kernel's.
        deployment.write_config(config.replace("{ interface: rm2, mac:",
                                               "{ interface: rm2, mtu: 1000, mac:"))
        deployment.apply(deployment.config_path)
        check(router_port_mtus(deployment) == {1: 1500, 2: 1000},
              "mtu: 1000 did not reach port_macs: %s" % router_port_mtus(deployment))
        for address, family, header in families:
            step("%d pings of 1128 bytes to %s over mtu: 1000" % (n, address),
                 lambda: ping_address(h1, address, n, extra=("-s", str(1128 - header))),
                 tx={1: n}, rx={1: n, 2: n}, reasons={"host_mtu": n, family: n})
            step("%d pings of 928 bytes to %s" % (n, address),
                 lambda: ping_address(h1, address, n, extra=("-s", str(928 - header))),
                 tx={1: n, 2: n}, rx={1: n, 2: n}, **{family: 2 * n})


if __name__ == "__main__":
    sys.exit(main(test))
