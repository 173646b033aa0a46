"""The topology of the differential test: one router, three hosts, the same addresses,
routes and static neighbours whether the Linux kernel routes or p4nf does.

    h1 (port 1) ---+
    h2 (port 2) ---+--- router (the test's own network namespace)
    h3 (port 3) ---+    port 3 has MTU 1400, the others 1500

The router is the test's private network namespace (harness.main unshares one); its three
interfaces are the near ends of sandbox veth pairs, the hosts sit in named namespaces at
the far ends. The two legs of the test build it the same way, one after the other, with the
same interface names:

  - linux: `e2e_sandbox up` makes the hosts; the kernel forwards (no XDP on the router).
  - p4nf:  `p4nf up --sandbox --once` makes the hosts and attaches nf/router in native XDP.

Then `configure()` gives both the same router kernel: MACs, addresses, routes, neighbours
and sysctls. On the p4nf leg the kernel keeps forwarding on, because the router hands it
the packets a router's slow path must handle (TTL expiry, next hops without a neighbour):
with forwarding off the kernel drops those silently, without the ICMP error Linux sends
(nf/router/README.md says so). The test proves that p4nf, not the kernel, forwarded the
rest: the kernel's own forwarding counters (Ip ForwDatagrams, Ip6OutForwDatagrams) move
only for the packets the router handed to it.
"""
import json
import os

from harness import run

ROUTER_MTU_PORT3 = 1400

# Port id -> (router interface, router MAC, host MAC, IPv4 /24, IPv6 /64 prefix)
PORTS = {
    1: ("p4nf-r1", "02:00:00:00:01:01", "02:00:00:00:01:02", "10.0.1", "2001:db8:1"),
    2: ("p4nf-r2", "02:00:00:00:02:01", "02:00:00:00:02:02", "10.0.2", "2001:db8:2"),
    3: ("p4nf-r3", "02:00:00:00:03:01", "02:00:00:00:03:02", "10.0.3", "2001:db8:3"),
}
ROUTER_LINK_LOCAL = "fe80::1"
HOST_LINK_LOCAL = "fe80::2"


def router_if(port):
    return PORTS[port][0]


def router_mac(port):
    return PORTS[port][1]


def host_mac(port):
    return PORTS[port][2]


def router_v4(port):
    return PORTS[port][3] + ".1"


def host_v4(port):
    return PORTS[port][3] + ".2"


def router_v6(port):
    return PORTS[port][4] + "::1"


def host_v6(port):
    return PORTS[port][4] + "::2"


# Addresses h3 owns besides its first: next hops and connected hosts the router has no
# static neighbour for, so it must resolve them (ARP / ND) and h3 answers.
H3_EXTRA_V4 = ["10.0.3.7", "10.0.3.9"]
H3_EXTRA_V6 = ["2001:db8:3::7", "2001:db8:3::9"]

# On port 1's subnet, owned by nobody, with a static neighbour on the router: a route that
# sends a packet back out of the port it came in on (Linux adds an ICMP redirect).
SAME_LINK_V4 = "10.0.1.3"
SAME_LINK_V6 = "2001:db8:1::3"
SAME_LINK_MAC = "02:00:00:00:01:03"

# Sources on port 1's subnet for the cases Linux answers with a rate-limited ICMP error
# (cases.UNREACHABLE_V4); the router's kernel sends those answers to h1's MAC.
ERROR_SOURCES = ["10.0.1.%d" % i for i in range(100, 140)]

# (prefix, gateway or None, action): the same routes in the router: section and, as `ip
# route` commands, in the router's kernel on both legs. Different prefix lengths overlap on
# purpose, so the longest match decides.
ROUTES = [
    ("10.0.0.0/8", "10.0.2.2", "forward"),          # covers the connected /24s
    ("198.51.0.0/16", "10.0.2.2", "forward"),
    ("198.51.100.0/24", "10.0.2.2", "forward"),
    ("198.51.100.128/25", "10.0.3.2", "forward"),
    ("203.0.113.5/32", "10.0.3.2", "forward"),
    ("203.0.113.0/24", "10.0.3.9", "forward"),      # a gateway without a static neighbour
    ("100.64.0.0/10", None, "drop"),                # blackhole
    ("192.0.2.0/24", None, "host"),                 # the kernel's: unreachable
    ("2001:db8::/32", "2001:db8:2::2", "forward"),  # covers the connected /64s
    ("2001:db8:100::/48", "2001:db8:2::2", "forward"),
    ("2001:db8:100:8000::/49", "2001:db8:3::2", "forward"),
    ("2001:db8:300::1/128", "2001:db8:2::2", "forward"),
    ("2001:db8:200::/64", "2001:db8:3::9", "forward"),  # a gateway without a neighbour
    ("2001:db8:dead::/48", None, "drop"),
    ("2001:db8:beef::/48", None, "host"),
]

