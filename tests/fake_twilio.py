"""A small fake of Twilio's Messages API on a real socket, for the real twilio SDK to talk to.

It records every request, answers from a script (`answers`: "ok", an error `(status, code)`,
`("slow", seconds)`, or "drop": the message is accepted but the connection closes before any
answer), and lists the messages it accepted newest first, like Twilio's GET Messages.json.
`stop()` makes it refuse connections; `start()` brings it back on the same port, with the
same records.

Numbers (SPEC N2): `GET .../AvailablePhoneNumbers/US/Local.json?AreaCode=…&SmsEnabled=true`
offers numbers of that area code (none when the area code is in `no_numbers_in`);
`POST .../IncomingPhoneNumbers.json` buys one (`PhoneNumber`, `SmsUrl`, `StatusCallback`,
`FriendlyName`), `GET .../IncomingPhoneNumbers.json?FriendlyName=…` lists the bought ones.
`number_requests` records each request (method, path, query or form); `purchase_answers`
scripts the purchases like `answers` ("ok", `(status, code)`, or "drop": bought, unanswered).

Media (inbound MMS): `add_media(data, content_type, answer)` returns a media URL
(`/2010-04-01/Accounts/{SID}/Messages/{MM}/Media/{ME}`) that needs Basic auth and answers, like
Twilio, with a 307 to a separate "media storage" server on another port, which records every
request's headers (`storage.requests`). `answer` asks for trouble: "not_found" (404),
("status", N) (the API answers N), ("slow", seconds) (the storage waits before answering), or
"oversize" (the storage streams `OVERSIZE` bytes without a Content-Length). `media_requests`
holds the API's side, DELETEs included.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a worker's whole batch connects at once


AVAILABLE_PATH = re.compile(r"^/2010-04-01/Accounts/\w+/AvailablePhoneNumbers/US/Local\.json$")
INCOMING_PATH = re.compile(r"^/2010-04-01/Accounts/\w+/IncomingPhoneNumbers\.json$")
MEDIA_PATH = re.compile(r"^/2010-04-01/Accounts/(\w+)/Messages/(\w+)/Media/(\w+)$")
OVERSIZE = 6_000_000


class MediaStorage:
    """The host Twilio redirects media downloads to: no credentials expected, headers kept."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str, object]] = {}
        self.requests: list[dict] = []
        storage = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                storage.requests.append({"path": self.path, "headers": dict(self.headers)})
                data, content_type, answer = storage.files.get(
                    self.path.rsplit("/", 1)[-1], (b"", "", "gone")
                )
                if isinstance(answer, tuple) and answer[0] == "slow":
                    time.sleep(answer[1])
                if answer == "gone":
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("content-type", content_type)
                if answer == "oversize":  # no length announced: only reading tells
                    self.end_headers()
                    try:
                        for _ in range(OVERSIZE // 65536 + 1):
                            self.wfile.write(b"\xff" * 65536)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def fetch_media(url: str) -> dict:
    """GET an outbound photo's URL as Twilio does (no credentials): what came back."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (a test's URL)
            return {
                "url": url,
                "status": answer.status,
                "content_type": answer.headers.get("content-type", ""),
                "data": answer.read(),
            }
    except urllib.error.HTTPError as error:
        return {"url": url, "status": error.code, "content_type": "", "data": b""}
    except OSError:  # nothing answers at that address
        return {"url": url, "status": 0, "content_type": "", "data": b""}


class FakeTwilio:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.accepted: list[dict] = []
        self.answers: deque = deque()
        self._lock = threading.Lock()
        self.storage = MediaStorage()
        self.media: dict[str, object] = {}  # media sid -> answer
        self.media_requests: list[dict] = []
        self.fetched: list[dict] = []  # outbound MediaUrl fetches: url, status, type, data
        self.number_requests: list[dict] = []
        self.purchase_answers: deque = deque()
        self.no_numbers_in: set[str] = set()
        self.bought: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                if len(raw) < length:  # the client died mid-request: Twilio never saw it whole
                    return
                fields = parse_qs(raw.decode())
                form = {k: v[0] for k, v in fields.items()}
                if INCOMING_PATH.match(urlsplit(self.path).path):
                    answer = fake._buy(self.path, form)
                    if answer is not None:
                        self._reply(*answer)
                    return
                media_urls = fields.get("MediaUrl", [])
                if media_urls:
                    form["MediaUrl"] = media_urls
                if not (form.get("To") and form.get("From")) or not (
                    form.get("Body") or media_urls
                ):
                    self._reply(400, {"code": 21602, "message": "To, From and Body are required"})
                    return
                for url in media_urls:  # Twilio fetches each photo as it accepts the send
                    fake.fetched.append(fetch_media(url))
                answer = fake._answer_post(self.path, form, self.headers)
                if answer is not None:  # None: accepted, and the connection drops unanswered
                    self._reply(*answer)

            def do_DELETE(self) -> None:
                found = MEDIA_PATH.match(urlsplit(self.path).path)
                fake.media_requests.append(
                    {
                        "method": "DELETE",
                        "path": self.path,
                        "auth": self.headers.get("authorization"),
                    }
                )
                status = 204 if found and found.group(3) in fake.media else 404
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()
                if status == 204:
                    fake.storage.files.pop(found.group(3), None)

            def do_GET(self) -> None:
                if MEDIA_PATH.match(urlsplit(self.path).path):
                    self._media()
                    return
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                path = urlsplit(self.path).path
                if AVAILABLE_PATH.match(path) or INCOMING_PATH.match(path):
                    self._reply(200, fake._numbers_listing(path, query))
                    return
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

            def _media(self) -> None:
                auth = self.headers.get("authorization")
                fake.media_requests.append({"method": "GET", "path": self.path, "auth": auth})
                sid = MEDIA_PATH.match(urlsplit(self.path).path).group(3)
                answer = fake.media.get(sid, "not_found")
                if not auth or not auth.startswith("Basic "):
                    self._reply(401, {"code": 20003, "message": "Authenticate"})
                elif answer == "not_found":
                    self._reply(404, {"code": 20404, "message": "Not found"})
                elif isinstance(answer, tuple) and answer[0] == "status":
                    self._reply(answer[1], {"code": answer[1], "message": "fake error"})
                else:
                    self.send_response(307)
                    self.send_header("location", f"{fake.storage.base_url}/storage/{sid}")
                    self.send_header("content-length", "0")
                    self.end_headers()

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
            "media_urls": form.get("MediaUrl", []),
            "account_sid": "ACtest",
        }
        with self._lock:
            self.accepted.append(message)
        return None if answer == "drop" else (201, message)

    def _numbers_listing(self, path: str, query: dict) -> dict:
        with self._lock:
            self.number_requests.append({"method": "GET", "path": path, "query": query})
            if INCOMING_PATH.match(path):
                name = query.get("FriendlyName")
                found = [n for n in self.bought if name in (None, n["friendly_name"])]
                return {"incoming_phone_numbers": found, "next_page_uri": None, "uri": path}
            area = query.get("AreaCode", "415")
            taken = {n["phone_number"] for n in self.bought}
            offered = [
                {"phone_number": e164, "friendly_name": e164, "region": "CA", "iso_country": "US"}
                for e164 in (f"+1{area}555{n:04d}" for n in range(9000, 9005))
                if e164 not in taken and area not in self.no_numbers_in
            ]
            return {"available_phone_numbers": offered, "next_page_uri": None, "uri": path}

    def _buy(self, path: str, form: dict) -> tuple[int, dict] | None:
        with self._lock:
            self.number_requests.append({"method": "POST", "path": path, "form": form})
            answer = self.purchase_answers.popleft() if self.purchase_answers else "ok"
            if answer not in ("ok", "drop"):
                status, code = answer
                return status, {"code": code, "message": f"fake error {code}", "status": status}
            number = {
                "sid": "PN" + secrets.token_hex(16),
                "phone_number": form.get("PhoneNumber"),
                "friendly_name": form.get("FriendlyName", form.get("PhoneNumber")),
                "sms_url": form.get("SmsUrl"),
                "status_callback": form.get("StatusCallback"),
                "account_sid": "ACtest",
            }
            self.bought.append(number)
        return None if answer == "drop" else (201, number)

    def add_media(self, data: bytes, content_type: str, answer: object = "ok") -> str:
        """A media URL of an inbound MMS, as Twilio's webhook gives it."""
        sid = "ME" + secrets.token_hex(16)
        self.media[sid] = answer
        self.storage.files[sid] = (data, content_type, answer)
        message = "MM" + secrets.token_hex(16)
        return f"{self.base_url}/2010-04-01/Accounts/ACtest/Messages/{message}/Media/{sid}"

    @staticmethod
    def basic_auth(sid: str, token: str) -> str:
        return "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode()

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
        self.storage.close()
