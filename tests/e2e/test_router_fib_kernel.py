#!/usr/bin/env python3
"""nf/router with `fib: kernel`: the agent (`p4nf up`, running) mirrors the routes,
neighbours and addresses of the router namespace's kernel into the router's tables, while
the kernel's own forwarding is off (only p4nf forwards):

  1. the router's addresses, put on the ports after `p4nf up`, reach the tables;
  2. a host the kernel has no neighbour for is handed to the kernel (host_no_neighbour);
     once the kernel learns the neighbour (it pings the host, ARP / ND), the next hop
     forwards in XDP; `ip link set mtu` of a port reaches port_macs, and a ping too big
     for it goes to the kernel (host_mtu);
  3. `ip route add` (IPv4 and IPv6) of a network behind h2 changes forwarding within a
     second (polled: a deadline, not a measurement), `ip route del` takes it away again;
  4. `p4nf apply` of a changed file by another process (no_route: drop -> host) rewrites
     the default action, and the agent's entries are all still there afterwards; SIGHUP
     re-applies with the same result;
  5. `p4nf down` while the agent runs: the agent leaves (exit 0).
Counters (`p4nf counter`) check that every step went the way it says."""
import signal
import functools
import sys

from harness import (Deployment, counted_step, add_host_network, check, configure_router_hosts,
                     configure_router_namespace, iperf3, log, main, ping_address, router_config,
                     router_links, router_port_mtus, router_routes, run, wait_for_route,
                     wait_until)


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        links = router_links(["rk1", "rk2"])
        deployment.write_config(router_config(deployment.name, links, fib="kernel"))
        deployment.up_agent()
        # The ports keep the MACs the kernel gave them: the mirror reads them from it.
        configure_router_namespace(links, set_macs=False)
        hosts = configure_router_hosts(deployment, links)
        h1, h2 = hosts[1], hosts[2]
        add_host_network(h2, "198.51.100.1", "2001:db8:100::1")

        # 1. The addresses came from the kernel: the connected subnets are routes now.
        for link in links:
            for subnet in (link.subnet_v4, link.subnet_v6):
                took = wait_for_route(deployment, subnet, deadline=5.0)
                log("connected subnet %s in the tables after %.3f s" % (subnet, took))

        step = functools.partial(counted_step, deployment)

        # 2. No neighbour for h2 yet: the kernel gets the packets (and, not forwarding, does
        #    not answer them with anything that reaches h2).
        run(["ip", "neigh", "flush", "dev", links[1].interface])
        n = 10
        step("%d pings to h2 without a neighbour" % n,
             lambda: ping_address(h1, h2.link.host_v4, n, expect=False),
             rx={1: n}, reasons={"host_no_neighbour": n})
        # The kernel learns h1 and h2 (it pings them: ARP and ND).
        for link in links:
            run(["ping", "-c", "1", "-W", "2", link.host_v4])
            run(["ping", "-c", "1", "-W", "2", link.host_v6])
        for link in links:
            for host_route in (link.host_v4 + "/32", link.host_v6 + "/128"):
                took = wait_for_route(deployment, host_route, action="set_nexthop")
                log("neighbour %s resolved in the tables after %.3f s" % (host_route, took))
        step("%d pings h1 -> h2 once the kernel knows h2" % n,
             lambda: ping_address(h1, h2.link.host_v4, n),
             forward_ipv4=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})
        step("%d pings -6 h1 -> h2" % n, lambda: ping_address(h1, h2.link.host_v6, n),
             forward_ipv6=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})
        # The ports' MTUs follow the kernel's links live: what no longer fits rk2 goes to
        # the kernel (which, not forwarding, drops it; with forwarding on it would answer
        # with ICMP fragmentation needed: e2e.router.mtu).
        for mtu in (1280, 1500):
            run(["ip", "link", "set", links[1].interface, "mtu", str(mtu)])
            wait_until(lambda: router_port_mtus(deployment).get(2) == mtu,
                       "rk2's MTU %d to reach port_macs" % mtu)
            log("ip link set %s mtu %d: in port_macs" % (links[1].interface, mtu))
            if mtu == 1280:
                step("a 1428-byte ping h1 -> h2 over rk2's MTU 1280",
                     lambda: ping_address(h1, h2.link.host_v4, 1, extra=("-s", "1400"), expect=False),
                     rx={1: 1}, reasons={"host_mtu": 1})

        # 3. ip route add / del in the router namespace.
        behind = (("198.51.100.0/24", "10.0.2.2", "198.51.100.1"),
                  ("2001:db8:100::/48", "2001:db8:2::2", "2001:db8:100::1"))
        for prefix, _, address in behind:
            step("%d pings to %s before its route" % (n, address),
                 lambda: ping_address(h1, address, n, expect=False),
                 rx={1: n}, reasons={"drop_no_route": n})
        for prefix, via, address in behind:
            run(["ip", "route", "add", prefix, "via", via])
            took = wait_for_route(deployment, prefix, action="set_nexthop")
            log("ip route add %s via %s: in the tables after %.3f s" % (prefix, via, took))
            forward = {"forward_ipv6" if ":" in prefix else "forward_ipv4": 2 * n}
            step("%d pings to %s through the new route" % (n, address),
                 lambda: ping_address(h1, address, n), tx={1: n, 2: n}, rx={1: n, 2: n},
                 **forward)
        iperf3(h1, h2, size="4M", address="198.51.100.1")
        for prefix, via, address in behind:
            run(["ip", "route", "del", prefix])
            took = wait_for_route(deployment, prefix, present=False)
            log("ip route del %s: out of the tables after %.3f s" % (prefix, took))
            step("%d pings to %s after ip route del" % (n, address),
                 lambda: ping_address(h1, address, n, expect=False),
                 rx={1: n}, reasons={"drop_no_route": n})

        # 4. An apply of a changed file by another process: only the default changes; the
        #    agent re-syncs, so every entry it wrote is still there.
        run(["ip", "route", "add", "198.51.100.0/24", "via", "10.0.2.2"])
        wait_for_route(deployment, "198.51.100.0/24", action="set_nexthop")
        routes = router_routes(deployment)
        with open(deployment.config_path) as f:
            text = f.read()
        deployment.write_config(text.replace("no_route: drop", "no_route: host"))
        deployment.apply(deployment.config_path)
        wait_until(lambda: "applied by another process" in open(deployment.agent_log.name).read(),
                   "the agent to see the apply")
        check(router_routes(deployment) == routes,
              "the router's routes changed with an apply that only changed no_route:\n%s\n%s" % (
                  routes, router_routes(deployment)))
        step("%d pings to 203.0.113.1 with no_route: host" % n,
             lambda: ping_address(h1, "203.0.113.1", n, expect=False),
             rx={1: n}, reasons={"host_no_route": n})
        step("%d pings through the kernel route after the apply" % n,
             lambda: ping_address(h1, "198.51.100.1", n),
             forward_ipv4=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})
        deployment.agent.send_signal(signal.SIGHUP)
        wait_until(lambda: open(deployment.agent_log.name).read().count("SIGHUP") >= 1 and
                   "up to date" in open(deployment.agent_log.name).read(),
                   "the agent to re-apply on SIGHUP")
        check(router_routes(deployment) == routes, "SIGHUP changed the router's routes")
        ping_address(h1, "198.51.100.1", 3)

        # 5. down while the agent runs: it has nothing left to follow and leaves.
        deployment.p4nf("down", "-f", deployment.config_path)
        wait_until(lambda: deployment.agent.poll() is not None, "the agent to leave after down")
        check(deployment.agent.returncode == 0,
              "the agent exited %d after down" % deployment.agent.returncode)
        log("agent log:\n" + open(deployment.agent_log.name).read())


if __name__ == "__main__":
    sys.exit(main(test))
