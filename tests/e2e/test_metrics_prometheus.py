#!/usr/bin/env python3
"""The agent's HTTP endpoint (docs/metrics.md) watched by the real Prometheus server.

nf/router between two sandbox hosts (harness.py, "Router topologies"), deployed by `p4nf
up --sandbox --listen 127.0.0.1:AGENT_PORT`. The test starts Debian's `prometheus` itself,
with a data folder in its own temporary folder and a port of its own (the test's network
namespace is private, so no other Prometheus or agent can hold them), scraping the agent
every second; it is stopped however the test ends.

1. The endpoint: /healthz and /readyz answer 200, anything else 404, and /metrics passes
   Prometheus' own linter (`promtool check metrics`: units, _total, no type in names).
2. Rates: a UDP flood of a known rate (udp_flood --pps) crosses the router h1 -> h2. Through
   Prometheus' HTTP API, rate() of the router's port, reason and byte counters at moments
   inside the flood equals the rate the sender kept (within 10%), and the totals Prometheus
   scraped after the flood moved by exactly the packets and bytes sent.
3. Readiness and applies: a SIGHUP with a broken config makes /readyz 503 (the old
   deployment runs), counted as a failed apply in p4nf_agent_applies_total; a SIGHUP with
   the good one makes it ready again. The last scrape Prometheus took agrees.
"""
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from harness import (Deployment, Failure, Flood, RouterCounters, Skip, check,
                     configure_router_hosts, configure_router_namespace, log, main, router_config,
                     router_links, run, wait_until)

AGENT_PORT = 19477
PROMETHEUS_PORT = 19090
FLOOD_PPS = 2000
FLOOD_PACKETS = 24000  # 12 s at FLOOD_PPS
FRAME_BYTES = 14 + 20 + 8 + 8  # Ethernet, IPv4, UDP, udp_flood's 8-byte payload


def http_get(url):
    """(status, body) of a GET; errors are statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Prometheus:
    """Debian's prometheus, scraping one target every second, with a private data folder;
    killed and reaped on exit whatever happened."""

    def __init__(self, workdir, target):
        self.dir = os.path.join(workdir, "prometheus")
        os.makedirs(os.path.join(self.dir, "data"))
        config = os.path.join(self.dir, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: p4nf\n"
                    "    static_configs:\n      - targets: ['%s']\n" % target)
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.process = subprocess.Popen(
            ["prometheus", "--config.file=" + config,
             "--storage.tsdb.path=" + os.path.join(self.dir, "data"),
             "--web.listen-address=127.0.0.1:%d" % PROMETHEUS_PORT, "--log.level=warn"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.api = "http://127.0.0.1:%d/api/v1/" % PROMETHEUS_PORT

    def __enter__(self):
        try:
            wait_until(lambda: self.process.poll() is not None or
                       self._ready(), "prometheus to start", attempts=600, pause=0.05)
            check(self.process.poll() is None, "prometheus exited:\n" + self.output())
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _ready(self):
        try:
            return http_get("http://127.0.0.1:%d/-/ready" % PROMETHEUS_PORT)[0] == 200
        except OSError:
            return False

    def output(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()[-3000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def query(self, expression, at=None):
        """The instant vector of `expression` (at Unix time `at`): [(labels, value)]."""
        parameters = {"query": expression}
        if at is not None:
            parameters["time"] = "%.3f" % at
        status, body = http_get(self.api + "query?" + urllib.parse.urlencode(parameters))
        check(status == 200, "prometheus query %s: HTTP %d %s" % (expression, status, body))
        document = json.loads(body)
        check(document["status"] == "success", "prometheus query %s: %s" % (expression, body))
        return [(r["metric"], float(r["value"][1])) for r in document["data"]["result"]]

    def value(self, expression, at=None):
        """The one value of `expression`; fails unless there is exactly one series."""
        result = self.query(expression, at)
        check(len(result) == 1, "%s: expected one series, got %s" % (expression, result))
        return result[0][1]

    def last_scrape(self):
        """When Prometheus last scraped the agent (the timestamp of `up`)."""
        status, body = http_get(self.api + "query?" + urllib.parse.urlencode({"query": "timestamp(up)"}))
        check(status == 200, "timestamp(up): %s" % body)
        result = json.loads(body)["data"]["result"]
        return float(result[0]["value"][1]) if result else 0.0


def check_endpoint(base):
    status, body = http_get(base + "/healthz")
    check((status, body) == (200, "alive\n"), "/healthz: %d %r" % (status, body))
    status, body = http_get(base + "/readyz")
    check((status, body) == (200, "ready\n"), "/readyz: %d %r" % (status, body))
    check(http_get(base + "/nosuch")[0] == 404, "/nosuch is not 404")
    status, text = http_get(base + "/metrics")
    check(status == 200, "/metrics: HTTP %d" % status)
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    check(lint.returncode == 0, "promtool check metrics:\n%s%s" % (lint.stdout, lint.stderr))
    for family in ("p4nf_port_receive_packets_total", "p4nf_reason_packets_total",
                   "p4nf_table_entries", "p4nf_agent_ready", "p4nf_program_runs_total"):
        check("# TYPE %s " % family in text, "/metrics has no %s:\n%s" % (family, text))
    log("the endpoint answers; /metrics passes promtool (%d lines)" % len(text.splitlines()))


def wait_for_scrape_after(prometheus, moment, what):
    wait_until(lambda: prometheus.last_scrape() > moment + 0.01, what, attempts=300, pause=0.05)


def sent_by(samples, moment):
    """Packets the sender had sent at `moment`, interpolated between the test's samples
    [(time, sent)] of the flood's shared counter."""
    for (t0, s0), (t1, s1) in zip(samples, samples[1:]):
        if t0 <= moment <= t1:
            return s0 + (s1 - s0) * (moment - t0) / max(t1 - t0, 1e-9)
    raise Failure("no sample of the sender around %.1f" % moment)


