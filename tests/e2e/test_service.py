#!/usr/bin/env python3
"""The systemd unit deploy/systemd/p4nf@.service, tested the way one can without systemd
as PID 1 (these machines run none): the unit file is checked by `systemd-analyze verify`
(every key known, every value valid, its executable and its man pages found), and what it
relies on is checked on the agent itself, started as the unit starts it:

- scripts/install installs the command, the unit, the man pages and the completion.
- Type=notify: the agent speaks systemd's notification protocol on $NOTIFY_SOCKET (a
  datagram socket this test listens on, as systemd does): READY=1 once the config is
  applied, RELOADING=1 then READY=1 around a SIGHUP (ExecReload), STOPPING=1 on SIGTERM
  (KillSignal), and WATCHDOG=1 about every second when $WATCHDOG_USEC is set (WatchdogSec).
- `systemctl restart` keeps the data path forwarding: an exact UDP flood crosses the
  chain while the agent is reloaded, stopped (exit 0) and started again from the unit's
  own ExecStart line; every packet arrives, and the restarted agent adopts the programs
  (same ids) instead of re-attaching.
- RestartPreventExitStatus=3: a config with an error exits 3.
"""
import os
import shlex
import signal
import socket
import subprocess
import time

from harness import (Deployment, Flood, PORT_A, PORT_B, chain_config, check, log, main,
                     our_program_ids, permanent_neighbours, run, wait_until)

UNIT = "deploy/systemd/p4nf@.service"


def unit_keys(path):
    """{key: value} of the unit file (the last of each key)."""
    keys = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith(("#", ";", "[")):
                key, value = line.split("=", 1)
                keys[key] = value
    return keys


def verify_unit(source_dir, p4nf, workdir):
    """scripts/install into a staging folder (--destdir), then systemd-analyze verify on the
    unit it installed, its ExecStart naming the installed p4nf and the man pages it names
    on a MANPATH, as on a machine it was installed on. systemd-analyze exits 0 on unknown
    keys and bad values too: its messages are what must be empty."""
    stage = os.path.join(workdir, "stage")
    build = os.path.dirname(os.path.dirname(os.path.abspath(p4nf)))
    run([os.path.join(source_dir, "scripts", "install"), "--destdir", stage],
        env=dict(os.environ, P4NF_BUILD_DIR=build))
    with open(os.path.join(stage, "etc", "systemd", "system", "p4nf@.service")) as f:
        text = f.read()
    for installed in ("usr/local/sbin/p4nf", "usr/local/share/man/man1/p4nf-up.1",
                      "usr/local/share/bash-completion/completions/p4nf"):
        check(os.path.exists(os.path.join(stage, installed)), "scripts/install did not install " + installed)
    # The instance's config where the condition looks for it, the command where it was staged.
    text = text.replace("/usr/local/sbin/p4nf", os.path.join(stage, "usr/local/sbin/p4nf"))
    text = text.replace("/etc/p4nf/", workdir + "/")
    instance = os.path.join(workdir, "p4nf@verify.service")
    with open(instance, "w") as f:
        f.write(text)
    result = subprocess.run(["systemd-analyze", "verify", instance], capture_output=True, text=True,
                            env=dict(os.environ, MANPATH=os.path.join(stage, "usr/local/share/man")))
    messages = (result.stdout + result.stderr).strip()
    check(result.returncode == 0 and not messages,
          "systemd-analyze verify %s (exit %d):\n%s" % (UNIT, result.returncode, messages))
    log("scripts/install, then systemd-analyze verify: the installed unit is clean")


class NotifySocket:
    """What systemd listens on for Type=notify: an abstract datagram socket; collects the
    messages with the time they came."""

    def __init__(self):
        self.name = "\0p4nf-notify-%d" % os.getpid()
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.name)
        self.socket.setblocking(False)
        self.messages = []  # (time, "READY=1\nSTATUS=...")

    def path(self):
        return "@" + self.name[1:]  # how $NOTIFY_SOCKET names an abstract socket

    def drain(self):
        while True:
            try:
                self.messages.append((time.monotonic(), self.socket.recv(4096).decode()))
            except BlockingIOError:
                return

    def count(self, assignment):
        self.drain()
        return sum(assignment in message.split("\n") for _, message in self.messages)

    def wait_for(self, assignment, what, after=0):
        """Waits until `assignment` (READY=1) was sent more than `after` times."""
        wait_until(lambda: self.count(assignment) > after, what, attempts=1500)


