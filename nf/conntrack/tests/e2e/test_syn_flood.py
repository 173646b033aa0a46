#!/usr/bin/env python3
"""A flood of distinct SYNs (1,000,000 by default) into nf/conntrack, whose table holds
65536 connections, while an established TCP connection keeps talking: the connection
keeps working (config/conntrack.yaml with `loose: false`, so that a connection the flood
pushed out of the table would be dropped as INVALID, not picked up again), and the
counters say what happened (every flood SYN counted NEW, nothing INVALID).

    h1 --(echo connection, SYN flood to 203.0.113.0/24: no route, dropped by the router)--> ct -> r
"""
import os
import re
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "e2e"))

from harness import Deployment, check, log, main  # noqa: E402

from test_traffic import EchoSession, delta, deploy, example_config, lines, reasons  # noqa: E402

FLOOD = int(os.environ.get("P4NF_SYN_FLOOD", "1000000"))

FLOODER = r"""
import errno, socket, struct, sys, time
count = int(sys.argv[1])
dst_mac = bytes.fromhex(sys.argv[2].replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
src_mac = s.getsockname()[4]
head = dst_mac + src_mac + b"\x08\x00"
for i in range(count):
    src = 0x0a000164 + (i >> 16)          # 10.0.1.100 + i / 65536
    sport = i & 0xffff
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 40, 0, 0, 64, 6, 0, src, 0xcb007101)
    tcp = struct.pack("!HHIIBBHHH", sport, 80, i, 0, 0x50, 0x02, 65535, 0, 0)
    frame = head + ip + tcp
    while True:
        try:
            s.send(frame)
            break
        except OSError as e:  # the device queue is full: wait for it to drain
            if e.errno != errno.ENOBUFS:
                raise
            time.sleep(0.001)
print("sent", count, flush=True)
"""


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        text = example_config(args.source_dir, deployment.name)
        h1, h2 = deploy(deployment, re.sub(r"loose: \w+", "loose: false", text))

        echo = EchoSession(h1, h2)
        try:
            echo.send("hello")
            echo.wait_echo("hello")
            before = reasons(deployment)
            # The connection talks all through the flood.
            stop = threading.Event()
            sent = []

            def talk():
                n = 0
                while not stop.is_set():
                    n += 1
                    word = "w%d" % n
                    echo.send(word)
                    echo.wait_echo(word)
                    sent.append(word)

            talker = threading.Thread(target=talk, daemon=True)
            talker.start()
            result = h1.run("python3", "-c", FLOODER, str(FLOOD), "02:00:00:00:01:01", check_exit=False)
            out = result.stdout + result.stderr
            check(out.strip() == "sent %d" % FLOOD, "the flooder said %r" % out)
            stop.set()
            talker.join()
            echo.send("after")
            echo.wait_echo("after")
            moved = delta(reasons(deployment), before)
            log("flood of %d SYNs, %d echoes during it: %s" % (FLOOD, len(sent), moved))
            invalid = {k: v for k, v in moved.items() if k.startswith("invalid")}
            check(not invalid, "the flood made packets INVALID: %s" % moved)
            check(moved.get("new", 0) > 0 and moved.get("new", 0) <= FLOOD,
                  "the flood's SYNs were not counted NEW: %s" % moved)
            flows = lines(deployment, "-p", "tcp", "--dport", "7000")
            check(len(flows) == 1 and " ESTABLISHED " in flows[0],
                  "after the flood the connection is listed as %s" % flows)
            count = int(deployment.p4nf("conntrack", "count", "--deployment", deployment.name).stdout)
            check(count <= 65536, "the table holds %d connections, more than its size" % count)
            log("after the flood: %d connections in the table; %s" % (count, flows[0]))
        finally:
            echo.close()


if __name__ == "__main__":
    sys.exit(main(test))
