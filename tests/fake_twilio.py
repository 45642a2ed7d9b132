"""A small fake of Twilio's Messages API on a real socket, for the real twilio SDK to talk to.

It records every request, answers from a script (`answers`: "ok", an error `(status, code)`,
or `("slow", seconds)`), and lists the messages it accepted, like Twilio's GET Messages.json.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeTwilio:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.accepted: list[dict] = []
        self.answers: deque = deque()
        self._sids = itertools.count(1)
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
                status, payload = fake._answer_post(self.path, form, self.headers)
                self._reply(status, payload)

            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                found = [
                    m
                    for m in fake.accepted
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
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _answer_post(self, path: str, form: dict, headers) -> tuple[int, dict]:
        with self._lock:
            self.requests.append({"path": path, "form": form, "auth": headers.get("authorization")})
            answer = self.answers.popleft() if self.answers else "ok"
        if isinstance(answer, tuple) and answer[0] == "slow":
            time.sleep(answer[1])
            answer = "ok"
        if answer != "ok":
            status, code = answer
            return status, {"code": code, "message": f"fake error {code}", "status": status}
        message = {
            "sid": f"SM{next(self._sids):032d}",
            "status": "queued",
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "account_sid": "ACtest",
        }
        with self._lock:
            self.accepted.append(message)
        return 201, message

    def __enter__(self) -> FakeTwilio:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
