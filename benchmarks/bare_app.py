"""The baseline for benchmarks/webhook.py: a bare Litestar route that only checks the Twilio
signature and answers empty TwiML. `uvicorn benchmarks.bare_app:app`."""

from __future__ import annotations

import os
from typing import Any

from litestar import Litestar, Request, Response, post
from litestar.exceptions import PermissionDeniedException
from twilio.request_validator import RequestValidator

TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
BASE = os.environ.get("PUBLIC_BASE_URL", "")
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@post("/webhooks/twilio/sms", status_code=200)
async def sms(request: Request[Any, Any, Any]) -> Response[str]:
    form = await request.form()
    params = {k: v for k, v in form.multi_items()}
    signature = request.headers.get("x-twilio-signature", "")
    if not RequestValidator(TOKEN).validate(BASE + request.url.path, params, signature):
        raise PermissionDeniedException("bad signature")
    return Response(EMPTY, media_type="application/xml")


app = Litestar([sms], logging_config=None)
