"""N2/O7: with `TWILIO_PROVISIONING=true`, a sitter activated when no sitter number is free gets
one bought through Twilio's API (the real SDK against the fake Twilio); never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.number_tables import NumberPurchase
from db.tables import Alert, AuditEvent, BusinessNumber
from domain.clock import utcnow
from sms.worker import NumberStep
from tests.fake_twilio import FakeTwilio
from tests.helpers import api, make_org
from tests.integration.test_owner_pages import post, signed_in

SMS_URL = "http://testserver.local/webhooks/twilio/sms"
STATUS_URL = "http://testserver.local/webhooks/twilio/status"


@pytest.fixture
def fake():
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
async def buying(make_client, settings, fake):
    """A client of an app with provisioning on, and the worker's step that buys."""
    changes = {
        "twilio_provisioning": True,
        "sms_provider": "twilio",
        "twilio_api_base_url": fake.base_url,
    }
    client = await make_client(**changes)
    return client, NumberStep.from_settings(settings.with_changes(**changes))


async def add_sitter(client, org, name="Maya", phone="+14155550190"):
    return await api(
        client, org, "POST", "/api/sitters", json={"name": name, "phone": phone, "active": True}
    )


def purchases(fake):
    return [r for r in fake.number_requests if r["method"] == "POST"]


async def open_alerts():
    return await Alert.objects().where(
        (Alert.kind == "sitter_without_number") & Alert.resolved_at.is_null()
    )


async def test_N2_a_sitter_without_a_free_number_gets_one_bought_in_the_front_desks_area_code(
    buying, fake, db
):
    client, step = buying
    org = await make_org()  # front desk +1628555…: area code 628
    maya = await add_sitter(client, org)
    assert maya["status"] == "active" and maya["maskedNumber"] is None
    assert not await open_alerts()  # asked for, not alerted
    assert fake.number_requests == []  # nothing bought inside the request's transaction
    assert await step.run(utcnow()) == 1
    search = next(r for r in fake.number_requests if "AvailablePhoneNumbers" in r["path"])
    assert search["query"]["AreaCode"] == "628" and search["query"]["SmsEnabled"] == "true"
    [purchase] = purchases(fake)
    assert purchase["form"]["PhoneNumber"] == "+16285559000"
    assert purchase["form"]["SmsUrl"] == SMS_URL
    assert purchase["form"]["StatusCallback"] == STATUS_URL
    shown = await api(client, org, "GET", f"/api/sitters/{maya['id']}")
    assert shown["maskedNumber"]["e164"] == "+16285559000"
    number = await BusinessNumber.objects().get(BusinessNumber.e164 == "+16285559000")
    assert (number.number_class, number.assigned_sitter, number.was_sitter_identity) == (
        "sitter",
        maya["id"],
        True,
    )
    assert await AuditEvent.exists().where(AuditEvent.action == "number.bought")


async def test_N2_a_sitters_number_is_never_bought_twice(buying, fake, db):
    client, step = buying
    org = await make_org()
    maya = await add_sitter(client, org)
    await api(client, org, "PATCH", f"/api/sitters/{maya['id']}", json={"active": True})
    await step.run(utcnow())
    await step.run(utcnow() + timedelta(minutes=5))
    await api(client, org, "PATCH", f"/api/sitters/{maya['id']}", json={"active": False})
    await api(client, org, "PATCH", f"/api/sitters/{maya['id']}", json={"active": True})
    await step.run(utcnow() + timedelta(minutes=10))
    assert len(purchases(fake)) == 1
    assert await NumberPurchase.count() == 1


async def test_N2_a_lost_answer_is_looked_up_before_buying_again(buying, fake, db):
    client, step = buying
    org = await make_org()
    maya = await add_sitter(client, org)
    fake.purchase_answers.append("drop")  # Twilio bought it; the answer never came
    await step.run(utcnow())
    assert (await NumberPurchase.objects().first()).status == "buying"
    await step.run(utcnow())  # too soon: the first try may still be answered
    await step.run(utcnow() + timedelta(minutes=3))
    assert len(purchases(fake)) == 1
    lookup = [r for r in fake.number_requests if "IncomingPhoneNumbers" in r["path"]][-1]
    assert lookup["query"]["FriendlyName"] == f"snout-org{org.org_id}-sitter{maya['id']}"
    shown = await api(client, org, "GET", f"/api/sitters/{maya['id']}")
    assert shown["maskedNumber"]["e164"] == "+16285559000"


async def test_N2_trouble_that_may_pass_is_tried_again(buying, fake, db):
    client, step = buying
    org = await make_org()
    maya = await add_sitter(client, org)
    fake.purchase_answers.append((503, 20503))
    await step.run(utcnow())
    assert (await NumberPurchase.objects().first()).status == "pending"
    assert not await open_alerts()
    await step.run(utcnow() + timedelta(seconds=1))
    shown = await api(client, org, "GET", f"/api/sitters/{maya['id']}")
    assert shown["maskedNumber"]["e164"] == "+16285559000"


async def test_N2_a_failed_purchase_raises_the_alert_of_today(buying, fake, db):
    client, step = buying
    org = await make_org()
    fake.no_numbers_in.add("628")
    await add_sitter(client, org)
    await step.run(utcnow())
    assert purchases(fake) == []
    [alert] = await open_alerts()
    assert "Maya is active without a number" in alert.text
    assert "no SMS number in area code 628" in alert.text
    assert (await NumberPurchase.objects().first()).status == "failed"


async def test_N2_without_provisioning_the_alert_is_raised_and_nothing_is_bought(client, fake, db):
    org = await make_org()
    maya = await add_sitter(client, org)
    assert maya["maskedNumber"] is None
    [alert] = await open_alerts()
    assert "Register a sitter number" in alert.text
    assert await NumberPurchase.count() == 0 and fake.number_requests == []


async def test_N2_a_free_sitter_number_is_used_before_buying(buying, fake, db):
    client, step = buying
    org = await make_org()
    await api(
        client, org, "POST", "/api/numbers", json={"e164": "+14155550200", "numberClass": "sitter"}
    )
    maya = await add_sitter(client, org)
    assert maya["maskedNumber"]["e164"] == "+14155550200"
    assert await step.run(utcnow()) == 0 and fake.number_requests == []


def test_the_worker_buys_only_with_provisioning_on_and_twilio_as_the_provider(settings, fake):
    on = {
        "twilio_provisioning": True,
        "sms_provider": "twilio",
        "twilio_api_base_url": fake.base_url,
    }
    step = NumberStep.from_settings(settings.with_changes(**on))
    assert step is not None and step.webhooks.sms_url == SMS_URL
    assert (
        NumberStep.from_settings(settings.with_changes(**{**on, "twilio_provisioning": False}))
        is None
    )
    assert (
        NumberStep.from_settings(settings.with_changes(**{**on, "sms_provider": "simulator"}))
        is None
    )


async def test_N2_the_sitters_page_says_a_number_is_being_bought(buying, fake, db):
    client, step = buying
    org = await make_org()
    await signed_in(client, org)
    added = await post(
        client, "/sitters", {"name": "Maya", "phone": "4155550190", "active": "true"}, htmx=True
    )
    assert "Maya is active; a number is being bought for them." in added.text
    await step.run(utcnow())
    page = (await client.get("/sitters")).text
    assert "(628) 555-9000" in page
