"""The e2e harness: a deployment of p4nf in a sandbox, driven through the `p4nf` command
exactly as a user runs it, with real traffic between the sandbox hosts.

Every test runs as its own process, inside a private network namespace of its own
(`unshare --net`, done by `main()`), so the interfaces it makes cannot meet another test's.
What lives outside that namespace (the hosts' named namespaces under /run/netns, the pins
under /sys/fs/bpf/p4nf/<deployment>) carries the deployment name `e2e<pid>`, unique per run.
Cleanup always runs: `with Deployment(...)`, on exceptions, on SIGTERM/SIGINT (a ctest
timeout), and a run killed harder (-9) is swept by the next run (orphans: dead pids).

Exit codes: 0 pass, 1 fail, 77 skipped (not root, or the p4nf command lacks `up`).
"""
import argparse
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback

SKIP = 77
KERNEL_FEATURE_MISSING = 5  # p4nf's exit code when the kernel lacks a feature (exit_codes.h)
HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = os.path.join(HERE, "modules")


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def log(message):
    print(message, flush=True)


def run(argv, check_exit=True, capture=True, accept=(0,), **kwargs):
    """Runs a command; returns CompletedProcess. Fails with its output when it fails: exits
    with a code not in `accept`."""
    result = subprocess.run(argv, capture_output=capture, text=True, **kwargs)
    if check_exit and result.returncode not in accept:
        raise Failure("command failed (exit %d): %s\n%s%s" % (
            result.returncode, " ".join(argv), result.stdout or "", result.stderr or ""))
    return result


def wait_until(predicate, what, attempts=500, pause=0.02):
    """Polls for a state (a server listening, an agent ready). Not a timing assertion: the
    bound only keeps a broken run from hanging forever."""
    for _ in range(attempts):
        if predicate():
            return
        time.sleep(pause)
    raise Failure("gave up waiting for " + what)


class Tools:
    def __init__(self, args):
        self.p4nf = args.p4nf
        self.udp_flood = args.udp_flood
        self.sandbox = args.e2e_sandbox


class Host:
    """A sandbox host: the far end of a port's veth, in its own named namespace."""

    def __init__(self, netns, address):
        self.netns = netns
        self.address = address  # IPv4, no prefix

    def cmd(self, *argv):
        return ["ip", "netns", "exec", self.netns] + list(argv)

    def run(self, *argv, **kwargs):
        return run(self.cmd(*argv), **kwargs)

    def popen(self, *argv, **kwargs):
        return subprocess.Popen(self.cmd(*argv), text=True, **kwargs)

    def mac(self):
        out = self.run("ip", "-j", "link", "show", "eth0").stdout
        return json.loads(out)[0]["address"]


class Flood:
    """udp_flood receiver + sender between two hosts; every packet accounted for."""

    def __init__(self, tools, sender, receiver, count, workdir, pps=0, port=9999):
        self.shared = os.path.join(workdir, "flood-%d.shm" % time.monotonic_ns())
        with open(self.shared, "wb") as f:
            f.write(b"\0" * 24)
        self.count = count
        common = ["--port", str(port), "--count", str(count), "--shared", self.shared]
        self.receiver = receiver.popen(tools.udp_flood, "recv", "--interface", "eth0", *common,
                                       stdout=subprocess.PIPE)
        wait_until(lambda: self.read()[2] == 1 or self.receiver.poll() is not None,
                   "the flood receiver")
        check(self.receiver.poll() is None, "the flood receiver died at start")
        extra = ["--pps", str(pps)] if pps else []
        self.sender = sender.popen(tools.udp_flood, "send", "--to", receiver.address, *common,
                                   *extra, stdout=subprocess.PIPE)

    def read(self):
        """(sent, received frames, receiver ready, sender done) from the shared file."""
        with open(self.shared, "rb") as f:
            return struct.unpack("<QQII", f.read(24))

    def received(self):
        return self.read()[1]

    def finish(self):
        """Waits for both ends; returns the receiver's report (dict)."""
        out, _ = self.sender.communicate()
        check(self.sender.returncode == 0, "flood sender failed: " + (out or ""))
        out, _ = self.receiver.communicate()
        check(self.receiver.returncode == 0, "flood receiver failed: " + (out or ""))
        report = json.loads(out)
        log("flood of %d: %s" % (self.count, out.strip()))
        return report

    def kill(self):
        for process in (getattr(self, "sender", None), getattr(self, "receiver", None)):
            if process and process.poll() is None:
                process.kill()
                process.wait()


