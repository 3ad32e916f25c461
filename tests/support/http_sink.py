#!/usr/bin/python3
"""A real HTTP peer for tests: records every request as one JSON line in FILE (method, path,
headers, body) and answers it; prints "listening <port>" once it accepts connections.

  http_sink.py FILE [--port N] [--fail N] [--fail-status 503] [--retry-after S]
               [--reply BODY] [--status 200]

The first --fail requests get --fail-status (with Retry-After when given); the rest --status with
--reply (default {"ok":true,"errcode":0,"errmsg":"ok"})."""
import argparse
import json
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

a = None
lock = threading.Lock()
count = 0


class Handler(BaseHTTPRequestHandler):
    def handle_any(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with lock:
            count += 1
            n = count
            with open(a.file, "a", encoding="utf-8") as out:
                out.write(json.dumps({"method": self.command, "path": self.path,
                                      "headers": {k: v for k, v in self.headers.items()},
                                      "body": body}, ensure_ascii=False) + "\n")
        if n <= a.fail:
            status, reply = a.fail_status, '{"ok":false,"errcode":1,"errmsg":"fail"}'
        else:
            status, reply = a.status, a.reply
        data = reply.encode("utf-8")
        self.send_response(status)
        if n <= a.fail and a.retry_after:
            self.send_header("Retry-After", a.retry_after)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_PUT = do_GET = handle_any

    def log_message(self, *args):
        pass


def main():
    global a
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--fail", type=int, default=0)
    p.add_argument("--fail-status", type=int, default=503)
    p.add_argument("--retry-after", default="")
    p.add_argument("--status", type=int, default=200)
    p.add_argument("--reply", default='{"ok":true,"errcode":0,"errmsg":"ok"}')
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print("listening %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    server.shutdown()


if __name__ == "__main__":
    main()
