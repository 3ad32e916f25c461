#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd): stores every message it accepts as
<dir>/<n>.eml and prints "listening <port>" once it accepts connections.

  smtp_sink.py DIR [--port N] [--reject ADDRESS]...

--reject makes RCPT TO for that address fail with 550 (a permanent refusal)."""
import argparse
import asyncio
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, reject):
        self.folder = folder
        self.reject = set(reject)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%06d.eml" % self.count)
        with open(path + ".tmp", "wb") as out:
            out.write(("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode())
            out.write(envelope.original_content or envelope.content)
        os.replace(path + ".tmp", path)
        return "250 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    a = p.parse_args()
    port = a.port
    if port == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    c = Controller(Sink(a.folder, a.reject), hostname="127.0.0.1", port=port)
    c.start()
    print("listening %d" % port, flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    c.stop()


if __name__ == "__main__":
    main()