class Deployment:
    """A config deployed with `p4nf up --sandbox`, two ports, torn down on exit."""

    def __init__(self, tools, workdir, name=None):
        self.tools = tools
        self.workdir = workdir
        self.name = name or "e2e%d" % os.getpid()
        self.config_path = os.path.join(workdir, "config.yaml")
        self.agent = None
        self.hosts = {}

    # --- the p4nf command -------------------------------------------------------------
    def p4nf(self, *argv, check_exit=True):
        return run([self.tools.p4nf] + list(argv), check_exit=check_exit)

    def write_config(self, text, path=None):
        path = path or self.config_path
        with open(path, "w") as f:
            f.write(text)
        return path

    def up_once(self):
        result = self.p4nf("up", "-f", self.config_path, "--sandbox", "--once", check_exit=False)
        self._check_up(result.returncode, result.stdout + result.stderr)
        self._find_hosts()

    @staticmethod
    def _check_up(returncode, output):
        """A kernel without a feature the config needs is a skip, with p4nf's reason. (A
        feature that the suite's forced mode takes away, P4NF_KERNEL_DENY, is an error of
        p4nf's instead: exit 2, a failure. docs/kernel.md.)"""
        if returncode == KERNEL_FEATURE_MISSING:
            raise Skip("the kernel lacks a feature this test needs:\n" + output)
        if returncode != 0:
            raise Failure("p4nf up failed (exit %d):\n%s" % (returncode, output))

    def up_agent(self, sandbox=True, extra=()):
        """`p4nf up` in the foreground as the agent (here: a child process), with `extra`
        options; returns when its deployment shows in `p4nf status`."""
        argv = [self.tools.p4nf, "up", "-f", self.config_path] + (["--sandbox"] if sandbox else [])
        argv += list(extra)
        self.agent_log = open(os.path.join(self.workdir, "agent-%d.log" % time.monotonic_ns()), "w")
        self.agent = subprocess.Popen(argv, stdout=self.agent_log, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: self.agent.poll() is not None or self.status(required=False) is not None,
                       "the agent to deploy")
        except Failure as failure:
            last = self.p4nf("status", "--deployment", self.name, check_exit=False)
            raise Failure("%s\nagent log:\n%s\np4nf status (exit %d):\n%s%s" % (
                failure, open(self.agent_log.name).read(), last.returncode, last.stdout,
                last.stderr))
        if self.agent.poll() is not None:
            self._check_up(self.agent.returncode or 1, open(self.agent_log.name).read())
        self._find_hosts()

    def apply(self, path, check_exit=True):
        return self.p4nf("apply", "-f", path, check_exit=check_exit)

    def status(self, required=True):
        # This deployment only: a plain `p4nf status` also judges every other deployment
        # under /run/p4nf, such as another test's whose interfaces live in another network
        # namespace (their hooks are not found from here: "problems", exit 1).
        result = self.p4nf("status", "--deployment", self.name, "-o", "json", check_exit=False)
        if result.returncode != 0:
            if required:
                raise Failure("p4nf status failed: " + result.stderr)
            return None
        try:
            document = json.loads(result.stdout)
        except ValueError:
            raise Failure("p4nf status -o json printed no JSON:\n" + result.stdout)
        deployments = document if isinstance(document, list) else document.get("deployments", [document])
        for deployment in deployments:
            if deployment.get("deployment") == self.name:
                return deployment
        if required:
            raise Failure("deployment %s not in p4nf status:\n%s" % (self.name, result.stdout))
        return None

    def module(self, instance):
        for module in self.status()["modules"]:
            if module["instance"] == instance:
                return module
        raise Failure("module %s not in p4nf status" % instance)

    def counter(self, instance, name):
        for counter in self.module(instance)["counters"]:
            if counter["name"].split(".")[-1] == name:
                return counter["packets"]
        raise Failure("module %s has no counter %s in p4nf status" % (instance, name))

    def _find_hosts(self):
        record = "/run/p4nf/%s/sandbox.json" % self.name
        check(os.path.exists(record), "p4nf up --sandbox left no sandbox record " + record)
        with open(record) as f:
            for host in json.load(f)["hosts"]:
                address = host["addresses"][0].split("/")[0]
                self.hosts[host["interface"]] = Host(host["netns"], address)

    # --- cleanup ----------------------------------------------------------------------
    def kill_agent(self):
        if self.agent and self.agent.poll() is None:
            self.agent.kill()
            self.agent.wait()

    def teardown(self):
        self.kill_agent()
        result = run([self.tools.p4nf, "down", "-f", self.config_path], check_exit=False)
        if result.returncode != 0:
            log("p4nf down: exit %d: %s" % (result.returncode, result.stderr.strip()))
        # Whatever `down` left of the sandbox (it should have left nothing).
        run([self.tools.sandbox, "down", self.name], check_exit=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.teardown()
        return False


def permanent_neighbours(a, b):
    """Static ARP both ways: no ARP traffic while counting."""
    a.run("ip", "neigh", "replace", b.address, "lladdr", b.mac(), "dev", "eth0", "nud", "permanent")
    b.run("ip", "neigh", "replace", a.address, "lladdr", a.mac(), "dev", "eth0", "nud", "permanent")


def ping(source, destination, count=5, extra=()):
    result = source.run("ping", "-c", str(count), "-i", "0.05", "-W", "2", *extra,
                        destination.address, check_exit=False)
    check(result.returncode == 0, "ping %s -> %s failed:\n%s" % (source.netns, destination.address,
                                                                  result.stdout + result.stderr))
    return result.stdout


def iperf3(client, server, size="8M", udp=False, bitrate="200M", address=None):
    """One iperf3 run client -> server (TCP, or UDP at `bitrate`) of `size` bytes, to the
    server's first address or `address`; returns the receiver's summary (bytes, and for
    UDP packets and lost_packets)."""
    port = "5201"
    address = address or server.address
    server.run("iperf3", "-s", "-1", "-D", "-B", address, "-p", port)
    wait_until(lambda: port in server.run("ss", "-Hltn", "sport = :" + port).stdout,
               "iperf3 to listen")
    extra = ["-u", "-b", bitrate, "-l", "1200"] if udp else []
    # Bounded: a data path that loses the big segments stalls TCP, and the test must fail
    # (iperf3 has no timeout of its own for a transfer that stops moving).
    result = client.run("timeout", "60", "iperf3", "-c", address, "-p", port, "-n", size, "-J",
                        "--connect-timeout", "3000", *extra, check_exit=False)
    check(result.returncode == 0, "iperf3 failed:\n" + result.stdout[-2000:] + result.stderr)
    end = json.loads(result.stdout)["end"]
    summary = end["sum"] if udp else end["sum_received"]
    log("iperf3%s: %d bytes, %.0f Mbit/s%s" % (
        " UDP" if udp else "", summary["bytes"], summary["bits_per_second"] / 1e6,
        ", %d packets, %d lost" % (summary["packets"], summary["lost_packets"]) if udp else ""))
    return summary


def run_in_private_netns():
    """Runs this script again, as it was called, in a private network namespace of its own
    (unshare --net) and returns that run's exit code; returns None in that run, which goes
    on. Without root: SKIP."""
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces, BPF)")
        return SKIP
    if os.environ.get("P4NF_E2E_NETNS") != "1":
        os.environ["P4NF_E2E_NETNS"] = "1"
        return subprocess.call(["unshare", "--net", "--", sys.executable] + sys.argv)
    return None


