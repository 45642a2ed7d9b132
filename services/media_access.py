"""Who may see a stored photo or file, and its bytes (SPEC M3's rule for people).

The owner of the org sees every attachment with bytes (blocked ones included: that is what they
judge); a manager all but those of billing messages. A sitter sees an attachment only when
it was screened clean and its message is one they see on their thread page
(`domain.policy.visible_to_sitter`: inside their own open windows, not billing, not blocked,
every attachment settled). Everyone else, and any other case, gets `NotFound`, exactly like
an id that does not exist.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

from PIL import Image, ImageOps

from db.tables import AssignmentWindow, Media, Message
from domain import model
from domain.errors import NotFound
from domain.model import Direction, MediaStatus, SenderRole
from domain.policy import visible_to_sitter
from domain.staff import Area, role_may
from services import records
from services.media_store import STORE
from services.message_media import held, media_by_message
from services.sitter_thread import CONVERSATION_KINDS
from services.sitter_views import sitter_context

THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True, slots=True)
class Served:
    data: bytes
    content_type: str


async def media_for(identity, media_id: int, *, thumbnail: bool = False) -> Served:
    """The attachment's bytes for this signed-in person; `NotFound` when they may not see it."""
    media = await Media.objects().where(Media.id == media_id).first()
    if media is None or identity is None or media.org != identity.org_id:
        raise NotFound("No such file.")
    if media.status not in (MediaStatus.CLEAN, MediaStatus.BLOCKED) or not media.size:
        raise NotFound("No such file.")
    if identity.kind == SenderRole.OWNER and identity.via == "session":
        if not role_may(identity.role, Area.BILLING) and await _on_billing_message(media):
            raise NotFound("No such file.")
    elif identity.kind != SenderRole.SITTER or not await _sitter_sees(identity, media):
        raise NotFound("No such file.")
    content_type = media.content_type or "application/octet-stream"
    data = await STORE.get(media)
    if thumbnail and content_type.startswith("image/"):
        return await asyncio.to_thread(_thumbnail, data)
    return Served(data, content_type)


async def _on_billing_message(media: Media) -> bool:
    """A manager (no billing, SPEC O5) sees no attachment of a billing message."""
    return await Message.exists().where((Message.id == media.message) & Message.billing.eq(True))


async def _sitter_sees(identity, media: Media) -> bool:
    if media.status != MediaStatus.CLEAN:
        return False
    ctx = await sitter_context(identity.org_id, identity.sitter_id)
    message = await Message.objects().where(Message.id == media.message).first()
    if ctx is None or message is None or message.kind not in CONVERSATION_KINDS:
        return False
    windows = await AssignmentWindow.objects().where(
        (AssignmentWindow.thread == message.thread) & (AssignmentWindow.sitter == ctx.sitter.id)
    )
    attached = (await media_by_message([message.id])).get(message.id, [])
    seen = model.Message(
        id=message.id,
        thread_id=message.thread,
        created_at=message.created_at,
        direction=Direction(message.direction),
        sender_role=SenderRole(message.sender_role),
        billing=message.billing,
        blocked=message.blocked,
        attachments_released=not held(attached),
    )
    return visible_to_sitter(seen, [records.window_record(w) for w in windows])


def _thumbnail(data: bytes) -> Served:
    with Image.open(io.BytesIO(data)) as image:
        small = ImageOps.exif_transpose(image)
        small.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        if small.mode in ("RGBA", "LA", "P"):
            small.save(out, "PNG")
            return Served(out.getvalue(), "image/png")
        small.convert("RGB").save(out, "JPEG", quality=80)
        return Served(out.getvalue(), "image/jpeg")
