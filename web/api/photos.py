"""Photos in the JSON API (SPEC section 11): attachments as messages list them, and the
owner's send with photos, `POST /api/threads/{id}/messages` as `multipart/form-data` (a
`body` field, an optional `billing`, one or more `files` parts).

The multipart send runs as that operation's `before_request` hook: it answers the request
itself (201 with the message, like the JSON send), and a JSON body goes on to the handler,
held to its types (`strict_json_body`). Refused photos answer 413 (too large, too many), 415
(not a photo) or 422 (damaged), with a message for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request, Response

from domain.clock import utcnow
from services import media_outbound, sending
from services.message_media import media_by_message
from web.api.contract import strict_json_body
from web.auth import require_billing
from web.forms import form_with_files

MULTIPART = "multipart/form-data"


class MediaOut(msgspec.Struct, rename="camel"):
    """An attachment (SPEC section 11): `url` needs the owner's session (or a sitter's)."""

    id: int
    content_type: str
    size: int
    status: str  # checking | clean | blocked | failed
    url: str


@dataclass
class PhotoSendForm:
    body: str = ""
    billing: bool = False


async def send_with_photos(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """A multipart send answered here; anything else continues to the JSON handler."""
    if request.content_type[0] != MULTIPART:
        await strict_json_body(request)
        return None
    from web.api.threads import message_out  # the module that registers this hook

    form, files = await form_with_files(request, PhotoSendForm)
    require_billing(request.user, when=form.billing)  # a manager: 403
    message = await sending.owner_send(
        org_id=request.user.org_id,
        user_id=request.user.user_id,
        thread_id=int(request.path_params["thread_id"]),
        body=form.body,
        billing=form.billing,
        now=utcnow(),
        client_key=request.headers.get("idempotency-key"),
        photos=await media_outbound.prepare(files),
    )
    media = (await media_by_message([message.id])).get(message.id, [])
    return Response(message_out(message, None, media), status_code=201)
