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


def run(argv, check_exit=True, capture=True, **kwargs):
    """Runs a command; returns CompletedProcess. Fails with its output when it fails."""
    result = subprocess.run(argv, capture_output=capture, text=True, **kwargs)
    if check_exit and result.returncode != 0:
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
        self.p4nf("up", "-f", self.config_path, "--sandbox", "--once")
        self._find_hosts()

    def up_agent(self, sandbox=True):
        """`p4nf up` in the foreground as the agent (here: a child process); returns when
        its deployment shows in `p4nf status`."""
        argv = [self.tools.p4nf, "up", "-f", self.config_path] + (["--sandbox"] if sandbox else [])
        self.agent_log = open(os.path.join(self.workdir, "agent-%d.log" % time.monotonic_ns()), "w")
        self.agent = subprocess.Popen(argv, stdout=self.agent_log, stderr=subprocess.STDOUT)
        wait_until(lambda: self.agent.poll() is not None or self.status(required=False) is not None,
                   "the agent to deploy")
        if self.agent.poll() is not None:
            raise Failure("p4nf up exited (%d): %s" % (self.agent.returncode,
                                                       open(self.agent_log.name).read()))
        self._find_hosts()

    def apply(self, path, check_exit=True):
        return self.p4nf("apply", "-f", path, check_exit=check_exit)

    def status(self, required=True):
        result = self.p4nf("status", "-o", "json", check_exit=False)
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


def iperf3(client, server, size="8M"):
    port = "5201"
    server.run("iperf3", "-s", "-1", "-D", "-B", server.address, "-p", port)
    wait_until(lambda: port in server.run("ss", "-Hltn", "sport = :" + port).stdout,
               "iperf3 to listen")
    result = client.run("iperf3", "-c", server.address, "-p", port, "-n", size, "-J",
                        "--connect-timeout", "3000", check_exit=False)
    check(result.returncode == 0, "iperf3 failed:\n" + result.stdout[-2000:] + result.stderr)
    summary = json.loads(result.stdout)["end"]["sum_received"]
    log("iperf3: %d bytes received, %.0f Mbit/s" % (summary["bytes"], summary["bits_per_second"] / 1e6))
    return summary


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

    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces, BPF)")
        return SKIP
    if os.environ.get("P4NF_E2E_NETNS") != "1":
        os.environ["P4NF_E2E_NETNS"] = "1"
        return subprocess.call(["unshare", "--net", "--", sys.executable] + sys.argv)
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
        try:
            test(tools, args, workdir)
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


PORT_A, PORT_B = "e2e-a", "e2e-b"
HOOKS = {
    "xdp-native": "{ interface: %s, hook: xdp, mode: native }",
    "xdp-generic": "{ interface: %s, hook: xdp, mode: generic }",
    "tc": "{ interface: %s, hook: tc-ingress }",
}


def chain_config(name, hook="xdp-native", forward_module="port_forward.p4"):
    """The two-port chain of the e2e tests: `count` (count_continue.p4: counts, continues)
    then `fwd` (port 1 <-> port 2 through its exact table `ports`); IPv4-only hosts, so that
    the hosts send nothing on their own and counters equal what the test sent."""
    attach = "\n".join("      - " + HOOKS[hook] % port for port in (PORT_A, PORT_B))
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
chains:
  main:
    attach:
%(attach)s
    modules: [count, fwd]
sandbox:
  %(a)s: { addresses: [10.0.0.1/24] }
  %(b)s: { addresses: [10.0.0.2/24] }
""" % {"name": name, "a": PORT_A, "b": PORT_B, "modules": MODULES, "forward": forward_module,
       "attach": attach}


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