WINDOW = 4  # seconds: rate()'s window, four scrapes


def check_rates(prometheus, samples):
    """rate() at moments inside the flood against what the sender sent in that window."""
    start, end = samples[0][0], samples[-1][0]
    log("the sender kept %.0f packets/s on average (asked for %d)" % (
        FLOOD_PACKETS / (end - start), FLOOD_PPS))
    series = [  # (PromQL, what it counts per packet sent)
        ('rate(p4nf_port_receive_packets_total{port="1"}[%ds])', 1),
        ('rate(p4nf_port_transmit_packets_total{port="2"}[%ds])', 1),
        ('rate(p4nf_reason_packets_total{reason="forward_ipv4",verdict="forward"}[%ds])', 1),
        ('sum(rate(p4nf_reason_packets_total{verdict="forward"}[%ds]))', 1),
        ('rate(p4nf_port_receive_bytes_total{port="1"}[%ds])', FRAME_BYTES),
    ]
    moments = [start + WINDOW + 1, (start + end) / 2, end - 0.5]
    for template, per_packet in series:
        query = template % WINDOW
        worst = 0.0
        for at in moments:
            sent = (sent_by(samples, at) - sent_by(samples, at - WINDOW)) / WINDOW * per_packet
            got = prometheus.value(query, at)
            check(abs(got - sent) <= 0.10 * sent,
                  "%s at +%.1f s: Prometheus computes %.1f/s, the flood sent %.1f/s" % (
                      query, at - start, got, sent))
            worst = max(worst, abs(got - sent) / sent)
        log("%s matches the flood at %d moments (off by %.1f%% at most)" % (
            query, len(moments), 100 * worst))


def sighup(deployment, text):
    """SIGHUP to the agent; returns once its log says `text` once more."""
    def said():
        with open(deployment.agent_log.name) as f:
            return f.read().count(text)
    before = said()
    deployment.agent.send_signal(signal.SIGHUP)
    wait_until(lambda: said() > before, "the agent to say %r after SIGHUP" % text, attempts=1500)