def outcome(test):
    """Runs `test()` and returns its exit code, saying why: 0 (PASS), SKIP (Skip), 1 (Failure,
    or any other exception, with its traceback)."""
    try:
        test()
    except Skip as skip:
        print("SKIP: %s" % skip)
        return SKIP
    except Failure as failure:
        print("FAIL: %s" % failure)
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    print("PASS")
    return 0


def main(test):
    """Entry point of every e2e test script: parses the common options, moves into a private
    network namespace, skips when the prerequisites are missing, runs `test(tools, args,
    workdir)` and maps the outcome to an exit code."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--p4nf", required=True)
    parser.add_argument("--udp-flood", required=True)
    parser.add_argument("--e2e-sandbox", required=True)
    parser.add_argument("--hook", default="xdp-native")
    parser.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(HERE)))
    args = parser.parse_args()

    outer = run_in_private_netns()
    if outer is not None:
        return outer
    help_text = run([args.p4nf, "--help"], check_exit=False).stdout
    if not re.search(r"^\s+up\b", help_text, re.M):
        print("SKIP: this p4nf has no `up` command yet (the deploy CLI)")
        return SKIP

    tools = Tools(args)
    run([tools.sandbox, "sweep", "e2e"], check_exit=False)  # orphans of killed runs

    def on_signal(number, frame):
        raise SystemExit("killed by signal %d" % number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with tempfile.TemporaryDirectory(prefix="p4nf-e2e-") as workdir:
        return outcome(lambda: test(tools, args, workdir))


PORT_A, PORT_B = "e2e-a", "e2e-b"
HOOKS = {
    "xdp-native": "{ interface: %s, hook: xdp, mode: native }",
    "xdp-generic": "{ interface: %s, hook: xdp, mode: generic }",
    "tc": "{ interface: %s, hook: tc-ingress }",
}


def two_port_head(name, forward_module="port_forward.p4"):
    """The first part of the e2e configs: deployment, ports 1 and 2 (PORT_A, PORT_B), and
    the modules `count` (count_continue.p4: counts, continues) and `fwd` (port 1 <-> port
    2 through its exact table `ports`)."""
    return """\
