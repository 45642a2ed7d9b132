"""Every SMS Snout writes, rendered from its template (domain.texts)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from domain import texts

NINE_AM = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_redirect_names_the_org_and_its_front_desk():
    assert texts.redirect("Happy Paws", "+14155550100") == (
        "This number is no longer in use for your booking. To reach Happy Paws, text +14155550100."
    )


def test_blocked_warning_gives_no_details():
    assert texts.blocked_warning("Happy Paws") == (
        "Your message wasn't delivered. To keep everyone safe, please keep contact details and "
        "payments inside this conversation. – Happy Paws"
    )


def test_sitter_notification_names_the_client_and_pet_and_links_the_thread():
    text = texts.sitter_notification("Maya Lopez", "Biscuit", "https://snout.test", 7)
    assert text == "New message from Maya (Biscuit). Open: https://snout.test/sitter/threads/7"


def test_sitter_notification_without_a_name_or_pet():
    text = texts.sitter_notification("", "", "https://snout.test", 7)
    assert text == "New message from A client. Open: https://snout.test/sitter/threads/7"


def test_login_code():
    assert texts.login_code("042917") == (
        "042917 is your Snout sign-in code. It expires in 10 minutes."
    )


def test_booking_confirmation_with_the_first_name_and_local_time():
    text = texts.booking_confirmation("Maya Lopez", "drop_in", NINE_AM, "Happy Paws")
    assert text == (
        "Hi Maya! Your drop in on Wed Nov 25 at 9:00 AM is confirmed. Reply here anytime. "
        "– Happy Paws"
    )


def test_booking_confirmation_names_24_7_care_and_greets_a_nameless_client():
    text = texts.booking_confirmation("", "care_24_7", NINE_AM, "Happy Paws")
    assert text == (
        "Hi there! Your 24/7 care on Wed Nov 25 at 9:00 AM is confirmed. Reply here anytime. "
        "– Happy Paws"
    )


def test_night_before_reminder():
    text = texts.night_before_reminder("Biscuit", "dog_walk", NINE_AM, "Happy Paws")
    assert text == "Reminder: Biscuit's dog walk is tomorrow at 9:00 AM. – Happy Paws"


def test_night_before_reminder_without_a_pet_name():
    text = texts.night_before_reminder("", "house_sitting", NINE_AM, "Happy Paws")
    assert text == "Reminder: your pet's house sitting is tomorrow at 9:00 AM. – Happy Paws"


def test_payment_link():
    assert texts.payment_link("https://pay.test/b/1", "Happy Paws") == (
        "Here is the payment link for your booking: https://pay.test/b/1 – Happy Paws"
    )


def test_payment_reminder():
    assert texts.payment_reminder("Happy Paws") == (
        "A friendly reminder: your booking is waiting for payment. – Happy Paws"
    )


def test_booking_confirmation_names_the_sitter_by_first_name_with_the_services_verb():
    text = texts.booking_confirmation(
        "Dana Reyes",
        "dog_walk",
        NINE_AM,
        "Happy Paws",
        sitter_name="Maya Lopez",
        pet_name="Biscuit",
    )
    assert text == (
        "Hi Dana! Your booking is confirmed: Maya will walk Biscuit on Wed Nov 25 at 9:00 AM. "
        "Reply here anytime. – Happy Paws"
    )


def test_booking_confirmation_verbs_for_every_service_and_a_nameless_pet():
    said = {
        kind: texts.booking_confirmation("Dana", kind, NINE_AM, "P", sitter_name="Maya")
        for kind in ("drop_in", "house_sitting", "care_24_7", "meet_and_greet")
    }
    assert "Maya will drop in on your pet on Wed Nov 25" in said["drop_in"]
    assert "Maya will stay with your pet" in said["house_sitting"]
    assert "Maya will care for your pet" in said["care_24_7"]
    assert "Maya will meet your pet" in said["meet_and_greet"]


def test_new_sitter_tells_the_client_the_new_sitters_first_name():
    text = texts.new_sitter("Dana Reyes", "Jo Park", "dog_walk", "Biscuit", NINE_AM, "Happy Paws")
    assert text == (
        "Hi Dana! A change of sitter: Jo will walk Biscuit on Wed Nov 25 at 9:00 AM. "
        "Reply here anytime. – Happy Paws"
    )
    assert "Park" not in text
