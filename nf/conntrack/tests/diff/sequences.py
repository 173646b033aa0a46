"""The packet sequences of the differential test (test_diff_linux.py): each a list of
steps, a step one packet of the original ('o') or the reply ('r') direction. TCP steps
give the flags and the sequence and acknowledgement numbers relative to each side's
initial sequence number (so that in-window and out-of-window are written plainly), and
the payload length. Every sequence runs on its own ports, v4 and v6."""

# TCP flags
F, S, R, P, A, U = "F", "S", "R", "P", "A", "U"

HANDSHAKE = [("o", "S", 0, 0, 0), ("r", "SA", 0, 1, 0), ("o", "A", 1, 1, 0)]
DATA = [("o", "PA", 1, 1, 100), ("r", "PA", 1, 101, 200), ("o", "A", 101, 201, 0)]

TCP = {
    "handshake": HANDSHAKE,
    "handshake_data": HANDSHAKE + DATA,
    "syn_retransmitted": [("o", "S", 0, 0, 0), ("o", "S", 0, 0, 0), ("r", "SA", 0, 1, 0), ("o", "A", 1, 1, 0)],
    "synack_retransmitted": [("o", "S", 0, 0, 0), ("r", "SA", 0, 1, 0), ("r", "SA", 0, 1, 0), ("o", "A", 1, 1, 0)],
    "synack_without_syn": [("r", "SA", 0, 1, 0)],
    "synack_from_opener": [("o", "S", 0, 0, 0), ("o", "SA", 0, 1, 0)],
    "ack_first_loose": [("o", "A", 1, 1, 0), ("r", "A", 1, 1, 0), ("o", "PA", 1, 1, 10)],
    "data_first_loose": [("o", "PA", 1, 1, 50), ("r", "A", 1, 51, 0)],
    "fin_first": [("o", "FA", 1, 1, 0)],
    "rst_first": [("o", "R", 1, 0, 0)],
    "syn_fin": [("o", "SF", 0, 0, 0)],
    "null_flags": HANDSHAKE + [("o", "", 1, 1, 0)],
    "fin_without_ack": HANDSHAKE + [("o", "F", 1, 1, 0)],
    "syn_rst": [("o", "SR", 0, 0, 0)],
    "xmas": HANDSHAKE + [("o", "FSRPAU", 1, 1, 0)],
    "syn_in_established": HANDSHAKE + [("o", "S", 5000, 0, 0), ("o", "A", 1, 1, 0)],
    "close_client_first": HANDSHAKE + DATA + [("o", "FA", 101, 201, 0), ("r", "A", 201, 102, 0),
                                               ("r", "FA", 201, 102, 0), ("o", "A", 102, 202, 0)],
    "close_server_first": HANDSHAKE + DATA + [("r", "FA", 201, 101, 0), ("o", "A", 101, 202, 0),
                                               ("o", "FA", 101, 202, 0), ("r", "A", 202, 102, 0)],
    "close_simultaneous": HANDSHAKE + [("o", "FA", 1, 1, 0), ("r", "FA", 1, 1, 0),
                                        ("o", "A", 2, 2, 0), ("r", "A", 2, 2, 0)],
    "half_close_data": HANDSHAKE + [("o", "FA", 1, 1, 0), ("r", "A", 1, 2, 0),
                                     ("r", "PA", 1, 2, 300), ("o", "A", 2, 301, 0),
                                     ("r", "FA", 301, 2, 0), ("o", "A", 2, 302, 0)],
    "rst_in_window_orig": HANDSHAKE + DATA + [("o", "R", 101, 0, 0)],
    "rst_in_window_reply": HANDSHAKE + DATA + [("r", "R", 201, 0, 0)],
    "rstack_in_window": HANDSHAKE + [("r", "RA", 1, 1, 0)],
    "rst_out_of_window_orig": HANDSHAKE + DATA + [("o", "R", 101 + 0x40000000, 0, 0), ("o", "A", 101, 201, 0)],
    "rst_out_of_window_reply": HANDSHAKE + DATA + [("r", "R", 201 + 0x40000000, 0, 0), ("r", "A", 201, 101, 0)],
    "rst_before_acked_orig": HANDSHAKE + DATA + [("o", "R", 50, 0, 0), ("o", "A", 101, 201, 0)],
    "rst_before_acked_reply": HANDSHAKE + DATA + [("r", "R", 150, 0, 0), ("r", "A", 201, 101, 0)],
    "rst_refused": [("o", "S", 0, 0, 0), ("r", "RA", 0, 1, 0)],
    "ack_after_rst": HANDSHAKE + [("o", "R", 1, 0, 0), ("r", "A", 1, 1, 0)],
    "syn_after_rst": HANDSHAKE + [("o", "R", 1, 0, 0), ("o", "S", 1000, 0, 0), ("r", "SA", 1000, 1001, 0)],
    "syn_in_time_wait": HANDSHAKE + [("o", "FA", 1, 1, 0), ("r", "FA", 1, 2, 0), ("o", "A", 2, 2, 0),
                                      ("o", "S", 90000, 0, 0), ("r", "SA", 90000, 90001, 0),
                                      ("o", "A", 90001, 90001, 0)],
    "simultaneous_open": [("o", "S", 0, 0, 0), ("r", "S", 0, 0, 0), ("o", "SA", 0, 1, 0),
                          ("r", "SA", 0, 1, 0), ("o", "A", 1, 1, 0)],
    "syn_from_reply_in_syn_sent": [("o", "S", 0, 0, 0), ("r", "S", 0, 0, 0)],
    "ack_from_reply_in_syn_sent": [("o", "S", 0, 0, 0), ("r", "A", 0, 1, 0)],
    "fin_in_syn_sent": [("o", "S", 0, 0, 0), ("o", "FA", 1, 0, 0)],
    "urg_data": HANDSHAKE + [("o", "UA", 1, 1, 10), ("r", "A", 1, 11, 0)],
    "psh_ece_cwr": [("o", "S", 0, 0, 0), ("r", "SA", 0, 1, 0), ("o", "PA", 1, 1, 10)],
    "ack_in_syn_recv_from_reply": [("o", "S", 0, 0, 0), ("r", "SA", 0, 1, 0), ("r", "A", 1, 1, 0)],
    "unreachable_in_syn_sent": [("o", "S", 0, 0, 0), ("r", "unreach"), ("o", "S", 0, 0, 0)],
    "unreachable_in_established": HANDSHAKE + [("r", "unreach"), ("o", "A", 1, 1, 0)],
    "last_ack_retransmitted_fin": HANDSHAKE + [("o", "FA", 1, 1, 0), ("r", "FA", 1, 2, 0),
                                                ("r", "FA", 1, 2, 0), ("o", "A", 2, 2, 0)],
}

# UDP and ICMP: (direction, kind) with kind "data" (UDP), "request"/"reply" (echo).
# ("r", "unreach") in any table: an ICMP port unreachable from the server quoting the
# client's first packet (the error RELATED to the connection, or about none).
UDP = {
    "udp_one_way": [("o", "data"), ("o", "data"), ("o", "data")],
    "udp_replied": [("o", "data"), ("r", "data"), ("o", "data"), ("r", "data")],
    "udp_reply_first": [("r", "data"), ("o", "data")],
    "udp_port_unreachable": [("o", "data"), ("r", "unreach"), ("o", "data")],
    "udp_unreachable_unknown": [("r", "unreach")],
}
ICMP = {
    "icmp_echo": [("o", "request"), ("r", "reply"), ("o", "request"), ("r", "reply")],
    "icmp_reply_without_request": [("r", "reply")],
    "icmp_request_unanswered": [("o", "request"), ("o", "request")],
    "icmp_time_exceeded": [("o", "request"), ("r", "unreach"), ("r", "reply")],
}