# Static neighbours of the router (the others are resolved by the kernel at run time).
NEIGHBOURS = [(host_v4(p), host_mac(p)) for p in PORTS] + \
             [(host_v6(p), host_mac(p)) for p in PORTS] + \
             [(SAME_LINK_V4, SAME_LINK_MAC), (SAME_LINK_V6, SAME_LINK_MAC)]
# The sources of the redirect cases: a redirect is rate-limited per destination (1 a
# second), and other ICMP errors to the same host drain that budget: an address of its own
# makes each redirect case the first one to its source.
REDIRECT_SOURCE_V4 = "10.0.1.60"
REDIRECT_SOURCE_V6 = "2001:db8:1::60"

# Known to the router's kernel only: the addresses h1 sends from besides its own, which
# only the kernel ever answers (they are never the destination of a routed packet).
KERNEL_ONLY_NEIGHBOURS = [(address, host_mac(1)) for address in
                          ERROR_SOURCES + [REDIRECT_SOURCE_V4, REDIRECT_SOURCE_V6]]

# The same sysctls on both legs' routers and on every host: no ICMP rate limit (every
# error the kernel decides to send is sent), no automatic flow labels (they hash in a
# per-boot secret), no reverse-path filter, IPv6 without DAD and router solicitations.
COMMON_SYSCTLS = {
    "net.ipv4.icmp_ratelimit": "0",
    "net.ipv4.icmp_msgs_per_sec": "1000000",
    "net.ipv4.icmp_msgs_burst": "1000000",
    "net.ipv6.icmp.ratelimit": "0",
    "net.ipv6.auto_flowlabels": "0",
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
}
ROUTER_SYSCTLS = dict(COMMON_SYSCTLS, **{
    "net.ipv4.ip_forward": "1",
    "net.ipv6.conf.all.forwarding": "1",
})


def router_config(name):
    """The p4nf config of the p4nf leg (the same routes and neighbours as the kernel's)."""
    lines = ["deployment: %s" % name, "ports:"]
    lines += ["  %d: %s" % (p, router_if(p)) for p in PORTS]
    lines += ["modules:", "  r:", "    nf: router", "    router:", "      interfaces:"]
    for p in PORTS:
        lines += ["        - interface: %s" % router_if(p),
                  '          mac: "%s"' % router_mac(p),
                  '          addresses: [%s.1/24, "%s::1/64"]' % (PORTS[p][3], PORTS[p][4])]
    lines += ["      neighbours:"]
    lines += ['        - { address: "%s", mac: "%s" }' % n for n in NEIGHBOURS]
    lines += ["      routes:"]
    for prefix, via, action in ROUTES:
        if action == "forward":
            lines.append('        - { prefix: "%s", via: "%s" }' % (prefix, via))
        else:
            lines.append('        - { prefix: "%s", action: %s }' % (prefix, action))
    lines += ["      no_route: drop", "chains:", "  main:", "    attach:"]
    lines += ["      - { interface: %s, hook: xdp, mode: native }" % router_if(p) for p in PORTS]
    lines += ["    modules: [r]", "sandbox:"]
    for p in PORTS:
        lines.append('  %s: { addresses: [%s/24, "%s/64"], mac: "%s" }' % (
            router_if(p), host_v4(p), host_v6(p), host_mac(p)))
    return "\n".join(lines) + "\n"


def sandbox_specs():
    """The `e2e_sandbox up` arguments of the linux leg: the same hosts, same addresses."""
    return ["%s=%s/24,%s/64" % (router_if(p), host_v4(p), host_v6(p)) for p in PORTS]


def host_netns(deployment, port):
    """The sandbox's name for the host of a port (loader/sandbox/sandbox_plan.cpp)."""
    return "p4nf-%s-%s" % (deployment, router_if(port))


def _sysctl(prefix, values):
    for key, value in values.items():
        run(prefix + ["sysctl", "-q", "-w", "%s=%s" % (key, value)])


def _quiet_ipv6(prefix, interface):
    """IPv6 on `interface` without DAD, router solicitations or an automatic link-local
    address (a fixed one is added), set before IPv6 comes up so that none leaves."""
    for key, value in (("accept_dad", "0"), ("dad_transmits", "0"),
                       ("router_solicitations", "0"), ("addr_gen_mode", "1"),
                       ("disable_ipv6", "0")):
        run(prefix + ["sysctl", "-q", "-w", "net.ipv6.conf.%s.%s=%s" % (interface, key, value)])


# Multicast listener reports (MLD) are the one thing a kernel sends on its own here, at
# moments of its choosing after an address is added; a netfilter rule in every namespace
# keeps them off the wires, so that every frame the test sees was caused by the test.
QUIET_RULES = """\
add table ip6 p4nf_quiet
flush table ip6 p4nf_quiet
add chain ip6 p4nf_quiet out { type filter hook output priority 0; policy accept; }
add rule ip6 p4nf_quiet out icmpv6 type { 131, 132, 143 } drop
"""


