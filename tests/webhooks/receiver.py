"""A local webhook receiver for the tests and the bench: a threaded HTTP server on 127.0.0.1
that records every request (path, headers, body) and answers as told: a status code, after
a delay, with a redirect, or with a big body. Use it as a context manager."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Plan:
    """How the receiver answers: ``status``, after ``delay`` seconds, ``body`` (bytes), and a
    ``location`` header (for a redirect)."""
    status: int = 200
    delay: float = 0.0
    body: bytes = b"ok"
    location: str | None = None
    extra: dict = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass

    def do_POST(self):
        self._answer()

    def do_GET(self):
        self._answer()

    def _answer(self):
        receiver: Receiver = self.server.receiver
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        receiver._record(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        plan = receiver.plan_for(self.path)
        if plan.delay:
            time.sleep(plan.delay)
        try:
            self.send_response(plan.status)
            if plan.location:
                self.send_header("Location", plan.location)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(plan.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(plan.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout) or read only the start


class Receiver:
    """``Receiver()`` then ``with receiver:``; ``url(path)`` to post to; ``requests`` so far;
    ``answer(path, Plan(...))`` (or ``default``) sets how it answers."""

    def __init__(self, default: Plan | None = None):
        self.default = default or Plan()
        self.plans: dict[str, Plan] = {}
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.receiver = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def answer(self, path: str, plan: Plan) -> None:
        self.plans[path] = plan

    def plan_for(self, path: str) -> Plan:
        return self.plans.get(path.split("?", 1)[0], self.default)

    def _record(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)

    def to(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
