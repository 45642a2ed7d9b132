"""Every SMS Snout writes itself, in one place: each a function of the values it shows.

Wording matters here (clients and sitters read it, tests assert it), so it changes only on
purpose. None of these texts carries a client's phone number.
"""

from __future__ import annotations

from datetime import datetime

from domain.policy import clock_time

#: Services shown in a text by another name than their code's.
SERVICE_NAMES = {"care_24_7": "24/7 care"}


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


def booking_confirmation(client_name: str, service_type: str, when: datetime, org: str) -> str:
    """T3's confirmation; `when` is the start in the org's time zone."""
    service = SERVICE_NAMES.get(service_type, service_type)
    first_name = (client_name.split() or ["there"])[0]
    return (
        f"Hi {first_name}! Your {service.replace('_', ' ')} on {when:%a %b} {when.day} at "
        f"{clock_time(when)} is confirmed. Reply here anytime. – {org}"
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
