#!/usr/bin/env python3
"""Raw frames on eth0 for the switch's e2e test, run inside a host's namespace (for
kernels without 802.1Q interfaces).

  raw_frames.py sniff      prints "arp vid=<VID>" for each of the first two tagged ARP
                           frames of two different VLANs that arrive (the tag the kernel
                           took out of the frame comes from PACKET_AUXDATA), then exits
  raw_frames.py send VID   sends a broadcast frame tagged VID (EtherType 0x88b5)
"""
import socket
import struct
import sys

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
PACKET_OUTGOING = 4


def sniff():
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind(("eth0", 0))
    vids = set()
    while len(vids) < 2:
        data, ancdata, _flags, address = s.recvmsg(65535, socket.CMSG_SPACE(64))
        if address[2] == PACKET_OUTGOING:
            continue
        vid = None
        ether_type = struct.unpack("!H", data[12:14])[0]
        for level, kind, value in ancdata:
            if level == SOL_PACKET and kind == PACKET_AUXDATA:
                status, _l, _s, _m, _n, tci, _tpid = struct.unpack("IIIHHHH", value[:20])
                if status & TP_STATUS_VLAN_VALID:
                    vid = tci & 0xFFF
        if vid is None and ether_type == 0x8100:
            vid = struct.unpack("!H", data[14:16])[0] & 0xFFF
            ether_type = struct.unpack("!H", data[16:18])[0]
        if vid is not None and ether_type == 0x0806 and vid not in vids:
            vids.add(vid)
            print("arp vid=%d" % vid, flush=True)


def send(vid):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(("eth0", 0))
    frame = b"\xff" * 6 + bytes.fromhex("020000000004") + struct.pack("!HHH", 0x8100, vid, 0x88B5)
    s.send(frame + bytes(46))


if __name__ == "__main__":
    if sys.argv[1] == "sniff":
        sniff()
    else:
        send(int(sys.argv[2]))
