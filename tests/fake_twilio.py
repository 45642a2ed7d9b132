"""A small fake of Twilio's Messages API on a real socket, for the real twilio SDK to talk to.

It records every request, answers from a script (`answers`: "ok", an error `(status, code)`,
`("slow", seconds)`, or "drop": the message is accepted but the connection closes before any
answer), and lists the messages it accepted newest first, like Twilio's GET Messages.json.
`stop()` makes it refuse connections; `start()` brings it back on the same port, with the
same records.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a worker's whole batch connects at once


class FakeTwilio:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.accepted: list[dict] = []
        self.answers: deque = deque()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                if len(raw) < length:  # the client died mid-request: Twilio never saw it whole
                    return
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                if not all(form.get(name) for name in ("To", "From", "Body")):
                    self._reply(400, {"code": 21602, "message": "To, From and Body are required"})
                    return
                answer = fake._answer_post(self.path, form, self.headers)
                if answer is not None:  # None: accepted, and the connection drops unanswered
                    self._reply(*answer)

            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                found = [
                    m
                    for m in reversed(fake.accepted)
                    if m["to"] == query.get("To", m["to"])
                    and m["from"] == query.get("From", m["from"])
                ]
                self._reply(
                    200,
                    {
                        "messages": found,
                        "next_page_uri": None,
                        "page": 0,
                        "page_size": 50,
                        "uri": urlsplit(self.path).path,
                    },
                )

            def _reply(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped waiting (a timeout): Twilio does not notice

        self._handler = Handler
        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _answer_post(self, path: str, form: dict, headers) -> tuple[int, dict] | None:
        with self._lock:
            self.requests.append({"path": path, "form": form, "auth": headers.get("authorization")})
            answer = self.answers.popleft() if self.answers else "ok"
        if isinstance(answer, tuple) and answer[0] == "slow":
            time.sleep(answer[1])
            answer = "ok"
        if answer not in ("ok", "drop"):
            status, code = answer
            return status, {"code": code, "message": f"fake error {code}", "status": status}
        message = {
            "sid": "SM" + secrets.token_hex(16),  # unlike the tests' inbound sids
            "status": "queued",
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "account_sid": "ACtest",
        }
        with self._lock:
            self.accepted.append(message)
        return None if answer == "drop" else (201, message)

    def start(self) -> None:
        if self.server is None:
            self.server = _Server(("127.0.0.1", self.port), self._handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: from now on every connection is refused (requests already being
        handled finish)."""
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def __enter__(self) -> FakeTwilio:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.server is not None:
            self.stop()
