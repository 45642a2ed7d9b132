"""Who is making a request, and the one way a secret token is stored (its sha256)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from domain.model import SenderRole, StaffRole


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is making a request: an org's owner-side staff (by session, with their `role`, or
    the org's API token, owner-level) or a sitter (no role)."""

    org_id: int
    kind: SenderRole  # owner or sitter
    user_id: int | None = None
    sitter_id: int | None = None
    via: str = "session"  # "session" | "token"
    role: StaffRole | None = None

    @property
    def actor(self) -> str:
        if self.via == "token":
            return "api"
        if self.kind == SenderRole.OWNER:
            return f"user:{self.user_id}"
        return f"sitter:{self.sitter_id}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
