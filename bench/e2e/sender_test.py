#!/usr/bin/env python3
"""router_e2e_sender's mechanisms, its refusals and auto's fallback, on a veth pair, on
every machine: kernel_refuses (a seccomp filter) makes the kernel refuse live frames or
AF_PACKET sockets, as a kernel without them or a security policy against them does.

    sender_test.py --sender build/bench/e2e/router_e2e_sender \\
        --kernel-refuses build/bench/e2e/kernel_refuses --programs build/bench/e2e

  - af_packet sends, and counts exactly the frames it handed to the veth: those the peer's
    XDP program received plus those the veth dropped;
  - live frames refused: auto sends with af_packet and says why; forced live_frames exits
    3 (SENDER_REFUSED) naming BPF_F_TEST_XDP_LIVE_FRAMES;
  - AF_PACKET refused: forced af_packet exits 3 naming AF_PACKET;
  - nothing refused: auto and live_frames send with what this kernel allows (live_frames
    may exit 3 here, if this kernel refuses it).

Exit 0, 1 on a failure, 77 without root.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "e2e"))

from harness import check, log, outcome, run, run_in_private_netns  # noqa: E402
from router_e2e import SENDER_REFUSED, test_frame, veth_stats  # noqa: E402

SENDER, PEER = "sender0", "peer0"


def make_veth(programs):
    """SENDER - PEER, IPv6 off so that the kernel sends nothing of its own on them, PEER
    counting and dropping every frame in XDP (as h2 does in the benchmark)."""
    run(["sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1"])
    run(["ip", "link", "add", SENDER, "type", "veth", "peer", "name", PEER])
    run(["ip", "link", "set", "dev", PEER, "xdpdrv", "obj", os.path.join(programs, "xdp_sink.o"),
         "sec", "xdp"])
    for interface in (SENDER, PEER):
        run(["ip", "link", "set", interface, "up"])


def counters():
    """Frames PEER's XDP program saw, and frames the SENDER veth dropped (its peer's ring
    full): between them, every frame handed to SENDER."""
    link = json.loads(run(["ip", "-j", "-s", "link", "show", "dev", SENDER]).stdout)[0]
    return veth_stats(None, PEER).get("rx_queue_0_xdp_packets", 0), link["stats64"]["tx"]["dropped"]


def send(args, mechanism, refused=None):
    """Runs the sender for a moment (under kernel_refuses `refused`); returns its exit code,
    its JSON (None unless it sent) and its stderr."""
    command = [args.sender, "--object", os.path.join(args.programs, "xdp_live_tx.o"),
               "--interface", SENDER, "--frame", test_frame().hex(), "--seconds", "0.2",
               "--mechanism", mechanism]
    if refused:
        command = [args.kernel_refuses, refused, "--"] + command
    result = run(command, accept=(0, SENDER_REFUSED))
    log("%s%s: exit %d, %s %s" % (mechanism, " (%s refused)" % refused if refused else "",
                                   result.returncode, result.stdout.strip(), result.stderr.strip()))
    sent = json.loads(result.stdout) if result.returncode == 0 else None
    return result.returncode, sent, result.stderr


def check_sent(sent, mechanism, before):
    check(sent is not None and sent["mechanism"] == mechanism,
          "expected frames sent with %s, got %s" % (mechanism, sent))
    received, dropped = counters()
    received -= before[0]
    dropped -= before[1]
    check(received > 0, "%s: the peer received nothing" % mechanism)
    if mechanism == "af_packet":
        check(received + dropped == sent["repetitions"],
              "af_packet counted %d frames; the peer received %d and the veth dropped %d" % (
                  sent["repetitions"], received, dropped))


def check_refused(code, stderr, feature):
    check(code == SENDER_REFUSED and feature in stderr,
          "expected exit %d naming %s, got exit %d: %s" % (SENDER_REFUSED, feature, code, stderr))


def test(args):
    make_veth(args.programs)

    before = counters()
    code, sent, _ = send(args, "af_packet")
    check(code == 0, "this kernel refuses AF_PACKET: the benchmark has no sender here")
    check_sent(sent, "af_packet", before)

    before = counters()
    code, sent, stderr = send(args, "auto", refused="live_frames")
    check(code == 0, "auto failed where only live frames are refused")
    check_sent(sent, "af_packet", before)
    check("BPF_F_TEST_XDP_LIVE_FRAMES" in stderr and "af_packet" in stderr,
          "auto did not say why it fell back to af_packet: " + stderr)

    code, _, stderr = send(args, "live_frames", refused="live_frames")
    check_refused(code, stderr, "BPF_F_TEST_XDP_LIVE_FRAMES")
    code, _, stderr = send(args, "af_packet", refused="af_packet")
    check_refused(code, stderr, "AF_PACKET")

    before = counters()
    code, sent, _ = send(args, "auto")
    check(code == 0, "auto failed with nothing refused")
    check_sent(sent, sent["mechanism"], before)
    before = counters()
    code, sent, stderr = send(args, "live_frames")
    if code == SENDER_REFUSED:
        check_refused(code, stderr, "BPF_F_TEST_XDP_LIVE_FRAMES")
        log("this kernel refuses live frames")
    else:
        check_sent(sent, "live_frames", before)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sender", required=True, help="router_e2e_sender")
    parser.add_argument("--kernel-refuses", required=True)
    parser.add_argument("--programs", required=True, help="folder of xdp_live_tx.o and xdp_sink.o")
    args = parser.parse_args()
    outer = run_in_private_netns()
    if outer is not None:
        return outer
    return outcome(lambda: test(args))


if __name__ == "__main__":
    sys.exit(main())