def start_agent(argv, notify, workdir):
    log_file = open(os.path.join(workdir, "agent-%d.log" % time.monotonic_ns()), "w")
    env = dict(os.environ, NOTIFY_SOCKET=notify.path(), WATCHDOG_USEC="2000000")
    agent = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, env=env)
    agent.log_name = log_file.name
    return agent


def agent_output(agent):
    with open(agent.log_name) as f:
        return f.read()


def test(tools, args, workdir):
    verify_unit(args.source_dir, tools.p4nf, workdir)
    keys = unit_keys(os.path.join(args.source_dir, UNIT))
    check(keys.get("Type") == "notify" and keys.get("ExecReload") == "/bin/kill -HUP $MAINPID" and
          keys.get("KillSignal") == "SIGTERM", "the unit's Type, ExecReload or KillSignal changed: %s" % keys)
    check("3" in keys.get("RestartPreventExitStatus", "").split(), "exit 3 would be restarted")

    with Deployment(tools, workdir) as deployment:
        deployment.write_config(chain_config(deployment.name, "xdp-native"))
        deployment.up_once()  # the sandbox (veths, hosts); the service below adopts it
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)
        # The unit's own command line, the config path its %i names replaced by the test's.
        exec_start = shlex.split(keys["ExecStart"].replace("/etc/p4nf/%i.yaml", deployment.config_path))
        check(exec_start[0] == "/usr/local/sbin/p4nf" and exec_start[1:3] == ["up", "-f"],
              "ExecStart is not p4nf up -f: %s" % exec_start)
        argv = [tools.p4nf] + exec_start[1:]

        notify = NotifySocket()
        agent = start_agent(argv, notify, workdir)
        deployment.agent = agent  # torn down with the deployment
        notify.wait_for("READY=1", "READY=1 from the agent")
        check(agent.poll() is None, "the agent exited:\n" + agent_output(agent))
        check(deployment.status()["agent_pid"] == agent.pid, "status names another agent")
        programs = our_program_ids(deployment.status())
        before = notify.count("WATCHDOG=1")
        time.sleep(3)
        pings = notify.count("WATCHDOG=1") - before
        check(2 <= pings <= 5, "%d watchdog pings in 3 s, expected about one a second" % pings)
        log("READY=1 after the apply; %d watchdog pings in 3 s" % pings)

        flood = Flood(tools, a, b, 30000, workdir, pps=3000)  # 10 s
        time.sleep(1)
        ready = notify.count("READY=1")
        agent.send_signal(signal.SIGHUP)  # systemctl reload
        notify.wait_for("READY=1", "READY=1 after the reload", after=ready)
        check(notify.count("RELOADING=1") == 1, "no RELOADING=1 before the reload's READY=1")
        agent.send_signal(signal.SIGTERM)  # systemctl stop / restart
        check(agent.wait(timeout=10) == 0, "the agent's exit on SIGTERM:\n" + agent_output(agent))
        check(notify.count("STOPPING=1") == 1, "no STOPPING=1")
        log("reload: RELOADING=1, READY=1; stop: STOPPING=1, exit 0 (the flood goes on)")
        time.sleep(1)  # the data path runs with no agent at all
        agent = start_agent(argv, notify, workdir)  # ... and start
        deployment.agent = agent
        notify.wait_for("READY=1", "READY=1 from the restarted agent", after=ready + 1)
        report = flood.finish()
        check(report["received"] == 30000 and report["missing"] == 0,
              "packets lost while the service restarted: %s" % report)
        check(our_program_ids(deployment.status()) == programs,
              "the restarted agent re-attached or reloaded: %s -> %s" % (
                  sorted(programs), sorted(our_program_ids(deployment.status()))))
        log("a flood of 30000 crossed reload, stop and start without a loss; same programs")
        agent.send_signal(signal.SIGTERM)
        check(agent.wait(timeout=10) == 0, "the agent's exit on SIGTERM")

        bad = os.path.join(workdir, "bad.yaml")
        deployment.write_config("deployment: %s\nports: {}\n" % deployment.name, bad)
        result = run([tools.p4nf, "up", "-f", bad], check_exit=False)
        check(result.returncode == 3, "a bad config exited %d, not 3 (RestartPreventExitStatus)" %
              result.returncode)


if __name__ == "__main__":
    raise SystemExit(main(test))
