"""Twilio's webhooks: no session, no CSRF, a valid `X-Twilio-Signature` or 403.

The signature is checked over `PUBLIC_BASE_URL` + path (+ query) and every received form
parameter, blank ones included (the validator also accepts the `:443`/`:80` form of the URL).
Nothing is read from the database before the signature is valid.
"""

from __future__ import annotations

from typing import Any

import stripe
from litestar import Request, Response, post
from litestar.exceptions import PermissionDeniedException, ValidationException
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from domain.attachments import attachments
from domain.clock import utcnow
from domain.phones import InvalidPhone, normalize_phone
from services.delivery import apply_status_callback
from services.inbound import receive_sms
from services.payments import handle_stripe_event

EMPTY_TWIML = str(MessagingResponse())


async def signed_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The form parameters, once the Twilio signature over them is verified."""
    settings = request.app.state.settings
    form = await request.form()
    params = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    url = settings.public_base_url + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    signature = request.headers.get("x-twilio-signature", "")
    validator = RequestValidator(settings.twilio_auth_token)
    if (
        not signature
        or not settings.twilio_auth_token
        or not validator.validate(url, params, signature)
    ):
        raise PermissionDeniedException("Invalid Twilio signature.")
    return params


def _required(params: dict[str, str], *names: str) -> None:
    missing = [name for name in names if not params.get(name)]
    if missing:
        raise ValidationException(f"Missing Twilio parameter(s): {', '.join(missing)}.")


def _phone(value: str, name: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone:
        raise ValidationException(f"{name} is not a phone number.") from None


@post("/webhooks/twilio/sms", exclude_from_csrf=True, status_code=200)
async def twilio_sms(request: Request[Any, Any, Any]) -> Response[str]:
    """An inbound SMS: stored once per MessageSid, routed, answered with empty TwiML.

    Answers to the sender (auto-responses, warnings) go through the outbound queue, so their
    delivery is tracked like any message. An MMS's attachments (`NumMedia`, `MediaUrl{N}`,
    `MediaContentType{N}`) are stored with it and downloaded later by the worker.
    """
    params = await signed_form(request)
    _required(params, "MessageSid", "From", "To")
    await receive_sms(
        flags=request.app.state.settings.messaging_flags,
        to_e164=_phone(params["To"], "To"),
        from_e164=_phone(params["From"], "From"),
        body=params.get("Body", ""),
        provider_sid=params["MessageSid"],
        now=utcnow(),
        opt_out_type=params.get("OptOutType", ""),
        public_base_url=request.app.state.settings.public_base_url,
        media=attachments(params),
    )
    return Response(EMPTY_TWIML, media_type="application/xml")


@post("/webhooks/twilio/status", exclude_from_csrf=True, status_code=200)
async def twilio_status(request: Request[Any, Any, Any]) -> Response[str]:
    """A delivery status callback: moves the message forward only; unknown sids are ignored."""
    params = await signed_form(request)
    _required(params, "MessageSid", "MessageStatus")
    await apply_status_callback(
        provider_sid=params["MessageSid"],
        status=params["MessageStatus"].lower(),
        error_code=params.get("ErrorCode", ""),
        now=utcnow(),
    )
    return Response("", media_type="text/plain")


WEBHOOKS = [twilio_sms, twilio_status]


@post("/webhooks/stripe", exclude_from_csrf=True, status_code=200)
async def stripe_webhook(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Verified with `Stripe-Signature` (5 minutes' tolerance); bad or stale → 400."""
    settings = request.app.state.settings
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(
            payload,
            request.headers.get("stripe-signature"),
            settings.stripe_webhook_secret,
            tolerance=300,
        )
    except (stripe.SignatureVerificationError, ValueError):
        raise ValidationException("Invalid Stripe signature or payload.") from None
    outcome = await handle_stripe_event(event.to_dict(), utcnow())
    return {"outcome": outcome}


WEBHOOKS.append(stripe_webhook)
