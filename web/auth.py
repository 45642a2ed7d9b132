"""Who is asking: the identity middleware, the guards, and the owner's sign-in pages.

The middleware puts an `Identity` (or None) in `scope["user"]`: from `Authorization: Bearer`
on `/api` (and then only from it), otherwise from the session cookie. Guards decide:
`owner_guard` for the owner's pages and the API, `sitter_guard` for the sitter's pages, and
`area_guard` for what only an owner may open (a manager gets 403: billing, staff, numbers).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.types import ASGIApp, Guard, Receive, Scope, Send

from domain.clock import utcnow
from domain.errors import TooManyAttempts
from domain.staff import Area, role_may
from services import accounts
from services.accounts import Identity
from web.forms import OwnerLoginForm
from web.security import csrf_cookie_name

SESSION_COOKIE = "snout_session"


class IdentityMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]
    exclude_path_pattern = ("^/static/", "^/webhooks/")

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        scope["user"] = await identify(scope)
        await next_app(scope, receive, send)


async def identify(scope: Scope) -> Identity | None:
    """Who sent this request: the API token on `/api`, otherwise the session cookie."""
    headers = dict(scope.get("headers", []))
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if scope["path"].startswith("/api/") and authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        return await accounts.identity_for_api_token(token.strip())
    token = _cookie(headers.get(b"cookie", b"").decode("latin-1"), SESSION_COOKIE)
    return await accounts.identity_for_session(token, utcnow()) if token else None


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def owner_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    identity: Identity | None = connection.scope.get("user")
    if identity is None:
        raise NotAuthorizedException("Sign in first.")
    if identity.kind != "owner":
        raise PermissionDeniedException("This page is for the business owner.")


#: Why a manager is refused each owner-only area (SPEC O5).
OWNER_ONLY_REASONS = {
    Area.BILLING: "Billing is for the business owner.",
    Area.STAFF: "Staff accounts are managed by the business owner.",
    Area.NUMBERS: "The business numbers are managed by the business owner.",
}


def acting(request: Request[Any, Any, Any], now: datetime | None = None) -> dict[str, Any]:
    """Who acts and when, for a service call: `service.fn(**acting(request), ...)` passes the
    signed-in person's org, their name for the audit log, and now (or the `now` given)."""
    return {"org_id": request.user.org_id, "actor": request.user.actor, "now": now or utcnow()}


def require(identity: Identity, area: Area) -> None:
    """403 unless `identity`'s role may touch `area` (`domain.staff.role_may`)."""
    if not role_may(identity.role, area):
        raise PermissionDeniedException(OWNER_ONLY_REASONS.get(area, "Not for your role."))


def role_context(identity: Identity) -> dict[str, bool]:
    """For the templates: which owner-only areas are shown (links, billing choices)."""
    return {
        "may_bill": role_may(identity.role, Area.BILLING),
        "may_staff": role_may(identity.role, Area.STAFF),
        "may_numbers": role_may(identity.role, Area.NUMBERS),
    }


def may_bill(identity: Identity) -> bool:
    """Billing messages (their text, photos, sending them): owners and the API token only."""
    return role_may(identity.role, Area.BILLING)


def require_billing(identity: Identity, *, when: bool = True) -> None:
    """403 for a billing action (`when` it is one) by a role without billing."""
    if when:
        require(identity, Area.BILLING)


def area_guard(area: Area) -> Guard:
    """`owner_guard`, then only the roles that may touch `area` (a manager: 403)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        owner_guard(connection, handler)
        require(connection.scope["user"], area)

    return guard


def sitter_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    identity: Identity | None = connection.scope.get("user")
    if identity is None:
        raise NotAuthorizedException("Sign in first.")
    if identity.kind != "sitter":
        raise PermissionDeniedException("This page is for sitters.")


def client_ip(request: Request[Any, Any, Any]) -> str:
    """The address the request came from. `X-Forwarded-For` is believed only when the peer is
    one of the configured `TRUSTED_PROXIES`: then the last address in it that is not itself a
    trusted proxy (the one the nearest proxy saw)."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if peer not in trusted:
        return peer
    forwarded = ",".join(request.headers.getall("x-forwarded-for", []))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    while hops and hops[-1] in trusted:
        hops.pop()
    return hops[-1] if hops else peer


def session_cookie(token: str, *, secure: bool) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
    )


def expired_cookies(request: Request[Any, Any, Any]) -> list[Cookie]:
    """Clear the session cookie and the CSRF cookie (a new CSRF token follows on the next page),
    so a CSRF token is bound to one session: renewed at every sign-in and sign-out."""
    secure = request.app.state.settings.secure_cookies
    return [
        Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True, secure=secure),
        Cookie(key=csrf_cookie_name(secure), value="", max_age=0, path="/", secure=secure),
    ]


async def signed_in_response(
    request: Request[Any, Any, Any], *, org_id: int, user_id: int
) -> Redirect:
    """A new session for the user (the browser's previous one ends; the CSRF cookie is
    renewed), then the home page."""
    token = await accounts.start_session(
        org_id=org_id, user_id=user_id, now=utcnow(), replaces=request.cookies.get(SESSION_COOKIE)
    )
    response = Redirect("/", status_code=303)
    response.cookies.extend(expired_cookies(request)[1:])
    secure = request.app.state.settings.secure_cookies
    response.cookies.append(session_cookie(token, secure=secure))
    return response


async def sign_out(request: Request[Any, Any, Any], to: str) -> Redirect:
    """End the session of the request, expire its cookies, and go to the sign-in page `to`."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await accounts.end_session(token)
    response = Redirect(to, status_code=303)
    response.cookies.extend(expired_cookies(request))
    return response


class OwnerLoginController(Controller):
    path = "/"

    @get("/login", name="login")
    async def login_page(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        if request.scope.get("user") is not None:
            return Redirect("/")
        return Template("login.html", context={"email": "", "error": None})

    @post("/login", status_code=303)
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[OwnerLoginForm],
    ) -> Response[Any]:
        email = data.email
        now = utcnow()
        settings = request.app.state.settings
        try:
            user = await accounts.authenticate_owner(
                email=email,
                password=data.password,
                ip=client_ip(request),
                now=now,
                max_delay=settings.sign_in_max_delay,
            )
        except TooManyAttempts as error:
            return Template(
                "login.html", context={"email": email, "error": error.message}, status_code=429
            )
        if user is None:
            return Template(
                "login.html",
                context={"email": email, "error": "That email and password do not match."},
                status_code=400,
            )
        return await signed_in_response(request, org_id=user.org, user_id=user.id)

    @post("/logout", status_code=303)
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        return await sign_out(request, "/login")
