"""The sitter's pages (mobile first): sign in by texted code, conversations, window-gated compose.

Handlers parse, call a service and choose a template. What a sitter may see and send is decided
in `services.sitter_views` and `services.enforcement`; nothing here loads a
client's phone number. htmx requests get the fragment the page is built from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.clock import utcnow
from domain.errors import Conflict, Forbidden, Invalid, NotFound, TooManyAttempts
from domain.policy import sitter_messaging_note
from media.limits import MAX_REQUEST_BYTES
from services import (
    enforcement,
    media_outbound,
    presence,
    sitter_login,
    sitter_thread,
    sitter_views,
)
from services.media_outbound import PhotoRefused
from services.sitter_views import SitterContext
from web.auth import (
    SESSION_COOKIE,
    client_ip,
    expired_cookies,
    session_cookie,
    sign_out,
    sitter_guard,
)
from web.forms import PhoneLoginForm, SitterMessageForm, form_with_files

CODE_SENT = "If this number belongs to a sitter, we just texted a 6-digit code to it."
WRONG_CODE = "That code is not right, or it has expired. Check the text or ask for a new code."


THREAD_PATH = re.compile(r"/sitter/threads/\d+")


def login_url(path: str) -> str:
    """The sign-in page; from a thread link (the notification text's), come back to it."""
    return f"/sitter/login?next={path}" if THREAD_PATH.fullmatch(path) else "/sitter/login"


def _after_login(next_path: str) -> str:
    return next_path if THREAD_PATH.fullmatch(next_path or "") else "/sitter"


class SitterLoginController(Controller):
    path = "/sitter"

    @get("/login", name="sitter_login")
    async def login_page(
        self,
        request: Request[Any, Any, Any],
        next_path: Annotated[str, QueryParameter(name="next")] = "",
    ) -> Template | Redirect:
        identity = request.scope.get("user")
        if identity is not None and identity.kind == "sitter":
            return Redirect(_after_login(next_path))
        return Template(
            "sitter/login.html",
            context={"phone": "", "error": None, "next": _after_login(next_path)},
        )

    @post("/login", status_code=200)
    async def request_code(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[PhoneLoginForm]
    ) -> Template:
        phone, next_path = data.phone_number, _after_login(data.next)
        try:
            await sitter_login.request_sitter_code(phone=phone, ip=client_ip(request), now=utcnow())
        except (Invalid, TooManyAttempts) as error:
            return Template(
                "sitter/login.html",
                context={"phone": phone, "error": error.message, "next": next_path},
                status_code=error.status,
            )
        return Template(
            "sitter/code.html",
            context={"phone": phone, "notice": CODE_SENT, "error": None, "next": next_path},
        )

    @post(["/login/verify", "/login/code"], status_code=303)
    async def verify_code(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[PhoneLoginForm]
    ) -> Response[Any]:
        phone, next_path = data.phone_number, _after_login(data.next)
        try:
            token = await sitter_login.verify_sitter_code(
                phone=phone,
                code=data.code[:20],
                ip=client_ip(request),
                now=utcnow(),
                replaces=request.cookies.get(SESSION_COOKIE),
            )
        except TooManyAttempts as error:
            return Template(
                "sitter/code.html",
                context={"phone": phone, "notice": None, "error": error.message, "next": next_path},
                status_code=429,
            )
        if token is None:
            return Template(
                "sitter/code.html",
                context={"phone": phone, "notice": None, "error": WRONG_CODE, "next": next_path},
                status_code=400,
            )
        response = Redirect(next_path, status_code=303)
        response.cookies.extend(expired_cookies(request)[1:])  # a fresh CSRF token with the session
        response.cookies.append(
            session_cookie(token, secure=request.app.state.settings.secure_cookies)
        )
        return response

    @post("/logout", status_code=303)
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        return await sign_out(request, "/sitter/login")


async def _context(request: Request[Any, Any, Any]) -> SitterContext:
    """The signed-in sitter; a sitter who is no longer active is signed out."""
    identity = request.user
    ctx = await sitter_views.sitter_context(identity.org_id, identity.sitter_id)
    if ctx is None:
        raise NotAuthorizedException("Sign in first.")
    note = sitter_messaging_note(request.app.state.settings.messaging_flags, ctx.sitter)
    return replace(ctx, messaging_note=note)


class SitterPagesController(Controller):
    path = "/sitter"
    guards = [sitter_guard]

    @get("/", name="sitter_home")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        ctx = await _context(request)
        threads, visits = await sitter_views.conversations(ctx, utcnow())
        context = {"me": ctx, "threads": threads, "visits": visits}
        if request.htmx:
            return Template("sitter/_thread_list.html", context=context)
        return Template("sitter/home.html", context=context)

    @get("/threads/{thread_id:int}", name="sitter_thread")
    async def thread_page(
        self, request: Request[Any, Any, Any], thread_id: FromPath[int], notice: FromQuery[str] = ""
    ) -> Template:
        ctx = await _context(request)
        warning = enforcement.SITTER_WARNING if notice == "blocked" else ""
        return await self._page(request, ctx, thread_id, warning=warning)

    @get("/threads/{thread_id:int}/messages", name="sitter_thread_messages")
    async def messages_fragment(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        composer: FromQuery[str] = "",
    ) -> Template:
        ctx = await _context(request)
        try:
            thread = await self._view(request, ctx, thread_id)
        except NotFound:
            return Template("sitter/_gone.html", context={}, status_code=404)
        composer_changed = composer in ("0", "1") and (composer == "1") != thread.can_send
        return Template(
            "sitter/_messages.html",
            context={
                "me": ctx,
                "thread": thread,
                "oob_header": True,
                "oob_composer": composer_changed,
            },
        )

    @post(
        "/threads/{thread_id:int}/messages",
        name="sitter_send",
        status_code=200,
        request_max_body_size=MAX_REQUEST_BYTES,
    )
    async def send(
        self, request: Request[Any, Any, Any], thread_id: FromPath[int]
    ) -> Response[Any]:
        """The text and any photos (multipart `files`); photos are held until screened."""
        ctx = await _context(request)
        data, files = await form_with_files(request, SitterMessageForm)
        try:
            sent = await enforcement.sitter_send(
                org_id=ctx.org_id,
                sitter_id=ctx.sitter.id,
                thread_id=thread_id,
                body=data.body,
                flags=request.app.state.settings.messaging_flags,
                now=utcnow(),
                photos=await media_outbound.prepare(files),
            )
        except NotFound:
            return Template("sitter/not_found.html", context={"me": ctx}, status_code=404)
        except (Forbidden, Invalid, Conflict, PhotoRefused) as error:
            return await self._refused(request, ctx, thread_id, error)
        if not request.htmx:
            suffix = "?notice=blocked" if sent.blocked else ""
            return Redirect(f"/sitter/threads/{thread_id}{suffix}", status_code=303)
        thread = await self._view(request, ctx, thread_id)
        return Template(
            "sitter/_sent.html", context={"me": ctx, "thread": thread, "warning": sent.warning}
        )

    async def _refused(
        self,
        request: Request[Any, Any, Any],
        ctx: SitterContext,
        thread_id: int,
        error: Forbidden | Invalid | Conflict | PhotoRefused,
    ) -> Template:
        """403 (not allowed now), 409 (the client texted STOP) or 422 (empty or too long), with
        the reason in the composer."""
        try:
            thread = await self._view(request, ctx, thread_id)
        except NotFound:  # another sitter's thread: answered exactly like an unknown id
            return Template("sitter/not_found.html", context={"me": ctx}, status_code=404)
        if request.htmx:
            return Template(
                "sitter/_composer.html",
                context={"me": ctx, "thread": thread, "error": error.message},
                status_code=error.status,
            )
        return Template(
            "sitter/thread.html",
            context={"me": ctx, "thread": thread, "error": error.message, "warning": ""},
            status_code=error.status,
        )

    async def _view(
        self, request: Request[Any, Any, Any], ctx: SitterContext, thread_id: int
    ) -> sitter_thread.ThreadView:
        """The thread as this sitter sees it now, which marks it read (R5)."""
        now = utcnow()
        view = await sitter_thread.thread_view(
            ctx, thread_id, now, request.app.state.settings.messaging_flags
        )
        await presence.mark_read(ctx.org_id, ctx.sitter.id, thread_id, now)
        return view

    async def _page(
        self, request: Request[Any, Any, Any], ctx: SitterContext, thread_id: int, warning: str
    ) -> Template:
        try:
            thread = await self._view(request, ctx, thread_id)
        except NotFound:
            return Template("sitter/not_found.html", context={"me": ctx}, status_code=404)
        return Template(
            "sitter/thread.html",
            context={"me": ctx, "thread": thread, "warning": warning, "error": None},
        )


SITTER_CONTROLLERS = [SitterLoginController, SitterPagesController]