def _silence_listener_reports(prefix):
    run(prefix + ["nft", "-f", "-"], input=QUIET_RULES)


def configure_router():
    """The router namespace (this process's), the same on both legs."""
    _silence_listener_reports([])
    _sysctl([], ROUTER_SYSCTLS)
    for p in PORTS:
        interface = router_if(p)
        run(["ip", "link", "set", interface, "address", router_mac(p)])
        run(["sysctl", "-q", "-w", "net.ipv4.conf.%s.rp_filter=0" % interface])
        # Neighbours the kernel resolves during a leg stay reachable through it: no
        # reachability probe may leave at a moment of the kernel's choosing.
        for family in ("ipv4", "ipv6"):
            run(["sysctl", "-q", "-w",
                 "net.%s.neigh.%s.base_reachable_time_ms=600000" % (family, interface)])
        _quiet_ipv6([], interface)
        run(["ip", "-6", "addr", "flush", "dev", interface])
        run(["ip", "addr", "add", router_v4(p) + "/24", "dev", interface])
        run(["ip", "addr", "add", router_v6(p) + "/64", "dev", interface, "nodad"])
        run(["ip", "addr", "add", ROUTER_LINK_LOCAL + "/64", "dev", interface, "nodad"])
    run(["ip", "link", "set", router_if(3), "mtu", str(ROUTER_MTU_PORT3)])
    for address, mac in NEIGHBOURS + KERNEL_ONLY_NEIGHBOURS:
        run(["ip", "neigh", "replace", address, "lladdr", mac, "dev", router_if(port_of(address)),
             "nud", "permanent"])
    for prefix, via, action in ROUTES:
        if action == "forward":
            run(["ip", "route", "replace", prefix, "via", via])
        elif action == "drop":
            run(["ip", "route", "replace", "blackhole", prefix])
        else:
            run(["ip", "route", "replace", "unreachable", prefix])


def configure_hosts(deployment):
    """Every host the same on both legs: its MAC (the linux leg's sandbox chose a random
    one), a fixed link-local address, extra addresses on h3, default routes and permanent
    neighbours for the router, the sysctls."""
    for p in PORTS:
        prefix = ["ip", "netns", "exec", host_netns(deployment, p)]
        _silence_listener_reports(prefix)
        _sysctl(prefix, COMMON_SYSCTLS)
        run(prefix + ["ip", "link", "set", "eth0", "address", host_mac(p)])
        run(prefix + ["ip", "-6", "addr", "flush", "dev", "eth0", "scope", "link"])
        run(prefix + ["ip", "addr", "add", HOST_LINK_LOCAL + "/64", "dev", "eth0", "nodad"])
        if p == 3:
            run(prefix + ["ip", "link", "set", "eth0", "mtu", str(ROUTER_MTU_PORT3)])
            for address in H3_EXTRA_V4:
                run(prefix + ["ip", "addr", "add", address + "/24", "dev", "eth0"])
            for address in H3_EXTRA_V6:
                run(prefix + ["ip", "addr", "add", address + "/64", "dev", "eth0", "nodad"])
        run(prefix + ["ip", "route", "replace", "default", "via", router_v4(p)])
        run(prefix + ["ip", "-6", "route", "replace", "default", "via", router_v6(p)])
        for address in (router_v4(p), router_v6(p), ROUTER_LINK_LOCAL):
            run(prefix + ["ip", "neigh", "replace", address, "lladdr", router_mac(p), "dev",
                          "eth0", "nud", "permanent"])


def port_of(address):
    """The port whose subnet holds `address`."""
    for p, (_, _, _, v4, v6) in PORTS.items():
        if address.startswith(v4 + ".") or address.startswith(v6 + "::"):
            return p
    raise ValueError("no port's subnet holds " + address)


def kernel_forwarded():
    """(IPv4, IPv6) packets the kernel of this namespace has forwarded so far."""
    with open("/proc/net/snmp") as f:
        lines = [line.split() for line in f if line.startswith("Ip:")]
    ipv4 = int(lines[1][lines[0].index("ForwDatagrams")])
    ipv6 = 0
    with open("/proc/net/snmp6") as f:
        for line in f:
            name, value = line.split()
            if name == "Ip6OutForwDatagrams":
                ipv6 = int(value)
    return ipv4, ipv6


def read_sandbox_record(deployment):
    with open("/run/p4nf/%s/sandbox.json" % deployment) as f:
        return json.load(f)


def check_record_matches(deployment):
    """The sandbox named its host namespaces as host_netns() assumes."""
    names = {host["interface"]: host["netns"] for host in read_sandbox_record(deployment)["hosts"]}
    for p in PORTS:
        if names.get(router_if(p)) != host_netns(deployment, p):
            raise AssertionError("sandbox host of %s is %s, expected %s" % (
                router_if(p), names.get(router_if(p)), host_netns(deployment, p)))
    return os.path.exists("/run/netns/" + host_netns(deployment, 1))