deployment: %(name)s
ports:
  1: %(a)s
  2: %(b)s
modules:
  count:
    p4: %(modules)s/count_continue.p4
  fwd:
    p4: %(modules)s/%(forward)s
    tables:
      ports:
        entries:
          - { key: { port: 1 }, action: forward, args: { port: 2 } }
          - { key: { port: 2 }, action: forward, args: { port: 1 } }
""" % {"name": name, "a": PORT_A, "b": PORT_B, "modules": MODULES, "forward": forward_module}


# The last part: IPv4-only hosts, so that the hosts send nothing on their own and
# counters equal what the test sent.
TWO_PORT_SANDBOX = """\
sandbox:
  %s: { addresses: [10.0.0.1/24] }
  %s: { addresses: [10.0.0.2/24] }
""" % (PORT_A, PORT_B)


def chain_config(name, hook="xdp-native", forward_module="port_forward.p4"):
    """The two-port chain of the e2e tests: `count` then `fwd` (two_port_head) on both
    ports."""
    attach = "\n".join("      - " + HOOKS[hook] % port for port in (PORT_A, PORT_B))
    return two_port_head(name, forward_module) + """\
chains:
  main:
    attach:
%s
    modules: [count, fwd]
""" % attach + TWO_PORT_SANDBOX


def enable_bpf_stats():
    """Turns the kernel's per-program run counters (run_cnt) on for as long as the returned
    fd is open (BPF_ENABLE_STATS), without touching the kernel.bpf_stats_enabled sysctl:
    the counts end with this process, whatever happens to it."""
    import ctypes
    import platform
    numbers = {"x86_64": 321, "aarch64": 280}
    if platform.machine() not in numbers:
        raise Skip("no bpf() syscall number for " + platform.machine())
    libc = ctypes.CDLL(None, use_errno=True)
    attr = (ctypes.c_uint8 * 128)()  # union bpf_attr; enable_stats.type = BPF_STATS_RUN_TIME (0)
    BPF_ENABLE_STATS = 32
    fd = libc.syscall(numbers[platform.machine()], BPF_ENABLE_STATS, ctypes.byref(attr), 128)
    if fd < 0:
        raise Failure("BPF_ENABLE_STATS failed: errno %d" % ctypes.get_errno())
    return fd


def our_program_ids(status):
    """Program ids of the deployment: every module program and every hook's program."""
    ids = set()
    for module in status["modules"]:
        for program in module["programs"]:
            ids.add(program["program_id"])
    for chain in status["chains"]:
        for attach in chain["attach"]:
            ids.add(attach["program_id"])
    ids.discard(0)
    return ids


