"""Frames in and out of the sandbox hosts, from this one process.

Each host gets one AF_PACKET socket on its eth0, opened inside the host's network
namespace (setns there and back: a socket stays in the namespace it was made in). The
socket sends the test's frames exactly as crafted, Ethernet header included, and sees
every frame on the wire of that host: arriving ones (what the router sent: the test
compares them) and the host kernel's own outgoing ones (what the router received besides
the test's frames: the test counts them against the router's counters). Frames the socket
itself sent are not looped back to it.
"""
import ctypes
import os
import select
import socket
import struct
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4

_libc = ctypes.CDLL(None, use_errno=True)


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        error = ctypes.get_errno()
        raise OSError(error, "setns: " + os.strerror(error))


def socket_in_netns(netns, interface):
    """A raw AF_PACKET socket bound to `interface` of the named network namespace."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open("/run/netns/" + netns, os.O_RDONLY)
    try:
        _setns(target)
        try:
            sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            sock.bind((interface, 0))
            sock.setblocking(False)
        finally:
            _setns(home)
    finally:
        os.close(target)
        os.close(home)
    return sock


class HostWire:
    """One host's eth0: send frames, collect what crossed its wire."""

    def __init__(self, port, netns):
        self.port = port
        self.netns = netns
        self.sock = socket_in_netns(netns, "eth0")

    def send(self, frame):
        sent = self.sock.send(frame)
        if sent != len(frame):
            raise OSError("sent %d of %d bytes on %s" % (sent, len(frame), self.netns))

    def drain(self):
        """(arrived, departed): the frames read since the last drain, in wire order."""
        arrived, departed = [], []
        while True:
            try:
                data, address = self.sock.recvfrom(65536)
            except BlockingIOError:
                return arrived, departed
            (departed if address[2] == PACKET_OUTGOING else arrived).append(data)

    def wait_for(self, predicate, what, bound=5.0):
        """Reads until an arriving frame satisfies `predicate`; returns (arrived, departed)
        including that frame. `bound` only keeps a broken router from hanging the test."""
        arrived, departed = [], []
        deadline = time.monotonic() + bound
        while True:
            more_arrived, more_departed = self.drain()
            arrived += more_arrived
            departed += more_departed
            if any(predicate(frame) for frame in more_arrived):
                return arrived, departed
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %s arrived at %s" % (what, self.netns))
            select.select([self.sock], [], [], left)

    def close(self):
        self.sock.close()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
