#!/usr/bin/python3
# vnet-bulk.py: send a fixed number of bytes over one TCP connection and
# succeed only if the receiver got every one of them.
#
#   vnet-bulk.py serve [--port P] [--timeout S]
#   vnet-bulk.py send HOST [--port P] [--bytes N] [--timeout S]
#
# "serve" takes one connection, reads until the sender's FIN, answers with
# the count it read, and exits; it gives up after --timeout seconds (15)
# without one.  "send" connects (retrying while nothing listens yet), sends
# --bytes (1 MiB) in full-size segments, closes its side, and exits 0 if
# the answer is exactly that count, else 1 with one line on stderr.  A path
# that drops frames of the VMs' MTU stalls, and --timeout (10 s) ends it.
#
# iperf3 -n is no such check: it ends the test once the sender has written
# its bytes, and the receiver's count is whatever had arrived by then.
import argparse
import socket
import sys
import time


def serve(args):
    with socket.create_server(("", args.port)) as listener:
        listener.settimeout(args.timeout)
        conn, _ = listener.accept()
    with conn:
        conn.settimeout(args.timeout)
        count = 0
        while True:
            data = conn.recv(65536)
            if not data:
                break
            count += len(data)
        conn.sendall(b"%d\n" % count)
    return 0


def connect(args):
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            return socket.create_connection((args.host, args.port),
                                            timeout=args.timeout)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def send(args):
    try:
        with connect(args) as conn:
            block = b"\x55" * 65536
            left = args.bytes
            while left:
                left -= conn.send(block[:left])
            conn.shutdown(socket.SHUT_WR)
            answer = b""
            while not answer.endswith(b"\n"):
                data = conn.recv(64)
                if not data:
                    break
                answer += data
    except OSError as e:
        print("vnet-bulk: %s:%d: %s" % (args.host, args.port, e),
              file=sys.stderr)
        return 1
    if answer.strip() != b"%d" % args.bytes:
        print("vnet-bulk: %s:%d: sent %d bytes, the receiver got %s"
              % (args.host, args.port, args.bytes,
                 answer.strip().decode() or "none"), file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(prog="vnet-bulk")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve")
    p.add_argument("--port", type=int, default=5301)
    p.add_argument("--timeout", type=float, default=15)
    p = sub.add_parser("send")
    p.add_argument("host")
    p.add_argument("--port", type=int, default=5301)
    p.add_argument("--bytes", type=int, default=1 << 20)
    p.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()
    return serve(args) if args.command == "serve" else send(args)


if __name__ == "__main__":
    sys.exit(main())