def bpf_links(program_ids):
    """{link id: program id} of the BPF links running one of `program_ids`."""
    links = json.loads(run(["bpftool", "-j", "link", "show"]).stdout or "[]")
    return {link["id"]: link["prog_id"] for link in links if link.get("prog_id") in program_ids}


def hook_programs():
    """What the interfaces of this (private) namespace run: bpftool net show, as text
    sorted and without volatile fields."""
    return json.loads(run(["bpftool", "-j", "net", "show"]).stdout or "[]")


# --- Router topologies (nf/router) -------------------------------------------------------
# One router and hosts around it. The router is the test's private network namespace (the
# one main() unshares): p4nf runs there, its ports are the near ends of the sandbox's veth
# pairs, and its kernel holds the router's addresses (it answers ARP, ND and pings to them,
# p4nf hands it those frames). Each port k is a subnet of its own:
#
#   router  10.0.k.1/24  2001:db8:k::1/64  MAC 02:00:00:00:0k:01   (the near end)
#   host    10.0.k.2/24  2001:db8:k::2/64  MAC 02:00:00:00:0k:02   (the far end)
#
# router_links() names the ports, router_config() writes the deployment (nf: router with
# fib: static or kernel), and after `p4nf up --sandbox` configure_router_namespace() and
# configure_router_hosts() finish the topology; RouterCounters reads the router's counters.

class RouterLink:
    """Port `port` of the router on interface `interface` (see above for the addresses)."""

    def __init__(self, port, interface):
        self.port = port
        self.interface = interface
        self.router_v4 = "10.0.%d.1" % port
        self.host_v4 = "10.0.%d.2" % port
        self.router_v6 = "2001:db8:%x::1" % port
        self.host_v6 = "2001:db8:%x::2" % port
        self.subnet_v4 = "10.0.%d.0/24" % port
        self.subnet_v6 = "2001:db8:%x::/64" % port
        self.router_mac = "02:00:00:00:%02x:01" % port
        self.host_mac = "02:00:00:00:%02x:02" % port


def router_links(interfaces):
    """A RouterLink per interface name, ports 1, 2, ... in order."""
    return [RouterLink(index + 1, name) for index, name in enumerate(interfaces)]


def router_config(name, links, fib="static", routes=(), hook="xdp-native", no_route="drop",
                  instance="r"):
    """A deployment of nf/router on `links`, with a sandbox host on each.

    fib="static": the interfaces with their MACs and addresses, every host as a static
    neighbour (IPv4 and IPv6), so the router forwards from the first packet;
    fib="kernel": the interfaces only (MACs, addresses, routes and neighbours come from the
    router namespace's kernel, followed live by the agent).
    `routes`: extra lines of the router's routes:, e.g. '{ prefix: 198.51.100.0/24, via: 10.0.2.2 }'.
    """
    lines = ["deployment: %s" % name, "ports:"]
    lines += ["  %d: %s" % (link.port, link.interface) for link in links]
    lines += ["modules:", "  %s:" % instance, "    nf: router", "    router:", "      fib: %s" % fib,
              "      no_route: %s" % no_route, "      interfaces:"]
    for link in links:
        if fib == "kernel":
            lines.append("        - { interface: %s }" % link.interface)
        else:
            lines.append('        - { interface: %s, mac: "%s", addresses: [%s/24, "%s/64"] }' % (
                link.interface, link.router_mac, link.router_v4, link.router_v6))
    if fib != "kernel":
        lines.append("      neighbours:")
        for link in links:
            lines.append('        - { address: %s, mac: "%s" }' % (link.host_v4, link.host_mac))
            lines.append('        - { address: "%s", mac: "%s" }' % (link.host_v6, link.host_mac))
    if routes:
        lines.append("      routes:")
        lines += ["        - " + route for route in routes]
    lines += ["chains:", "  main:", "    attach:"]
    lines += ["      - " + HOOKS[hook] % link.interface for link in links]
    lines += ["    modules: [%s]" % instance, "sandbox:"]
    for link in links:
        lines.append('  %s: { addresses: [%s/24, "%s/64"], mac: "%s", gateway: %s }' % (
            link.interface, link.host_v4, link.host_v6, link.host_mac, link.router_v4))
    return "\n".join(lines) + "\n"