def test(tools, args, workdir):
    if not shutil.which("prometheus") or not shutil.which("promtool"):
        raise Skip("Debian's prometheus is not installed (scripts/setup installs it)")
    run(["ip", "link", "set", "lo", "up"])  # the agent and Prometheus talk over it
    links = router_links(["p4nf-m1", "p4nf-m2"])
    base = "http://127.0.0.1:%d" % AGENT_PORT
    with Deployment(tools, workdir) as deployment:
        good = router_config(deployment.name, links)
        deployment.write_config(good)
        deployment.up_agent(extra=["--listen", "127.0.0.1:%d" % AGENT_PORT])
        configure_router_namespace(links)
        hosts = configure_router_hosts(deployment, links)
        h1, h2 = hosts[1], hosts[2]
        check_endpoint(base)

        with Prometheus(workdir, "127.0.0.1:%d" % AGENT_PORT) as prometheus:
            wait_until(lambda: prometheus.query('up{job="p4nf"} == 1') != [], "a first scrape",
                       attempts=300, pause=0.05)
            exact_before = RouterCounters(deployment)
            quiet = time.time()
            wait_for_scrape_after(prometheus, quiet, "a scrape before the flood")
            before = {
                "rx": prometheus.value('p4nf_port_receive_packets_total{port="1"}'),
                "tx": prometheus.value('p4nf_port_transmit_packets_total{port="2"}'),
                "rx_bytes": prometheus.value('p4nf_port_receive_bytes_total{port="1"}'),
            }

            flood = Flood(tools, h1, h2, FLOOD_PACKETS, workdir, pps=FLOOD_PPS)
            samples = []  # (time, packets sent so far), for the rate in any window
            while True:
                sent, _, _, done = flood.read()
                samples.append((time.time(), sent))
                if done or sent >= FLOOD_PACKETS:
                    break
                time.sleep(0.05)
            report = flood.finish()
            end = time.time()
            check(report["received"] == FLOOD_PACKETS, "the flood lost packets: %s" % report)
            exact = RouterCounters(deployment) - exact_before
            wait_for_scrape_after(prometheus, end + 0.5, "a scrape after the flood")

            check_rates(prometheus, samples)

            # Totals: what Prometheus scraped moved exactly as the router's own counters,
            # by the flood plus whatever the hosts sent on their own (ARP, ND: `exact`).
            moved = {
                "rx": prometheus.value('p4nf_port_receive_packets_total{port="1"}') - before["rx"],
                "tx": prometheus.value('p4nf_port_transmit_packets_total{port="2"}') - before["tx"],
                "rx_bytes": prometheus.value('p4nf_port_receive_bytes_total{port="1"}') - before["rx_bytes"],
            }
            check(moved["tx"] == FLOOD_PACKETS == exact.tx.get(2, 0),
                  "tx: Prometheus saw %d, the router counted %d, the flood sent %d" % (
                      moved["tx"], exact.tx.get(2, 0), FLOOD_PACKETS))
            check(moved["rx"] == exact.rx.get(1, 0) and moved["rx"] >= FLOOD_PACKETS,
                  "rx: Prometheus saw %d, the router counted %d" % (moved["rx"], exact.rx.get(1, 0)))
            check(moved["rx_bytes"] >= FLOOD_PACKETS * FRAME_BYTES and
                  moved["rx_bytes"] - FLOOD_PACKETS * FRAME_BYTES < 200 * (moved["rx"] - FLOOD_PACKETS + 1),
                  "rx bytes: Prometheus saw %d for %d frames of %d bytes" % (
                      moved["rx_bytes"], FLOOD_PACKETS, FRAME_BYTES))
            log("totals through Prometheus: %s (the flood: %d frames of %d bytes)" % (
                moved, FLOOD_PACKETS, FRAME_BYTES))

            # A broken config on SIGHUP: not ready, a failed apply; then the good one again.
            deployment.write_config(good.replace("    nf: router", "    nf: router\n    colour: blue"))
            sighup(deployment, "the previous deployment keeps running")
            status, body = http_get(base + "/readyz")
            check(status == 503 and "failed" in body, "/readyz after a bad SIGHUP: %d %r" % (status, body))
            moment = time.time()
            wait_for_scrape_after(prometheus, moment, "a scrape after the bad SIGHUP")
            check(prometheus.value("p4nf_agent_ready") == 0, "p4nf_agent_ready is not 0")
            check(prometheus.value('p4nf_agent_applies_total{result="failure"}') == 1,
                  "the failed apply is not counted")
            check(prometheus.value("p4nf_agent_last_apply_success") == 0, "last apply success is not 0")
            deployment.write_config(good)
            sighup(deployment, "is up to date")
            wait_until(lambda: http_get(base + "/readyz")[0] == 200, "ready after the good SIGHUP")
            moment = time.time()
            wait_for_scrape_after(prometheus, moment, "a scrape after the good SIGHUP")
            check(prometheus.value("p4nf_agent_ready") == 1, "p4nf_agent_ready is not 1")
            check(prometheus.value('p4nf_agent_applies_total{result="success"}') == 2,
                  "applies: the start and the good SIGHUP are not 2 successes")
            log("readiness follows the applies: 503 after a bad SIGHUP, 200 after a good one")


if __name__ == "__main__":
    raise SystemExit(main(test))
