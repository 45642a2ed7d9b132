"""`GET /media/{id}`: a stored photo or file, for the owner or a sitter who may see it;
`GET /media/t/{token}`: the outbound photo a valid token names, for Twilio (no session).

Who may see what is decided in `services.media_access` (anyone else: 404). `?thumb=1` gives a
small JPEG/PNG of an image for the thread pages. The answer is never cached by a shared cache,
never sniffed into another type, and shown inline.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from domain.clock import utcnow
from domain.errors import NotFound
from services.media_access import Served, media_for
from services.media_links import served as served_by_token


@get("/media/{media_id:int}", name="media")
async def media_file(
    request: Request[Any, Any, Any], media_id: FromPath[int], thumb: FromQuery[int] = 0
) -> Response:
    try:
        served = await media_for(request.scope.get("user"), media_id, thumbnail=thumb == 1)
    except NotFound:
        raise NotFoundException("No such file.") from None
    return _answer(served)


@get("/media/t/{token:str}", name="media_by_token", exclude_from_csrf=True)
async def media_by_token(request: Request[Any, Any, Any], token: FromPath[str]) -> Response:
    """SPEC M3: what Twilio fetches; 404 once expired, for a forged token, or any other file."""
    secret = request.app.state.settings.secret_key
    try:
        served = await served_by_token(token, secret, utcnow())
    except NotFound:
        raise NotFoundException("No such file.") from None
    return _answer(served)


def _answer(served: Served) -> Response:
    return Response(
        served.data,
        media_type=served.content_type,
        headers={
            "content-disposition": "inline",
            "x-content-type-options": "nosniff",
            "cache-control": "private",
        },
    )


MEDIA_HANDLERS = [media_file, media_by_token]