def quiet_ipv6(prefix, interface):
    """IPv6 on `interface` (off on the sandbox's near ends) without DAD, router
    solicitations or an automatic link-local address, so that the kernel sends nothing of
    its own that the router's counters would see. `prefix`: [] or ["ip", "netns", "exec", ns]."""
    for key, value in (("accept_dad", "0"), ("dad_transmits", "0"),
                       ("router_solicitations", "0"), ("addr_gen_mode", "1"),
                       ("disable_ipv6", "0")):
        run(prefix + ["sysctl", "-q", "-w", "net.ipv6.conf.%s.%s=%s" % (interface, key, value)])


def forwarding_sysctls():
    """(net.ipv4.ip_forward, net.ipv6.conf.all.forwarding) of this namespace."""
    values = []
    for path in ("/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv6/conf/all/forwarding"):
        with open(path) as f:
            values.append(f.read().strip())
    return tuple(values)


def configure_router_namespace(links, set_macs=True):
    """The router's own kernel (this process's namespace): the kernel's forwarding off
    (IPv4 and IPv6, checked), so that only p4nf can forward; on each port the router's
    addresses and, with `set_macs`, its MAC (the one the config gives the port)."""
    run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=0"])
    run(["sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=0"])
    for link in links:
        if set_macs:
            run(["ip", "link", "set", link.interface, "address", link.router_mac])
        quiet_ipv6([], link.interface)
        run(["ip", "addr", "replace", link.router_v4 + "/24", "dev", link.interface])
        run(["ip", "addr", "replace", link.router_v6 + "/64", "dev", link.interface, "nodad"])
    check(forwarding_sysctls() == ("0", "0"),
          "the router namespace still forwards: ip_forward, ipv6 forwarding = %s" %
          (forwarding_sysctls(),))


def router_mac_of(link):
    """The MAC the router's port has now (the kernel's, with fib: kernel and no set_macs)."""
    out = run(["ip", "-j", "link", "show", link.interface]).stdout
    return json.loads(out)[0]["address"]


def configure_router_hosts(deployment, links, gateway_neighbours=True):
    """Each sandbox host: an IPv6 default route through the router (the sandbox sets the
    IPv4 one), and with `gateway_neighbours` permanent neighbours for the router's
    addresses, so that hosts send no ARP or ND while a test counts. Returns {port: Host},
    each Host with its `link`."""
    hosts = {}
    for link in links:
        host = deployment.hosts[link.interface]
        host.link = link
        host.run("ip", "-6", "route", "replace", "default", "via", link.router_v6)
        if gateway_neighbours:
            mac = router_mac_of(link)
            for address in (link.router_v4, link.router_v6):
                host.run("ip", "neigh", "replace", address, "lladdr", mac, "dev", "eth0",
                         "nud", "permanent")
        hosts[link.port] = host
    return hosts


def add_host_network(host, v4=None, v6=None):
    """A network behind `host`: addresses on its loopback (v4/32, v6/128), which it
    answers pings to; the router reaches them through a route via the host."""
    if v4:
        host.run("ip", "addr", "add", v4 + "/32", "dev", "lo")
    if v6:
        host.run("ip", "-6", "addr", "add", v6 + "/128", "dev", "lo", "nodad")


