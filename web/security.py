"""Security defaults applied to every response and every unsafe request.

- Headers: a strict CSP (no inline script, no eval), nosniff, no framing, a same-origin referrer.
- CSRF: Litestar's double-submit middleware on every form and htmx post; its cookie is renewed
  at every sign-in and sign-out, so a token never outlives the session it was issued in.
  Requests to `/api` that carry `Authorization: Bearer` are exempt: they never use cookies
  (the API ignores the session cookie when a bearer token is sent), so a cross-site page
  cannot forge them.
"""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",  # blob: the preview of photos about to be sent
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


async def add_security_headers(message: Message, scope: Scope) -> None:
    """`before_send` hook: runs for every response, errors and 404s included."""
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        if scope.get("scheme") == "https":
            headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"


def csrf_cookie_name(secure: bool) -> str:
    """`__Host-csrftoken` over https (the browser then takes it only from this host, Secure,
    path /: a sibling subdomain cannot plant one); `csrftoken` over plain http (local dev)."""
    return "__Host-csrftoken" if secure else "csrftoken"


def csrf_config(secret: str, *, secure: bool) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name=csrf_cookie_name(secure),
        cookie_path="/",
        cookie_secure=secure,
        cookie_samesite="lax",
        exclude=["^/webhooks/", "^/static/"],
    )


def _has_bearer(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return value[:7].lower() == b"bearer "
    return False


class BearerAwareCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/") and _has_bearer(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
