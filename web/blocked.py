"""The owner's two decisions about a blocked message, the same behind the JSON API
(`/api/messages/{id}/override` and `/dismiss`) and the blocked tab of `/messages`."""

from __future__ import annotations

from typing import Any

from litestar import Request

from db.tables import Message
from services import enforcement
from web.auth import acting


async def override(request: Request[Any, Any, Any], message_id: int, reason: str) -> Message:
    """A5: deliver a blocked message anyway; the reason is required."""
    return await enforcement.override(
        **acting(request),
        user_id=request.user.user_id,
        message_id=message_id,
        reason=reason,
        public_base_url=request.app.state.settings.public_base_url,
    )


async def dismiss(
    request: Request[Any, Any, Any], message_id: int, reason: str, *, not_contact: bool
) -> Message:
    """Keep a blocked message undelivered and close its attempt; `not_contact`: the owner
    says it holds no contact detail, and it is kept as a labelled example."""
    return await enforcement.dismiss(
        **acting(request),
        user_id=request.user.user_id,
        message_id=message_id,
        reason=reason,
        not_contact=not_contact,
    )