def ping_address(source, address, count=5, extra=(), expect=True):
    """Pings `address` from `source` (ping picks IPv4 or IPv6 from the address). With
    `expect`, fails unless every echo is answered; without, fails if any is."""
    result = source.run("ping", "-c", str(count), "-i", "0.05", "-W", "1", *extra, address,
                        check_exit=False)
    if expect:
        check(result.returncode == 0 and (" %d received" % count) in result.stdout,
              "ping %s -> %s failed:\n%s" % (source.netns, address, result.stdout + result.stderr))
    else:
        check(" 0 received" in result.stdout,
              "ping %s -> %s was answered, expected no answer:\n%s" % (
                  source.netns, address, result.stdout + result.stderr))
    return result.stdout


ROUTER_REASONS = ("forward_ipv4", "forward_ipv6", "host_arp", "host_nd", "host_local", "host_ttl",
                  "host_no_neighbour", "host_no_route", "host_link_scope", "host_not_ip",
                  "drop_no_route", "drop_bad_version", "drop_bad_ihl", "drop_bad_length",
                  "drop_truncated", "drop_no_port_mac", "host_mtu", "drop_martian_source")


class RouterCounters:
    """A snapshot of a router instance's counters, read with `p4nf counter -o json`:
    reasons[name], rx[port], tx[port] (packets). `b - a` is the difference."""

    def __init__(self, deployment=None, instance="r", reasons=None, rx=None, tx=None):
        if deployment is None:
            self.reasons, self.rx, self.tx = reasons, rx, tx
            return
        # The three counters are read one after the other: a frame a host sends on its own
        # (ND, MLD) between two reads would count in one and not the other. Two reads in a
        # row that agree are a snapshot no frame cut through.
        previous = None
        for _ in range(50):
            current = self._read(deployment, instance)
            if current == previous:
                break
            previous = current
        self.reasons, self.rx, self.tx = current

    @classmethod
    def _read(cls, deployment, instance):
        reasons = {c.get("name", str(c["index"])): c["packets"]
                   for c in cls._cells(deployment, instance, "reasons")}
        rx = {c["index"]: c["packets"] for c in cls._cells(deployment, instance, "rx_port")}
        tx = {c["index"]: c["packets"] for c in cls._cells(deployment, instance, "tx_port")}
        return reasons, rx, tx

    @staticmethod
    def _cells(deployment, instance, counter):
        out = deployment.p4nf("counter", "%s.%s" % (instance, counter), "-o", "json",
                              "--deployment", deployment.name).stdout
        return json.loads(out)["cells"]

    def __sub__(self, before):
        return RouterCounters(
            reasons={k: v - before.reasons.get(k, 0) for k, v in self.reasons.items()},
            rx={k: v - before.rx.get(k, 0) for k, v in self.rx.items()},
            tx={k: v - before.tx.get(k, 0) for k, v in self.tx.items()})

    def nonzero(self):
        """Only what moved, for messages."""
        return {"reasons": {k: v for k, v in self.reasons.items() if v},
                "rx": {k: v for k, v in self.rx.items() if v},
                "tx": {k: v for k, v in self.tx.items() if v}}

    def check_consistent(self):
        """What holds for any traffic: every frame received counts in exactly one reason,
        and every frame forwarded in exactly one tx_port."""
        check(sum(self.rx.values()) == sum(self.reasons.values()),
              "frames received (%d) != frames counted by reason (%d): %s" % (
                  sum(self.rx.values()), sum(self.reasons.values()), self.nonzero()))
        forwarded = self.reasons["forward_ipv4"] + self.reasons["forward_ipv6"]
        check(sum(self.tx.values()) == forwarded,
              "frames sent (%d) != frames forwarded (%d): %s" % (
                  sum(self.tx.values()), forwarded, self.nonzero()))

    def check_exact(self, what, forward_ipv4=0, forward_ipv6=0, tx=None, rx=None, reasons=None,
                    noise=("host_arp", "host_nd", "host_link_scope")):
        """The counters moved exactly as `what` should make them: the forwarding reasons
        and tx_port[port] as given (unlisted ports: 0), rx_port[port] as given plus any
        frames the hosts' kernels sent on their own (ARP, ND, MLD: the `noise` reasons,
        which are all that may move besides `reasons`), every other reason 0."""
        self.check_consistent()
        want = dict.fromkeys(ROUTER_REASONS, 0)
        want.update(forward_ipv4=forward_ipv4, forward_ipv6=forward_ipv6)
        want.update(reasons or {})
        for name in ROUTER_REASONS:
            if name in noise and name not in (reasons or {}):
                continue
            check(self.reasons.get(name, 0) == want[name],
                  "%s: reason %s counted %d, expected %d (all that moved: %s)" % (
                      what, name, self.reasons.get(name, 0), want[name], self.nonzero()))
        for port, packets in self.tx.items():
            check(packets == (tx or {}).get(port, 0),
                  "%s: tx_port[%d] counted %d, expected %d (all that moved: %s)" % (
                      what, port, packets, (tx or {}).get(port, 0), self.nonzero()))
        extra = sum(self.reasons.get(name, 0) for name in noise if name not in (reasons or {}))
        received = sum((rx or {}).values())
        check(sum(self.rx.values()) == received + extra,
              "%s: rx_port counted %d frames, expected %d sent plus %d the hosts sent on their "
              "own (all that moved: %s)" % (what, sum(self.rx.values()), received, extra,
                                             self.nonzero()))
        for port, packets in (rx or {}).items():
            check(self.rx.get(port, 0) >= packets,
                  "%s: rx_port[%d] counted %d, expected at least %d" % (
                      what, port, self.rx.get(port, 0), packets))
        if extra:
            log("%s: %d frames the hosts sent on their own (%s)" % (
                what, extra, {n: self.reasons[n] for n in noise if self.reasons.get(n)}))


