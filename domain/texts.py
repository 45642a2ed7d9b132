"""Every SMS Snout writes itself, in one place: each a function of the values it shows.

Wording matters here (clients and sitters read it, tests assert it), so it changes only on
purpose. None of these texts carries a client's phone number.
"""

from __future__ import annotations

from datetime import datetime

from domain.policy import clock_time

#: Services shown in a text by another name than their code's.
SERVICE_NAMES = {"care_24_7": "24/7 care"}
#: O8, who's coming: what the sitter does, by service type ("Maya will walk Biscuit").
SERVICE_VERBS = {
    "dog_walk": "walk",
    "drop_in": "drop in on",
    "house_sitting": "stay with",
    "care_24_7": "care for",
    "meet_and_greet": "meet",
}


def first_name(name: str, default: str = "") -> str:
    """The first word of a person's name (only that is ever texted about a sitter)."""
    return (name.split() or [default])[0]


def _who_and_when(sitter_name: str, service_type: str, pet_name: str, when: datetime) -> str:
    """`Maya will walk Biscuit on Wed Nov 25 at 9:00 AM`; `when` is in the org's time zone."""
    verb = SERVICE_VERBS.get(service_type, "look after")
    pet = pet_name.strip() or "your pet"
    return (
        f"{first_name(sitter_name, 'Your sitter')} will {verb} {pet} on {when:%a %b} {when.day} "
        f"at {clock_time(when)}"
    )


def redirect(org: str, desk: str) -> str:
    """To the sender of a message routed `pool_mismatch` / `number_inactive`."""
    return f"This number is no longer in use for your booking. To reach {org}, text {desk}."


def blocked_warning(org: str) -> str:
    """The friendly warning to a client whose text was blocked (A3): no violation details, no
    client data."""
    return (
        "Your message wasn't delivered. To keep everyone safe, please keep contact details and "
        f"payments inside this conversation. – {org}"
    )


def sitter_notification(client_name: str, pet_name: str, base_url: str, thread_id: int) -> str:
    """R5: a client wrote; the link opens the thread, the client's number is never shown."""
    who = client_name.split()[0] if client_name.split() else "A client"
    pet = f" ({pet_name})" if pet_name else ""
    return f"New message from {who}{pet}. Open: {base_url}/sitter/threads/{thread_id}"


def login_code(code: str) -> str:
    return f"{code} is your Snout sign-in code. It expires in 10 minutes."


def booking_confirmation(
    client_name: str,
    service_type: str,
    when: datetime,
    org: str,
    *,
    sitter_name: str = "",
    pet_name: str = "",
) -> str:
    """T3's confirmation; `when` is the start in the org's time zone. With a sitter assigned it
    names them, first name only (O8)."""
    hello = f"Hi {first_name(client_name, 'there')}!"
    if sitter_name.strip():
        who = _who_and_when(sitter_name, service_type, pet_name, when)
        return f"{hello} Your booking is confirmed: {who}. Reply here anytime. – {org}"
    service = SERVICE_NAMES.get(service_type, service_type)
    return (
        f"{hello} Your {service.replace('_', ' ')} on {when:%a %b} {when.day} at "
        f"{clock_time(when)} is confirmed. Reply here anytime. – {org}"
    )


def new_sitter(
    client_name: str, sitter_name: str, service_type: str, pet_name: str, when: datetime, org: str
) -> str:
    """O8: a confirmed booking got another sitter; sent from the front desk."""
    who = _who_and_when(sitter_name, service_type, pet_name, when)
    return (
        f"Hi {first_name(client_name, 'there')}! A change of sitter: {who}. Reply here anytime. "
        f"– {org}"
    )


def night_before_reminder(pet_name: str, service_type: str, when: datetime, org: str) -> str:
    """S4's reminder the evening before; `when` is the start in the org's time zone."""
    pet = pet_name or "your pet"
    return (
        f"Reminder: {pet}'s {service_type.replace('_', ' ')} is tomorrow at "
        f"{clock_time(when)}. – {org}"
    )


def quiet_hours_warning(first_name: str, local: datetime) -> str:
    """O2: the composer's note when a person sends during quiet hours (never sent as SMS)."""
    hour = local.hour % 12 or 12
    return f"It's {hour}:{local:%M} {'am' if local.hour < 12 else 'pm'} for {first_name}."


def payment_link(url: str, org: str) -> str:
    return f"Here is the payment link for your booking: {url} – {org}"


def payment_reminder(org: str) -> str:
    return f"A friendly reminder: your booking is waiting for payment. – {org}"


def reply_in_app(org: str, link: str) -> str:
    """To a sitter who texted a business number from their own phone (at most once a day)."""
    return f"Please reply in the Snout app: {link} – {org}"


def help_text(org: str) -> str:
    """The answer to HELP (R4): who is texting, and how to stop."""
    return (
        f"{org}: texts about your pet-care bookings. Reply STOP to stop all texts from {org}, "
        "START to get them again."
    )


def opted_out_refusal() -> str:
    """Shown to the owner or sitter whose send was refused: the client texted STOP (O1)."""
    return "This client replied STOP, so no text can be sent to them until they reply START."


# -- to the owner, away from the desk (SPEC O3): names only, never a client's number ----------


def owner_phone_code(code: str) -> str:
    return f"{code} is your Snout code for notifications on this phone. It expires in 10 minutes."


def owner_alert(alert_text: str, link: str) -> str:
    return f"Snout alert: {alert_text} Open: {link}"


def owner_overlap(client_name: str, link: str) -> str:
    return f"Snout: {client_name} wrote while two sitters' visits overlap. Who answers? {link}"


def owner_waiting(client_name: str, minutes: int, link: str) -> str:
    return f"Snout: {client_name} has waited {minutes} min in your owner inbox. Open: {link}"


def owner_digest(total: int, parts: list[str], link: str) -> str:
    """`5 things need you in Snout: 2 high alerts, 3 clients waiting. Open: …`"""
    return f"{total} things need you in Snout: {', '.join(parts)}. Open: {link}"
