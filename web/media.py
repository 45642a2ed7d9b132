"""`GET /media/{id}`: a stored photo or file, for the owner or a sitter who may see it.

Who may see what is decided in `services.media_access` (anyone else: 404). `?thumb=1` gives a
small JPEG/PNG of an image for the thread pages. The answer is never cached by a shared cache,
never sniffed into another type, and shown inline.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from domain.errors import NotFound
from services.media_access import media_for


@get("/media/{media_id:int}", name="media")
async def media_file(
    request: Request[Any, Any, Any], media_id: FromPath[int], thumb: FromQuery[int] = 0
) -> Response:
    try:
        served = await media_for(request.scope.get("user"), media_id, thumbnail=thumb == 1)
    except NotFound:
        raise NotFoundException("No such file.") from None
    return Response(
        served.data,
        media_type=served.content_type,
        headers={
            "content-disposition": "inline",
            "x-content-type-options": "nosniff",
            "cache-control": "private",
        },
    )


MEDIA_HANDLERS = [media_file]