def counted_step(deployment, what, action, **expected):
    """Runs action() and checks that the router's counters moved exactly as `expected`
    says (RouterCounters.check_exact); returns what action() returned."""
    before = RouterCounters(deployment)
    result = action()
    delta = RouterCounters(deployment) - before
    delta.check_exact(what, **expected)
    log("%s: counters match %s" % (what, delta.nonzero()))
    return result


def router_routes(deployment, instance="r"):
    """The router's routing tables as the kernel holds them now (`p4nf table dump`):
    {ipaddress network: (action, {param: value})} for IPv4 and IPv6 together."""
    import ipaddress
    routes = {}
    for table, bits in (("ipv4_routes", 32), ("ipv6_routes", 128)):
        out = deployment.p4nf("table", "dump", "%s.%s" % (instance, table), "-o", "json",
                              "--deployment", deployment.name).stdout
        for entry in json.loads(out)["entries"]:
            (key,) = entry["keys"].values()
            value, length = key.split("/")
            address = int(value, 0)
            network = (ipaddress.IPv4Network if bits == 32 else ipaddress.IPv6Network)(
                (address, int(length)))
            routes[network] = (entry["action"].split(".")[-1], entry["args"])
    return routes


def router_port_mtus(deployment, instance="r"):
    """{port: MTU} of the router's port_macs entries as the kernel holds them now."""
    out = deployment.p4nf("table", "dump", "%s.port_macs" % instance, "-o", "json",
                          "--deployment", deployment.name).stdout
    return {int(next(iter(e["keys"].values())), 0): int(e["args"]["mtu"], 0)
            for e in json.loads(out)["entries"]}


def wait_for_route(deployment, prefix, present=True, deadline=1.0, action=None, instance="r"):
    """Polls the router's tables until `prefix` is there (with `action`, when given) or
    gone; fails after `deadline` seconds. A deadline, not a measurement: the kernel and the
    agent take milliseconds, the bound only says how long is too long. Returns the seconds
    it took, for the log."""
    import ipaddress
    network = ipaddress.ip_network(prefix)
    start = time.monotonic()
    while True:
        entry = router_routes(deployment, instance).get(network)
        if (entry is not None and (action is None or entry[0] == action)) == present:
            return time.monotonic() - start
        if time.monotonic() - start > deadline:
            raise Failure("route %s %s the router's tables within %.1f s (now: %s)" % (
                prefix, "did not reach" if present else "did not leave", deadline, entry))
        time.sleep(0.02)
