"""Builders for inbound MMS tests: small generated images, a world with a sitter on a walk."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from services.media_inbound import MediaStep
from sms.media_download import MediaClient
from tests.sitter_helpers import DANA


def dog_photo(size: tuple[int, int] = (64, 48), kind: str = "JPEG") -> bytes:
    """A small picture (a brown dog-ish blob on grass), as JPEG or PNG bytes."""
    image = Image.new("RGB", size, (90, 160, 70))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w // 4, h // 3, 3 * w // 4, 5 * h // 6), fill=(150, 100, 50))
    draw.ellipse((w // 2, h // 6, 5 * w // 6, h // 2), fill=(130, 85, 40))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def media_step(fake, *, timeout: float = 5, max_bytes: int = 5_000_000, delete=False) -> MediaStep:
    client = MediaClient(
        account_sid="ACtest",
        auth_token="token",
        api_base_url=fake.base_url,
        max_bytes=max_bytes,
        timeout=timeout,
    )
    return MediaStep(client, "http://testserver.local", delete_from_twilio=delete)


async def client_sends_mms(org, sid: str, urls: list[tuple[str, str]], body: str = ""):
    """Dana's MMS arrives with these (url, declared type) attachments."""
    from domain.attachments import Attachment
    from domain.clock import utcnow
    from services.inbound import receive_sms

    return await receive_sms(
        to_e164=org.front_desk,
        from_e164=DANA,
        body=body,
        provider_sid=sid,
        now=utcnow(),
        media=tuple(Attachment(n, url, kind) for n, (url, kind) in enumerate(urls)),
    )
